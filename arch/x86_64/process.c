/*
 * Tasks on x86-64: the SYSCALL entry, the first stack frame of a new task,
 * the register state exec starts a program with, and the context switch
 * (the callee-saved registers on the kernel stack, the FPU/SSE registers
 * and the TLS base in thread_struct).
 */
#include <asm/cpu.h>
#include <asm/processor.h>
#include <asm/segment.h>
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/x86.h"
#include "kernel/lib/string.h"
#include "kernel/sched.h"

#define X86_EFLAGS_IF_BIT (1ul << 9)
#define X86_EFLAGS_FIXED (1ul << 1)	/* bit 1 always reads as 1 */
/* RFLAGS bits SYSCALL clears: interrupts, single-step, direction (the C
 * ABI wants DF clear), alignment check, nested task. */
#define SYSCALL_MASK 0x47700ul
#define MXCSR_DEFAULT 0x1f80		/* all SSE exceptions masked */
/* The MXCSR bits this CPU has, if FXSAVE does not say (SDM 11.6.6). */
#define MXCSR_MASK_DEFAULT 0xffbf

struct fxregs_state init_fpstate;
u32 mxcsr_feature_mask;

static void fpu_init(void)
{
	unsigned long cr0 = read_cr0();

	write_cr0((cr0 & ~CR0_EM) | CR0_MP);
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	__asm__ __volatile__("fninit");
	fxsave(&init_fpstate);
	mxcsr_feature_mask = init_fpstate.mxcsr_mask ?: MXCSR_MASK_DEFAULT;
	init_fpstate.mxcsr = MXCSR_DEFAULT;
	init_task.thread.fpu = init_fpstate;
}

/*
 * SYSCALL loads CS from STAR[47:32] and SS from that + 8; SYSRET loads
 * CS from STAR[63:48] + 16 and SS from STAR[63:48] + 8, hence the GDT
 * order (gdt.c) and the 32-bit user code selector as the base.
 */
static void syscall_init(void)
{
	wrmsr(MSR_STAR, ((u64)USER32_CS << 48) | ((u64)KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (u64)entry_syscall);
	wrmsr(MSR_SYSCALL_MASK, SYSCALL_MASK);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

void arch_process_init(void)
{
	fpu_init();
	syscall_init();
}

static unsigned long stack_top(const struct task_struct *p)
{
	return (unsigned long)p->stack + THREAD_SIZE;
}

/* What switch_stack pops, then the address it returns to. */
struct fork_frame {
	unsigned long r15, r14, r13, r12, rbx, rbp;
	unsigned long ret_addr;
};

void ret_from_fork(void);

void copy_thread(struct task_struct *p, const struct task_struct *parent,
		 int (*fn)(void *), void *arg, unsigned long sp,
		 unsigned long tls)
{
	struct pt_regs *regs = task_pt_regs(p->stack);
	struct fork_frame *frame = (struct fork_frame *)regs - 1;

	memset(frame, 0, sizeof(*frame));
	frame->ret_addr = (unsigned long)ret_from_fork;
	p->thread.sp = (unsigned long)frame;
	p->thread.fsbase = parent->thread.fsbase;
	if (fn) {
		frame->rbx = (unsigned long)fn;
		frame->r12 = (unsigned long)arg;
		memset(regs, 0, sizeof(*regs));
		p->thread.fpu = init_fpstate;
		return;
	}
	/* The parent's live FPU registers are newer than its saved copy. */
	fxsave(&p->thread.fpu);
	*regs = *task_pt_regs(parent->stack);
	regs->rax = 0;		/* fork returns 0 in the child */
	if (sp)
		regs->rsp = sp;
	if (tls)
		p->thread.fsbase = tls;
}

void start_thread(struct pt_regs *regs, unsigned long ip, unsigned long sp)
{
	memset(regs, 0, sizeof(*regs));
	regs->rip = ip;
	regs->rsp = sp;
	regs->cs = USER_CS;
	regs->ss = USER_DS;
	regs->rflags = X86_EFLAGS_IF_BIT | X86_EFLAGS_FIXED;
	regs->vector = SYSCALL_VECTOR;
	current->thread.fpu = init_fpstate;
	fxrstor(&init_fpstate);
	set_thread_fsbase(current, 0);
}

void set_thread_fsbase(struct task_struct *p, unsigned long base)
{
	p->thread.fsbase = base;
	if (p == current)
		wrmsr(MSR_FS_BASE, base);
}

void load_page_table(phys_addr_t pgd_phys)
{
	write_cr3(pgd_phys);
}

struct task_struct *switch_stack(unsigned long *prev_sp, unsigned long next_sp,
				 struct task_struct *prev);

struct task_struct *switch_to(struct task_struct *prev,
			      struct task_struct *next)
{
	fxsave(&prev->thread.fpu);
	fxrstor(&next->thread.fpu);
	wrmsr(MSR_FS_BASE, next->thread.fsbase);
	if (next->stack)
		cpu_tss.rsp[0] = stack_top(next);
	return switch_stack(&prev->thread.sp, next->thread.sp, prev);
}
