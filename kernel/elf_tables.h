/*
 * The new program's stack (kernel/elf_tables.c): its area, and what exec
 * writes at its top for the C library's start code to find: argc, argv,
 * envp, the auxiliary vector and the strings they point to. The picture
 * is in kernel/binfmt.h. Used by the ELF loader only.
 */
#ifndef KERNEL_ELF_TABLES_H
#define KERNEL_ELF_TABLES_H

#include "kernel/types.h"

struct mm_struct;

/* The argument and environment strings, counted first. */
struct elf_args {
	const char *filename;
	const char *const *argv, *const *envp;
	int argc, envc;
	size_t arg_bytes, env_bytes;	/* the strings with their NULs */
};

/* Where things go on the new stack. */
struct stack_layout {
	unsigned long execfn, env, arg;		/* the strings */
	unsigned long platform, random;
	unsigned long sp;			/* argc, the vectors, auxv */
};

/* What the auxiliary vector tells the program (and its interpreter). */
struct elf_auxv {
	unsigned long phdr, phnum;	/* the program's headers in memory */
	unsigned long entry;		/* the program's entry point */
	unsigned long base;		/* the interpreter's bias, or 0 */
};

/* Count a's strings: 0, or -E2BIG beyond ARG_MAX. */
int count_args(struct elf_args *a);
void lay_out_stack(const struct elf_args *a, struct stack_layout *l);
/* The stack area, from STACK_TOP down to what l needs and STACK_EXPAND
 * below it; executable if exec_stack. 0 or -errno. */
int setup_stack(struct mm_struct *mm, const struct stack_layout *l,
		bool exec_stack);
/* Fill the stack as l lays it out and note in mm where things are:
 * 0 or -EFAULT. */
int create_elf_tables(struct mm_struct *mm, const struct elf_args *a,
		      const struct stack_layout *l, const struct elf_auxv *aux);
/* Write len bytes at addr of mm (not the running address space): 0 or
 * -EFAULT. */
int copy_to_mm(struct mm_struct *mm, unsigned long addr, const void *src,
	       size_t len);

#endif
