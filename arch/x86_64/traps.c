/*
 * Where every trap lands after the entry stub: exceptions, the page fault
 * and hardware interrupts.
 */
#include <asm/cpu.h>
#include <asm/ptrace.h>
#include "arch/x86_64/x86.h"
#include "kernel/extable.h"
#include "kernel/panic.h"
#include "kernel/timer.h"
#include "mm/fault.h"

const char *const exception_names[32] = {
	"divide error", "debug", "non-maskable interrupt", "breakpoint",
	"overflow", "bound range exceeded", "invalid opcode",
	"device not available", "double fault", "coprocessor segment overrun",
	"invalid TSS", "segment not present", "stack-segment fault",
	"general protection fault", "page fault", "reserved (15)",
	"x87 floating-point error", "alignment check", "machine check",
	"SIMD floating-point error", "virtualization exception",
	"control protection exception", "reserved (22)", "reserved (23)",
	"reserved (24)", "reserved (25)", "reserved (26)", "reserved (27)",
	"hypervisor injection", "VMM communication", "security exception",
	"reserved (31)",
};

static unsigned pf_flags(u64 error_code)
{
	unsigned flags = 0;

	if (error_code & PF_WRITE)
		flags |= FAULT_FLAG_WRITE;
	if (error_code & PF_USER)
		flags |= FAULT_FLAG_USER;
	if (error_code & PF_INSTR)
		flags |= FAULT_FLAG_INSTRUCTION;
	if (error_code & PF_PROT)
		flags |= FAULT_FLAG_PROTECTION;
	return flags;
}

static void handle_irq(unsigned irq)
{
	if (irq == IRQ_TIMER)
		timer_tick();
	pic_eoi(irq);
}

void trap_dispatch(struct pt_regs *regs)
{
	if (regs->vector >= IRQ_BASE) {
		handle_irq(regs->vector - IRQ_BASE);
		return;
	}
	if (regs->vector == VECTOR_PAGE_FAULT) {
		do_page_fault(regs, read_cr2(), pf_flags(regs->error_code));
		return;
	}
	/* A non-canonical address raises #GP (or #SS on the stack), not #PF:
	 * those are faults of the access too. Other vectors (a debug trap, an
	 * NMI) say nothing about the access and must not cut a copy short. */
	if ((regs->vector == VECTOR_GENERAL_PROTECTION ||
	     regs->vector == VECTOR_STACK_SEGMENT) && fixup_exception(regs))
		return;
	panic_regs(regs, "%s", exception_names[regs->vector]);
}
