/*
 * Frames counted with sysinfo, which on aspace reports the exact number
 * of free frames: reading fresh memory maps the shared zero page, and a
 * fork shares every page until someone writes it. On Linux freeram moves
 * with everything else the machine does, so these cases run on aspace only.
 */
#include <sys/mman.h>
#include <unistd.h>
#include "cases.h"
#include "ut.h"

#define MIB (1UL << 20)

/* Page tables that touching len bytes may add: one table for each 2 MiB,
 * and a few above them. */
static long table_slack(size_t len)
{
	return (long)(len / (2 * MIB)) + 4;
}

static void write_pages(char *p, size_t len, char c)
{
	for (size_t off = 0; off < len; off += PAGE_SIZE)
		p[off] = c;
}

#define ZERO_LEN (64 * MIB)

/* Reading 64 MiB of fresh memory allocates page tables only; writing it
 * then allocates one frame a page; munmap gives all of them back. */
int zero_page(void)
{
	const long pages = ZERO_LEN / PAGE_SIZE;
	long before_map = free_pages();
	volatile char *p = map_anon(ZERO_LEN, PROT_READ | PROT_WRITE);
	long before, after_read, after_write, after_unmap;
	char seen = 0;

	if (!p)
		return 1;
	before = free_pages();
	for (size_t off = 0; off < ZERO_LEN; off += PAGE_SIZE)
		seen |= p[off];
	after_read = free_pages();
	write_pages((char *)p, ZERO_LEN, 1);
	after_write = free_pages();
	munmap((void *)p, ZERO_LEN);
	after_unmap = free_pages();
	ut_diag("frames taken: %ld reading %ld pages, %ld writing them; "
		"%ld not back after munmap", before - after_read, pages,
		after_read - after_write, before_map - after_unmap);
	if (seen)
		return ut_fail("fresh memory is not zero");
	if (before - after_read > table_slack(ZERO_LEN))
		return ut_fail("reading took more frames than page tables need");
	if (after_read - after_write < pages ||
	    after_read - after_write > pages + 4)
		return ut_fail("writing did not take one frame a page");
	if (after_unmap != before_map)
		return ut_fail("munmap did not give every frame back");
	return 0;
}

#define SHARE_LEN (16 * MIB)
/* What a fork may allocate besides the data: the child's page tables, its
 * kernel stack and structures, the stack pages both processes copy. */
#define FORK_SLACK 64

static int child_writes(char *p, long before_fork)
{
	const long pages = SHARE_LEN / PAGE_SIZE;
	long after_fork = free_pages(), after_write;

	write_pages(p, SHARE_LEN, 'c');
	after_write = free_pages();
	ut_diag("frames taken: %ld by the fork, %ld writing %ld shared pages",
		before_fork - after_fork, after_fork - after_write, pages);
	if (before_fork - after_fork > FORK_SLACK)
		return ut_fail("the fork took more than %d frames: copied data?",
			       FORK_SLACK);
	if (after_fork - after_write < pages ||
	    after_fork - after_write > pages + table_slack(SHARE_LEN))
		return ut_fail("writing did not copy one frame a page");
	return 0;
}

/* A fork shares the 16 MiB the parent wrote until the child writes them.
 * When the child has gone, the parent owns each page alone again, so its
 * writes need no copy. */
int cow_shares_frames(void)
{
	char *p = map_anon(SHARE_LEN, PROT_READ | PROT_WRITE);
	long before_fork, after_child, after_rewrite;
	pid_t pid;
	int status;

	if (!p)
		return 1;
	write_pages(p, SHARE_LEN, 'p');
	before_fork = settled_free_pages();
	pid = ut_fork();
	if (pid < 0)
		return 1;
	if (pid == 0)
		_exit(child_writes(p, before_fork));
	status = ut_wait(pid);
	after_child = settled_free_pages();
	write_pages(p, SHARE_LEN, 'q');
	after_rewrite = free_pages();
	if (!exited_with(status, 0))
		return ut_fail("child %s", describe_status(status));
	if (after_child != before_fork)
		return ut_fail("%ld frames not back after the child exited",
			       before_fork - after_child);
	if (after_rewrite != after_child)
		return ut_fail("writing unshared pages took %ld frames",
			       after_child - after_rewrite);
	return 0;
}
