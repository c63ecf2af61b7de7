/*
 * Running out: of processes with a fork bomb, of memory with a process
 * that allocates without end. The kernel must refuse or kill, not panic,
 * and afterwards be as it was: fork works, and every frame is free again.
 * On aspace only: on the host these would hurt everything else running.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "cases.h"
#include "ut.h"

/* Whether fork works, and every frame is free again. To be called before
 * the case prints anything: its first line takes a frame (stdout's
 * buffer, shared with the runner until then). */
static int recovered(long free_before)
{
	int status = run_child(nothing, NULL);
	long free_after = settled_free_pages();

	if (!exited_with(status, 0))
		return ut_fail("afterwards, a child that exits at once %s",
			       describe_status(status));
	if (free_after != free_before)
		return ut_fail("afterwards, %ld frames are still in use",
			       free_before - free_after);
	return 0;
}

#define MAX_CHILDREN 65536
static pid_t bomb[MAX_CHILDREN];

static void sleep_forever(void)
{
	for (;;)
		sleep_ms(1000);
}

/* Children that sleep, forked until fork fails; then all killed. */
int fork_bomb(void)
{
	int n = 0, error = 0, bad;
	long free_before;

	/* Fault the array in now: memory will be short when it is written. */
	memset(bomb, 0, sizeof(bomb));
	free_before = settled_free_pages();
	while (n < MAX_CHILDREN) {
		pid_t pid = fork();

		if (pid < 0) {
			error = errno;
			break;
		}
		if (pid == 0)
			sleep_forever();
		bomb[n++] = pid;
	}
	for (int i = 0; i < n; i++)
		kill(bomb[i], SIGKILL);
	for (int i = 0; i < n; i++)
		waitpid(bomb[i], NULL, 0);
	bad = recovered(free_before);
	ut_diag("fork failed after %d children: %s", n, strerror(error));
	if (n == MAX_CHILDREN)
		return ut_fail("fork never failed");
	if (error != EAGAIN && error != ENOMEM)
		return ut_fail("fork failed with errno %d; expected EAGAIN or "
			       "ENOMEM", error);
	return bad;
}

#define CHUNK (1UL << 20)
/* Far more than any machine that runs the tests: memory never ran out. */
#define ALLOCATION_LIMIT (64UL << 30)
#define MMAP_FAILED 3
#define NEVER_RAN_OUT 4

static int allocate_forever(void *arg)
{
	(void)arg;
	for (size_t total = 0; total < ALLOCATION_LIMIT; total += CHUNK) {
		char *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			return MMAP_FAILED;
		for (size_t off = 0; off < CHUNK; off += PAGE_SIZE)
			p[off] = 1;
	}
	return NEVER_RAN_OUT;
}

/* The allocating process either sees mmap fail or is killed. */
int out_of_memory(void)
{
	long free_before = settled_free_pages();
	int status = run_child(allocate_forever, NULL);
	int bad = recovered(free_before);

	ut_diag("the allocating process %s", describe_status(status));
	if (!exited_with(status, MMAP_FAILED) && !killed_by(status, SIGKILL) &&
	    !killed_by(status, SIGSEGV) && !killed_by(status, SIGBUS))
		return ut_fail("expected mmap to fail (exit %d), or SIGKILL, "
			       "SIGSEGV or SIGBUS", MMAP_FAILED);
	return bad;
}
