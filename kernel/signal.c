/*
 * Sending signals and deciding what each one does when its task next
 * returns to user mode: a signal whose default is to terminate ends the
 * whole process (its wait status names the signal), ignored ones are
 * dropped, and one with a handler is handed to the architecture, which
 * builds the handler's frame (arch/x86_64/signal.c). Also rt_sigaction,
 * which installs handlers; the other signal calls are in
 * kernel/signal_syscalls.c.
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
	return (p->pending.signal & ~p->blocked) ||
	       fatal_signal_pending(p);
}

bool fatal_signal_pending(const struct task_struct *p)
{
	return p->pending.signal & sigmask(SIGKILL);
}

void send_sig_info(int sig, const struct kernel_siginfo *info,
		   struct task_struct *p)
{
	struct sigpending *pending = &p->pending;
	unsigned long flags;

	if (sig == 0 || p->exit_state || sig_ignored(p, sig))
		return;
	local_irq_save(flags);
	if (!(pending->signal & sigmask(sig))) {
		pending->signal |= sigmask(sig);
		pending->info[sig - 1] = info ? *info :
			(struct kernel_siginfo){ .si_signo = sig,
						 .si_code = SI_KERNEL };
	}
	if (signal_pending(p) && p->state == TASK_INTERRUPTIBLE)
		wake_up_process(p);
	local_irq_restore(flags);
}

/* A signal for the process goes to its first task still alive; one that
 * kills goes to all of them. */
void group_send_sig_info(int sig, const struct kernel_siginfo *info,
			 struct task_struct *p)
{
	struct task_struct *leader = p->group_leader, *t;

	if (sig == SIGKILL) {
		send_sig_info(sig, info, leader);
		list_for_each_entry(t, &leader->thread_group, thread_group)
			send_sig_info(sig, info, t);
		return;
	}
	if (!leader->exit_state || list_empty(&leader->thread_group)) {
		send_sig_info(sig, info, leader);
		return;
	}
	send_sig_info(sig, info, list_first_entry(&leader->thread_group,
						  struct task_struct,
						  thread_group));
}

/* Will a handler catch sig, or will it end the process? */
static bool unhandled_signal(struct task_struct *p, int sig)
{
	return sigaction_of(p, sig)->handler == SIG_DFL;
}

/* Send a signal the current task cannot escape: a blocked or ignored
 * one goes back to its default action, as on Linux. */
static void force_sig_info(const struct kernel_siginfo *info)
{
	struct k_sigaction *ka = sigaction_of(current, info->si_signo);
	sigset_t bit = sigmask(info->si_signo);

	if (ka->handler == SIG_IGN || (current->blocked & bit)) {
		ka->handler = SIG_DFL;
		current->blocked &= ~bit;
	}
	send_sig_info(info->si_signo, info, current);
}

void force_sig_fault(int sig, int code, unsigned long addr, const char *reason,
		     const struct pt_regs *regs)
{
	struct kernel_siginfo info = { .si_signo = sig, .si_code = code,
				       .si_addr = addr };

	if (unhandled_signal(current, sig) || (current->blocked & sigmask(sig)))
		pr_info("%s: pid %d (%s) address 0x%lx ip 0x%lx: %s\n",
			signal_name(sig), current->pid, current->comm, addr,
			instruction_pointer(regs), reason);
	force_sig_info(&info);
}

void force_sigsegv(int sig)
{
	/* A handler for SIGSEGV itself would only fail the same way. */
	if (sig == SIGSEGV)
		sigaction_of(current, SIGSEGV)->handler = SIG_DFL;
	force_sig_info(&(struct kernel_siginfo){ .si_signo = SIGSEGV,
						 .si_code = SI_KERNEL });
}

/* Faults first: a handler for them must see the faulting state, before
 * any asynchronous signal's handler runs. Then the lowest number. */
#define SYNCHRONOUS_MASK                                                   \
	(sigmask(SIGSEGV) | sigmask(SIGBUS) | sigmask(SIGILL) |            \
	 sigmask(SIGTRAP) | sigmask(SIGFPE) | sigmask(SIGSYS))

static int dequeue_signal(struct kernel_siginfo *info)
{
	struct sigpending *pending = &current->pending;
	sigset_t ready = pending->signal & ~current->blocked;
	unsigned long flags;
	int sig;

	if (pending->signal & sigmask(SIGKILL))
		ready = sigmask(SIGKILL);
	else if (ready & SYNCHRONOUS_MASK)
		ready &= SYNCHRONOUS_MASK;
	if (!ready)
		return 0;
	sig = __builtin_ctzll(ready) + 1;
	local_irq_save(flags);
	pending->signal &= ~sigmask(sig);
	*info = pending->info[sig - 1];
	local_irq_restore(flags);
	return sig;
}

bool get_signal(struct ksignal *ksig)
{
	int sig;

	while ((sig = dequeue_signal(&ksig->info))) {
		struct k_sigaction *ka = sigaction_of(current, sig);

		if (ka->handler == SIG_IGN)
			continue;
		if (ka->handler != SIG_DFL) {
			ksig->sig = sig;
			ksig->ka = *ka;
			if (ka->flags & SA_RESETHAND)
				ka->handler = SIG_DFL;
			return true;
		}
		if (sig_default_ignored(sig))
			continue;
		do_group_exit(sig);
	}
	return false;
}

void set_current_blocked(sigset_t set)
{
	current->blocked = set & ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
}

sigset_t sigmask_to_save(void)
{
	return current->restore_sigmask ? current->saved_sigmask :
					  current->blocked;
}

void restore_saved_sigmask(void)
{
	if (current->restore_sigmask) {
		current->restore_sigmask = false;
		set_current_blocked(current->saved_sigmask);
	}
}

void signal_setup_done(int failed, const struct ksignal *ksig)
{
	sigset_t blocked = current->blocked | ksig->ka.mask;

	if (failed) {
		force_sigsegv(ksig->sig);
		return;
	}
	/* The frame holds the mask to go back to: forget sigsuspend's. */
	current->restore_sigmask = false;
	if (!(ksig->ka.flags & SA_NODEFER))
		blocked |= sigmask(ksig->sig);
	set_current_blocked(blocked);
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
			arch_do_signal_or_restart(regs);
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
	p->sas_ss_sp = 0;
	p->sas_ss_size = 0;
	p->sas_ss_flags = 0;
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
			current->pending.signal &= ~sigmask(sig);
	}
	return 0;
}
