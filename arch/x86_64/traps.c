/*
 * Where every trap lands after the entry stub: exceptions, the page fault
 * and hardware interrupts.
 */
#include <asm/cpu.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include "arch/x86_64/x86.h"
#include "kernel/extable.h"
#include "kernel/panic.h"
#include "kernel/signal.h"
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
	else if (irq == IRQ_SERIAL)
		serial_interrupt();
	pic_eoi(irq);
}

/* The signal an exception sends a user program, as on Linux. */
static int exception_signal(unsigned vector)
{
	switch (vector) {
	case VECTOR_DIVIDE_ERROR:
	case VECTOR_X87_ERROR:
	case VECTOR_SIMD_ERROR:
		return SIGFPE;
	case VECTOR_DEBUG:
	case VECTOR_BREAKPOINT:
		return SIGTRAP;
	case VECTOR_INVALID_OPCODE:
		return SIGILL;
	case VECTOR_STACK_SEGMENT:
	case VECTOR_ALIGNMENT_CHECK:
		return SIGBUS;
	default:
		return SIGSEGV;
	}
}

static void kernel_exception(struct pt_regs *regs)
{
	/* A non-canonical address raises #GP (or #SS on the stack), not #PF:
	 * those are faults of the access too. Other vectors (a debug trap, an
	 * NMI) say nothing about the access and must not cut a copy short. */
	if ((regs->vector == VECTOR_GENERAL_PROTECTION ||
	     regs->vector == VECTOR_STACK_SEGMENT) && fixup_exception(regs))
		return;
	panic_regs(regs, "%s", exception_names[regs->vector]);
}

void trap_dispatch(struct pt_regs *regs)
{
	if (regs->vector >= IRQ_BASE)
		handle_irq(regs->vector - IRQ_BASE);
	else if (regs->vector == VECTOR_PAGE_FAULT)
		do_page_fault(regs, read_cr2(), pf_flags(regs->error_code));
	else if (user_mode(regs))
		/* #GP gives no address: a non-canonical one, most likely. */
		force_sig_fault(exception_signal(regs->vector),
				exception_names[regs->vector], 0, regs);
	else
		kernel_exception(regs);
	if (user_mode(regs))
		exit_to_user_mode(regs);
}
