/*
 * The counters of /proc/meminfo and /proc/vmstat as a program sees them
 * move: Cached with a file's pages, Shmem with shared anonymous memory,
 * pgfault with each fault, pgmajfault with each file page a fault had to
 * bring into the page cache, and find_vma's cache with each lookup. Only
 * aspace's counts are exact (Linux's move with everything else the
 * machine does, and it has no mmap_cache), so these cases run on aspace
 * only.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "cases.h"
#include "ut.h"

/* Where the /proc files are read. Written through before any count is
 * taken, so that reading into it never faults. */
static char text[2 * PAGE_SIZE];

/* Reads path into text; 0, or 1 after saying why. */
static int read_proc(const char *path)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return ut_fail("open(%s): %s", path, strerror(errno));
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return ut_fail("read(%s): %s", path,
			       n ? strerror(errno) : "nothing");
	text[n] = '\0';
	return 0;
}

/* The number after name and blanks at the start of a line of text
 * (meminfo's "Cached:    12 kB", vmstat's "pgfault 3"), or -1 after
 * saying it is missing. */
static long field(const char *name)
{
	size_t len = strlen(name);

	for (const char *line = text; *line;) {
		const char *newline = strchr(line, '\n');

		if (!strncmp(line, name, len) && line[len] == ' ')
			return strtol(line + len, NULL, 10);
		line = newline ? newline + 1 : "";
	}
	ut_fail("no line %s", name);
	return -1;
}

/* meminfo's page cache lines, in pages. */
struct cache_sizes {
	long cached, shmem;
};

static int read_cache_sizes(struct cache_sizes *s)
{
	const long kb = PAGE_SIZE / 1024;
	long cached, shmem;

	if (read_proc("/proc/meminfo"))
		return 1;
	cached = field("Cached:");
	shmem = field("Shmem:");
	s->cached = cached / kb;
	s->shmem = shmem / kb;
	return cached < 0 || shmem < 0;
}

/* Do Cached and Shmem say pages and shmem more than *before? 0, or 1
 * after saying what they say. */
static int expect_cache_growth(const struct cache_sizes *before, long pages,
			       long shmem, const char *after_what)
{
	struct cache_sizes now;

	if (read_cache_sizes(&now))
		return 1;
	if (now.cached - before->cached == pages &&
	    now.shmem - before->shmem == shmem)
		return 0;
	return ut_fail("after %s: Cached %+ld pages, Shmem %+ld; expected "
		       "%+ld, %+ld", after_what, now.cached - before->cached,
		       now.shmem - before->shmem, pages, shmem);
}

/* A file's pages raise Cached as they are written, not again as they
 * are read; truncating and unlinking the file lower it. A shared
 * anonymous mapping's pages count in Cached and Shmem from their first
 * touch until the mapping goes. */
int meminfo_cached(void)
{
	static char data[3 * PAGE_SIZE];
	volatile char *shared;
	struct cache_sizes before;
	const char *path;
	int fd;

	memset(text, 0, sizeof(text));
	if (ut_tmpdir() || read_cache_sizes(&before))
		return 1;
	path = tmp_path("cached");
	if (write_file(path, data, sizeof(data)) ||
	    expect_cache_growth(&before, 3, 0, "writing 3 pages"))
		return 1;
	if ((fd = open(path, O_RDWR)) < 0)
		return ut_fail("open(%s): %s", path, strerror(errno));
	if (read(fd, data, sizeof(data)) != sizeof(data))
		return ut_fail("read(%s): short", path);
	if (expect_cache_growth(&before, 3, 0, "reading them back"))
		return 1;
	if (FAILED(ftruncate(fd, PAGE_SIZE)) ||
	    expect_cache_growth(&before, 1, 0, "truncating to 1 page"))
		return 1;
	close(fd);
	if (FAILED(unlink(path)) ||
	    expect_cache_growth(&before, 0, 0, "unlinking"))
		return 1;
	shared = mmap(NULL, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		return ut_fail("mmap: %s", strerror(errno));
	shared[0] = 1;
	(void)shared[2 * PAGE_SIZE];
	if (expect_cache_growth(&before, 2, 2, "touching 2 shared pages"))
		return 1;
	munmap((void *)shared, 4 * PAGE_SIZE);
	return expect_cache_growth(&before, 0, 0, "munmap");
}

/* The fault counters of vmstat. */
struct vm_counts {
	long pgfault, pgmajfault, fault_anon, fault_file, hits, misses;
};

static int read_vm_counts(struct vm_counts *c)
{
	if (read_proc("/proc/vmstat"))
		return 1;
	*c = (struct vm_counts){
		.pgfault = field("pgfault"),
		.pgmajfault = field("pgmajfault"),
		.fault_anon = field("fault_anon"),
		.fault_file = field("fault_file"),
		.hits = field("mmap_cache_hits"),
		.misses = field("mmap_cache_misses"),
	};
	return c->pgfault < 0 || c->pgmajfault < 0 || c->fault_anon < 0 ||
	       c->fault_file < 0 || c->hits < 0 || c->misses < 0;
}

static struct vm_counts vm_counts_diff(const struct vm_counts *a,
				       const struct vm_counts *b)
{
	return (struct vm_counts){
		.pgfault = b->pgfault - a->pgfault,
		.pgmajfault = b->pgmajfault - a->pgmajfault,
		.fault_anon = b->fault_anon - a->fault_anon,
		.fault_file = b->fault_file - a->fault_file,
		.hits = b->hits - a->hits,
		.misses = b->misses - a->misses,
	};
}

/*
 * Each case measures a round of faults twice and checks the second: the
 * first faults in whatever the round itself needs (its code, its stack,
 * the buffer), so that in the second only the round's own faults count.
 */
static int measure_twice(int (*round)(struct vm_counts *), struct vm_counts *d)
{
	memset(text, 0, sizeof(text));
	return round(d) || round(d);
}

/* Six writes to fresh pages in two areas, after a fault in a third left
 * that one in mmap_cache: A0 (miss), A1, A2 (hits), B0 (miss), B1 (hit),
 * A3 (miss). The areas differ in their flags, or are shared, so none
 * merge. */
static int anon_round(struct vm_counts *d)
{
	volatile char *a = map_anon(4 * PAGE_SIZE, PROT_READ | PROT_WRITE);
	volatile char *b = map_anon(2 * PAGE_SIZE,
				    PROT_READ | PROT_WRITE | PROT_EXEC);
	volatile char *c = mmap(NULL, PAGE_SIZE, PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct vm_counts before, after;
	int error;

	if (!a || !b || c == MAP_FAILED)
		return ut_fail("mmap failed");
	c[0] = 1;
	error = read_vm_counts(&before);
	a[0] = 1;
	a[PAGE_SIZE] = 1;
	a[2 * PAGE_SIZE] = 1;
	b[0] = 1;
	b[PAGE_SIZE] = 1;
	a[3 * PAGE_SIZE] = 1;
	error = error || read_vm_counts(&after);
	*d = vm_counts_diff(&before, &after);
	munmap((void *)a, 4 * PAGE_SIZE);
	munmap((void *)b, 2 * PAGE_SIZE);
	munmap((void *)c, PAGE_SIZE);
	return error;
}

/* pgfault counts each of the six faults once, as fault_anon does; each
 * fault looks its area up once, in mmap_cache first. */
int vmstat_faults(void)
{
	struct vm_counts d;

	if (measure_twice(anon_round, &d))
		return 1;
	ut_diag("pgfault %+ld, fault_anon %+ld, mmap_cache_hits %+ld, "
		"mmap_cache_misses %+ld", d.pgfault, d.fault_anon, d.hits,
		d.misses);
	if (d.pgfault != 6 || d.fault_anon != 6)
		return ut_fail("expected 6 faults");
	if (d.hits != 3 || d.misses != 3)
		return ut_fail("expected 3 hits and 3 misses");
	return 0;
}

static const char *holes_path;

/* Two mappings of a file of two pages that were never written: the
 * first mapping's faults bring each page into the page cache (major),
 * the second's find them there. */
static int file_round(struct vm_counts *d)
{
	int fd = open(holes_path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	volatile char *p, *q;
	struct vm_counts before, after;
	int error;

	if (fd < 0)
		return ut_fail("open(%s): %s", holes_path, strerror(errno));
	if (FAILED(ftruncate(fd, 2 * PAGE_SIZE)))
		return 1;
	p = map_file(2 * PAGE_SIZE, PROT_READ, MAP_SHARED, fd, 0);
	q = map_file(2 * PAGE_SIZE, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (!p || !q)
		return 1;
	error = read_vm_counts(&before);
	(void)p[0];
	(void)p[PAGE_SIZE];
	(void)q[0];
	(void)q[PAGE_SIZE];
	error = error || read_vm_counts(&after);
	*d = vm_counts_diff(&before, &after);
	munmap((void *)p, 2 * PAGE_SIZE);
	munmap((void *)q, 2 * PAGE_SIZE);
	return error;
}

/* Four faults on a file mapping, two of them major. */
int vmstat_major_faults(void)
{
	struct vm_counts d;

	if (ut_tmpdir())
		return 1;
	holes_path = tmp_path("holes");
	if (measure_twice(file_round, &d))
		return 1;
	ut_diag("pgfault %+ld, pgmajfault %+ld, fault_file %+ld", d.pgfault,
		d.pgmajfault, d.fault_file);
	if (d.pgfault != 4 || d.fault_file != 4)
		return ut_fail("expected 4 faults");
	if (d.pgmajfault != 2)
		return ut_fail("expected 2 major faults");
	return 0;
}
