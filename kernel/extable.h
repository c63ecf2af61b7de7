/*
 * The exception table: pairs (instruction, fixup) that the linker gathers
 * into __ex_table. An instruction listed there may fault (it reads memory
 * that might not be mapped); the trap handler then resumes at the fixup
 * instead of panicking. copy_from_kernel_nofault() and the user copy
 * routines (mm/uaccess.h) are built on it.
 */
#ifndef KERNEL_EXTABLE_H
#define KERNEL_EXTABLE_H

#include "kernel/types.h"

struct pt_regs;

struct exception_table_entry {
	unsigned long insn, fixup;
};

/* The entry for the instruction at ip, or NULL. */
const struct exception_table_entry *search_exception_tables(unsigned long ip);
/* If the trapping instruction has an entry, point regs at its fixup. */
bool fixup_exception(struct pt_regs *regs);

/* Copy n bytes; returns 0, or -EFAULT if some byte could not be read or
 * written. Safe on any address, mapped or not. */
int copy_from_kernel_nofault(void *dst, const void *src, size_t n);

#endif
