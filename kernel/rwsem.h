/*
 * Reader/writer semaphores: any number of readers or one writer. mmap_sem
 * is one: page faults and lookups read the address space, mmap, munmap
 * and mprotect change it.
 *
 * A semaphore's waiters sleep, and sleeping needs a scheduler, which this
 * kernel does not have yet. Until it does, the one CPU runs one thread of
 * control, so a semaphore that is not free can never become free: the
 * holder would have to run again first. Contention is therefore a locking
 * bug (typically taking mmap_sem twice), and it panics rather than hang.
 * The count is kept exactly, so that the sleeping version only has to add
 * a wait queue.
 */
#ifndef KERNEL_RWSEM_H
#define KERNEL_RWSEM_H

#include "kernel/panic.h"
#include "kernel/spinlock.h"

struct rw_semaphore {
	spinlock_t wait_lock;	/* guards count */
	int count;		/* > 0: readers; -1: a writer; 0: free */
};

#define RWSEM_WRITER (-1)
#define RWSEM_INIT { SPINLOCK_INIT, 0 }

static inline void init_rwsem(struct rw_semaphore *sem)
{
	spin_lock_init(&sem->wait_lock);
	sem->count = 0;
}

/* Take the semaphore for reading or writing if nobody is in the way. */
static inline bool __rwsem_take(struct rw_semaphore *sem, bool write)
{
	unsigned long flags;
	bool taken;

	spin_lock_irqsave(&sem->wait_lock, flags);
	taken = write ? sem->count == 0 : sem->count >= 0;
	if (taken)
		sem->count = write ? RWSEM_WRITER : sem->count + 1;
	spin_unlock_irqrestore(&sem->wait_lock, flags);
	return taken;
}

static inline bool down_read_trylock(struct rw_semaphore *sem)
{
	return __rwsem_take(sem, false);
}

static inline bool down_write_trylock(struct rw_semaphore *sem)
{
	return __rwsem_take(sem, true);
}

/* Would sleep: with no scheduler, see the top of this file. */
#define __rwsem_contended(sem, what) \
	panic("%s: semaphore %p already held (count %d): nobody can release it", \
	      what, (void *)(sem), (sem)->count)

static inline void down_read(struct rw_semaphore *sem)
{
	if (!down_read_trylock(sem))
		__rwsem_contended(sem, "down_read");
}

static inline void down_write(struct rw_semaphore *sem)
{
	if (!down_write_trylock(sem))
		__rwsem_contended(sem, "down_write");
}

static inline void up_read(struct rw_semaphore *sem)
{
	unsigned long flags;

	spin_lock_irqsave(&sem->wait_lock, flags);
	BUG_ON(sem->count <= 0);
	sem->count--;
	spin_unlock_irqrestore(&sem->wait_lock, flags);
}

static inline void up_write(struct rw_semaphore *sem)
{
	unsigned long flags;

	spin_lock_irqsave(&sem->wait_lock, flags);
	BUG_ON(sem->count != RWSEM_WRITER);
	sem->count = 0;
	spin_unlock_irqrestore(&sem->wait_lock, flags);
}

/* For assertions: does anyone hold it, for reading or writing? */
static inline bool rwsem_is_locked(const struct rw_semaphore *sem)
{
	return READ_ONCE(sem->count) != 0;
}

/* For assertions: does anyone hold it for writing? */
static inline bool rwsem_is_write_locked(const struct rw_semaphore *sem)
{
	return READ_ONCE(sem->count) == RWSEM_WRITER;
}

#endif
