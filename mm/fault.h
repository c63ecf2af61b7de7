/* The page-fault entry point, called by the architecture's trap code. */
#ifndef MM_FAULT_H
#define MM_FAULT_H

struct pt_regs;

/* What the faulting access was, decoded from the hardware's error code. */
#define FAULT_FLAG_WRITE 0x1		/* a write (else a read) */
#define FAULT_FLAG_USER 0x2		/* from user mode */
#define FAULT_FLAG_INSTRUCTION 0x4	/* an instruction fetch */
#define FAULT_FLAG_PROTECTION 0x8	/* the page was present: a permission fault */

void do_page_fault(struct pt_regs *regs, unsigned long address,
		   unsigned flags);

#endif
