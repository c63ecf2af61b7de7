/*
 * Kernel symbol names, for backtraces and %pS. The names come from the
 * kernel's own ELF symbol table, which GRUB loads into memory for us and
 * describes in the boot information; no table is built into the image.
 */
#ifndef KERNEL_KALLSYMS_H
#define KERNEL_KALLSYMS_H

#include "kernel/types.h"

struct boot_info;

void kallsyms_init(const struct boot_info *bi);

/* The function containing addr, or NULL; *offset is addr's distance into it. */
const char *kallsyms_lookup(unsigned long addr, unsigned long *offset);

/* The address of the function called name, or 0. */
unsigned long kallsyms_lookup_name(const char *name);

/* Write 'name+0xoff' for addr into buf (at most size bytes, NUL-terminated);
 * when no symbol covers addr, write the address in hex. Returns the length
 * written. */
size_t sprint_symbol(char *buf, size_t size, unsigned long addr);

/* The same for a return address found on the stack (see kallsyms.c). */
size_t sprint_backtrace(char *buf, size_t size, unsigned long addr);

#endif
