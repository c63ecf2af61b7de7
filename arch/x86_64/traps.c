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
#include "kernel/sched.h"
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

/* The signal an exception sends a user program, and its si_code, as on
 * Linux. */
struct exception_signal {
	int sig, code;
};

static struct exception_signal exception_signal(unsigned vector)
{
	switch (vector) {
	case VECTOR_DIVIDE_ERROR:
		return (struct exception_signal){ SIGFPE, FPE_INTDIV };
	case VECTOR_X87_ERROR:
	case VECTOR_SIMD_ERROR:
		return (struct exception_signal){ SIGFPE, FPE_FLTINV };
	case VECTOR_DEBUG:
	case VECTOR_BREAKPOINT:
		return (struct exception_signal){ SIGTRAP, TRAP_BRKPT };
	case VECTOR_INVALID_OPCODE:
		return (struct exception_signal){ SIGILL, ILL_ILLOPN };
	case VECTOR_STACK_SEGMENT:
		return (struct exception_signal){ SIGBUS, SI_KERNEL };
	case VECTOR_ALIGNMENT_CHECK:
		return (struct exception_signal){ SIGBUS, BUS_ADRALN };
	default:
		return (struct exception_signal){ SIGSEGV, SI_KERNEL };
	}
}

/* A user exception: what a handler's sigcontext reports about it. */
static void record_trap(const struct pt_regs *regs, unsigned long cr2)
{
	current->thread.trap_nr = regs->vector;
	current->thread.error_code = regs->error_code;
	current->thread.cr2 = cr2;
}

static void user_exception(struct pt_regs *regs)
{
	struct exception_signal es = exception_signal(regs->vector);

	record_trap(regs, 0);
	/* #GP gives no address: a non-canonical one, most likely. */
	force_sig_fault(es.sig, es.code, 0, exception_names[regs->vector],
			regs);
}

static void page_fault(struct pt_regs *regs)
{
	unsigned long address = read_cr2();

	if (user_mode(regs))
		record_trap(regs, address);
	do_page_fault(regs, address, pf_flags(regs->error_code));
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
		page_fault(regs);
	else if (user_mode(regs))
		user_exception(regs);
	else
		kernel_exception(regs);
	if (user_mode(regs))
		exit_to_user_mode(regs);
}
