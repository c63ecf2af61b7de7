/*
 * Wait queues: where tasks sleep until an event (a child exits, a line of
 * input arrives). The sleeper marks itself asleep and joins the queue
 * before it tests its condition, and the waker changes the condition
 * before it wakes the queue, so a wake-up between the test and the sleep
 * is never lost: it just makes the sleeper runnable again.
 */
#ifndef KERNEL_WAIT_H
#define KERNEL_WAIT_H

#include "kernel/errno.h"
#include "kernel/list.h"
#include "kernel/sched.h"
#include "kernel/spinlock.h"

struct wait_queue_entry {
	struct task_struct *task;
	struct list_head entry;
};

#define WAIT_QUEUE_HEAD_INIT(name) { SPINLOCK_INIT, LIST_HEAD_INIT((name).head) }

static inline void init_waitqueue_head(struct wait_queue_head *wq)
{
	spin_lock_init(&wq->lock);
	INIT_LIST_HEAD(&wq->head);
}

/* Join wq (if not already on it) and set current->state to state. */
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *wait,
		     long state);
/* Leave wq and be TASK_RUNNING again. */
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *wait);
/* Wake every task sleeping on wq. */
void wake_up(struct wait_queue_head *wq);

/* Sleep until cond holds: 0, or -ERESTARTSYS if a signal came first. */
#define wait_event_interruptible(wq, cond)                                 \
	({                                                                 \
		struct wait_queue_entry __wait = { .task = current };      \
		int __ret = 0;                                             \
		for (;;) {                                                 \
			prepare_to_wait(&(wq), &__wait, TASK_INTERRUPTIBLE); \
			if (cond)                                          \
				break;                                     \
			if (signal_pending(current)) {                     \
				__ret = -ERESTARTSYS;                      \
				break;                                     \
			}                                                  \
			schedule();                                        \
		}                                                          \
		finish_wait(&(wq), &__wait);                               \
		__ret;                                                     \
	})

#endif
