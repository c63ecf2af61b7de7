/*
 * Futexes (kernel/futex.h). A waiter is keyed by its address space and
 * the user address: private futexes, the kind threads of one process use.
 * Shared futexes between processes (keyed by the physical page) are not
 * implemented; their calls are treated as private, which is right as
 * long as the memory is only shared by threads.
 */
#include <asm/irqflags.h>
#include "kernel/errno.h"
#include "kernel/futex.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/timer.h"
#include "kernel/time.h"
#include "mm/uaccess.h"

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256

struct futex_waiter {
	struct list_head list;
	struct task_struct *task;
	struct mm_struct *mm;
	unsigned long uaddr;
	bool woken;
};

static LIST_HEAD(futex_waiters);

int futex_wake(struct mm_struct *mm, unsigned long uaddr, int nr)
{
	struct futex_waiter *w;
	unsigned long flags;
	int woken = 0;

	local_irq_save(flags);
	list_for_each_entry(w, &futex_waiters, list) {
		if (woken >= nr)
			break;
		if (w->mm == mm && w->uaddr == uaddr && !w->woken) {
			w->woken = true;
			wake_up_process(w->task);
			woken++;
		}
	}
	local_irq_restore(flags);
	return woken;
}

/* Sleep if *uaddr still holds val: checking and queueing with interrupts
 * off is what makes a wake between the user's check and ours safe (the
 * waker changes the word first, so we see the change or get woken). */
static long futex_wait(u32 __user *uaddr, u32 val, unsigned long deadline)
{
	struct futex_waiter w = { .task = current, .mm = current->mm,
				  .uaddr = (unsigned long)uaddr };
	unsigned long flags;
	long ret = 0;
	u32 cur;

	if (get_user(cur, uaddr))
		return -EFAULT;
	if (cur != val)
		return -EAGAIN;
	local_irq_save(flags);
	list_add_tail(&w.list, &futex_waiters);
	while (!w.woken) {
		if (signal_pending(current)) {
			/* A timed wait is not restarted: its time would
			 * start over. */
			ret = deadline ? -ERESTARTNOHAND : -ERESTARTSYS;
			break;
		}
		if (deadline && !time_before(jiffies, deadline)) {
			ret = -ETIMEDOUT;
			break;
		}
		current->state = TASK_INTERRUPTIBLE;
		if (deadline)
			schedule_timeout(deadline);
		else
			schedule();
	}
	list_del(&w.list);
	local_irq_restore(flags);
	return ret;
}

SYSCALL_DEFINE6(futex, u32 __user *, uaddr, int, op, u32, val,
		const struct timespec __user *, utime, u32 __user *, uaddr2,
		u32, val3)
{
	unsigned long deadline = 0;

	(void)uaddr2;
	(void)val3;
	switch (op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME)) {
	case FUTEX_WAIT:
		if (utime) {
			struct timespec ts;

			if (copy_from_user(&ts, utime, sizeof(ts)))
				return -EFAULT;
			if (!timespec_valid(&ts))
				return -EINVAL;
			deadline = jiffies + timespec_to_jiffies(&ts) + 1;
		}
		return futex_wait(uaddr, val, deadline);
	case FUTEX_WAKE:
		return futex_wake(current->mm, (unsigned long)uaddr, (int)val);
	default:
		return -ENOSYS;
	}
}
