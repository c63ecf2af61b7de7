/*
 * Copy on write as the processes see it: after fork, each process writes
 * its own memory and never sees another's writes, whatever kind of memory
 * it is and however the pages are split between the writers.
 *
 * Without pipes, the processes order themselves by sleeping: a process
 * that waits 20 ms before looking has given the others the time to write.
 */
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cases.h"
#include "ut.h"

#define WRITERS_DELAY_MS 20

struct region {
	const char *what;
	char *buf;
	size_t len;
};

/* Not a whole number of pages, so that partial pages are covered too. */
#define REGION_LEN (3 * PAGE_SIZE + 100)
static char data_region[REGION_LEN] = { 1 };	/* in .data, not .bss */
static char bss_region[REGION_LEN];

static void fill(const struct region *r, int n, char c)
{
	for (int i = 0; i < n; i++)
		memset(r[i].buf, c, r[i].len);
}

static int check(const struct region *r, int n, char c, const char *who)
{
	for (int i = 0; i < n; i++) {
		long at = find_not(r[i].buf, r[i].len, c);

		if (at >= 0)
			return ut_fail("%s: %s[%ld] is '%c', expected '%c'",
				       who, r[i].what, at, r[i].buf[at], c);
	}
	return 0;
}

static int child_side(const struct region *r, int n)
{
	sleep_ms(WRITERS_DELAY_MS);
	if (check(r, n, 'o', "child, after the parent wrote"))
		return 1;
	fill(r, n, 'c');
	return check(r, n, 'c', "child, after writing");
}

/* Data, bss, stack, heap and mmap memory, each written before the fork
 * and by both processes after it. */
int cow_parent_child(void)
{
	char stack_region[REGION_LEN];
	char *heap = malloc(REGION_LEN);
	char *mapped = map_anon(16 * PAGE_SIZE, PROT_READ | PROT_WRITE);
	const struct region r[] = {
		{ "data", data_region, REGION_LEN },
		{ "bss", bss_region, REGION_LEN },
		{ "stack", stack_region, REGION_LEN },
		{ "heap", heap, REGION_LEN },
		{ "mmap", mapped, 16 * PAGE_SIZE },
	};
	const int n = ARRAY_SIZE(r);
	pid_t pid;
	int status;

	if (!heap || !mapped)
		return ut_fail("no memory for the regions");
	fill(r, n, 'o');
	pid = ut_fork();
	if (pid < 0)
		return 1;
	if (pid == 0)
		_exit(child_side(r, n));
	fill(r, n, 'p');
	status = ut_wait(pid);
	if (!exited_with(status, 0))
		return ut_fail("child %s", describe_status(status));
	return check(r, n, 'p', "parent, after the child wrote");
}

/* Quarters end in the middle of pages: two processes write one page. */
#define QUARTER (PAGE_SIZE * 3 / 2)

static int write_quarter(char *region, int me)
{
	memset(region + me * QUARTER, '0' + me, QUARTER);
	sleep_ms(WRITERS_DELAY_MS);
	for (int q = 0; q < 4; q++) {
		char want = q == me ? '0' + me : 'o';
		long at = find_not(region + q * QUARTER, QUARTER, want);

		if (at >= 0)
			return ut_fail("process %d: quarter %d, byte %ld is "
				       "'%c', expected '%c'", me, q, at,
				       region[q * QUARTER + at], want);
	}
	return 0;
}

/* Three processes each write a quarter of one region; the fourth quarter
 * stays as it was before the forks. */
int cow_quarters(void)
{
	char *region = map_anon(4 * QUARTER, PROT_READ | PROT_WRITE);
	pid_t pids[3];
	int bad;

	if (!region)
		return 1;
	memset(region, 'o', 4 * QUARTER);
	for (int me = 1; me <= 2; me++) {
		pids[me] = ut_fork();
		if (pids[me] < 0)
			return 1;
		if (pids[me] == 0)
			_exit(write_quarter(region, me));
	}
	bad = write_quarter(region, 0);
	for (int me = 1; me <= 2; me++) {
		int status = ut_wait(pids[me]);

		if (!exited_with(status, 0))
			bad = ut_fail("process %d %s", me, describe_status(status));
	}
	return bad;
}

#define ROUNDS 4
#define ROUNDS_LEN (4 * PAGE_SIZE)

static int check_mine(const char *region, int id)
{
	long at = find_not(region, ROUNDS_LEN, 'A' + id);

	if (at < 0)
		return 0;
	return ut_fail("process %d: byte %ld is '%c', expected '%c'", id, at,
		       region[at], 'A' + id);
}

/* Every process forks in every round, 2^ROUNDS processes in the end, and
 * each fills the region with its own letter after each fork. */
int cow_fork_rounds(void)
{
	char *region = map_anon(ROUNDS_LEN, PROT_READ | PROT_WRITE);
	pid_t children[ROUNDS];
	int nr_children = 0, id = 0, bad = 0;
	bool top = true;

	if (!region)
		return 1;
	memset(region, 'A', ROUNDS_LEN);
	for (int round = 0; round < ROUNDS && !bad; round++) {
		pid_t pid = ut_fork();

		if (pid < 0) {
			bad = 1;
			break;
		}
		if (pid == 0) {
			top = false;
			nr_children = 0;
			id = id * 2 + 1;
		} else {
			children[nr_children++] = pid;
			id = id * 2;
		}
		memset(region, 'A' + id, ROUNDS_LEN);
		sched_yield();
		bad = check_mine(region, id);
	}
	sleep_ms(WRITERS_DELAY_MS);
	bad |= check_mine(region, id);
	for (int i = 0; i < nr_children; i++) {
		int status = ut_wait(children[i]);

		/* A child that failed has said why; one that crashed has not. */
		if (status != -1 && WIFSIGNALED(status))
			ut_fail("a child of process %d %s", id,
				describe_status(status));
		bad |= !exited_with(status, 0);
	}
	if (!top)
		_exit(bad);
	return bad;
}
