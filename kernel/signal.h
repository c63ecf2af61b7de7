/*
 * Signals, as far as this kernel goes: Linux's numbers, per-task pending
 * and blocked masks, and the handlers a process installs (recorded, and
 * honoured for SIG_IGN; running a user handler needs a signal frame on
 * the user stack and rt_sigreturn, which are not implemented yet, so a
 * signal with a handler takes its default action and says so once).
 */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include "kernel/types.h"

struct pt_regs;
struct task_struct;

typedef u64 sigset_t;	/* bit sig - 1 for signal sig */

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGSTKFLT 16
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGIO 29
#define SIGPWR 30
#define SIGSYS 31
#define _NSIG 64

#define SIG_DFL 0ul
#define SIG_IGN 1ul

/* rt_sigprocmask's how */
#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

static inline sigset_t sigmask(int sig)
{
	return 1ull << (sig - 1);
}

static inline bool valid_signal(int sig)
{
	return sig >= 1 && sig <= _NSIG;
}

/* The user's struct sigaction as the kernel sees it (x86-64 layout). */
struct k_sigaction {
	unsigned long handler;	/* SIG_DFL, SIG_IGN or a function */
	unsigned long flags;
	unsigned long restorer;
	sigset_t mask;
};

/* Handlers, shared by the threads of a process (CLONE_SIGHAND). */
struct sighand_struct {
	int count;
	struct k_sigaction action[_NSIG];
};

/* Queue sig for p (sig 0 only checks that p exists). Wakes p if it sleeps
 * interruptibly and the signal is not blocked. */
void send_signal(struct task_struct *p, int sig);
/* Send sig to every task of p's process. */
void send_signal_to_group(struct task_struct *p, int sig);
/* Send sig to every process of group pgrp or, with pgrp 0, to every user
 * process but init and the process except (kill(2)'s -pgrp and -1);
 * -ESRCH if there was none. */
long kill_processes(int pgrp, int sig, int except);
/* A fault the process cannot continue from: report it on the console
 * ("Segmentation fault: ...") and send sig to the current task, which
 * cannot block or ignore it. */
void force_sig_fault(int sig, const char *reason, unsigned long addr,
		     const struct pt_regs *regs);
/* A signal is pending and not blocked (or is SIGKILL). */
bool signal_pending(const struct task_struct *p);
bool fatal_signal_pending(const struct task_struct *p);
/* On the way back to user mode: act on pending signals. */
void do_signal(struct pt_regs *regs);
/* Before returning to user mode: reschedule, act on signals; returns
 * with interrupts disabled. */
void exit_to_user_mode(struct pt_regs *regs);
/* New handler tables: a copy of current's (fork), or shared. */
struct sighand_struct *sighand_copy(const struct sighand_struct *from);
void sighand_put(struct sighand_struct *sighand);
/* exec: handlers go back to SIG_DFL, ignored signals stay ignored. */
void flush_signal_handlers(struct task_struct *p);
/* A signal's name for reports, as strsignal() would give it. */
const char *signal_name(int sig);

#endif
