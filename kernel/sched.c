/*
 * The scheduler: a round-robin run queue, the context switch, sleeping
 * and waking, and the idle task.
 *
 * Interrupts are off whenever the run queue or a task's state changes,
 * which on one CPU is all the locking they need: the timer interrupt is
 * the only other party that touches them.
 */
#include <asm/irqflags.h>
#include <asm/memlayout.h>
#include "kernel/arch.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/timer.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

static struct sighand_struct init_sighand = { .count = 1 };

/* The boot thread, which becomes the idle task (pid 0): it runs when
 * nothing else can, on the kernel's own address space. */
struct task_struct init_task = {
	.state = TASK_RUNNING,
	.usage = 2,
	.comm = "swapper",
	.flags = PF_KTHREAD,
	.mm = NULL,
	.active_mm = &init_mm,
	.tasks = LIST_HEAD_INIT(init_task.tasks),
	.children = LIST_HEAD_INIT(init_task.children),
	.thread_group = LIST_HEAD_INIT(init_task.thread_group),
	.parent = &init_task,
	.group_leader = &init_task,
	.sighand = &init_sighand,
	.exit_signal = -1,
};
struct task_struct *current = &init_task;
LIST_HEAD(task_list);

static LIST_HEAD(run_queue);	/* runnable tasks other than idle */
static LIST_HEAD(sleepers);	/* tasks in schedule_timeout_until */
/* A kernel thread's borrowed mm, to drop once we are off its stack. */
static struct mm_struct *prev_mm;

void sched_init(void)
{
	mmgrab(&init_mm);	/* the boot thread runs on it (active_mm) */
	list_add_tail(&init_task.tasks, &task_list);
}

static void enqueue(struct task_struct *p)
{
	list_add_tail(&p->run_list, &run_queue);
	p->on_rq = true;
}

static void dequeue(struct task_struct *p)
{
	list_del(&p->run_list);
	p->on_rq = false;
}

/* Load next's page tables if they are not the ones loaded; cpu_vm_mask
 * records which mm this CPU may hold TLB entries for. */
void activate_mm(struct mm_struct *prev, struct mm_struct *next)
{
	if (prev == next)
		return;
	load_page_table(virt_to_phys(next->pgd));
	__atomic_or_fetch(&next->cpu_vm_mask, 1ul, __ATOMIC_RELAXED);
	__atomic_and_fetch(&prev->cpu_vm_mask, ~1ul, __ATOMIC_RELAXED);
}

/* Tasks that ran for the last time; kreaper frees their stacks. */
static LIST_HEAD(dead_tasks);
static struct task_struct *reaper;

/* Now on the new task's stack: what the previous one could not do. */
static void finish_task_switch(struct task_struct *prev)
{
	if (prev_mm) {
		mmdrop(prev_mm);
		prev_mm = NULL;
	}
	if (prev->state == TASK_DEAD) {
		list_add_tail(&prev->run_list, &dead_tasks);
		wake_up_process(reaper);
	}
}

/* A kernel thread keeps whatever address space is loaded (its kernel half
 * is all it uses), holding mm_count so the page tables outlive it. */
static void context_switch(struct task_struct *prev, struct task_struct *next)
{
	struct mm_struct *oldmm = prev->active_mm;

	if (!next->mm) {
		next->active_mm = oldmm;
		mmgrab(oldmm);
	} else {
		activate_mm(oldmm, next->mm);
		next->active_mm = next->mm;
	}
	if (!prev->mm) {
		prev->active_mm = NULL;
		prev_mm = oldmm;
	}
	current = next;
	prev = switch_to(prev, next);
	finish_task_switch(prev);
}

void schedule_tail(struct task_struct *prev)
{
	finish_task_switch(prev);
	local_irq_enable();	/* schedule() switched with them off */
	if (current->set_child_tid)
		put_user(current->pid, current->set_child_tid);
}

void schedule(void)
{
	struct task_struct *prev = current, *next = &init_task;
	unsigned long flags;

	local_irq_save(flags);
	if (prev->on_rq) {
		dequeue(prev);
		if (prev->state == TASK_RUNNING)
			enqueue(prev);	/* to the back: round robin */
	}
	if (!list_empty(&run_queue))
		next = list_first_entry(&run_queue, struct task_struct,
					run_list);
	prev->need_resched = false;
	if (next != prev) {
		next->time_slice = TIME_SLICE_TICKS;
		context_switch(prev, next);
	}
	local_irq_restore(flags);
}

bool wake_up_process(struct task_struct *p)
{
	unsigned long flags;
	bool woken = false;

	local_irq_save(flags);
	if (p->state == TASK_INTERRUPTIBLE || p->state == TASK_UNINTERRUPTIBLE) {
		p->state = TASK_RUNNING;
		if (!p->on_rq)
			enqueue(p);
		current->need_resched = true;
		woken = true;
	}
	local_irq_restore(flags);
	return woken;
}

void wake_up_new_task(struct task_struct *p)
{
	unsigned long flags;

	local_irq_save(flags);
	p->state = TASK_RUNNING;
	enqueue(p);
	local_irq_restore(flags);
}

void scheduler_tick(void)
{
	struct task_struct *p;

	list_for_each_entry(p, &sleepers, sleep_list)
		if (time_after_eq(jiffies, p->wakeup_jiffies))
			wake_up_process(p);
	if (current != &init_task && --current->time_slice <= 0)
		current->need_resched = true;
}

/* The tick looks for sleepers whose deadline has come: a scan of every
 * sleeper each tick, which is fine for the handful a teaching system has. */
void schedule_timeout(unsigned long deadline)
{
	unsigned long flags;

	local_irq_save(flags);
	current->wakeup_jiffies = deadline;
	list_add_tail(&current->sleep_list, &sleepers);
	schedule();
	list_del(&current->sleep_list);
	local_irq_restore(flags);
}

struct task_struct *find_task_by_pid(pid_t pid)
{
	struct task_struct *p;

	list_for_each_entry(p, &task_list, tasks)
		if (p->pid == pid && p->exit_state != EXIT_DEAD)
			return p;
	return NULL;
}

unsigned long nr_tasks(void)
{
	unsigned long n = 0;
	struct task_struct *p;

	list_for_each_entry(p, &task_list, tasks)
		n++;
	return n;
}

/* kreaper: frees the kernel stacks of tasks that will never run again
 * (a task cannot free the stack it is running on), and the whole task
 * once its parent has waited for it. */
static int kreaper(void *unused)
{
	(void)unused;
	for (;;) {
		struct task_struct *p = NULL;
		unsigned long flags;

		local_irq_save(flags);
		if (!list_empty(&dead_tasks)) {
			p = list_first_entry(&dead_tasks, struct task_struct,
					     run_list);
			list_del(&p->run_list);
		} else {
			current->state = TASK_INTERRUPTIBLE;
		}
		local_irq_restore(flags);
		if (p)
			free_task_stack(p);
		else
			schedule();
	}
	return 0;
}

__noreturn void cpu_idle(void)
{
	pid_t pid = kernel_thread(kreaper, NULL, "kreaper");

	if (pid < 0)
		panic("sched: cannot start kreaper");
	reaper = find_task_by_pid(pid);
	for (;;) {
		local_irq_disable();
		if (list_empty(&run_queue)) {
			arch_idle();	/* enables interrupts, sleeps */
			continue;
		}
		local_irq_enable();
		schedule();
	}
}
