/*
 * The registers saved on the kernel stack on every trap, in the order the
 * entry stubs push them (arch/x86_64/entry.asm). The last five are pushed
 * by the CPU itself.
 */
#ifndef ASM_PTRACE_H
#define ASM_PTRACE_H

#include "kernel/types.h"

/* The vector field of a frame built by the SYSCALL entry. */
#define SYSCALL_VECTOR 256

struct pt_regs {
	u64 r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	u64 rax, rcx, rdx, rsi, rdi;
	u64 vector;	/* trap vector, or SYSCALL_VECTOR */
	union {
		u64 error_code;	/* a trap: the CPU's, or 0 if it has none */
		u64 orig_ax;	/* a system call: its number (rax is the
				 * result by the time we return), or -1 once
				 * rt_sigreturn replaced the registers */
	};
	u64 rip, cs, rflags, rsp, ss;
};

static inline unsigned long instruction_pointer(const struct pt_regs *regs)
{
	return regs->rip;
}

static inline unsigned long user_stack_pointer(const struct pt_regs *regs)
{
	return regs->rsp;
}

/* The number of the system call this frame entered for, or -1 if it is
 * not a system call's (or may no longer be restarted). */
static inline long syscall_get_nr(const struct pt_regs *regs)
{
	return regs->vector == SYSCALL_VECTOR ? (long)regs->orig_ax : -1;
}

static inline void instruction_pointer_set(struct pt_regs *regs,
					   unsigned long ip)
{
	regs->rip = ip;
}

#endif
