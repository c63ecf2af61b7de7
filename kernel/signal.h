/*
 * Signals: Linux's numbers, flags and siginfo, per-task pending and
 * blocked masks, the handlers a process installs (shared by its threads)
 * and the alternate signal stack. kernel/signal.c sends signals and
 * decides what each one does; running a user handler needs a frame on
 * the user stack, which the architecture builds (arch_do_signal_or_restart
 * and rt_sigreturn in arch/x86_64/signal.c).
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

/* sa_flags */
#define SA_NOCLDSTOP 0x00000001u
#define SA_NOCLDWAIT 0x00000002u
#define SA_SIGINFO 0x00000004u	/* the handler wants siginfo and context */
#define SA_RESTORER 0x04000000u	/* restorer: where the handler returns to */
#define SA_ONSTACK 0x08000000u	/* run on the alternate signal stack */
#define SA_RESTART 0x10000000u	/* restart an interrupted system call */
#define SA_NODEFER 0x40000000u	/* do not block the signal in its handler */
#define SA_RESETHAND 0x80000000u	/* back to SIG_DFL once delivered */

/* si_code: who sent it, or why */
#define SI_USER 0		/* kill() */
#define SI_KERNEL 0x80
#define SI_TKILL (-6)		/* tkill(), tgkill() */
#define ILL_ILLOPN 2
#define FPE_INTDIV 1
#define FPE_FLTINV 7
#define SEGV_MAPERR 1		/* nothing mapped there */
#define SEGV_ACCERR 2		/* mapped, but not for this access */
#define BUS_ADRALN 1
#define BUS_ADRERR 2
#define TRAP_BRKPT 1
#define CLD_EXITED 1
#define CLD_KILLED 2

/*
 * What a handler installed with SA_SIGINFO learns about its signal. The
 * fields sit where they do in the user's 128-byte siginfo_t, so the
 * frame can copy this to its start.
 */
struct kernel_siginfo {
	int si_signo;
	int si_errno;
	int si_code;
	union {
		struct {		/* kill, tkill, SIGCHLD */
			pid_t si_pid;
			uid_t si_uid;
			int si_status;	/* SIGCHLD: exit code or signal */
		};
		unsigned long si_addr;	/* SIGSEGV, SIGBUS...: the address */
	};
};

/*
 * Signals sent to a task and not yet delivered. A signal is pending at
 * most once, so one siginfo per number is all there is to keep (Linux
 * queues every instance of a real-time signal; here they merge too).
 * Fixed slots rather than allocated queue entries: signals are sent from
 * interrupt handlers (Ctrl-C), where this kernel does not allocate.
 */
struct sigpending {
	sigset_t signal;
	struct kernel_siginfo info[_NSIG];
};

/* The user's stack_t (sigaltstack). */
struct sigaltstack {
	unsigned long ss_sp;
	int ss_flags;
	size_t ss_size;
};

#define SS_ONSTACK 1		/* ss_flags: running on it now */
#define SS_DISABLE 2		/* there is none */
#define SS_AUTODISARM (1u << 31)	/* disabled while a handler runs on it */
#define MINSIGSTKSZ 2048

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

/* A signal about to be delivered to a handler. */
struct ksignal {
	int sig;
	struct k_sigaction ka;
	struct kernel_siginfo info;
};

/* Queue sig for p with info (NULL: sent by the kernel itself, SI_KERNEL),
 * unless p ignores it; sig 0 sends nothing. Wakes p if it sleeps
 * interruptibly and the signal is not blocked. */
void send_sig_info(int sig, const struct kernel_siginfo *info,
		   struct task_struct *p);
/* The same for p's process: one of its tasks takes it, and SIGKILL goes
 * to every one of them. */
void group_send_sig_info(int sig, const struct kernel_siginfo *info,
			 struct task_struct *p);
/* Send sig to every process of group pgrp or, with pgrp 0, to every user
 * process but init and the process except (kill(2)'s -pgrp and -1);
 * -ESRCH if there was none. */
long kill_processes(pid_t pgrp, int sig, pid_t except,
		    const struct kernel_siginfo *info);
/* A fault in the current task's user code: send sig (with si_code code
 * and si_addr addr), which it cannot block or ignore: the instruction
 * would only fault again. Unless a handler will catch it, say so on the
 * console ("Segmentation fault: pid N (comm) address A ip I: reason"). */
void force_sig_fault(int sig, int code, unsigned long addr, const char *reason,
		     const struct pt_regs *regs);
/* The signal frame for sig could not be written: kill with SIGSEGV. */
void force_sigsegv(int sig);
/* A signal is pending and not blocked (or is SIGKILL). */
bool signal_pending(const struct task_struct *p);
bool fatal_signal_pending(const struct task_struct *p);
/* The next signal to act on. Default actions happen here (a fatal one
 * does not return); true when a user handler must run for ksig. */
bool get_signal(struct ksignal *ksig);
/* After building the frame for ksig (failed: could not): block what the
 * handler runs with, or kill the task. */
void signal_setup_done(int failed, const struct ksignal *ksig);
/* The arch part: deliver pending signals to handlers and restart or
 * interrupt the system call they came in during (arch/x86_64/signal.c). */
void arch_do_signal_or_restart(struct pt_regs *regs);
/* The mask a handler's frame records, to be restored by rt_sigreturn:
 * the one from before rt_sigsuspend if that is what was interrupted. */
sigset_t sigmask_to_save(void);
/* No handler ran after rt_sigsuspend: its temporary mask goes. */
void restore_saved_sigmask(void);
void set_current_blocked(sigset_t set);
/* The alternate stack: is sp on it, and where does ksig's frame go
 * for a task interrupted at sp. */
bool on_sig_stack(unsigned long sp);
unsigned long sigsp(unsigned long sp, const struct ksignal *ksig);
/* The user's view of the alternate stack (the frame's uc_stack), and
 * setting it from that view (sigaltstack(2), rt_sigreturn); sp is the
 * task's user stack pointer. */
struct sigaltstack current_altstack(unsigned long sp);
int do_sigaltstack(const struct sigaltstack *ss, unsigned long sp);
/* A handler now runs on the alternate stack: SS_AUTODISARM clears it. */
void sas_autodisarm(void);
/* Before returning to user mode: reschedule, act on signals; returns
 * with interrupts disabled. */
void exit_to_user_mode(struct pt_regs *regs);
/* New handler tables: a copy of current's (fork), or shared. */
struct sighand_struct *sighand_copy(const struct sighand_struct *from);
void sighand_put(struct sighand_struct *sighand);
/* exec: handlers go back to SIG_DFL, ignored signals stay ignored, the
 * alternate stack is gone. */
void flush_signal_handlers(struct task_struct *p);
/* A signal's name for reports, as strsignal() would give it. */
const char *signal_name(int sig);

#endif
