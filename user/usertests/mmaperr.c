/*
 * The edges of file mappings, the cases of LTP's mmap and msync tests:
 * past the end of the file, after munmap or close, and the mappings that
 * mmap and mprotect refuse. Refusals go through raw syscall(): musl checks
 * some arguments itself and would fail without asking the kernel.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "cases.h"
#include "ut.h"

#define FLEN (2 * PAGE_SIZE + 100)

/* Beyond the end in the last page: zeros, and writes there, even through
 * a shared mapping, do not make the file longer. */
int mmap_file_eof(void)
{
	static char buf[3 * PAGE_SIZE];
	struct stat st;
	char *p;
	int fd;

	if (ut_tmpdir() || (fd = open_pattern_file("f", FLEN, 1, O_RDWR)) < 0 ||
	    !(p = map_file(3 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
			   fd, 0)))
		return 1;
	if (find_not(p + FLEN, 3 * PAGE_SIZE - FLEN, 0) >= 0)
		return ut_fail("the bytes after the end are not zero");
	p[FLEN + 10] = 'T';
	if (FAILED(msync(p, 3 * PAGE_SIZE, MS_SYNC)) || FAILED(fstat(fd, &st)))
		return 1;
	if (st.st_size != FLEN || pread(fd, buf, sizeof(buf), 0) != FLEN)
		return ut_fail("a write after the end changed the size to %lld",
			       (long long)st.st_size);
	return expect_pattern(buf, FLEN, 1, 0, "the file");
}

/* A page wholly beyond the end of the file cannot be read or written:
 * SIGBUS, not SIGSEGV, as the page is mapped. */
int mmap_file_sigbus(void)
{
	char *private, *shared, *far;
	int fd, bad = 0;

	if (ut_tmpdir() || (fd = open_pattern_file("f", 100, 2, O_RDWR)) < 0 ||
	    !(private = map_file(2 * PAGE_SIZE, PROT_READ, MAP_PRIVATE, fd, 0)) ||
	    !(shared = map_file(2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
				MAP_SHARED, fd, 0)) ||
	    !(far = map_file(PAGE_SIZE, PROT_READ, MAP_SHARED, fd,
			     4 * PAGE_SIZE)))
		return 1;
	if (expect_pattern(private, 100, 2, 0, "the first page") ||
	    find_not(private + 100, PAGE_SIZE - 100, 0) >= 0)
		return ut_fail("the first page is not the file, then zeros");
	bad |= expect_killed(SIGBUS, read_byte_at, private + PAGE_SIZE,
			     "read of a private page beyond the end");
	bad |= expect_killed(SIGBUS, write_byte_at, shared + PAGE_SIZE + 8,
			     "write to a shared page beyond the end");
	bad |= expect_killed(SIGBUS, read_byte_at, far,
			     "read of a mapping at offset 4 pages");
	return bad;
}

/* A mapping keeps its file: it works with the descriptor closed and the
 * name gone. */
int mmap_file_closed(void)
{
	char *p;
	int fd;

	if (ut_tmpdir() || (fd = open_pattern_file("f", FLEN, 3, O_RDWR)) < 0 ||
	    !(p = map_file(FLEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) ||
	    FAILED(close(fd)) || FAILED(unlink(tmp_path("f"))))
		return 1;
	if (expect_pattern(p, FLEN, 3, 0, "mapping after close and unlink"))
		return 1;
	memset(p, 'w', FLEN);
	if (find_not(p, FLEN, 'w') >= 0)
		return ut_fail("writes to the mapping did not stick");
	return FAILED(munmap(p, FLEN));
}

int mmap_file_munmap(void)
{
	char *p;
	int fd;

	if (ut_tmpdir() || (fd = open_pattern_file("f", FLEN, 4, O_RDONLY)) < 0 ||
	    !(p = map_file(FLEN, PROT_READ, MAP_SHARED, fd, 0)) ||
	    FAILED(munmap(p, FLEN)))
		return 1;
	return expect_killed(SIGSEGV, read_byte_at, p + PAGE_SIZE,
			     "read after munmap");
}

static long sys_mmap(size_t len, int prot, int flags, int fd, long off)
{
	return syscall(SYS_mmap, NULL, len, prot, flags, fd, off);
}

#define RW (PROT_READ | PROT_WRITE)

/* Access the descriptor does not give, descriptors that are not files
 * that map, offsets and lengths that are not allowed. */
int mmap_file_errors(void)
{
	int rd, wr, dir, p[2], closed, bad = 0;
	char *ro;

	if (ut_tmpdir() || (rd = open_pattern_file("f", FLEN, 5, O_RDONLY)) < 0 ||
	    FAILED(wr = open(tmp_path("f"), O_WRONLY)) ||
	    FAILED(dir = open(tmp_path("."), O_RDONLY | O_DIRECTORY)) ||
	    FAILED(pipe(p)) || FAILED(closed = dup(rd)) || FAILED(close(closed)))
		return 1;
	bad |= EXPECT_ERRNO(sys_mmap(PAGE_SIZE, RW, MAP_SHARED, rd, 0), EACCES);
	bad |= EXPECT_ERRNO(sys_mmap(PAGE_SIZE, PROT_WRITE, MAP_SHARED, rd, 0),
			    EACCES);
	bad |= EXPECT_ERRNO(sys_mmap(PAGE_SIZE, PROT_READ, MAP_PRIVATE, wr, 0),
			    EACCES);
	bad |= EXPECT_ERRNO(sys_mmap(PAGE_SIZE, RW, MAP_SHARED, wr, 0), EACCES);
	bad |= EXPECT_ERRNO(sys_mmap(PAGE_SIZE, PROT_READ, MAP_PRIVATE, closed, 0),
			    EBADF);
	bad |= EXPECT_ERRNO(sys_mmap(PAGE_SIZE, PROT_READ, MAP_PRIVATE, -1, 0),
			    EBADF);
	bad |= EXPECT_ERRNO(sys_mmap(PAGE_SIZE, PROT_READ, MAP_PRIVATE, dir, 0),
			    ENODEV);
	bad |= EXPECT_ERRNO(sys_mmap(PAGE_SIZE, PROT_READ, MAP_SHARED, p[0], 0),
			    ENODEV);
	bad |= EXPECT_ERRNO(sys_mmap(PAGE_SIZE, PROT_READ, MAP_PRIVATE, rd,
				     PAGE_SIZE / 2), EINVAL);
	bad |= EXPECT_ERRNO(sys_mmap(0, PROT_READ, MAP_PRIVATE, rd, 0), EINVAL);
	bad |= EXPECT_ERRNO(sys_mmap(PAGE_SIZE, PROT_READ, 0, rd, 0), EINVAL);
	bad |= EXPECT_ERRNO(syscall(SYS_mmap, PAGE_SIZE + 1, PAGE_SIZE,
				    PROT_READ, MAP_PRIVATE | MAP_FIXED, rd, 0),
			    EINVAL);
	/* A shared mapping of a read-only descriptor can never be writable;
	 * a private one can. */
	if (!(ro = map_file(PAGE_SIZE, PROT_READ, MAP_SHARED, rd, 0)))
		return 1;
	bad |= EXPECT_ERRNO(mprotect(ro, PAGE_SIZE, RW), EACCES);
	if (!(ro = map_file(PAGE_SIZE, PROT_READ, MAP_PRIVATE, rd, 0)) ||
	    FAILED(mprotect(ro, PAGE_SIZE, RW)))
		return 1;
	return bad;
}

/* msync flushes a shared mapping (already the file's: there is no disk);
 * it must accept what Linux accepts and refuse what Linux refuses. */
int mmap_file_msync(void)
{
	char *p, *hole, c;
	int fd, bad = 0;

	if (ut_tmpdir() || (fd = open_pattern_file("f", FLEN, 6, O_RDWR)) < 0 ||
	    !(p = map_file(FLEN, RW, MAP_SHARED, fd, 0)) ||
	    !(hole = unmapped_page()))
		return 1;
	p[PAGE_SIZE] = 's';
	if (FAILED(msync(p, FLEN, MS_SYNC)) || FAILED(msync(p, FLEN, MS_ASYNC)) ||
	    FAILED(msync(p + PAGE_SIZE, PAGE_SIZE, MS_SYNC | MS_INVALIDATE)))
		return 1;
	if (pread(fd, &c, 1, PAGE_SIZE) != 1 || c != 's')
		return ut_fail("after msync, read() does not see the write");
	bad |= EXPECT_ERRNO(msync(p + 1, PAGE_SIZE, MS_SYNC), EINVAL);
	bad |= EXPECT_ERRNO(msync(p, PAGE_SIZE, MS_SYNC | MS_ASYNC), EINVAL);
	bad |= EXPECT_ERRNO(msync(p, PAGE_SIZE, 0x100), EINVAL);
	bad |= EXPECT_ERRNO(msync(hole, PAGE_SIZE, MS_SYNC), ENOMEM);
	return bad;
}
