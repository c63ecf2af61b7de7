/* From the SYSCALL entry (entry.asm) to the system-call table. */
#include <asm/irqflags.h>
#include <asm/ptrace.h>
#include "arch/x86_64/x86.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "mm/uaccess.h"

/* Linux's x86-64 convention: the number in RAX, the arguments in RDI,
 * RSI, RDX, R10 (RCX holds the return address), R8, R9; the result, or
 * -errno, back in RAX. */
void syscall_dispatch(struct pt_regs *regs)
{
	const unsigned long args[6] = { regs->rdi, regs->rsi, regs->rdx,
					regs->r10, regs->r8, regs->r9 };

	local_irq_enable();
	regs->rax = do_syscall(regs->rax, args);
	exit_to_user_mode(regs);
}

#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003

/* The TLS base: musl sets it before main to its thread descriptor. */
SYSCALL_DEFINE2(arch_prctl, int, option, unsigned long, addr)
{
	switch (option) {
	case ARCH_SET_FS:
		if (!is_user_address(addr))
			return -EPERM;
		set_thread_fsbase(current, addr);
		return 0;
	case ARCH_GET_FS:
		return put_user(current->thread.fsbase, (unsigned long *)addr);
	default:
		return -EINVAL;
	}
}
