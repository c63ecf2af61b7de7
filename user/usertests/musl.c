/*
 * The C library on this kernel: formatted output, the allocator, process
 * creation and floating point must give what they give on Linux. Each
 * case checks its own results and also prints them as diagnostics, which
 * tests/run_tests.py compares with the same binary's on Linux.
 */
#include <errno.h>
#include <fenv.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cases.h"
#include "ut.h"

static int expect_text(const char *got, const char *want)
{
	ut_diag("%s", got);
	if (strcmp(got, want) != 0)
		return ut_fail("expected %s", want);
	return 0;
}

int musl_printf(void)
{
	char b[4][160];

	snprintf(b[0], sizeof(b[0]), "%d %i %u %ld %lld %hhd", -42, 7,
		 4294967254u, LONG_MIN, LLONG_MAX, (signed char)-56);
	snprintf(b[1], sizeof(b[1]), "%x %X %#o %#x [%-6s] [%6s] %c%% [%.3s]",
		 0xbeefu, 0xbeefu, 8u, 255u, "ab", "cd", 'z', "truncated");
	snprintf(b[2], sizeof(b[2]), "%.3e %g %g %a %.0f %.0f %08.3f",
		 123456.789, 1e-5, 1e20, 1.0, 2.5, 3.5, -3.14159);
	snprintf(b[3], sizeof(b[3]), "%.17g %.10f %s", strtod("0.1", NULL),
		 1.0 / 3.0, strerror(EFAULT));
	return expect_text(b[0], "-42 7 4294967254 -9223372036854775808 "
				 "9223372036854775807 -56") |
	       expect_text(b[1], "beef BEEF 010 0xff [ab    ] [    cd] z% [tru]") |
	       expect_text(b[2], "1.235e+05 1e-05 1e+20 0x1p+0 2 4 -003.142") |
	       expect_text(b[3], "0.10000000000000001 0.3333333333 Bad address");
}

#define BLOCKS 256

/* A fixed pseudo-random sequence: the same sizes on every system. */
static unsigned next_random(unsigned *state)
{
	*state = *state * 1103515245 + 12345;
	return *state >> 8;
}

static size_t block_size(unsigned *state, int i)
{
	/* Every tenth large enough for musl to map on its own. */
	return next_random(state) % (i % 10 ? 3000 : 300000) + 1;
}

static int check_block(const char *p, size_t len, char c, int i)
{
	long at = find_not(p, len, c);

	if (at >= 0)
		return ut_fail("block %d: byte %ld is %d, expected %d", i, at,
			       p[at], c);
	return 0;
}

/* Blocks of many sizes, filled, half freed and reallocated bigger, the
 * holes filled again by calloc; every byte checked on the way. */
int musl_malloc(void)
{
	static char *block[BLOCKS];
	static size_t size[BLOCKS];
	unsigned state = 1;
	size_t total = 0;
	int bad = 0;

	for (int i = 0; i < BLOCKS; i++) {
		size[i] = block_size(&state, i);
		block[i] = malloc(size[i]);
		if (!block[i])
			return ut_fail("malloc(%zu) failed", size[i]);
		memset(block[i], (char)i, size[i]);
		total += size[i];
	}
	for (int i = 0; i < BLOCKS; i++) {
		if (i % 2) {
			free(block[i]);
			block[i] = calloc(1, size[i]);
			bad |= block[i] ? check_block(block[i], size[i], 0, i)
					: ut_fail("calloc failed");
		} else {
			block[i] = realloc(block[i], 2 * size[i]);
			bad |= block[i] ? check_block(block[i], size[i], (char)i, i)
					: ut_fail("realloc failed");
		}
	}
	for (int i = 0; i < BLOCKS; i++)
		free(block[i]);
	ut_diag("%d blocks, %zu bytes", BLOCKS, total);
	return bad;
}

static int child_exits_3(void *arg)
{
	(void)arg;
	ut_diag("hello from a child");
	exit(3);	/* exit, not return: through musl's exit path */
}

static int child_killed(void *arg)
{
	(void)arg;
	kill(getpid(), SIGKILL);
	return 0;
}

static int child_checks_parent(void *parent)
{
	return getppid() == (pid_t)(intptr_t)parent ? 0 : 1;
}

/* Three children, not waited for in the order they came: their statuses
 * as on Linux. */
int musl_fork_wait(void)
{
	int (*const child[3])(void *) = {
		child_exits_3, child_killed, child_checks_parent
	};
	const char *const want[3] = {
		"exited 3", "killed by signal 9 (Killed)", "exited 0"
	};
	void *parent = (void *)(intptr_t)getpid();
	pid_t pid[3];
	int bad = 0;

	for (int i = 0; i < 3; i++) {
		pid[i] = ut_fork();
		if (pid[i] < 0)
			return 1;
		if (pid[i] == 0)
			_exit(child[i](parent));
	}
	/* The first (which prints) first, the others last to first. */
	for (int k = 0; k < 3; k++) {
		int i = (3 - k) % 3;
		const char *got = describe_status(ut_wait(pid[i]));

		ut_diag("child %d %s", i, got);
		if (strcmp(got, want[i]) != 0)
			bad = ut_fail("expected %s", want[i]);
	}
	if (wait(NULL) != -1 || errno != ECHILD)
		bad = ut_fail("wait with no children left: expected ECHILD");
	return bad;
}

/* The exit status of path run with argv, from fork or vfork. */
static int run_program(pid_t (*forker)(void), const char *path,
		       char *const argv[])
{
	char *const envp[] = { "PATH=/bin", NULL };
	pid_t pid;

	fflush(stdout);
	pid = forker();
	if (pid == 0) {
		execve(path, argv, envp);
		_exit(127);
	}
	return pid < 0 ? -1 : ut_wait(pid);
}

static int expect_exit(int status, int code, const char *what)
{
	if (exited_with(status, code))
		return 0;
	return ut_fail("%s %s, expected to exit %d", what,
		       describe_status(status), code);
}

/* Programs the initramfs has, as Linux has them; /bin/echo prints its
 * line itself, so only the comparison with Linux checks it. */
int exec_status(void)
{
	char *const true_argv[] = { "true", NULL };
	char *const false_argv[] = { "false", NULL };
	char *const sh_argv[] = { "sh", "-c", "exit 5", NULL };
	char *const echo_argv[] = { "echo", "#", "exec_status:", "argv",
				    "reaches", "echo", NULL };
	int bad = 0;

	bad |= expect_exit(run_program(fork, "/bin/true", true_argv), 0,
			   "/bin/true");
	bad |= expect_exit(run_program(fork, "/bin/false", false_argv), 1,
			   "/bin/false");
	bad |= expect_exit(run_program(vfork, "/bin/true", true_argv), 0,
			   "/bin/true after vfork");
	bad |= expect_exit(run_program(fork, "/bin/sh", sh_argv), 5,
			   "sh -c 'exit 5'");
	bad |= expect_exit(run_program(fork, "/bin/echo", echo_argv), 0,
			   "/bin/echo");
	if (execve("/no/such/program", true_argv, NULL) != -1 ||
	    errno != ENOENT)
		bad = ut_fail("execve of a missing file: expected ENOENT");
	return bad;
}

/*
 * Floating-point state belongs to each process: the registers and the
 * rounding mode. Two processes compute at once, long enough for the timer
 * to switch between them, each with its own rounding mode; both results
 * must equal those computed alone beforehand. noipa: the compiler must
 * not reuse a result computed under another rounding mode.
 */
#define CHURN_STEPS 1000000

__attribute__((noipa)) static double churn(double x, long steps)
{
	double y = 1.0;

	for (long i = 0; i < steps; i++) {
		x = x * 1.0000001 + 0.5;
		y = y / 1.0000003 + x * 1e-9;
		if (x > 1e6)
			x -= 1e6;
	}
	return x + y;
}

static double churn_rounding(int mode)
{
	double r;

	fesetround(mode);
	r = churn(0.1, CHURN_STEPS);
	fesetround(FE_TONEAREST);
	return r;
}

int fpu_state(void)
{
	double nearest = churn_rounding(FE_TONEAREST);
	double upward = churn_rounding(FE_UPWARD);
	pid_t pid;
	int status;

	ut_diag("to nearest %a, upward %a", nearest, upward);
	if (nearest == upward)
		return ut_fail("the rounding mode made no difference");
	pid = ut_fork();
	if (pid < 0)
		return 1;
	if (pid == 0)
		_exit(churn_rounding(FE_UPWARD) != upward);
	if (churn_rounding(FE_TONEAREST) != nearest)
		return ut_fail("the parent's result changed");
	status = ut_wait(pid);
	if (!exited_with(status, 0))
		return ut_fail("the child's result changed: it %s",
			       describe_status(status));
	return 0;
}
