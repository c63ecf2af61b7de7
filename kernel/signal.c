/*
 * Sending signals and acting on them. Only default actions run: a
 * signal whose default is to terminate ends the whole process (its wait
 * status names the signal), the ignored ones are dropped. User handlers
 * are recorded by rt_sigaction but not yet called (see kernel/signal.h).
 */
#include <asm/irqflags.h>
#include <asm/ptrace.h>
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "mm/slab.h"
#include "mm/uaccess.h"

static const char *const signal_names[32] = {
	[SIGHUP] = "Hangup", [SIGINT] = "Interrupt", [SIGQUIT] = "Quit",
	[SIGILL] = "Illegal instruction", [SIGTRAP] = "Trace/breakpoint trap",
	[SIGABRT] = "Aborted", [SIGBUS] = "Bus error",
	[SIGFPE] = "Floating point exception", [SIGKILL] = "Killed",
	[SIGUSR1] = "User defined signal 1", [SIGSEGV] = "Segmentation fault",
	[SIGUSR2] = "User defined signal 2", [SIGPIPE] = "Broken pipe",
	[SIGALRM] = "Alarm clock", [SIGTERM] = "Terminated",
	[SIGSTKFLT] = "Stack fault", [SIGCHLD] = "Child exited",
	[SIGCONT] = "Continued", [SIGSTOP] = "Stopped (signal)",
	[SIGTSTP] = "Stopped", [SIGTTIN] = "Stopped (tty input)",
	[SIGTTOU] = "Stopped (tty output)", [SIGURG] = "Urgent I/O condition",
	[SIGXCPU] = "CPU time limit exceeded",
	[SIGXFSZ] = "File size limit exceeded",
	[SIGVTALRM] = "Virtual timer expired",
	[SIGPROF] = "Profiling timer expired", [SIGWINCH] = "Window changed",
	[SIGIO] = "I/O possible", [SIGPWR] = "Power failure",
	[SIGSYS] = "Bad system call",
};

const char *signal_name(int sig)
{
	if (sig > 0 && sig < 32 && signal_names[sig])
		return signal_names[sig];
	return "Real-time signal";
}

/* Signals whose default action is to do nothing. Stopping (SIGSTOP and
 * the tty stops) needs job control, which this kernel does not have:
 * they are ignored too. */
static bool sig_default_ignored(int sig)
{
	return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG ||
	       sig == SIGWINCH || sig == SIGSTOP || sig == SIGTSTP ||
	       sig == SIGTTIN || sig == SIGTTOU;
}

static struct k_sigaction *sigaction_of(struct task_struct *p, int sig)
{
	return &p->sighand->action[sig - 1];
}

static bool sig_ignored(struct task_struct *p, int sig)
{
	unsigned long handler = sigaction_of(p, sig)->handler;

	if (sig == SIGKILL)
		return false;
	return handler == SIG_IGN ||
	       (handler == SIG_DFL && sig_default_ignored(sig));
}

bool signal_pending(const struct task_struct *p)
{
	return (p->pending & ~p->blocked) || (p->pending & sigmask(SIGKILL));
}

bool fatal_signal_pending(const struct task_struct *p)
{
	return p->pending & sigmask(SIGKILL);
}

void send_signal(struct task_struct *p, int sig)
{
	unsigned long flags;

	if (sig == 0 || p->exit_state || sig_ignored(p, sig))
		return;
	local_irq_save(flags);
	p->pending |= sigmask(sig);
	if (signal_pending(p) && p->state == TASK_INTERRUPTIBLE)
		wake_up_process(p);
	local_irq_restore(flags);
}

/* A signal for the process goes to its first task still alive; one that
 * kills goes to all of them. */
void send_signal_to_group(struct task_struct *p, int sig)
{
	struct task_struct *leader = p->group_leader, *t;

	if (sig == SIGKILL) {
		send_signal(leader, sig);
		list_for_each_entry(t, &leader->thread_group, thread_group)
			send_signal(t, sig);
		return;
	}
	if (!leader->exit_state || list_empty(&leader->thread_group)) {
		send_signal(leader, sig);
		return;
	}
	send_signal(list_first_entry(&leader->thread_group, struct task_struct,
				     thread_group), sig);
}

void force_sig_fault(int sig, const char *reason, unsigned long addr,
		     const struct pt_regs *regs)
{
	struct k_sigaction *ka = sigaction_of(current, sig);

	pr_info("%s: pid %d (%s) address 0x%lx ip 0x%lx: %s\n",
		signal_name(sig), current->pid, current->comm, addr,
		instruction_pointer(regs), reason);
	/* It cannot be ignored or blocked: the instruction would fault again. */
	if (ka->handler == SIG_IGN)
		ka->handler = SIG_DFL;
	current->blocked &= ~sigmask(sig);
	send_signal(current, sig);
}

static int next_signal(const struct task_struct *p)
{
	sigset_t deliverable = p->pending & ~p->blocked;

	if (p->pending & sigmask(SIGKILL))
		return SIGKILL;
	return deliverable ? __builtin_ctzll(deliverable) + 1 : 0;
}

void do_signal(struct pt_regs *regs)
{
	static bool handlers_reported;
	int sig;

	(void)regs;	/* for the signal frame, once there are handlers */
	while ((sig = next_signal(current))) {
		struct k_sigaction *ka = sigaction_of(current, sig);

		current->pending &= ~sigmask(sig);
		if (sig_ignored(current, sig))
			continue;
		if (ka->handler != SIG_DFL && !handlers_reported) {
			handlers_reported = true;
			pr_notice("signal: user handlers are not implemented; "
				  "%s[%d] gets the default action for %s\n",
				  current->comm, current->pid,
				  signal_name(sig));
		}
		if (sig_default_ignored(sig))
			continue;
		do_group_exit(sig);
	}
}

void exit_to_user_mode(struct pt_regs *regs)
{
	for (;;) {
		local_irq_disable();
		if (current->need_resched) {
			local_irq_enable();
			schedule();
		} else if (signal_pending(current)) {
			local_irq_enable();
			do_signal(regs);
		} else {
			return;
		}
	}
}

struct sighand_struct *sighand_copy(const struct sighand_struct *from)
{
	struct sighand_struct *sighand = kmalloc(sizeof(*sighand), 0);

	if (!sighand)
		return NULL;
	*sighand = *from;
	sighand->count = 1;
	return sighand;
}

void sighand_put(struct sighand_struct *sighand)
{
	if (--sighand->count == 0)
		kfree(sighand);
}

void flush_signal_handlers(struct task_struct *p)
{
	for (int sig = 1; sig <= _NSIG; sig++) {
		struct k_sigaction *ka = sigaction_of(p, sig);

		if (ka->handler != SIG_IGN)
			ka->handler = SIG_DFL;
		ka->flags = 0;
		ka->restorer = 0;
		ka->mask = 0;
	}
}

SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct k_sigaction __user *, act,
		struct k_sigaction __user *, oact, size_t, sigsetsize)
{
	struct k_sigaction *ka, new;

	if (sigsetsize != sizeof(sigset_t) || !valid_signal(sig))
		return -EINVAL;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (act && copy_from_user(&new, act, sizeof(new)))
		return -EFAULT;
	ka = sigaction_of(current, sig);
	if (oact && copy_to_user(oact, ka, sizeof(*ka)))
		return -EFAULT;
	if (act) {
		new.mask &= ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
		*ka = new;
		/* Setting SIG_IGN discards what is pending (POSIX). */
		if (sig_ignored(current, sig))
			current->pending &= ~sigmask(sig);
	}
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
		new &= ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
		if (how == SIG_BLOCK)
			current->blocked |= new;
		else if (how == SIG_UNBLOCK)
			current->blocked &= ~new;
		else if (how == SIG_SETMASK)
			current->blocked = new;
		else
			return -EINVAL;
	}
	if (oset && put_user(old, oset))
		return -EFAULT;
	return 0;
}

long kill_processes(pid_t pgrp, int sig, pid_t except)
{
	struct task_struct *p;
	int count = 0;

	list_for_each_entry(p, &task_list, tasks) {
		if (!thread_group_leader(p) || (p->flags & PF_KTHREAD) ||
		    p->exit_state)
			continue;
		if (pgrp ? p->pgrp != pgrp : p->tgid <= 1 || p->tgid == except)
			continue;
		send_signal_to_group(p, sig);
		count++;
	}
	return count ? 0 : -ESRCH;
}

SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	struct task_struct *p;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	if (pid == -1)
		return kill_processes(0, sig, current->tgid);
	if (pid == 0)
		return kill_processes(current->group_leader->pgrp, sig, 0);
	if (pid < 0)
		return kill_processes(-pid, sig, 0);
	p = find_task_by_pid(pid);
	if (!p || !thread_group_leader(p) || (p->flags & PF_KTHREAD))
		return -ESRCH;
	send_signal_to_group(p, sig);
	return 0;
}

static long do_tkill(int tgid, int tid, int sig)
{
	struct task_struct *p;

	if (tid <= 0 || sig < 0 || sig > _NSIG)
		return -EINVAL;
	p = find_task_by_pid(tid);
	if (!p || (tgid > 0 && p->tgid != tgid) || (p->flags & PF_KTHREAD) ||
	    p->exit_state)
		return -ESRCH;
	send_signal(p, sig);
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
