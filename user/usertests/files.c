/*
 * Files through the VFS: open's flags, read and write, the file offset
 * and lseek, holes, pread and pwrite. Each case works in a directory of
 * its own (ut_tmpdir), which the runner removes.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cases.h"
#include "ut.h"

/* Reads up to len bytes, going on after short reads until EOF; the count,
 * or -1 after saying why. */
static long read_all(int fd, char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);

		if (n < 0) {
			ut_fail("read: %s", strerror(errno));
			return -1;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (long)got;
}

/* What fd reads from its offset to EOF is want, no more and no less. */
static int expect_rest(int fd, const char *want, const char *what)
{
	char buf[256];
	long n = read_all(fd, buf, sizeof(buf));

	if (n < 0)
		return 1;
	if ((size_t)n != strlen(want) || memcmp(buf, want, (size_t)n) != 0)
		return ut_fail("%s: read \"%.*s\", expected \"%s\"", what,
			       (int)n, buf, want);
	return 0;
}

static int expect_file(const char *path, const char *want)
{
	int fd = open(path, O_RDONLY), bad;

	if (FAILED(fd))
		return 1;
	bad = expect_rest(fd, want, path);
	close(fd);
	return bad;
}

static int expect_offset(int fd, off_t want, const char *what)
{
	off_t at = lseek(fd, 0, SEEK_CUR);

	if (at != want)
		return ut_fail("%s: the offset is %lld, expected %lld", what,
			       (long long)at, (long long)want);
	return 0;
}

static int expect_size(int fd, off_t want, const char *what)
{
	struct stat st;

	if (FAILED(fstat(fd, &st)))
		return 1;
	if (st.st_size != want)
		return ut_fail("%s: st_size %lld, expected %lld", what,
			       (long long)st.st_size, (long long)want);
	return 0;
}

/* Create, write, read back at EOF and from the start, close, reopen. */
int file_create_rw(void)
{
	const char *f;
	char buf[4];
	int fd, bad = 0;

	if (ut_tmpdir())
		return 1;
	f = tmp_path("f");
	if (FAILED(fd = open(f, O_RDWR | O_CREAT | O_EXCL, 0600)))
		return 1;
	if (write(fd, "hello, world", 12) != 12)
		return ut_fail("write of 12 bytes: %s", strerror(errno));
	if (read(fd, buf, sizeof(buf)) != 0)
		return ut_fail("read at EOF did not give 0");
	if (write(fd, buf, 0) != 0)
		return ut_fail("write of 0 bytes did not give 0");
	if (lseek(fd, 0, SEEK_SET) != 0)
		return ut_fail("lseek to 0: %s", strerror(errno));
	bad |= expect_rest(fd, "hello, world", "after lseek to 0");
	if (FAILED(close(fd)))
		return 1;
	bad |= EXPECT_ERRNO(close(fd), EBADF);
	bad |= EXPECT_ERRNO(read(fd, buf, 1), EBADF);
	return bad | expect_file(f, "hello, world");
}

/* O_EXCL, O_TRUNC, O_APPEND, O_DIRECTORY, and the access mode. */
int file_open_flags(void)
{
	const char *f;
	int fd, fd2, bad = 0;
	char c;

	if (ut_tmpdir())
		return 1;
	f = tmp_path("f");
	if (write_file(f, "abc", 3))
		return 1;
	bad |= EXPECT_ERRNO(open(f, O_RDWR | O_CREAT | O_EXCL, 0600), EEXIST);
	/* O_CREAT alone opens the file that is there, as it is. */
	if (FAILED(fd = open(f, O_RDONLY | O_CREAT, 0600)))
		return 1;
	bad |= expect_rest(fd, "abc", "O_CREAT of an existing file");
	bad |= EXPECT_ERRNO(write(fd, "x", 1), EBADF);
	close(fd);

	/* Every write goes to the end, wherever the offset was put. */
	if (FAILED(fd = open(f, O_WRONLY | O_APPEND)) ||
	    FAILED(fd2 = open(f, O_WRONLY | O_APPEND)))
		return 1;
	lseek(fd, 0, SEEK_SET);
	if (write(fd, "de", 2) != 2 || write(fd2, "f", 1) != 1 ||
	    write(fd, "g", 1) != 1)
		return ut_fail("O_APPEND writes: %s", strerror(errno));
	bad |= expect_offset(fd, 7, "after O_APPEND writes");
	bad |= EXPECT_ERRNO(read(fd, &c, 1), EBADF);
	bad |= expect_file(f, "abcdefg");
	close(fd);
	close(fd2);

	if (FAILED(fd = open(f, O_RDWR | O_TRUNC)))
		return 1;
	bad |= expect_size(fd, 0, "after O_TRUNC");
	close(fd);

	bad |= EXPECT_ERRNO(open(f, O_RDONLY | O_DIRECTORY), ENOTDIR);
	if (FAILED(fd = open(tmp_path("."), O_RDONLY | O_DIRECTORY)))
		return 1;
	close(fd);
	return bad;
}

/* SEEK_SET, SEEK_CUR and SEEK_END, and the offsets lseek refuses. */
int file_lseek(void)
{
	const char *f;
	char buf[2];
	int fd, bad = 0;

	if (ut_tmpdir())
		return 1;
	f = tmp_path("f");
	if (write_file(f, "0123456789", 10) ||
	    FAILED(fd = open(f, O_RDONLY)))
		return 1;
	if (lseek(fd, 3, SEEK_SET) != 3 || read(fd, buf, 2) != 2 ||
	    memcmp(buf, "34", 2) != 0)
		return ut_fail("lseek(3, SEEK_SET) then read 2 did not give 34");
	if (lseek(fd, -1, SEEK_CUR) != 4 || lseek(fd, 0, SEEK_CUR) != 4)
		return ut_fail("lseek(-1, SEEK_CUR) did not go back to 4");
	if (lseek(fd, 0, SEEK_END) != 10 || lseek(fd, -3, SEEK_END) != 7)
		return ut_fail("lseek(0 or -3, SEEK_END): not 10 and 7");
	bad |= expect_rest(fd, "789", "from SEEK_END - 3");
	bad |= EXPECT_ERRNO(lseek(fd, -1, SEEK_SET), EINVAL);
	bad |= EXPECT_ERRNO(lseek(fd, -11, SEEK_END), EINVAL);
	bad |= EXPECT_ERRNO(lseek(fd, -100, SEEK_CUR), EINVAL);
	bad |= EXPECT_ERRNO(lseek(fd, 0, 42), EINVAL);
	bad |= expect_offset(fd, 10, "after the refused lseeks");
	/* Beyond EOF is allowed, and reads nothing there. */
	if (lseek(fd, 1000, SEEK_SET) != 1000 || read(fd, buf, 1) != 0)
		return ut_fail("lseek to 1000 then read did not give EOF");
	bad |= expect_size(fd, 10, "after lseek beyond EOF");
	close(fd);
	return bad | EXPECT_ERRNO(lseek(fd, 0, SEEK_SET), EBADF);
}

#define HOLE (3 * PAGE_SIZE + 100)

/* A write beyond EOF leaves a hole that reads as zeros. */
int file_hole(void)
{
	static char buf[HOLE + 16];
	int fd, bad = 0;
	long n, at;

	if (ut_tmpdir() || FAILED(fd = open(tmp_path("f"), O_RDWR | O_CREAT,
					    0600)))
		return 1;
	if (lseek(fd, HOLE, SEEK_SET) != HOLE || write(fd, "end", 3) != 3)
		return ut_fail("lseek beyond EOF and write: %s", strerror(errno));
	bad |= expect_size(fd, HOLE + 3, "after the write");
	memset(buf, 'x', sizeof(buf));
	if (lseek(fd, 0, SEEK_SET) != 0 || (n = read_all(fd, buf, sizeof(buf))) < 0)
		return 1;
	if (n != HOLE + 3 || memcmp(buf + HOLE, "end", 3) != 0)
		return ut_fail("read %ld bytes, expected %d ending in \"end\"",
			       n, HOLE + 3);
	if ((at = find_not(buf, HOLE, 0)) >= 0)
		return ut_fail("byte %ld of the hole is %d, not 0", at, buf[at]);
	return bad;
}

/* pread and pwrite at an offset of their own, leaving the file's. */
int file_pread_pwrite(void)
{
	static const char want[] = "0123AB6789\0\0Z";
	const char *f;
	char buf[16];
	int fd, bad = 0;

	if (ut_tmpdir())
		return 1;
	f = tmp_path("f");
	if (write_file(f, "0123456789", 10) ||
	    FAILED(fd = open(f, O_RDWR)) || FAILED(lseek(fd, 2, SEEK_SET)))
		return 1;
	if (pread(fd, buf, 3, 5) != 3 || memcmp(buf, "567", 3) != 0)
		return ut_fail("pread(3 bytes at 5) did not give 567");
	if (pread(fd, buf, sizeof(buf), 8) != 2 || pread(fd, buf, 1, 10) != 0)
		return ut_fail("pread at the end: not 2 bytes, then EOF");
	if (pwrite(fd, "AB", 2, 4) != 2 || pwrite(fd, "Z", 1, 12) != 1)
		return ut_fail("pwrite: %s", strerror(errno));
	bad |= expect_offset(fd, 2, "after pread and pwrite");
	/* The second pwrite, beyond EOF, left a hole of two bytes. */
	if (pread(fd, buf, sizeof(buf), 0) != sizeof(want) - 1 ||
	    memcmp(buf, want, sizeof(want) - 1) != 0)
		return ut_fail("the file is not 0123AB6789, two NULs, Z");
	bad |= EXPECT_ERRNO(pread(fd, buf, 1, -1), EINVAL);
	bad |= EXPECT_ERRNO(pwrite(fd, buf, 1, -1), EINVAL);
	close(fd);
	if (FAILED(fd = open(f, O_WRONLY | O_APPEND)))
		return 1;
	bad |= EXPECT_ERRNO(pread(fd, buf, 1, 0), EBADF);
	/* Linux's documented exception: with O_APPEND, pwrite appends. */
	if (pwrite(fd, "!", 1, 0) != 1)
		return ut_fail("pwrite on an O_APPEND file: %s", strerror(errno));
	close(fd);
	if (FAILED(fd = open(f, O_RDONLY)))
		return 1;
	if (pread(fd, buf, 2, 0) != 2 || pread(fd, buf + 2, 2, 12) != 2 ||
	    memcmp(buf, "01Z!", 4) != 0)
		return ut_fail("pwrite(\"!\", offset 0) on an O_APPEND file did "
			       "not append");
	close(fd);
	return bad;
}
