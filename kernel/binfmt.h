/*
 * Loading a program for execve: Linux's binary-format handlers, of which
 * this kernel has one, for ELF64 x86-64 executables (ET_EXEC, and ET_DYN,
 * a PIE, moved to ELF_ET_DYN_BASE). A program that names an interpreter
 * (PT_INTERP: a dynamically linked one) gets it loaded too, where mmap
 * would place it, and starts in it: the interpreter finds the program
 * through the auxiliary vector (AT_PHDR, AT_ENTRY; AT_BASE is its own
 * load address), links it and jumps to its entry point.
 *
 * The loader builds a new address space and leaves it ready to run. Its
 * stack, from the top (each row's items run upwards):
 *
 *   STACK_TOP          a zero word (as Linux leaves it)
 *                      the file name (AT_EXECFN)
 *   mm->env_start      the environment strings
 *   mm->arg_start      the argument strings
 *                      "x86_64" (AT_PLATFORM); 16 bytes below it (AT_RANDOM)
 *                      the auxiliary vector: (AT_*, value) pairs to AT_NULL
 *                      envp[0] .. envp[envc - 1], NULL
 *                      argv[0] .. argv[argc - 1], NULL
 *   sp (16-aligned)    argc
 *
 * Each PT_LOAD segment becomes a private mapping of the file with the
 * permissions of its p_flags, and anonymous memory for the bss beyond the
 * file's last page (pages never touched stay unallocated). The heap
 * begins at the page after the program's highest segment.
 */
#ifndef KERNEL_BINFMT_H
#define KERNEL_BINFMT_H

#include <asm/page.h>
#include "kernel/compiler.h"
#include "kernel/types.h"

struct file;
struct mm_struct;

/* The stack's top: Linux's x86-64 STACK_TOP (TASK_SIZE_MAX) without
 * address-space randomisation. */
#define STACK_TOP ALIGN_DOWN(TASK_SIZE, PAGE_SIZE)
/* Room the stack area has below what exec puts on it: Linux's
 * stack_expand, 128 KiB. Faults below the area grow it further. */
#define STACK_EXPAND (128ul << 10)
/* Where an ET_DYN program's address 0 goes: Linux's ELF_ET_DYN_BASE, two
 * thirds of the way up user space, page-aligned (0x555555554000, the
 * address gdb shows for PIEs on Linux with randomisation off). */
#define ELF_ET_DYN_BASE ALIGN_DOWN(TASK_SIZE / 3 * 2, PAGE_SIZE)

/*
 * The most the arguments may take: the argument and environment strings
 * with their NULs, the file name with its NUL, and a pointer for each
 * argument and environment string; more is E2BIG. 128 KiB, the ARG_MAX of
 * Linux before 2.6.23 (it now allows a quarter of the stack limit, with
 * each string at most MAX_ARG_STRLEN, also 128 KiB, so that limit is
 * implied here). do_execve may stop copying strings from user space once
 * they pass it.
 */
#define ARG_MAX (128ul << 10)

/* Where the new program starts. */
struct elf_start {
	unsigned long entry;	/* its first instruction: RIP */
	unsigned long sp;	/* its stack pointer, at argc: RSP */
};

/*
 * Load the program file (opened by open_exec from the path filename) into
 * mm, which must be new and empty (mm_alloc), with the NULL-terminated
 * argument and environment vectors argv and envp (kernel copies; a NULL
 * vector is an empty one). On success, 0 and *out. On failure -errno,
 * and mm may hold part of the program: the caller drops it with mmput and
 * its own address space was never touched. The errors are Linux's: E2BIG
 * (arguments beyond ARG_MAX), ENOEXEC (not a program this kernel runs),
 * EIO (a segment's bytes past the end of the file), EINVAL (a segment
 * that cannot be placed as described), those of opening the interpreter
 * (ENOENT, EACCES), ELIBBAD (the interpreter is no ELF file this kernel
 * runs), and those of mmap (ENOMEM; EPERM below mmap_min_addr; EEXIST for
 * a segment over the stack).
 */
int load_elf_binary(struct mm_struct *mm, struct file *file,
		    const char *filename, const char *const argv[],
		    const char *const envp[], struct elf_start *out);

#endif
