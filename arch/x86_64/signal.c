/*
 * Running a user signal handler on x86-64, with Linux's frame so that
 * musl (and a handler reading its ucontext) work unchanged.
 *
 * The user's registers are in pt_regs at the top of the kernel stack. To
 * run a handler, we save them, the FPU state, the signal mask and the
 * siginfo in a frame below the user's stack pointer (or on the
 * alternate stack), and point pt_regs at the handler: rdi = signal,
 * rsi = &siginfo, rdx = &ucontext, rsp = the frame, whose first word is
 * the return address, the restorer musl passed in sigaction
 * (__restore_rt: "mov $15, %eax; syscall"). rt_sigreturn then finds the
 * frame just above rsp and puts everything back.
 *
 *	higher addresses	the interrupted code's stack
 *				128-byte red zone (the ABI lets leaf
 *				functions use it below rsp)
 *				FXSAVE image, 64-aligned (sigcontext.fpstate)
 *				siginfo (128 bytes)
 *				ucontext: flags, link, stack, sigcontext, mask
 *	handler's rsp ->	pretcode: the restorer
 */
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/segment.h>
#include "arch/x86_64/fpu.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "mm/uaccess.h"

/* Linux's struct sigcontext (uapi/asm/sigcontext.h): musl's mcontext_t. */
struct sigcontext {
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u64 rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip;
	u64 eflags;
	u16 cs, gs, fs, ss;
	u64 err, trapno, oldmask, cr2;
	u64 fpstate;		/* user address of the FXSAVE image */
	u64 reserved1[8];
};

#define UC_SIGCONTEXT_SS 0x2	/* sigcontext.ss is meaningful */
#define UC_STRICT_RESTORE_SS 0x4

struct ucontext {
	unsigned long uc_flags;
	unsigned long uc_link;
	struct sigaltstack uc_stack;
	struct sigcontext uc_mcontext;
	sigset_t uc_sigmask;
};

#define SIGINFO_SIZE 128	/* the user's siginfo_t */

struct rt_sigframe {
	unsigned long pretcode;
	struct ucontext uc;
	u8 info[SIGINFO_SIZE];
};

#define RED_ZONE 128

/* RFLAGS bits a handler's context may change on sigreturn; IF, IOPL and
 * the rest stay the kernel's to decide. */
#define X86_EFLAGS_CF (1ul << 0)
#define X86_EFLAGS_PF (1ul << 2)
#define X86_EFLAGS_AF (1ul << 4)
#define X86_EFLAGS_ZF (1ul << 6)
#define X86_EFLAGS_SF (1ul << 7)
#define X86_EFLAGS_TF (1ul << 8)
#define X86_EFLAGS_DF (1ul << 10)
#define X86_EFLAGS_OF (1ul << 11)
#define X86_EFLAGS_RF (1ul << 16)
#define X86_EFLAGS_AC (1ul << 18)
#define FIX_EFLAGS                                                         \
	(X86_EFLAGS_AC | X86_EFLAGS_OF | X86_EFLAGS_DF | X86_EFLAGS_TF |   \
	 X86_EFLAGS_SF | X86_EFLAGS_ZF | X86_EFLAGS_AF | X86_EFLAGS_PF |   \
	 X86_EFLAGS_CF | X86_EFLAGS_RF)

#define SYSCALL_INSN_LEN 2	/* 0f 05: backing up rip by this restarts */

static bool canonical_address(unsigned long addr)
{
	return (unsigned long)((long)(addr << 16) >> 16) == addr;
}

static void save_sigcontext(struct sigcontext *sc, const struct pt_regs *regs,
			    sigset_t oldmask, unsigned long fpstate)
{
	const struct thread_struct *t = &current->thread;

	*sc = (struct sigcontext){
		.r8 = regs->r8, .r9 = regs->r9, .r10 = regs->r10,
		.r11 = regs->r11, .r12 = regs->r12, .r13 = regs->r13,
		.r14 = regs->r14, .r15 = regs->r15, .rdi = regs->rdi,
		.rsi = regs->rsi, .rbp = regs->rbp, .rbx = regs->rbx,
		.rdx = regs->rdx, .rax = regs->rax, .rcx = regs->rcx,
		.rsp = regs->rsp, .rip = regs->rip, .eflags = regs->rflags,
		.cs = regs->cs, .ss = regs->ss,
		.err = t->error_code, .trapno = t->trap_nr, .cr2 = t->cr2,
		.oldmask = oldmask, .fpstate = fpstate,
	};
}

/* Where the frame goes; fpstate gets the FXSAVE image's address. */
static unsigned long get_sigframe(const struct ksignal *ksig,
				  const struct pt_regs *regs,
				  unsigned long *fpstate)
{
	unsigned long sp = sigsp(regs->rsp - RED_ZONE, ksig);

	sp = (sp - sizeof(struct fxregs_state)) & ~63ul;
	*fpstate = sp;
	/* As if the handler had been called: rsp + 8 is 16-byte aligned. */
	return ((sp - sizeof(struct rt_sigframe)) & ~15ul) - 8;
}

static int setup_rt_frame(const struct ksignal *ksig, sigset_t oldmask,
			  struct pt_regs *regs)
{
	struct rt_sigframe frame = { 0 };
	unsigned long fpstate, addr = get_sigframe(ksig, regs, &fpstate);

	/* Without a restorer the handler would return to nowhere: Linux
	 * refuses too (musl always passes one). */
	if (!(ksig->ka.flags & SA_RESTORER))
		return -EFAULT;
	/* Running off the end of the alternate stack is a fault too. */
	if ((ksig->ka.flags & SA_ONSTACK) && current->sas_ss_size &&
	    !on_sig_stack(addr))
		return -EFAULT;
	fxsave(&current->thread.fpu);
	if (copy_to_user((void __user *)fpstate, &current->thread.fpu,
			 sizeof(current->thread.fpu)))
		return -EFAULT;
	frame.pretcode = ksig->ka.restorer;
	frame.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	frame.uc.uc_stack = current_altstack(regs->rsp);
	save_sigcontext(&frame.uc.uc_mcontext, regs, oldmask, fpstate);
	frame.uc.uc_sigmask = oldmask;
	memcpy(frame.info, &ksig->info, sizeof(ksig->info));
	if (copy_to_user((void __user *)addr, &frame, sizeof(frame)))
		return -EFAULT;

	regs->rdi = ksig->sig;
	regs->rsi = addr + offsetof(struct rt_sigframe, info);
	regs->rdx = addr + offsetof(struct rt_sigframe, uc);
	regs->rax = 0;
	regs->rsp = addr;
	regs->rip = ksig->ka.handler;
	regs->cs = USER_CS;
	regs->ss = USER_DS;
	/* The C ABI wants DF clear; a single-step trap stays with the
	 * interrupted code, not the handler. */
	regs->rflags &= ~(X86_EFLAGS_DF | X86_EFLAGS_RF | X86_EFLAGS_TF);
	fxrstor(&init_fpstate);
	sas_autodisarm();
	return 0;
}

/* A system call a signal interrupted: go back to it, or fail it with
 * EINTR if a handler runs (ka) and did not ask for SA_RESTART. */
static void syscall_restart(struct pt_regs *regs, const struct k_sigaction *ka)
{
	long ret = (long)regs->rax;

	if (syscall_get_nr(regs) < 0)
		return;
	if (ret == -ERESTARTNOHAND && ka)
		ret = -EINTR;
	else if (ret == -ERESTARTSYS && ka && !(ka->flags & SA_RESTART))
		ret = -EINTR;
	else if (ret == -ERESTARTSYS || ret == -ERESTARTNOHAND ||
		 ret == -ERESTARTNOINTR) {
		regs->rax = regs->orig_ax;
		regs->rip -= SYSCALL_INSN_LEN;
		return;
	}
	regs->rax = ret;
}

void arch_do_signal_or_restart(struct pt_regs *regs)
{
	struct ksignal ksig;

	if (get_signal(&ksig)) {
		syscall_restart(regs, &ksig.ka);
		signal_setup_done(setup_rt_frame(&ksig, sigmask_to_save(), regs),
				  &ksig);
		return;
	}
	syscall_restart(regs, NULL);
	restore_saved_sigmask();
}

static int restore_sigcontext(struct pt_regs *regs,
			      const struct sigcontext *sc)
{
	struct fxregs_state *fpu = &current->thread.fpu;

	/* IRETQ to a non-canonical rip faults in the kernel: refuse it
	 * here. The segments are always the user's; they are not taken
	 * from the frame. */
	if (!canonical_address(sc->rip) || !canonical_address(sc->rsp))
		return -EFAULT;
	regs->r8 = sc->r8, regs->r9 = sc->r9, regs->r10 = sc->r10;
	regs->r11 = sc->r11, regs->r12 = sc->r12, regs->r13 = sc->r13;
	regs->r14 = sc->r14, regs->r15 = sc->r15, regs->rdi = sc->rdi;
	regs->rsi = sc->rsi, regs->rbp = sc->rbp, regs->rbx = sc->rbx;
	regs->rdx = sc->rdx, regs->rax = sc->rax, regs->rcx = sc->rcx;
	regs->rsp = sc->rsp, regs->rip = sc->rip;
	regs->rflags = (regs->rflags & ~FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS);
	regs->cs = USER_CS;
	regs->ss = USER_DS;
	regs->orig_ax = -1;	/* this is no system call to restart */

	if (!sc->fpstate) {
		*fpu = init_fpstate;
	} else if (copy_from_user(fpu, (const void __user *)sc->fpstate,
				  sizeof(*fpu))) {
		return -EFAULT;
	}
	/* Reserved MXCSR bits would make FXRSTOR raise #GP in the kernel. */
	fpu->mxcsr &= mxcsr_feature_mask;
	fxrstor(fpu);
	return 0;
}

SYSCALL_DEFINE0(rt_sigreturn)
{
	struct pt_regs *regs = task_pt_regs(current->stack);
	/* The handler's ret popped pretcode: the frame starts 8 below. */
	unsigned long addr = regs->rsp - sizeof(unsigned long);
	struct ucontext uc;

	if (copy_from_user(&uc, (const void __user *)(addr +
			   offsetof(struct rt_sigframe, uc)), sizeof(uc)))
		goto badframe;
	set_current_blocked(uc.uc_sigmask);
	if (restore_sigcontext(regs, &uc.uc_mcontext))
		goto badframe;
	/* An invalid saved stack is ignored, as on Linux; only the copy
	 * could fail, and it already succeeded. */
	do_sigaltstack(&uc.uc_stack, regs->rsp);
	return regs->rax;	/* the dispatcher stores it back unchanged */

badframe:
	force_sigsegv(0);
	return regs->rax;
}
