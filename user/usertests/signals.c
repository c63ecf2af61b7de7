/*
 * Signal handlers as a program sees them: who runs when, with which
 * signals blocked, what siginfo says, and what a handler does to the
 * system call it interrupted.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cases.h"
#include "ut.h"

static volatile sig_atomic_t delivered;
static volatile sig_atomic_t depth, max_depth;
static siginfo_t last_info;
static sigset_t mask_in_handler;

static void record(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)uc;
	last_info = *info;
	sigprocmask(SIG_BLOCK, NULL, &mask_in_handler);
	delivered++;
}

/* Install fn for sig with flags (SA_SIGINFO added) and blocking also. */
static int handle(int sig, void (*fn)(int, siginfo_t *, void *), int flags,
		  int also)
{
	struct sigaction sa = { .sa_sigaction = fn,
				.sa_flags = flags | SA_SIGINFO };

	sigemptyset(&sa.sa_mask);
	if (also)
		sigaddset(&sa.sa_mask, also);
	delivered = 0;
	if (sigaction(sig, &sa, NULL) == 0)
		return 0;
	return ut_fail("sigaction(%d): %s", sig, strerror(errno));
}

static bool blocked_now(int sig)
{
	sigset_t set;

	sigprocmask(SIG_BLOCK, NULL, &set);
	return sigismember(&set, sig);
}

int sig_handler_runs(void)
{
	if (handle(SIGUSR1, record, 0, SIGUSR2))
		return 1;
	kill(getpid(), SIGUSR1);
	/* A signal a process sends itself is handled before kill returns. */
	if (delivered != 1)
		return ut_fail("handler ran %d times, expected once", delivered);
	if (last_info.si_signo != SIGUSR1 || last_info.si_code != SI_USER ||
	    last_info.si_pid != getpid())
		return ut_fail("siginfo: signo %d code %d pid %d",
			       last_info.si_signo, last_info.si_code,
			       last_info.si_pid);
	if (!sigismember(&mask_in_handler, SIGUSR1) ||
	    !sigismember(&mask_in_handler, SIGUSR2))
		return ut_fail("the handler ran without its signal and "
			       "sa_mask blocked");
	if (blocked_now(SIGUSR1) || blocked_now(SIGUSR2))
		return ut_fail("the mask was not restored after the handler");
	raise(SIGUSR1);		/* tkill, so si_code says so */
	if (delivered != 2 || last_info.si_code != SI_TKILL)
		return ut_fail("raise: %d deliveries, si_code %d", delivered,
			       last_info.si_code);
	return 0;
}

static void nested(int sig, siginfo_t *info, void *uc)
{
	(void)info;
	(void)uc;
	depth++;
	if (depth > max_depth)
		max_depth = depth;
	if (delivered++ == 0)
		raise(sig);	/* blocked, or not with SA_NODEFER */
	depth--;
}

/* Without SA_NODEFER a signal raised in its own handler waits for it to
 * return; with it, the handler is entered again. */
static int nesting_with(int flags, int expected_depth)
{
	max_depth = depth = 0;
	if (handle(SIGUSR1, nested, flags, 0))
		return 1;
	raise(SIGUSR1);
	if (delivered != 2 || max_depth != expected_depth)
		return ut_fail("flags %#x: %d deliveries, nested %d deep, "
			       "expected 2 and %d", flags, delivered, max_depth,
			       expected_depth);
	return 0;
}

int sig_nodefer(void)
{
	return nesting_with(0, 1) || nesting_with(SA_NODEFER, 2);
}

int sig_resethand(void)
{
	struct sigaction now;

	if (handle(SIGUSR1, record, SA_RESETHAND, 0))
		return 1;
	raise(SIGUSR1);
	sigaction(SIGUSR1, NULL, &now);
	if (delivered != 1 || now.sa_handler != SIG_DFL)
		return ut_fail("SA_RESETHAND: %d deliveries, handler %s",
			       delivered,
			       now.sa_handler == SIG_DFL ? "SIG_DFL" : "kept");
	return 0;
}

/* A blocked signal waits, shows in sigpending, and is handled as soon
 * as it is unblocked: before sigprocmask returns. */
int sig_blocked_pending(void)
{
	sigset_t set, pending;

	if (handle(SIGUSR1, record, 0, 0))
		return 1;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR1);	/* merges with the first */
	sigpending(&pending);
	if (delivered != 0 || !sigismember(&pending, SIGUSR1))
		return ut_fail("blocked: %d deliveries, %s pending", delivered,
			       sigismember(&pending, SIGUSR1) ? "" : "not");
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	if (delivered != 1)
		return ut_fail("unblocked: %d deliveries, expected 1",
			       delivered);
	return 0;
}

static void signal_parent(void)
{
	kill(getppid(), SIGUSR1);
}

static void exit_5(void)
{
	_exit(5);
}

/* Fork a child that runs fn and makes sig arrive, and wait for sig with
 * rt_sigsuspend; sig is blocked until then, so it cannot come too early
 * and be missed. Returns sigsuspend's errno (EINTR), or -1. */
static int fork_and_suspend(int sig, void (*fn)(void), pid_t *pid)
{
	sigset_t block, none;
	int err;

	sigemptyset(&block);
	sigaddset(&block, sig);
	sigprocmask(SIG_BLOCK, &block, NULL);
	*pid = ut_fork();
	if (*pid < 0)
		return -1;
	if (*pid == 0) {
		fn();
		_exit(0);
	}
	sigemptyset(&none);
	err = sigsuspend(&none) == -1 ? errno : 0;
	ut_wait(*pid);
	return err;
}

/* The temporary mask goes once the handler has run. */
int sig_sigsuspend(void)
{
	pid_t pid;
	int err;

	if (handle(SIGUSR1, record, 0, 0))
		return 1;
	err = fork_and_suspend(SIGUSR1, signal_parent, &pid);
	if (err != EINTR)
		return ut_fail("sigsuspend: %s, expected EINTR", strerror(err));
	if (delivered != 1 || !blocked_now(SIGUSR1))
		return ut_fail("%d deliveries, SIGUSR1 %s blocked after",
			       delivered, blocked_now(SIGUSR1) ? "" : "not");
	return 0;
}

int sig_chld_info(void)
{
	pid_t pid;

	if (handle(SIGCHLD, record, 0, 0) ||
	    fork_and_suspend(SIGCHLD, exit_5, &pid) < 0)
		return 1;
	if (last_info.si_signo != SIGCHLD || last_info.si_code != CLD_EXITED ||
	    last_info.si_pid != pid || last_info.si_status != 5)
		return ut_fail("siginfo: signo %d code %d pid %d status %d",
			       last_info.si_signo, last_info.si_code,
			       last_info.si_pid, last_info.si_status);
	return 0;
}

static pid_t sleeper;

static void kill_sleeper(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)info;
	(void)uc;
	kill(sleeper, SIGKILL);
	delivered++;
}

/* A child that signals us until we stop it. */
static pid_t start_nagging(void)
{
	pid_t parent = getpid(), pid = ut_fork();

	if (pid == 0) {
		for (;;) {
			sleep_ms(20);
			kill(parent, SIGUSR1);
		}
	}
	return pid;
}

static void stop(pid_t pid)
{
	kill(pid, SIGKILL);
	ut_wait(pid);
}

/* wait4 in a parent that a signal interrupts: with SA_RESTART it goes
 * on waiting (and sees the child the handler killed), without it fails
 * with EINTR. */
static int interrupted_wait(int flags)
{
	pid_t nagger, got;
	int status, err;

	sleeper = ut_fork();
	if (sleeper == 0) {
		pause();
		_exit(0);
	}
	if (handle(SIGUSR1, flags ? kill_sleeper : record, flags, 0))
		return 1;
	nagger = start_nagging();
	got = waitpid(sleeper, &status, 0);
	err = errno;
	stop(nagger);
	if (got < 0)
		stop(sleeper);
	if (delivered == 0)
		return ut_fail("flags %#x: the handler never ran", flags);
	if (flags & SA_RESTART) {
		if (got != sleeper || !killed_by(status, SIGKILL))
			return ut_fail("SA_RESTART: waitpid gave %d (%s)", got,
				       got < 0 ? strerror(err) : "");
	} else if (got != -1 || err != EINTR) {
		return ut_fail("waitpid gave %d (%s), expected EINTR", got,
			       got < 0 ? strerror(err) : "");
	}
	return 0;
}

int sig_restart(void)
{
	return interrupted_wait(0) || interrupted_wait(SA_RESTART);
}
