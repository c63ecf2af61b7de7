/* Looking up the exception table. */
#include <asm/ptrace.h>
#include "kernel/errno.h"
#include "kernel/extable.h"

extern const struct exception_table_entry __ex_table_start[],
	__ex_table_end[];

/* Implemented in arch: a copy whose faulting instruction has a fixup.
 * Returns the number of bytes not copied. */
unsigned long __copy_nofault(void *dst, const void *src, size_t n);

const struct exception_table_entry *search_exception_tables(unsigned long ip)
{
	const struct exception_table_entry *e;

	/* A handful of entries: a linear scan is the clearest and fast enough. */
	for (e = __ex_table_start; e < __ex_table_end; e++)
		if (e->insn == ip)
			return e;
	return NULL;
}

bool fixup_exception(struct pt_regs *regs)
{
	const struct exception_table_entry *e =
		search_exception_tables(instruction_pointer(regs));

	if (e)
		instruction_pointer_set(regs, e->fixup);
	return e != NULL;
}

int copy_from_kernel_nofault(void *dst, const void *src, size_t n)
{
	return __copy_nofault(dst, src, n) ? -EFAULT : 0;
}
