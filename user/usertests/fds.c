/*
 * File descriptors: which number a new one gets, dup, dup2, dup3 and
 * fcntl, the offset and status flags that copies share, what fork copies
 * and execve closes, and the limit on how many a process may have.
 */
#define _GNU_SOURCE	/* dup3 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "cases.h"
#include "ut.h"

/* A file holding "0123456789", open to read and write. */
static int open_digits(const char *name, int flags)
{
	int fd;

	if (write_file(tmp_path(name), "0123456789", 10))
		return -1;
	fd = open(tmp_path(name), O_RDWR | flags);
	if (fd < 0)
		ut_fail("open(%s): %s", tmp_path(name), strerror(errno));
	return fd;
}

/* Reading n bytes from fd gives want. */
static int expect_next(int fd, const char *want, const char *what)
{
	char buf[16] = "";
	size_t n = strlen(want);

	if (read(fd, buf, n) != (ssize_t)n || memcmp(buf, want, n) != 0)
		return ut_fail("%s: read \"%.*s\", expected \"%s\"", what,
			       (int)n, buf, want);
	return 0;
}

/* A new descriptor is the lowest free; a dup shares the offset. */
int fd_dup(void)
{
	int a, b, c, d, bad = 0;

	if (ut_tmpdir() || (a = open_digits("f", 0)) < 0 ||
	    FAILED(b = dup(a)) || FAILED(c = dup(a)) || FAILED(close(b)))
		return 1;
	if ((d = dup(c)) != b)
		return ut_fail("dup gave %d; %d was the lowest free", d, b);
	bad |= expect_next(a, "012", "through the first");
	bad |= expect_next(d, "345", "through a dup");
	if (lseek(c, 1, SEEK_SET) != 1)
		return ut_fail("lseek: %s", strerror(errno));
	bad |= expect_next(a, "1", "after lseek through a dup");
	close(a);
	bad |= expect_next(d, "2", "a dup, after the first closed");
	bad |= EXPECT_ERRNO(dup(a), EBADF);
	bad |= EXPECT_ERRNO(dup(-1), EBADF);
	return bad;
}

int fd_dup2_dup3(void)
{
	int a, other, bad = 0;

	if (ut_tmpdir() || (a = open_digits("f", O_CLOEXEC)) < 0 ||
	    FAILED(other = open("/dev/null", O_RDONLY)))
		return 1;
	if (dup2(a, a) != a || dup2(a, 100) != 100 || dup3(a, 101, O_CLOEXEC) != 101)
		return ut_fail("dup2 to itself or 100, dup3 to 101: %s",
			       strerror(errno));
	/* dup2 onto an open descriptor closes what it was first. */
	if (dup2(a, other) != other)
		return ut_fail("dup2 onto an open descriptor: %s", strerror(errno));
	bad |= expect_next(other, "01", "dup2 onto /dev/null's descriptor");
	bad |= expect_next(100, "23", "the dup2 at 100");
	/* Copies are not close-on-exec, unless dup3 says so. */
	if (fcntl(100, F_GETFD) != 0 || fcntl(other, F_GETFD) != 0 ||
	    fcntl(101, F_GETFD) != FD_CLOEXEC || fcntl(a, F_GETFD) != FD_CLOEXEC)
		return ut_fail("FD_CLOEXEC: dup2 copied it, or dup3 did not set it");
	/* musl's dup3 checks the first itself, and takes flags without
	 * O_CLOEXEC for a dup2. */
	bad |= EXPECT_ERRNO(syscall(SYS_dup3, a, a, 0), EINVAL);
	bad |= EXPECT_ERRNO(syscall(SYS_dup3, a, 102, 1), EINVAL);
	bad |= EXPECT_ERRNO(dup2(a, -1), EBADF);
	bad |= EXPECT_ERRNO(dup2(a, 1 << 30), EBADF);
	close(100);
	bad |= EXPECT_ERRNO(dup2(100, 100), EBADF);
	bad |= EXPECT_ERRNO(dup2(100, 103), EBADF);
	return bad;
}

/* F_GETFD and F_SETFD belong to a descriptor; F_GETFL and F_SETFL to the
 * open file that its dups share. */
int fd_fcntl(void)
{
	int rd, wr, a, b, bad = 0;

	if (ut_tmpdir() || (a = open_digits("f", 0)) < 0 ||
	    FAILED(rd = open(tmp_path("f"), O_RDONLY | O_CLOEXEC)) ||
	    FAILED(wr = open(tmp_path("f"), O_WRONLY)) ||
	    FAILED(b = fcntl(a, F_DUPFD, 20)))
		return 1;
	if ((fcntl(rd, F_GETFL) & O_ACCMODE) != O_RDONLY ||
	    (fcntl(a, F_GETFL) & (O_ACCMODE | O_APPEND)) != O_RDWR ||
	    (fcntl(wr, F_GETFL) & O_ACCMODE) != O_WRONLY)
		return ut_fail("F_GETFL: the access modes are not as opened");
	if (b != 20 || fcntl(b, F_GETFD) != 0 || fcntl(rd, F_GETFD) != FD_CLOEXEC)
		return ut_fail("F_DUPFD from 20 gave %d, FD_CLOEXEC %d and %d",
			       b, fcntl(b, F_GETFD), fcntl(rd, F_GETFD));
	if (fcntl(b, F_SETFD, FD_CLOEXEC) != 0 || fcntl(a, F_GETFD) != 0 ||
	    fcntl(rd, F_SETFD, 0) != 0 || fcntl(rd, F_GETFD) != 0)
		return ut_fail("F_SETFD: not set, or set on the other dup");
	/* O_APPEND set through one dup shows, and acts, through the other;
	 * the access mode cannot be changed. */
	if (fcntl(b, F_SETFL, O_APPEND | O_WRONLY) != 0 ||
	    (fcntl(a, F_GETFL) & (O_ACCMODE | O_APPEND)) != (O_RDWR | O_APPEND))
		return ut_fail("F_SETFL O_APPEND: F_GETFL of a dup gives %#o",
			       fcntl(a, F_GETFL));
	if (lseek(a, 0, SEEK_SET) != 0 || write(a, "A", 1) != 1 ||
	    lseek(a, 0, SEEK_CUR) != 11)
		return ut_fail("a write with O_APPEND set by F_SETFL did not "
			       "append");
	if (FAILED(b = fcntl(a, F_DUPFD_CLOEXEC, 0)) ||
	    fcntl(b, F_GETFD) != FD_CLOEXEC)
		return ut_fail("F_DUPFD_CLOEXEC did not set FD_CLOEXEC");
	close(b);
	bad |= EXPECT_ERRNO(fcntl(b, F_GETFD), EBADF);
	bad |= EXPECT_ERRNO(fcntl(b, F_GETFL), EBADF);
	bad |= EXPECT_ERRNO(fcntl(a, F_DUPFD, -1), EINVAL);
	bad |= EXPECT_ERRNO(fcntl(a, 12345), EINVAL);
	return bad;
}

static int child_writes(void *fd)
{
	int n = write((int)(long)fd, "cd", 2);

	close((int)(long)fd);	/* the parent's stays open */
	return n == 2 ? 0 : 1;
}

static int child_seeks(void *fd)
{
	return lseek((int)(long)fd, 1, SEEK_SET) == 1 ? 0 : 1;
}

/* A child's copy of a descriptor shares the open file, and so its
 * offset, with the parent's. */
int fd_fork_shared(void)
{
	int fd, status;
	char buf[8];

	if (ut_tmpdir() ||
	    FAILED(fd = open(tmp_path("f"), O_RDWR | O_CREAT, 0600)) ||
	    write(fd, "ab", 2) != 2)
		return 1;
	status = run_child(child_writes, (void *)(long)fd);
	if (!exited_with(status, 0))
		return ut_fail("the writing child %s", describe_status(status));
	if (write(fd, "ef", 2) != 2)
		return ut_fail("write after the child closed its copy: %s",
			       strerror(errno));
	status = run_child(child_seeks, (void *)(long)fd);
	if (!exited_with(status, 0))
		return ut_fail("the seeking child %s", describe_status(status));
	if (write(fd, "X", 1) != 1 || pread(fd, buf, sizeof(buf), 0) != 6 ||
	    memcmp(buf, "aXcdef", 6) != 0)
		return ut_fail("the file is not aXcdef: the offset is not shared");
	return 0;
}

/* execve closes the descriptors marked close-on-exec, whichever way they
 * were marked, and only those. */
int fd_cloexec_exec(void)
{
	const char *const what[] = {
		"opened O_CLOEXEC", "opened without", "dup of an O_CLOEXEC one",
		"F_DUPFD_CLOEXEC", "F_SETFD FD_CLOEXEC", "F_SETFD 0",
	};
	const int want = 1 << 1 | 1 << 2 | 1 << 5;	/* which stay open */
	int fd[OPEN_FDS_MAX], got;

	if (ut_tmpdir() || write_file(tmp_path("f"), "", 0) ||
	    FAILED(fd[0] = open(tmp_path("f"), O_RDONLY | O_CLOEXEC)) ||
	    FAILED(fd[1] = open(tmp_path("f"), O_RDONLY)) ||
	    FAILED(fd[2] = dup(fd[0])) ||
	    FAILED(fd[3] = fcntl(fd[1], F_DUPFD_CLOEXEC, 0)) ||
	    FAILED(fd[4] = dup(fd[1])) || FAILED(fd[5] = dup(fd[0])) ||
	    FAILED(fcntl(fd[4], F_SETFD, FD_CLOEXEC)) ||
	    FAILED(fcntl(fd[5], F_SETFD, FD_CLOEXEC)) ||
	    FAILED(fcntl(fd[5], F_SETFD, 0)))
		return 1;
	if ((got = open_after_exec(fd, OPEN_FDS_MAX)) < 0)
		return 1;
	for (int i = 0; i < OPEN_FDS_MAX; i++)
		if ((got ^ want) & 1 << i)
			ut_fail("a descriptor %s is %s after execve", what[i],
				got & 1 << i ? "open" : "closed");
	return got != want;
}

/* Descriptors run out at the RLIMIT_NOFILE soft limit exactly: with all
 * of 0 to limit - 1 open, whatever makes one more fails with EMFILE. */
int fd_emfile(void)
{
	struct rlimit rl;
	int fd, last = -1, p[2], bad = 0;

	if (FAILED(getrlimit(RLIMIT_NOFILE, &rl)))
		return 1;
	/* Never on aspace, but some hosts allow a million. */
	if (rl.rlim_cur > 65536) {
		rl.rlim_cur = 65536;
		if (FAILED(setrlimit(RLIMIT_NOFILE, &rl)))
			return 1;
	}
	while ((fd = open("/dev/null", O_RDONLY)) >= 0)
		last = fd;
	bad |= EXPECT_ERRNO(fd, EMFILE);
	if (last != (int)rl.rlim_cur - 1)
		return ut_fail("the last descriptor was %d, the limit %d", last,
			       (int)rl.rlim_cur);
	for (fd = 0; fd < last; fd++)
		if (!fd_is_open(fd))
			return ut_fail("descriptor %d is not open", fd);
	bad |= EXPECT_ERRNO(dup(0), EMFILE);
	bad |= EXPECT_ERRNO(fcntl(0, F_DUPFD, 0), EMFILE);
	bad |= EXPECT_ERRNO(pipe(p), EMFILE);
	bad |= EXPECT_ERRNO(dup2(0, last + 1), EBADF);
	if (dup2(0, last) != last || close(last / 2) != 0 ||
	    open("/dev/null", O_RDONLY) != last / 2)
		return ut_fail("dup2 onto the last, or open after a close, "
			       "failed: %s", strerror(errno));
	return bad;
}
