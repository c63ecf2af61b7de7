/*
 * The signal frame: what a handler for a fault learns, that the
 * interrupted code gets all its registers back (FPU state included),
 * the alternate stack, and the frames the kernel must refuse.
 */
#define _GNU_SOURCE	/* REG_RIP */
#include <errno.h>
#include <fenv.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>
#include "cases.h"
#include "ut.h"

static sigjmp_buf escape;
static siginfo_t fault_info;
/* Set before an access the handler may fix: volatile keeps the store
 * ahead of the access. */
static char *volatile fixable;

static void on_fault(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)uc;
	fault_info = *info;
	if (fixable) {
		/* Make the access legal: returning retries it. */
		mprotect(fixable, PAGE_SIZE, PROT_READ | PROT_WRITE);
		fixable = NULL;
		return;
	}
	siglongjmp(escape, 1);
}

static int catch_faults(int flags)
{
	struct sigaction sa = { .sa_sigaction = on_fault,
				.sa_flags = SA_SIGINFO | flags };

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, NULL) == 0)
		return 0;
	return ut_fail("sigaction: %s", strerror(errno));
}

static int expect_fault(const char *what, void *addr, int code)
{
	if (fault_info.si_signo == SIGSEGV && fault_info.si_addr == addr &&
	    fault_info.si_code == code)
		return 0;
	return ut_fail("%s: signo %d, si_addr %p, si_code %d; expected "
		       "address %p, code %d", what, fault_info.si_signo,
		       fault_info.si_addr, fault_info.si_code, addr, code);
}

int sig_fault_info(void)
{
	char *page = map_anon(PAGE_SIZE, PROT_READ);

	if (!page || catch_faults(0))
		return 1;
	if (sigsetjmp(escape, 1) == 0)
		(void)*(volatile char *)opaque(0x10);
	if (expect_fault("read at 0x10", (void *)0x10, SEGV_MAPERR))
		return 1;
	/* The handler fixes the page and returns: the write is retried. */
	fixable = page;
	*(volatile char *)(page + 7) = 'x';
	if (expect_fault("write to PROT_READ", page + 7, SEGV_ACCERR))
		return 1;
	if (page[7] != 'x')
		return ut_fail("the retried write did not land");
	return 0;
}

/* A computation the handler below must not disturb: integers and
 * doubles, in a rounding mode it changes. */
static double churn(long n)
{
	double x = 1.0;
	long acc = 0;

	for (long i = 0; i < n; i++) {
		x = x * 1.0000001 + 1.0 / (double)(i + 3);
		acc = acc * 31 + i;
	}
	return x + (double)(acc & 0xffff);
}

static volatile sig_atomic_t interruptions;

static void meddle(int sig)
{
	volatile double y = 3.0;

	(void)sig;
	fesetround(FE_UPWARD);
	for (int i = 0; i < 100; i++)
		y = y / 7.0 + 1.0;
	interruptions++;
}

/* Signals from another process land between any two instructions of
 * the churn; each time, every register and the FPU state must come back
 * as they were. */
int sig_context_restored(void)
{
	pid_t parent = getpid(), pid;
	double with = 0, without;
	long n = 0;
	sigset_t all;

	fesetround(FE_TONEAREST);
	signal(SIGUSR1, meddle);
	pid = ut_fork();
	if (pid == 0) {
		for (;;) {
			kill(parent, SIGUSR1);
			sched_yield();
		}
	}
	while (interruptions < 20 && n < 1L << 30) {
		n += 20000;
		with = churn(n);
	}
	kill(pid, SIGKILL);
	ut_wait(pid);
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	without = churn(n);
	if (interruptions < 20)
		return ut_fail("only %d signals arrived", interruptions);
	if (with != without || fegetround() != FE_TONEAREST)
		return ut_fail("interrupted %d times: %a, alone %a%s",
			       interruptions, with, without,
			       fegetround() != FE_TONEAREST ?
				       ", rounding mode changed" : "");
	return 0;
}

static char *altstack;

static void on_overflow(int sig, siginfo_t *info, void *uc)
{
	char here;
	stack_t ss;

	(void)sig;
	(void)info;
	(void)uc;
	sigaltstack(NULL, &ss);
	if (&here < altstack || &here >= altstack + SIGSTKSZ ||
	    !(ss.ss_flags & SS_ONSTACK))
		_exit(2);
	/* It cannot be changed while a handler runs on it. */
	ss.ss_flags = 0;
	ss.ss_size -= 16;
	if (sigaltstack(&ss, NULL) != -1 || errno != EPERM)
		_exit(3);
	_exit(42);
}

static int overflow_with_handler(void *use_altstack)
{
	struct sigaction sa = { .sa_sigaction = on_overflow,
				.sa_flags = SA_SIGINFO | SA_ONSTACK };
	stack_t ss = { .ss_size = SIGSTKSZ };

	altstack = ss.ss_sp = malloc(SIGSTKSZ);
	if (use_altstack && sigaltstack(&ss, NULL) != 0)
		return 4;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	return overflow_stack(NULL);
}

/* Only the alternate stack lets a handler catch a stack overflow: on the
 * full stack its frame cannot be written, and the process is killed. */
int sig_altstack(void)
{
	int status = run_child(overflow_with_handler, (void *)1);

	if (!exited_with(status, 42))
		return ut_fail("with sigaltstack the child %s, expected exit "
			       "42", describe_status(status));
	status = run_child(overflow_with_handler, NULL);
	if (!killed_by(status, SIGSEGV))
		return ut_fail("without sigaltstack the child %s",
			       describe_status(status));
	return 0;
}

/* The system call itself: musl's wrapper checks flags and size first. */
static long sys_sigaltstack(const stack_t *ss, stack_t *old)
{
	return syscall(SYS_sigaltstack, ss, old);
}

int sig_altstack_errors(void)
{
	stack_t ss = { .ss_sp = malloc(SIGSTKSZ), .ss_size = SIGSTKSZ }, old;

	if (sigaltstack(NULL, &old) != 0 || !(old.ss_flags & SS_DISABLE))
		return ut_fail("a new process has an alternate stack");
	ss.ss_flags = 0x40;
	if (sys_sigaltstack(&ss, NULL) != -1 || errno != EINVAL)
		return ut_fail("bad ss_flags: %s", strerror(errno));
	ss.ss_flags = 0;
	ss.ss_size = MINSIGSTKSZ - 1;
	if (sys_sigaltstack(&ss, NULL) != -1 || errno != ENOMEM)
		return ut_fail("too small: %s", strerror(errno));
	if (sys_sigaltstack((void *)1, NULL) != -1 || errno != EFAULT)
		return ut_fail("bad pointer: %s", strerror(errno));
	ss.ss_size = SIGSTKSZ;
	if (sigaltstack(&ss, NULL) != 0 || sigaltstack(NULL, &old) != 0 ||
	    old.ss_sp != ss.ss_sp || old.ss_size != ss.ss_size ||
	    old.ss_flags != 0)
		return ut_fail("set and read back: %p %zu %#x", old.ss_sp,
			       old.ss_size, old.ss_flags);
	return 0;
}

static void ignore(int sig)
{
	(void)sig;
}

/* The kernel's struct sigaction, to leave out the restorer musl adds. */
struct kernel_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	uint64_t mask;
};

static int raise_without_restorer(void *arg)
{
	struct kernel_sigaction ka = { .handler = ignore };

	(void)arg;
	syscall(SYS_rt_sigaction, SIGUSR1, &ka, NULL, sizeof(ka.mask));
	raise(SIGUSR1);
	return 0;
}

/* x86-64 handlers return through the restorer: without one the signal
 * cannot be delivered, and the process is killed with SIGSEGV. */
int sig_no_restorer(void)
{
	int status = run_child(raise_without_restorer, NULL);

	if (!killed_by(status, SIGSEGV))
		return ut_fail("the child %s", describe_status(status));
	return 0;
}

static uintptr_t new_rip;

static void redirect(int sig, siginfo_t *info, void *uc)
{
	(void)sig;
	(void)info;
	((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP] = new_rip;
}

static void landing(void)
{
	_exit(33);
}

static int return_to(void *rip)
{
	struct sigaction sa = { .sa_sigaction = redirect,
				.sa_flags = SA_SIGINFO };

	new_rip = (uintptr_t)rip;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	return 0;
}

/* rt_sigreturn takes the registers from the frame, changed or not; a
 * non-canonical instruction pointer kills the process, not the kernel. */
int sig_sigreturn_context(void)
{
	int status = run_child(return_to, (void *)landing);

	if (!exited_with(status, 33))
		return ut_fail("rip changed to landing(): the child %s",
			       describe_status(status));
	status = run_child(return_to, (void *)0x8000000000000000ul);
	if (!killed_by(status, SIGSEGV))
		return ut_fail("non-canonical rip: the child %s",
			       describe_status(status));
	return 0;
}
