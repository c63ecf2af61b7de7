/*
 * Bad pointers given to system calls: each must fail with EFAULT, and the
 * caller must live on. Raw syscall() throughout, because libc would follow
 * some of these pointers itself (or, for clock_gettime on Linux, never
 * enter the kernel at all).
 *
 * Some pointers are left out where Linux does something else with them:
 * NULL where it means "none", a read-only page where the kernel only
 * reads, and read() of user addresses, which Linux checks only when data
 * arrives: from the console that would be never.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "cases.h"
#include "ut.h"

enum kind {
	K_NULL, K_ONE, K_KERNEL, K_NONCANONICAL, K_UNMAPPED, K_CROSSING,
	K_READONLY, K_PROT_NONE, K_USER_TOP, NR_KINDS
};

static const char *const kind_names[NR_KINDS] = {
	[K_NULL] = "NULL",
	[K_ONE] = "1",
	[K_KERNEL] = "the kernel half 0xffff800000000000",
	[K_NONCANONICAL] = "the non-canonical 0x0000800000000000",
	[K_UNMAPPED] = "an unmapped page",
	[K_CROSSING] = "an object running into an unmapped page",
	[K_READONLY] = "a read-only page",
	[K_PROT_NONE] = "a PROT_NONE page",
	[K_USER_TOP] = "a range running past the top of user space",
};

#define BIT(k) (1u << (k))
/* Pointers the kernel can read nothing through; and write nothing. */
#define BAD_IN (BIT(K_ONE) | BIT(K_KERNEL) | BIT(K_NONCANONICAL) | \
		BIT(K_UNMAPPED) | BIT(K_CROSSING) | BIT(K_PROT_NONE))
#define BAD_OUT (BAD_IN | BIT(K_READONLY))
/* write() before a hole: Linux writes what it can and returns that. */
#define BAD_WRITE (BIT(K_NULL) | (BAD_IN & ~BIT(K_CROSSING)))

/* Pages to point into. The one below the hole is filled with 'a', so that
 * a string or an array of pointers there has no end before the hole. */
struct bad_memory {
	char *hole, *readonly, *prot_none;
};

static bool map_bad_memory(struct bad_memory *m)
{
	char *pair = map_anon(2 * PAGE_SIZE, PROT_READ | PROT_WRITE);

	m->readonly = map_anon(PAGE_SIZE, PROT_READ);
	m->prot_none = map_anon(PAGE_SIZE, PROT_NONE);
	if (!pair || !m->readonly || !m->prot_none)
		return false;
	memset(pair, 'a', PAGE_SIZE);
	m->hole = pair + PAGE_SIZE;
	return munmap(m->hole, PAGE_SIZE) == 0;
}

#define USER_TOP 0x00007ffffffff000UL

/* A pointer of kind k to an object of size bytes. */
static void *bad_pointer(const struct bad_memory *m, enum kind k, size_t size)
{
	switch (k) {
	case K_ONE:
		return (void *)1;
	case K_KERNEL:
		return (void *)0xffff800000000000;
	case K_NONCANONICAL:
		return (void *)0x0000800000000000;
	case K_UNMAPPED:
		return m->hole;
	case K_CROSSING:
		return m->hole - size / 2;
	case K_READONLY:
		return m->readonly;
	case K_PROT_NONE:
		return m->prot_none;
	case K_USER_TOP:
		return (void *)(USER_TOP - size / 2);
	default:
		return NULL;
	}
}

/* What a call gave: 0 for success, else its errno; or what went wrong
 * around a call made in a child. */
#define OUTCOME(call) ((call) == -1 ? errno : 0)
#define NOT_REAPED (-1)
#define CHILD_LOST (-2)

/* What went wrong, for an outcome other than EFAULT. */
static const char *describe_outcome(int e)
{
	static char text[80];

	if (e == NOT_REAPED)
		return "EFAULT, but the child is still there to reap (Linux "
		       "reaps it before it finds the pointer bad)";
	if (e == CHILD_LOST)
		return "the child making the call did not exit normally";
	snprintf(text, sizeof(text), "%s instead of EFAULT",
		 e ? strerror(e) : "success");
	return text;
}

/* One pointer argument of one call, tried with each kind of bad pointer
 * in kinds. */
struct target {
	const char *call;	/* for messages */
	int (*run)(void *p);	/* makes the call with p; returns its outcome */
	size_t size;		/* of what p points to */
	unsigned kinds;
};

static int check_targets(const struct target *t, int n)
{
	struct bad_memory m;
	int bad = 0;

	if (!map_bad_memory(&m))
		return ut_fail("cannot map the pages to point into");
	for (; n > 0; n--, t++) {
		for (enum kind k = 0; k < NR_KINDS; k++) {
			int e;

			if (!(t->kinds & BIT(k)))
				continue;
			e = t->run(bad_pointer(&m, k, t->size));
			if (e != EFAULT)
				bad = ut_fail("%s with %s: %s", t->call,
					      kind_names[k],
					      describe_outcome(e));
		}
	}
	return bad;
}

#define CHECK(...) \
	({ \
		const struct target t[] = { __VA_ARGS__ }; \
		check_targets(t, ARRAY_SIZE(t)); \
	})

static int write_from(void *p)
{
	return OUTCOME(syscall(SYS_write, 1, p, 16));
}

int badptr_write(void)
{
	return CHECK({ "write(1, buf, 16)", write_from, 16, BAD_WRITE });
}

static int writev_iov(void *p)
{
	return OUTCOME(syscall(SYS_writev, 1, p, 1));
}

static int writev_base(void *p)
{
	struct iovec iov = { p, 16 };

	return OUTCOME(syscall(SYS_writev, 1, &iov, 1));
}

int badptr_writev(void)
{
	return CHECK({ "writev(1, iov, 1)", writev_iov, sizeof(struct iovec),
		       BIT(K_NULL) | BAD_IN },
		     { "writev(1, {base, 16}, 1)", writev_base, 16, BAD_WRITE });
}

static int read_into(void *p)
{
	return OUTCOME(syscall(SYS_read, 0, p, 16));
}

int badptr_read(void)
{
	return CHECK({ "read(0, buf, 16)", read_into, 16,
		       BIT(K_KERNEL) | BIT(K_NONCANONICAL) | BIT(K_USER_TOP) });
}

/* Linux reaps the child before it finds the status pointer bad. */
static int wait4_into(void *p)
{
	pid_t pid = ut_fork();
	int e;

	if (pid < 0)
		return CHILD_LOST;
	if (pid == 0)
		_exit(7);
	e = OUTCOME(syscall(SYS_wait4, pid, p, 0, NULL));
	if (waitpid(pid, NULL, 0) == pid && e == EFAULT)
		return NOT_REAPED;
	return e;
}

int badptr_wait4(void)
{
	return CHECK({ "wait4(pid, status, 0, NULL)", wait4_into, sizeof(int),
		       BAD_OUT });
}

static int uname_into(void *p)
{
	return OUTCOME(syscall(SYS_uname, p));
}

int badptr_uname(void)
{
	return CHECK({ "uname(buf)", uname_into, sizeof(struct utsname),
		       BIT(K_NULL) | BAD_OUT });
}

static int clock_gettime_into(void *p)
{
	return OUTCOME(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, p));
}

int badptr_clock_gettime(void)
{
	return CHECK({ "clock_gettime(CLOCK_MONOTONIC, ts)", clock_gettime_into,
		       sizeof(struct timespec), BIT(K_NULL) | BAD_OUT });
}

static int nanosleep_from(void *p)
{
	return OUTCOME(syscall(SYS_nanosleep, p, NULL));
}

int badptr_nanosleep(void)
{
	return CHECK({ "nanosleep(req, NULL)", nanosleep_from,
		       sizeof(struct timespec), BIT(K_NULL) | BAD_IN });
}

static int sysinfo_into(void *p)
{
	return OUTCOME(syscall(SYS_sysinfo, p));
}

/* The kernel's struct sysinfo: musl's has 256 bytes more, spare. */
#define KSYSINFO_SIZE 112

int badptr_sysinfo(void)
{
	return CHECK({ "sysinfo(info)", sysinfo_into, KSYSINFO_SIZE,
		       BIT(K_NULL) | BAD_OUT });
}

/* execve in a child, which exits with the errno; should the call succeed,
 * /bin/true exits 0, which reads as success. */
static int execve_in_child(const char *path, char *const argv[],
			   char *const envp[])
{
	pid_t pid = ut_fork();
	int status;

	if (pid < 0)
		return CHILD_LOST;
	if (pid == 0) {
		syscall(SYS_execve, path, argv, envp);
		_exit(errno);
	}
	status = ut_wait(pid);
	return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status)
						 : CHILD_LOST;
}

#define TRUE_PATH "/bin/true"
static char *good_argv[] = { "true", NULL };
static char *good_envp[] = { "A=1", NULL };

static int execve_path(void *p)
{
	return execve_in_child(p, good_argv, good_envp);
}

static int execve_argv(void *p)
{
	return execve_in_child(TRUE_PATH, p, good_envp);
}

static int execve_arg(void *p)
{
	char *argv[] = { "true", p, NULL };

	return execve_in_child(TRUE_PATH, argv, good_envp);
}

static int execve_envp(void *p)
{
	return execve_in_child(TRUE_PATH, good_argv, p);
}

static int execve_env(void *p)
{
	char *envp[] = { p, NULL };

	return execve_in_child(TRUE_PATH, good_argv, envp);
}

/* NULL argv or envp is allowed: Linux takes it as an empty list. */
int badptr_execve(void)
{
	return CHECK({ "execve(path, argv, envp)", execve_path, 16,
		       BIT(K_NULL) | BAD_IN },
		     { "execve(\"" TRUE_PATH "\", argv, envp)", execve_argv,
		       2 * sizeof(char *), BAD_IN },
		     { "execve(\"" TRUE_PATH "\", {\"true\", arg}, envp)",
		       execve_arg, 16, BAD_IN },
		     { "execve(\"" TRUE_PATH "\", argv, envp)", execve_envp,
		       2 * sizeof(char *), BAD_IN },
		     { "execve(\"" TRUE_PATH "\", argv, {env})", execve_env, 16,
		       BAD_IN });
}

/* The kernel's struct sigaction: handler, flags, restorer, mask. */
#define KSIGACTION_SIZE 32
#define KSIGSET_SIZE 8

static int sigaction_from(void *p)
{
	return OUTCOME(syscall(SYS_rt_sigaction, SIGUSR1, p, NULL,
			       KSIGSET_SIZE));
}

static int sigaction_into(void *p)
{
	return OUTCOME(syscall(SYS_rt_sigaction, SIGUSR1, NULL, p,
			       KSIGSET_SIZE));
}

/* NULL asks for no change, or for no old action. */
int badptr_rt_sigaction(void)
{
	return CHECK({ "rt_sigaction(SIGUSR1, act, NULL, 8)", sigaction_from,
		       KSIGACTION_SIZE, BAD_IN },
		     { "rt_sigaction(SIGUSR1, NULL, oldact, 8)", sigaction_into,
		       KSIGACTION_SIZE, BAD_OUT });
}

static int sigprocmask_from(void *p)
{
	return OUTCOME(syscall(SYS_rt_sigprocmask, SIG_BLOCK, p, NULL,
			       KSIGSET_SIZE));
}

static int sigprocmask_into(void *p)
{
	return OUTCOME(syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, p,
			       KSIGSET_SIZE));
}

int badptr_rt_sigprocmask(void)
{
	return CHECK({ "rt_sigprocmask(SIG_BLOCK, set, NULL, 8)",
		       sigprocmask_from, KSIGSET_SIZE, BAD_IN },
		     { "rt_sigprocmask(SIG_BLOCK, NULL, oldset, 8)",
		       sigprocmask_into, KSIGSET_SIZE, BAD_OUT });
}

static int sigpending_into(void *p)
{
	return OUTCOME(syscall(SYS_rt_sigpending, p, KSIGSET_SIZE));
}

/* Only bad masks: a good one would suspend us. */
static int sigsuspend_from(void *p)
{
	return OUTCOME(syscall(SYS_rt_sigsuspend, p, KSIGSET_SIZE));
}

#define STACK_T_SIZE 24

static int sigaltstack_from(void *p)
{
	return OUTCOME(syscall(SYS_sigaltstack, p, NULL));
}

static int sigaltstack_into(void *p)
{
	return OUTCOME(syscall(SYS_sigaltstack, NULL, p));
}

int badptr_signals(void)
{
	return CHECK({ "rt_sigpending(set, 8)", sigpending_into,
		       KSIGSET_SIZE, BIT(K_NULL) | BAD_OUT },
		     { "rt_sigsuspend(mask, 8)", sigsuspend_from,
		       KSIGSET_SIZE, BIT(K_NULL) | BAD_IN },
		     { "sigaltstack(ss, NULL)", sigaltstack_from,
		       STACK_T_SIZE, BAD_IN },
		     { "sigaltstack(NULL, old_ss)", sigaltstack_into,
		       STACK_T_SIZE, BAD_OUT });
}

#define ARCH_GET_FS 0x1003	/* from Linux's asm/prctl.h */

static int arch_prctl_into(void *p)
{
	return OUTCOME(syscall(SYS_arch_prctl, ARCH_GET_FS, p));
}

int badptr_arch_prctl(void)
{
	return CHECK({ "arch_prctl(ARCH_GET_FS, addr)", arch_prctl_into,
		       sizeof(unsigned long), BIT(K_NULL) | BAD_OUT });
}
