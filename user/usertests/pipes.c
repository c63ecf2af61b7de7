/*
 * Pipes: bytes in order between processes, EOF once every write end is
 * closed, writers blocked while the pipe is full, SIGPIPE and EPIPE when
 * every read end is, non-blocking ends, and the calls a pipe refuses.
 */
#define _GNU_SOURCE	/* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>	/* PIPE_BUF */
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cases.h"
#include "ut.h"

/* Reads until len bytes or EOF; the count, or -1 after saying why. */
static long read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, (char *)buf + got, len - got);

		if (n < 0) {
			ut_fail("read from a pipe: %s", strerror(errno));
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (long)got;
}

static int write_full(int fd, const void *buf, size_t len)
{
	for (size_t done = 0; done < len;) {
		ssize_t n = write(fd, (const char *)buf + done, len - done);

		if (n <= 0)
			return ut_fail("write to a pipe: %s",
				       n ? strerror(errno) : "wrote nothing");
		done += (size_t)n;
	}
	return 0;
}

/* One process: what goes in comes out, a read takes what there is; the
 * ends are a FIFO's, each open one way only. */
int pipe_basic(void)
{
	char buf[16];
	struct stat st;
	int p[2], bad = 0;

	if (FAILED(pipe(p)))
		return 1;
	if (write(p[1], "hello", 5) != 5 || read(p[0], buf, sizeof(buf)) != 5 ||
	    memcmp(buf, "hello", 5) != 0)
		return ut_fail("5 bytes written did not read back as a 5-byte read");
	for (int i = 0; i < 2; i++)
		if (FAILED(fstat(p[i], &st)) || !S_ISFIFO(st.st_mode))
			return ut_fail("fstat of end %d: not S_ISFIFO", i);
	if ((fcntl(p[0], F_GETFL) & O_ACCMODE) != O_RDONLY ||
	    (fcntl(p[1], F_GETFL) & O_ACCMODE) != O_WRONLY)
		return ut_fail("F_GETFL: the ends are not O_RDONLY and O_WRONLY");
	bad |= EXPECT_ERRNO(read(p[1], buf, 1), EBADF);
	bad |= EXPECT_ERRNO(write(p[0], "x", 1), EBADF);
	bad |= EXPECT_ERRNO(lseek(p[0], 0, SEEK_SET), ESPIPE);
	bad |= EXPECT_ERRNO(lseek(p[1], 0, SEEK_CUR), ESPIPE);
	bad |= EXPECT_ERRNO(pread(p[0], buf, 1, 0), ESPIPE);
	bad |= EXPECT_ERRNO(pwrite(p[1], "x", 1, 0), ESPIPE);
	return bad;
}

/* The array pipe fills in, at a bad address; flags pipe2 does not know. */
int pipe_errors(void)
{
	char *hole = unmapped_page();
	int p[2], bad = 0;

	if (!hole)
		return 1;
	bad |= EXPECT_ERRNO(syscall(SYS_pipe, hole), EFAULT);
	bad |= EXPECT_ERRNO(syscall(SYS_pipe2, NULL, 0), EFAULT);
	bad |= EXPECT_ERRNO(syscall(SYS_pipe2, hole, O_CLOEXEC), EFAULT);
	bad |= EXPECT_ERRNO(pipe2(p, O_RDWR), EINVAL);
	bad |= EXPECT_ERRNO(pipe2(p, O_APPEND), EINVAL);
	return bad;
}

/* pipe2(O_CLOEXEC) marks both ends, and execve closes them. */
int pipe_cloexec(void)
{
	int fds[4], got;

	if (FAILED(pipe2(fds, O_CLOEXEC)) || FAILED(pipe(fds + 2)))
		return 1;
	if (fcntl(fds[0], F_GETFD) != FD_CLOEXEC ||
	    fcntl(fds[1], F_GETFD) != FD_CLOEXEC || fcntl(fds[2], F_GETFD) != 0)
		return ut_fail("FD_CLOEXEC not set by pipe2(O_CLOEXEC) only");
	if ((got = open_after_exec(fds, 4)) < 0)
		return 1;
	if (got != (1 << 2 | 1 << 3))
		return ut_fail("after execve, open ends: %#x, expected the plain "
			       "pipe's only (0xc)", got);
	return 0;
}

#define MESSAGE "a message from the child"

static int send_message(void *p)
{
	int *fd = p;

	close(fd[0]);
	sleep_ms(20);	/* the parent is blocked in read by now, or soon */
	return write_full(fd[1], MESSAGE, strlen(MESSAGE));
}

/* The parent reads what the child wrote, then EOF: the child's end was
 * the last write end, and the child's exit closed it. */
int pipe_parent_child(void)
{
	char buf[64];
	int p[2], status;
	pid_t pid;
	long n;

	if (FAILED(pipe(p)) || (pid = ut_fork()) < 0)
		return 1;
	if (pid == 0)
		_exit(send_message(p));
	close(p[1]);
	n = read_full(p[0], buf, sizeof(buf));
	status = ut_wait(pid);
	if (!exited_with(status, 0))
		return ut_fail("the child %s", describe_status(status));
	if (n != (long)strlen(MESSAGE) || memcmp(buf, MESSAGE, (size_t)n) != 0)
		return ut_fail("read %ld bytes, not the message and EOF", n);
	return 0;
}

#define STREAM_LEN (1L << 20)

static unsigned char stream_byte(long i)
{
	return (unsigned char)(i % 251 + (i >> 16));
}

/* Chunk sizes that wander, so that reads and writes rarely line up. */
static size_t chunk(unsigned *state, size_t max)
{
	*state = *state * 1103515245 + 12345;
	return (*state >> 8) % max + 1;
}

static int write_stream(void *p)
{
	static unsigned char buf[8192];
	int *fd = p;
	unsigned state = 1;

	close(fd[0]);
	for (long i = 0; i < STREAM_LEN;) {
		size_t n = chunk(&state, sizeof(buf));

		if (n > (size_t)(STREAM_LEN - i))
			n = (size_t)(STREAM_LEN - i);
		for (size_t k = 0; k < n; k++)
			buf[k] = stream_byte(i + (long)k);
		if (write_full(fd[1], buf, n))
			return 1;
		i += (long)n;
	}
	return 0;
}

/* A child writes 1 MiB, far more than a pipe holds: it cannot finish
 * before the parent reads. Then every byte arrives, in order. */
int pipe_1mib(void)
{
	static unsigned char buf[5000];
	unsigned state = 7;
	long total = 0, n;
	int p[2], status;
	pid_t pid;

	if (FAILED(pipe(p)) || (pid = ut_fork()) < 0)
		return 1;
	if (pid == 0)
		_exit(write_stream(p));
	close(p[1]);
	sleep_ms(50);
	if (waitpid(pid, &status, WNOHANG) != 0)
		return ut_fail("with nobody reading, the writer %s",
			       describe_status(status));
	while ((n = read(p[0], buf, chunk(&state, sizeof(buf)))) > 0) {
		for (long k = 0; k < n; k++)
			if (buf[k] != stream_byte(total + k))
				return ut_fail("byte %ld is %d, expected %d",
					       total + k, buf[k],
					       stream_byte(total + k));
		total += n;
	}
	status = ut_wait(pid);
	if (n < 0 || total != STREAM_LEN || !exited_with(status, 0))
		return ut_fail("read %ld bytes (%s); the writer %s", total,
			       n < 0 ? strerror(errno) : "then EOF",
			       describe_status(status));
	return 0;
}

#define RECORD 100	/* at most PIPE_BUF: each write is atomic */
#define RECORDS 500

struct writer {
	int *pipe;
	char mark;	/* what its records are made of */
};

static int write_records(void *arg)
{
	const struct writer *w = arg;
	char record[RECORD];

	close(w->pipe[0]);
	memset(record, w->mark, sizeof(record));
	for (int i = 0; i < RECORDS; i++)
		if (write(w->pipe[1], record, sizeof(record)) != sizeof(record))
			return 1;
	return 0;
}

/* Two writers at once: the records of one never mix with the other's. */
int pipe_atomic(void)
{
	static char all[2 * RECORDS * RECORD + 1];
	int p[2], count[2] = { 0, 0 }, bad = 0;
	pid_t pid[2];
	long n;

	if (FAILED(pipe(p)))
		return 1;
	for (int i = 0; i < 2; i++) {
		struct writer w = { p, (char)('a' + i) };

		if ((pid[i] = ut_fork()) < 0)
			return 1;
		if (pid[i] == 0)
			_exit(write_records(&w));
	}
	close(p[1]);
	n = read_full(p[0], all, sizeof(all));
	for (int i = 0; i < 2; i++)
		if (!exited_with(ut_wait(pid[i]), 0))
			bad = ut_fail("writer %d failed", i);
	if (n != 2 * RECORDS * RECORD)
		return ut_fail("read %ld bytes, expected %d", n,
			       2 * RECORDS * RECORD);
	for (long r = 0; r < 2 * RECORDS; r++) {
		char c = all[r * RECORD];

		if ((c != 'a' && c != 'b') ||
		    find_not(all + r * RECORD, RECORD, c) >= 0)
			return ut_fail("record %ld is mixed", r);
		count[c - 'a']++;
	}
	if (count[0] != RECORDS || count[1] != RECORDS)
		return ut_fail("%d and %d records", count[0], count[1]);
	return bad;
}

/* O_NONBLOCK: EAGAIN instead of waiting, to read an empty pipe or write
 * a full one. Room for PIPE_BUF bytes comes back once that much is read. */
int pipe_nonblock(void)
{
	static char buf[PIPE_BUF];
	long total = 0;
	int p[2], copy, bad = 0;
	ssize_t n;

	if (FAILED(pipe2(p, O_NONBLOCK)))
		return 1;
	if (!(fcntl(p[0], F_GETFL) & O_NONBLOCK))
		return ut_fail("F_GETFL does not show O_NONBLOCK");
	bad |= EXPECT_ERRNO(read(p[0], buf, 1), EAGAIN);
	while ((n = write(p[1], buf, 1024)) == 1024 && total < STREAM_LEN)
		total += n;
	bad |= EXPECT_ERRNO(n, EAGAIN);
	if (total < PIPE_BUF || total >= STREAM_LEN)
		return ut_fail("the pipe took %ld bytes", total);
	if (read_full(p[0], buf, PIPE_BUF) != PIPE_BUF ||
	    write(p[1], buf, PIPE_BUF) != PIPE_BUF)
		return ut_fail("after reading %d bytes, %d could not be written",
			       PIPE_BUF, PIPE_BUF);
	/* A copy of the write end keeps EOF away. */
	if (FAILED(copy = dup(p[1])) || FAILED(close(p[1])))
		return 1;
	while ((n = read(p[0], buf, sizeof(buf))) > 0)
		;
	bad |= EXPECT_ERRNO(n, EAGAIN);
	close(copy);
	if (read(p[0], buf, 1) != 0)
		return ut_fail("no EOF with every write end closed");
	return bad;
}

static int write_to_closed_pipe(void *arg)
{
	int p[2];

	(void)arg;
	if (pipe(p) != 0 || close(p[0]) != 0)
		return 2;
	write(p[1], "x", 1);
	return errno == EPIPE ? 0 : 1;
}

static volatile sig_atomic_t sigpipes;

static void count_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

/* A write with no read end left kills with SIGPIPE; a process that
 * ignores or handles SIGPIPE gets EPIPE instead. */
int pipe_sigpipe(void)
{
	int status = run_child(write_to_closed_pipe, NULL);

	if (!killed_by(status, SIGPIPE))
		return ut_fail("SIGPIPE not handled: the writer %s",
			       describe_status(status));
	signal(SIGPIPE, SIG_IGN);
	status = run_child(write_to_closed_pipe, NULL);
	if (!exited_with(status, 0))
		return ut_fail("SIGPIPE ignored: the writer %s (1: no EPIPE)",
			       describe_status(status));
	signal(SIGPIPE, count_sigpipe);
	if (write_to_closed_pipe(NULL) != 0 || sigpipes != 1)
		return ut_fail("SIGPIPE handled: EPIPE %s, %d signals",
			       errno == EPIPE ? "given" : "not given",
			       sigpipes);
	return 0;
}

#define ROUNDS 200

/* Two pipes, a number passed back and forth, each side adding one. */
int pipe_ping_pong(void)
{
	int to_child[2], to_parent[2], n = 0, status;
	pid_t pid;

	if (FAILED(pipe(to_child)) || FAILED(pipe(to_parent)) ||
	    (pid = ut_fork()) < 0)
		return 1;
	if (pid == 0) {
		/* Else the parent's closing its end would not be EOF. */
		close(to_child[1]);
		close(to_parent[0]);
		while (read_full(to_child[0], &n, sizeof(n)) == sizeof(n)) {
			n++;
			if (write_full(to_parent[1], &n, sizeof(n)))
				_exit(1);
		}
		_exit(0);
	}
	close(to_child[0]);
	close(to_parent[1]);
	for (int i = 0; i < ROUNDS; i++) {
		n++;
		if (write_full(to_child[1], &n, sizeof(n)) ||
		    read_full(to_parent[0], &n, sizeof(n)) != sizeof(n))
			return ut_fail("round %d: the child is gone", i);
	}
	close(to_child[1]);
	status = ut_wait(pid);
	if (n != 2 * ROUNDS || !exited_with(status, 0))
		return ut_fail("the count is %d, expected %d; the child %s", n,
			       2 * ROUNDS, describe_status(status));
	return 0;
}
