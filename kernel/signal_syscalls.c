/*
 * The signal system calls besides rt_sigaction: the blocked mask
 * (rt_sigprocmask, rt_sigpending), waiting for a signal (pause,
 * rt_sigsuspend), the alternate signal stack, and sending signals from
 * user space (kill, tkill, tgkill).
 */
#include <asm/processor.h>
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "mm/uaccess.h"

bool on_sig_stack(unsigned long sp)
{
	/* sp == top is outside: the stack is empty there, not in use. */
	return sp > current->sas_ss_sp &&
	       sp - current->sas_ss_sp <= current->sas_ss_size;
}

unsigned long sigsp(unsigned long sp, const struct ksignal *ksig)
{
	if ((ksig->ka.flags & SA_ONSTACK) && current->sas_ss_size &&
	    !on_sig_stack(sp))
		return current->sas_ss_sp + current->sas_ss_size;
	return sp;
}

struct sigaltstack current_altstack(unsigned long sp)
{
	struct sigaltstack ss = { .ss_sp = current->sas_ss_sp,
				  .ss_size = current->sas_ss_size,
				  .ss_flags = current->sas_ss_flags };

	if (!current->sas_ss_size)
		ss.ss_flags |= SS_DISABLE;
	else if (on_sig_stack(sp))
		ss.ss_flags |= SS_ONSTACK;
	return ss;
}

int do_sigaltstack(const struct sigaltstack *ss, unsigned long sp)
{
	unsigned mode = ss->ss_flags & ~SS_AUTODISARM;

	/* Moving the stack a handler runs on would pull it from under it. */
	if (on_sig_stack(sp))
		return -EPERM;
	if (mode != 0 && mode != SS_DISABLE && mode != SS_ONSTACK)
		return -EINVAL;
	if (mode == SS_DISABLE) {
		current->sas_ss_sp = 0;
		current->sas_ss_size = 0;
		current->sas_ss_flags = 0;
		return 0;
	}
	if (ss->ss_size < MINSIGSTKSZ)
		return -ENOMEM;
	current->sas_ss_sp = ss->ss_sp;
	current->sas_ss_size = ss->ss_size;
	current->sas_ss_flags = ss->ss_flags & SS_AUTODISARM;
	return 0;
}

void sas_autodisarm(void)
{
	if (current->sas_ss_flags & SS_AUTODISARM) {
		current->sas_ss_sp = 0;
		current->sas_ss_size = 0;
	}
}

SYSCALL_DEFINE2(sigaltstack, const struct sigaltstack __user *, uss,
		struct sigaltstack __user *, uoss)
{
	unsigned long sp = user_stack_pointer(task_pt_regs(current->stack));
	struct sigaltstack new, old = current_altstack(sp);
	int err;

	if (uss) {
		if (copy_from_user(&new, uss, sizeof(new)))
			return -EFAULT;
		if ((err = do_sigaltstack(&new, sp)))
			return err;
	}
	if (uoss && copy_to_user(uoss, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, const sigset_t __user *, nset,
		sigset_t __user *, oset, size_t, sigsetsize)
{
	sigset_t new, old = current->blocked;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (nset) {
		if (get_user(new, nset))
			return -EFAULT;
		if (how == SIG_BLOCK)
			set_current_blocked(old | new);
		else if (how == SIG_UNBLOCK)
			set_current_blocked(old & ~new);
		else if (how == SIG_SETMASK)
			set_current_blocked(new);
		else
			return -EINVAL;
	}
	if (oset && put_user(old, oset))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(rt_sigpending, sigset_t __user *, uset, size_t, sigsetsize)
{
	sigset_t blocked_pending = current->pending.signal & current->blocked;

	if (sigsetsize > sizeof(sigset_t))
		return -EINVAL;
	return copy_to_user(uset, &blocked_pending, sigsetsize) ? -EFAULT : 0;
}

/* Sleep until a signal is pending. The state is set before the check so
 * that a signal sent in between wakes us rather than being missed. */
static long sleep_until_signal(void)
{
	for (;;) {
		current->state = TASK_INTERRUPTIBLE;
		if (signal_pending(current))
			break;
		schedule();
	}
	current->state = TASK_RUNNING;
	/* Never restarted: the call returns EINTR once a handler ran. */
	return -ERESTARTNOHAND;
}

SYSCALL_DEFINE0(pause)
{
	return sleep_until_signal();
}

SYSCALL_DEFINE2(rt_sigsuspend, const sigset_t __user *, unewset, size_t,
		sigsetsize)
{
	sigset_t new;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (get_user(new, unewset))
		return -EFAULT;
	current->saved_sigmask = current->blocked;
	current->restore_sigmask = true;
	set_current_blocked(new);
	return sleep_until_signal();
}

long kill_processes(pid_t pgrp, int sig, pid_t except,
		    const struct kernel_siginfo *info)
{
	struct task_struct *p;
	int count = 0;

	list_for_each_entry(p, &task_list, tasks) {
		if (!thread_group_leader(p) || (p->flags & PF_KTHREAD) ||
		    p->exit_state)
			continue;
		if (pgrp ? p->pgrp != pgrp : p->tgid <= 1 || p->tgid == except)
			continue;
		group_send_sig_info(sig, info, p);
		count++;
	}
	return count ? 0 : -ESRCH;
}

/* What kill() and tkill() tell the handler about their caller. */
static struct kernel_siginfo sender_info(int sig, int code)
{
	return (struct kernel_siginfo){ .si_signo = sig, .si_code = code,
					.si_pid = current->tgid,
					.si_uid = 0 };
}

SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	struct kernel_siginfo info = sender_info(sig, SI_USER);
	struct task_struct *p;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	if (pid == -1)
		return kill_processes(0, sig, current->tgid, &info);
	if (pid == 0)
		return kill_processes(current->group_leader->pgrp, sig, 0,
				      &info);
	if (pid < 0)
		return kill_processes(-pid, sig, 0, &info);
	p = find_task_by_pid(pid);
	if (!p || !thread_group_leader(p) || (p->flags & PF_KTHREAD))
		return -ESRCH;
	group_send_sig_info(sig, &info, p);
	return 0;
}

static long do_tkill(int tgid, int tid, int sig)
{
	struct kernel_siginfo info = sender_info(sig, SI_TKILL);
	struct task_struct *p;

	if (tid <= 0 || sig < 0 || sig > _NSIG)
		return -EINVAL;
	p = find_task_by_pid(tid);
	if (!p || (tgid > 0 && p->tgid != tgid) || (p->flags & PF_KTHREAD) ||
	    p->exit_state)
		return -ESRCH;
	send_sig_info(sig, &info, p);
	return 0;
}

SYSCALL_DEFINE2(tkill, int, tid, int, sig)
{
	return do_tkill(0, tid, sig);
}

SYSCALL_DEFINE3(tgkill, int, tgid, int, tid, int, sig)
{
	if (tgid <= 0)
		return -EINVAL;
	return do_tkill(tgid, tid, sig);
}
