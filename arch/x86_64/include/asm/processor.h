/*
 * The architecture's part of a task: what a context switch saves and
 * restores beyond the callee-saved registers it leaves on the kernel
 * stack, and the operations on it that the generic scheduler, fork and
 * exec need (implemented in arch/x86_64/process.c).
 */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <asm/ptrace.h>
#include "kernel/compiler.h"
#include "kernel/types.h"

/* Every task has a kernel stack of THREAD_SIZE bytes; a trap or system
 * call from user mode saves the user's registers (struct pt_regs) at its
 * very top. */
#define THREAD_SIZE_ORDER 2
#define THREAD_SIZE (4096ul << THREAD_SIZE_ORDER)

/* The x87/MMX/SSE registers as FXSAVE stores them (SDM vol. 1, 10.5.1). */
struct fxregs_state {
	u16 cwd, swd, twd, fop;
	u64 rip, rdp;
	u32 mxcsr, mxcsr_mask;
	u8 registers[512 - 32];	/* st0-7, xmm0-15, reserved */
} __aligned(16);

struct thread_struct {
	unsigned long sp;	/* kernel stack pointer while switched out */
	unsigned long fsbase;	/* the user's thread pointer (arch_prctl) */
	struct fxregs_state fpu;	/* user FPU/SSE registers */
	/* The last exception in user mode, for a handler's sigcontext. */
	unsigned long trap_nr, error_code, cr2;
};

struct task_struct;

/* The user registers saved at the top of a task's kernel stack. */
static inline struct pt_regs *task_pt_regs(void *stack)
{
	return (struct pt_regs *)((char *)stack + THREAD_SIZE) - 1;
}

static inline bool user_mode(const struct pt_regs *regs)
{
	return (regs->cs & 3) == 3;
}

/* Once, at boot: SSE for user mode, the SYSCALL entry point. */
void arch_process_init(void);
/* A new task's first switch lands in ret_from_fork. With fn, the task is
 * a kernel thread that runs fn(arg); if fn returns (after a successful
 * kernel_execve), the task goes to user mode with its pt_regs. Without fn
 * it is a fork or clone child: it returns to user mode with a copy of the
 * parent's registers, rax 0, and the stack sp and TLS base tls if they
 * are nonzero. */
void copy_thread(struct task_struct *p, const struct task_struct *parent,
		 int (*fn)(void *), void *arg, unsigned long sp,
		 unsigned long tls);
/* exec: user mode will start at ip with stack sp, with clean registers
 * and FPU state. */
void start_thread(struct pt_regs *regs, unsigned long ip, unsigned long sp);
/* Save prev's CPU state and resume next where it last switched out;
 * returns, in next's context, the task that switched to it. */
struct task_struct *switch_to(struct task_struct *prev,
			      struct task_struct *next);
/* Load an address space's page tables (phys: its top-level table). */
void load_page_table(phys_addr_t pgd_phys);
/* arch_prctl(ARCH_SET_FS / ARCH_GET_FS). */
void set_thread_fsbase(struct task_struct *p, unsigned long base);

#endif
