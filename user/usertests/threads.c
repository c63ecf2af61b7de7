/*
 * Processes that share one address space: two clone(CLONE_VM) children
 * see each other's writes, and so does their parent; then POSIX threads,
 * which need more of the kernel (CLONE_THREAD, thread-local storage, and
 * futex for pthread_join).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include "cases.h"
#include "ut.h"

/* Waiting for the other side gives up after this many yields: long after
 * it should have written, but not forever. */
#define PATIENCE 1000000L

static volatile int wrote[2];

static bool wait_for(volatile int *flag, int value)
{
	for (long i = 0; i < PATIENCE && *flag != value; i++)
		sched_yield();
	return *flag == value;
}

/* Runs on its own stack in the parent's address space: it writes its
 * mark, then waits for its sibling's. */
static int sibling(void *arg)
{
	int me = (int)(intptr_t)arg, other = 1 - me;

	wrote[me] = me + 1;
	return wait_for(&wrote[other], other + 1) ? 0 : 1;
}

#define STACK_SIZE (64 * 1024)

int clone_vm(void)
{
	char *stacks = map_anon(2 * STACK_SIZE, PROT_READ | PROT_WRITE);
	pid_t pid[2];
	int bad = 0;

	if (!stacks)
		return 1;
	for (int me = 0; me < 2; me++) {
		pid[me] = clone(sibling, stacks + (me + 1) * STACK_SIZE,
				CLONE_VM | SIGCHLD, (void *)(intptr_t)me);
		if (pid[me] < 0)
			return ut_fail("clone: %s", strerror(errno));
	}
	for (int me = 0; me < 2; me++) {
		int status = ut_wait(pid[me]);

		if (!exited_with(status, 0))
			bad = ut_fail("sibling %d %s (exit 1: it never saw the "
				      "other's write)", me,
				      describe_status(status));
	}
	if (wrote[0] != 1 || wrote[1] != 2)
		bad = ut_fail("the parent sees %d and %d, expected 1 and 2",
			      wrote[0], wrote[1]);
	return bad;
}

#define ADDS 10000

static volatile int go;
static int counter;

static void *add(void *arg)
{
	if (!wait_for(&go, 1))
		return NULL;
	for (int i = 0; i < ADDS; i++)
		__atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED);
	return arg;
}

/* Two threads start once the main thread says so, then count together. */
int pthread_create_join(void)
{
	pthread_t thread[2];
	int err;

	for (intptr_t i = 0; i < 2; i++) {
		err = pthread_create(&thread[i], NULL, add, (void *)(i + 1));
		if (err)
			return ut_fail("pthread_create: %s", strerror(err));
	}
	go = 1;
	for (intptr_t i = 0; i < 2; i++) {
		void *result;

		err = pthread_join(thread[i], &result);
		if (err)
			return ut_fail("pthread_join: %s", strerror(err));
		if (result != (void *)(i + 1))
			return ut_fail("thread %d returned %p", (int)i, result);
	}
	if (counter != 2 * ADDS)
		return ut_fail("the count is %d, expected %d", counter, 2 * ADDS);
	return 0;
}
