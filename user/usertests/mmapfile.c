/*
 * Files mapped into memory, the cases of xv6's mmaptest: a private mapping
 * shows the file and keeps its writes to itself; a shared one writes the
 * file, at once for read() and for every other mapping of it, and for good
 * once unmapped. Mappings outlive the descriptor, split when partly
 * unmapped, and are inherited by fork, shared or copied.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cases.h"
#include "ut.h"

/* What the file holds now, read() from offset. */
static int expect_file_pattern(int fd, size_t len, unsigned seed, off_t from,
			       const char *what)
{
	static unsigned char buf[PATTERN_FILE_MAX];

	if (pread(fd, buf, len, from) != (ssize_t)len)
		return ut_fail("%s: pread: %s", what, strerror(errno));
	return expect_pattern(buf, len, seed, (size_t)from, what);
}

/* A file that ends in the middle of its third page. */
#define FLEN (2 * PAGE_SIZE + 100)

/* The file's bytes, zeros after its end to the end of the page; and from
 * an offset, the bytes from there. */
int mmap_file_read(void)
{
	char *p, *q;
	int fd;

	if (ut_tmpdir() || (fd = open_pattern_file("f", FLEN, 1, O_RDONLY)) < 0 ||
	    !(p = map_file(3 * PAGE_SIZE, PROT_READ, MAP_PRIVATE, fd, 0)) ||
	    !(q = map_file(2 * PAGE_SIZE, PROT_READ, MAP_SHARED, fd, PAGE_SIZE)))
		return 1;
	if (expect_pattern(p, FLEN, 1, 0, "private mapping") ||
	    expect_pattern(q, FLEN - PAGE_SIZE, 1, PAGE_SIZE,
			   "mapping from offset PAGE_SIZE"))
		return 1;
	if (find_not(p + FLEN, 3 * PAGE_SIZE - FLEN, 0) >= 0 ||
	    find_not(q + FLEN - PAGE_SIZE, 3 * PAGE_SIZE - FLEN, 0) >= 0)
		return ut_fail("the end of the last page is not zero");
	return 0;
}

/* Writes to a private mapping, even of a file open read-only, stay in
 * the mapping: read() and other mappings see the file as it was. */
int mmap_file_private(void)
{
	char *p, *q;
	int fd;

	if (ut_tmpdir() || (fd = open_pattern_file("f", FLEN, 2, O_RDONLY)) < 0 ||
	    !(p = map_file(FLEN, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0)) ||
	    !(q = map_file(FLEN, PROT_READ, MAP_PRIVATE, fd, 0)))
		return 1;
	for (size_t off = 0; off < FLEN; off += PAGE_SIZE)
		memset(p + off, 'X', 10);
	if (p[PAGE_SIZE + 9] != 'X' || p[PAGE_SIZE + 10] == 'X')
		return ut_fail("the private mapping does not show its writes");
	if (expect_file_pattern(fd, FLEN, 2, 0, "read() after private writes") ||
	    expect_pattern(q, FLEN, 2, 0, "another private mapping"))
		return 1;
	/* PROT_READ made writable later: the same. */
	if (FAILED(mprotect(q, PAGE_SIZE, PROT_READ | PROT_WRITE)))
		return 1;
	q[0] = 'Y';
	if (FAILED(munmap(p, FLEN)) || FAILED(munmap(q, FLEN)))
		return 1;
	return expect_file_pattern(fd, FLEN, 2, 0, "read() after munmap");
}

/* Writes to a shared mapping are the file's: read() sees them at once,
 * and so does whoever opens the file after munmap and close. */
int mmap_file_shared(void)
{
	char *p, buf[8];
	int fd;

	if (ut_tmpdir() || (fd = open_pattern_file("f", FLEN, 3, O_RDWR)) < 0 ||
	    !(p = map_file(FLEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)))
		return 1;
	memcpy(p + 100, "first", 5);
	memcpy(p + 2 * PAGE_SIZE + 95, "last", 5);	/* NUL at FLEN - 1 */
	if (pread(fd, buf, 5, 100) != 5 || memcmp(buf, "first", 5) != 0)
		return ut_fail("read() does not see a write to the mapping");
	if (FAILED(munmap(p, FLEN)) || FAILED(close(fd)) ||
	    FAILED(fd = open(tmp_path("f"), O_RDONLY)))
		return 1;
	if (pread(fd, buf, 5, 100) != 5 || memcmp(buf, "first", 5) != 0 ||
	    pread(fd, buf, 8, 2 * PAGE_SIZE + 95) != 5 ||
	    memcmp(buf, "last", 5) != 0)
		return ut_fail("after munmap and close, the writes are lost");
	return expect_file_pattern(fd, 100, 3, 0, "the bytes not written");
}

/* Two shared mappings of one file, through two opens, and read() and
 * write() on it: all one page cache. */
int mmap_file_coherent(void)
{
	char *p, *q, buf[4];
	int fd, fd2;

	if (ut_tmpdir() || (fd = open_pattern_file("f", FLEN, 4, O_RDWR)) < 0 ||
	    FAILED(fd2 = open(tmp_path("f"), O_RDWR)) ||
	    !(p = map_file(FLEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) ||
	    !(q = map_file(FLEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0)))
		return 1;
	p[PAGE_SIZE] = 'p';
	q[PAGE_SIZE + 1] = 'q';
	if (q[PAGE_SIZE] != 'p' || p[PAGE_SIZE + 1] != 'q')
		return ut_fail("two shared mappings do not see each other's "
			       "writes");
	if (pwrite(fd, "w", 1, 2 * PAGE_SIZE) != 1 || p[2 * PAGE_SIZE] != 'w' ||
	    q[2 * PAGE_SIZE] != 'w')
		return ut_fail("the mappings do not see a write()");
	if (pread(fd2, buf, 2, PAGE_SIZE) != 2 || memcmp(buf, "pq", 2) != 0)
		return ut_fail("read() does not see the mappings' writes");
	return 0;
}

/* Unmapping the first page of two leaves the second mapped. */
int mmap_file_partial_unmap(void)
{
	char *p;
	int fd;

	if (ut_tmpdir() ||
	    (fd = open_pattern_file("f", 2 * PAGE_SIZE, 5, O_RDONLY)) < 0 ||
	    !(p = map_file(2 * PAGE_SIZE, PROT_READ, MAP_PRIVATE, fd, 0)) ||
	    FAILED(munmap(p, PAGE_SIZE)))
		return 1;
	if (expect_pattern(p + PAGE_SIZE, PAGE_SIZE, 5, PAGE_SIZE,
			   "the page left mapped"))
		return 1;
	return expect_killed(SIGSEGV, read_byte_at, p,
			     "read of the unmapped first page");
}

/* Two files mapped at once, each written through its own mapping. */
int mmap_two_files(void)
{
	char *p, *q, a = 0, b = 0;
	int fd, fd2;

	if (ut_tmpdir() || (fd = open_pattern_file("f", FLEN, 6, O_RDWR)) < 0 ||
	    (fd2 = open_pattern_file("g", PAGE_SIZE, 7, O_RDWR)) < 0 ||
	    !(p = map_file(FLEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) ||
	    !(q = map_file(PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0)))
		return 1;
	if (expect_pattern(p, FLEN, 6, 0, "the first file") ||
	    expect_pattern(q, PAGE_SIZE, 7, 0, "the second file"))
		return 1;
	p[0] = 'f';
	q[0] = 'g';
	if (FAILED(munmap(p, FLEN)) || FAILED(munmap(q, PAGE_SIZE)))
		return 1;
	if (pread(fd, &a, 1, 0) != 1 || pread(fd2, &b, 1, 0) != 1 ||
	    a != 'f' || b != 'g')
		return ut_fail("a write did not reach its own file");
	return 0;
}

static char *fork_shared, *fork_private;

static int child_writes_both(void *arg)
{
	(void)arg;
	fork_shared[0] = 'c';
	fork_private[0] = 'c';
	return fork_shared[0] != 'c' || fork_private[0] != 'c';
}

/* A child's writes to a shared file mapping are its parent's too; to a
 * private one, its own. */
int mmap_file_fork(void)
{
	int fd, status;
	char c;

	if (ut_tmpdir() || (fd = open_pattern_file("f", FLEN, 8, O_RDWR)) < 0 ||
	    !(fork_shared = map_file(PAGE_SIZE, PROT_READ | PROT_WRITE,
				     MAP_SHARED, fd, 0)) ||
	    !(fork_private = map_file(PAGE_SIZE, PROT_READ | PROT_WRITE,
				      MAP_PRIVATE, fd, PAGE_SIZE)))
		return 1;
	fork_private[1] = 'p';	/* the parent's own copy before the fork */
	status = run_child(child_writes_both, NULL);
	if (!exited_with(status, 0))
		return ut_fail("the child %s", describe_status(status));
	if (fork_shared[0] != 'c')
		return ut_fail("the parent does not see the child's write to "
			       "the shared mapping");
	if (fork_private[1] != 'p' ||
	    expect_pattern(fork_private, 1, 8, PAGE_SIZE,
			   "the parent's private mapping after the child wrote"))
		return ut_fail("the child's private write reached the parent, "
			       "or the parent's was lost");
	if (pread(fd, &c, 1, PAGE_SIZE) != 1 ||
	    expect_pattern(&c, 1, 8, PAGE_SIZE, "the private page in the file"))
		return 1;
	return 0;
}
