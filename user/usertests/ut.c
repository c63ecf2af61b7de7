/* The helpers of ut.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "ut.h"

const char *ut_current = "usertests";
const char *ut_program = "/bin/usertests";

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

void *unmapped_page(void)
{
	void *p = map_anon(PAGE_SIZE, PROT_NONE);

	if (p && munmap(p, PAGE_SIZE) != 0) {
		ut_diag("munmap: %s", strerror(errno));
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

int read_byte_at(void *addr)
{
	return *(volatile char *)opaque((uintptr_t)addr);
}

int write_byte_at(void *addr)
{
	*(volatile char *)opaque((uintptr_t)addr) = 1;
	return 0;
}

int expect_killed(int sig, int (*victim)(void *arg), void *arg,
		  const char *what)
{
	int status = run_child(victim, arg);

	if (killed_by(status, sig))
		return 0;
	return ut_fail("%s: the process %s, expected to be killed by %s", what,
		       describe_status(status), strsignal(sig));
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

bool ut_failed(long ret, const char *call)
{
	if (ret != -1)
		return false;
	ut_fail("%s: %s", call, strerror(errno));
	return true;
}

int ut_expect_errno(long ret, int err, const char *call, const char *name)
{
	int got = errno;

	if (ret == -1 && got == err)
		return 0;
	if (ret == -1)
		return ut_fail("%s: %s (errno %d), expected %s", call,
			       strerror(got), got, name);
	return ut_fail("%s gave %ld, expected %s", call, ret, name);
}

static char tmpdir[32];

/* Removes path and, if it is a directory, all it holds; quietly, since
 * there may be nothing to remove. getdents64 rather than readdir, which
 * would malloc: the runner calls this, and must not grow. Directories are
 * read again until a pass removes nothing, so as not to depend on how a
 * directory's offsets behave while it changes. */
static void remove_tree(const char *path)
{
	char buf[2048] __attribute__((aligned(8)));
	char child[512];	/* a 255-byte name in a directory or two */

	for (int pass = 0; pass < 100; pass++) {
		int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		bool removed = false;
		long n;

		if (fd < 0) {
			unlink(path);
			return;
		}
		while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
			for (long off = 0; off < n;) {
				struct dirent *d = (struct dirent *)(buf + off);

				off += d->d_reclen;
				if (strcmp(d->d_name, ".") == 0 ||
				    strcmp(d->d_name, "..") == 0)
					continue;
				snprintf(child, sizeof(child), "%s/%s", path,
					 d->d_name);
				if (unlink(child) != 0)
					remove_tree(child);
				removed = true;
			}
		}
		close(fd);
		if (!removed)
			break;
	}
	rmdir(path);
}

int ut_tmpdir(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ut-%d", (int)getpid());
	/* Left by an earlier run, by a process that had our pid? */
	remove_tree(tmpdir);
	if (mkdir(tmpdir, 0755) == 0)
		return 0;
	return ut_fail("mkdir(%s): %s", tmpdir, strerror(errno));
}

void ut_remove_tmpdir(pid_t pid)
{
	char path[32];

	snprintf(path, sizeof(path), "/tmp/ut-%d", (int)pid);
	remove_tree(path);
}

const char *tmp_path(const char *name)
{
	size_t len = strlen(tmpdir) + 1 + strlen(name) + 1;
	char *path = malloc(len);

	/* Neither can be: both are bugs in the case. */
	if (!tmpdir[0] || !path) {
		ut_fail("tmp_path(\"%s\"): %s", name,
			path ? "before ut_tmpdir()" : "out of memory");
		fflush(stdout);
		_exit(1);
	}
	snprintf(path, len, "%s/%s", tmpdir, name);
	return path;
}

int write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ssize_t n = 0;

	if (fd < 0)
		return ut_fail("open(%s) to write: %s", path, strerror(errno));
	for (size_t done = 0; done < len; done += (size_t)n) {
		n = write(fd, (const char *)data + done, len - done);
		if (n <= 0) {
			ut_fail("write to %s: %s", path,
				n ? strerror(errno) : "wrote nothing");
			close(fd);
			return 1;
		}
	}
	close(fd);
	return 0;
}

void fill_pattern(void *buf, size_t len, unsigned seed)
{
	unsigned char *p = buf;

	for (size_t i = 0; i < len; i++)
		p[i] = (unsigned char)(seed * 59 + (i / PAGE_SIZE) * 13 + i * 7 + 1);
}

int open_pattern_file(const char *name, size_t len, unsigned seed, int flags)
{
	static unsigned char buf[PATTERN_FILE_MAX];
	int fd;

	fill_pattern(buf, len, seed);
	if (write_file(tmp_path(name), buf, len))
		return -1;
	fd = open(tmp_path(name), flags);
	if (fd < 0)
		ut_fail("open(%s): %s", tmp_path(name), strerror(errno));
	return fd;
}

int expect_pattern(const void *p, size_t len, unsigned seed, size_t from,
		   const char *what)
{
	static unsigned char want[PATTERN_FILE_MAX];
	const unsigned char *got = p;

	fill_pattern(want, from + len, seed);
	for (size_t i = 0; i < len; i++)
		if (got[i] != want[from + i])
			return ut_fail("%s: byte %zu is %d, expected %d", what,
				       from + i, got[i], want[from + i]);
	return 0;
}

void *map_file(size_t len, int prot, int flags, int fd, off_t offset)
{
	void *p = mmap(NULL, len, prot, flags, fd, offset);

	if (p == MAP_FAILED) {
		ut_fail("mmap of %zu bytes of a file: %s", len, strerror(errno));
		return NULL;
	}
	return p;
}

bool fd_is_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1 || errno != EBADF;
}

/* open_fds_mode's status when its arguments are wrong, and the child's
 * when execve fails: both above any mask of OPEN_FDS_MAX bits. */
#define OPEN_FDS_USAGE 126
#define EXEC_FAILED 127

int open_fds_mode(int argc, char **argv)
{
	int mask = 0;

	if (argc < 3 || argc - 2 > OPEN_FDS_MAX)
		return OPEN_FDS_USAGE;
	for (int i = 2; i < argc; i++)
		if (fd_is_open(atoi(argv[i])))
			mask |= 1 << (i - 2);
	return mask;
}

int open_after_exec(const int *fds, int n)
{
	char args[OPEN_FDS_MAX][12];
	char *argv[OPEN_FDS_MAX + 3] = { (char *)ut_program, "--open-fds" };
	char *const envp[] = { NULL };
	pid_t pid;
	int status;

	for (int i = 0; i < n && i < OPEN_FDS_MAX; i++) {
		snprintf(args[i], sizeof(args[i]), "%d", fds[i]);
		argv[i + 2] = args[i];
	}
	pid = ut_fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execve(ut_program, argv, envp);
		_exit(EXEC_FAILED);
	}
	status = ut_wait(pid);
	if (exited_with(status, EXEC_FAILED))
		ut_fail("cannot execve %s: run usertests by its path",
			ut_program);
	else if (status == -1 || !WIFEXITED(status) ||
		 WEXITSTATUS(status) >= 1 << OPEN_FDS_MAX)
		ut_fail("%s --open-fds %s", ut_program, describe_status(status));
	else
		return WEXITSTATUS(status);
	return -1;
}
