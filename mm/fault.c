/*
 * The page-fault handler. There are no user address spaces yet, so every
 * fault is the kernel's own: either an access that expected it might fault
 * (an exception-table entry says where to resume) or a kernel bug.
 */
#include "kernel/extable.h"
#include "kernel/panic.h"
#include "mm/fault.h"

void do_page_fault(struct pt_regs *regs, unsigned long address,
		   unsigned flags)
{
	(void)flags;	/* the report decodes the hardware error code itself */
	if (fixup_exception(regs))
		return;
	panic_regs(regs, "page fault in kernel mode at 0x%lx", address);
}
