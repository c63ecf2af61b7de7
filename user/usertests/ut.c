/* The helpers of ut.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "ut.h"

const char *ut_current = "usertests";

static void vdiag(const char *fmt, va_list ap)
{
	char msg[256];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* One printf, so that the line reaches the console in one write. */
	printf("# %s: %s\n", ut_current, msg);
}

void ut_diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(fmt, ap);
	va_end(ap);
}

int ut_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(fmt, ap);
	va_end(ap);
	return 1;
}

bool on_aspace(void)
{
	struct utsname u;

	return uname(&u) == 0 && strcmp(u.sysname, "aspace") == 0;
}

long free_pages(void)
{
	struct sysinfo si;

	if (sysinfo(&si) != 0) {
		ut_diag("sysinfo: %s", strerror(errno));
		return -1;
	}
	return (long)(si.freeram * si.mem_unit / PAGE_SIZE);
}

long settled_free_pages(void)
{
	long before, now = free_pages();

	for (int tries = 0; tries < 100; tries++) {
		before = now;
		sleep_ms(10);
		now = free_pages();
		if (now == before)
			break;
	}
	return now;
}

void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

pid_t ut_fork(void)
{
	pid_t pid;

	/* Whatever is still buffered would be printed by both processes. */
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		ut_diag("fork: %s", strerror(errno));
	return pid;
}

int ut_wait(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid) {
		ut_diag("waitpid(%d): %s", (int)pid, strerror(errno));
		return -1;
	}
	return status;
}

int run_child(int (*fn)(void *arg), void *arg)
{
	pid_t pid = ut_fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int code = fn(arg);

		fflush(stdout);
		_exit(code);
	}
	return ut_wait(pid);
}

int nothing(void *arg)
{
	(void)arg;
	return 0;
}

bool exited_with(int status, int code)
{
	return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == code;
}

bool killed_by(int status, int sig)
{
	return status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == sig;
}

const char *describe_status(int status)
{
	static char text[64];

	if (status == -1)
		return "not waited for";
	if (WIFEXITED(status))
		snprintf(text, sizeof(text), "exited %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(text, sizeof(text), "killed by signal %d (%s)",
			 WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(text, sizeof(text), "wait status 0x%x", status);
	return text;
}

void *map_anon(size_t len, int prot)
{
	void *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		ut_diag("mmap(%zu bytes): %s", len, strerror(errno));
		return NULL;
	}
	return p;
}

long find_not(const volatile char *buf, size_t len, char c)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != c)
			return (long)i;
	return -1;
}

/* Touches its frame from the top down, so that the first page it touches
 * below the stack is the guard page. Using the result after the call
 * keeps it from becoming a loop; the limit, half a terabyte of frames, is
 * there only to tell the compiler that the recursion is not endless. */
static int recurse(int depth)
{
	volatile char frame[512];

	if (depth > (1 << 30))
		return 0;
	for (int i = (int)sizeof(frame) - 1; i >= 0; i -= 64)
		frame[i] = (char)depth;
	return recurse(depth + 1) + frame[0];
}

int overflow_stack(void *arg)
{
	(void)arg;
	return recurse(0);
}
