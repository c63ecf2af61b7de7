/*
 * Creating tasks: fork, vfork and clone all come to kernel_clone, which
 * copies the current task and, by the clone flags, shares or copies its
 * address space (copy_mm) and signal handlers.
 *
 * Kernel code is never preempted, and interrupt handlers leave the task
 * list alone, so the list needs no lock here; the run queue has its own
 * protection (kernel/sched.c).
 */
#include <asm/irqflags.h>
#include "kernel/errno.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/namei.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/wait.h"
#include "mm/mm.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "mm/uaccess.h"

#define PID_MAX 32768

static struct kmem_cache *task_cachep;
static pid_t last_pid;
/* How many tasks memory allows: as Linux's default, at most an eighth of
 * memory in kernel stacks. A fork bomb hits this (EAGAIN) first. */
static unsigned long max_threads;

void fork_init(void)
{
	task_cachep = kmem_cache_create("task_struct",
					sizeof(struct task_struct), 64, NULL);
	if (!task_cachep)
		panic("fork: no memory for the task cache");
	max_threads = nr_managed_pages() / (8 * (THREAD_SIZE / PAGE_SIZE));
	max_threads = MAX(max_threads, 20ul);
}

static bool pid_in_use(pid_t pid)
{
	struct task_struct *p;

	list_for_each_entry(p, &task_list, tasks)
		if (p->pid == pid || p->tgid == pid)
			return true;
	return false;
}

/* The next free pid after the last one given, wrapping (to 2: pid 1 is
 * init's for good) as Linux does. */
static pid_t alloc_pid(void)
{
	do
		last_pid = last_pid + 1 >= PID_MAX ? 2 : last_pid + 1;
	while (pid_in_use(last_pid));
	return last_pid;
}

void put_task_struct(struct task_struct *p)
{
	if (--p->usage > 0)
		return;
	sighand_put(p->sighand);
	kmem_cache_free(task_cachep, p);
}

static void free_stack(struct task_struct *p)
{
	__free_pages(virt_to_page(p->stack), THREAD_SIZE_ORDER);
	p->stack = NULL;
}

void free_task_stack(struct task_struct *p)
{
	free_stack(p);
	put_task_struct(p);
}

/* The child's address space: the parent's itself (CLONE_VM: one more
 * user), or a copy-on-write duplicate. Kernel threads have none. */
static int copy_mm(unsigned long clone_flags, struct task_struct *p)
{
	struct mm_struct *oldmm = current->mm;

	p->mm = NULL;
	p->active_mm = NULL;
	if (!oldmm || (p->flags & PF_KTHREAD))
		return 0;
	if (clone_flags & CLONE_VM) {
		mmget(oldmm);
		p->mm = oldmm;
	} else {
		p->mm = dup_mm(oldmm);
		if (!p->mm)
			return -ENOMEM;
	}
	p->active_mm = p->mm;
	return 0;
}

static int copy_sighand(unsigned long clone_flags, struct task_struct *p)
{
	if (clone_flags & CLONE_SIGHAND) {
		current->sighand->count++;
		p->sighand = current->sighand;
		return 0;
	}
	p->sighand = sighand_copy(current->sighand);
	return p->sighand ? 0 : -ENOMEM;
}

struct mm_struct *get_task_mm(struct task_struct *p)
{
	/* Never 0 users here: a task drops its mm (exit_mm, exec) only
	 * after clearing p->mm, and nothing runs in between. */
	struct mm_struct *mm = p->mm;

	if (mm)
		mmget(mm);
	return mm;
}

/* The descriptor table: shared with CLONE_FILES, else a copy holding
 * its own reference to every open file. */
static int copy_files(unsigned long clone_flags, struct task_struct *p)
{
	if (clone_flags & CLONE_FILES) {
		current->files->count++;
		p->files = current->files;
		return 0;
	}
	p->files = dup_fd(current->files);
	return p->files ? 0 : -ENOMEM;
}

/* Root, working directory and umask: shared with CLONE_FS, else copied. */
static int copy_fs(unsigned long clone_flags, struct task_struct *p)
{
	if (clone_flags & CLONE_FS) {
		current->fs->users++;
		p->fs = current->fs;
		return 0;
	}
	p->fs = copy_fs_struct(current->fs);
	return p->fs ? 0 : -ENOMEM;
}

/* Undo what copy_process set up, for a child that never ran (copy_mm
 * comes last: its failure leaves no mm). */
static void free_unrun_task(struct task_struct *p)
{
	if (p->fs)
		put_fs_struct(p->fs);
	if (p->files)
		put_files_struct(p->files);
	if (p->sighand)
		sighand_put(p->sighand);
	free_stack(p);
	kmem_cache_free(task_cachep, p);
}

static int check_clone_flags(unsigned long flags)
{
	/* Threads share handlers, and shared handlers need a shared mm. */
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	return 0;
}

static struct task_struct *alloc_task(void)
{
	struct task_struct *p = kmem_cache_alloc(task_cachep, __GFP_ZERO);
	struct page *stack;

	if (!p)
		return NULL;
	stack = alloc_pages(0, THREAD_SIZE_ORDER);
	if (!stack) {
		kmem_cache_free(task_cachep, p);
		return NULL;
	}
	p->stack = page_address(stack);
	p->usage = 2;
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->thread_group);
	init_waitqueue_head(&p->wait_chldexit);
	return p;
}

/* Link the new task into the family: a thread joins the process, a
 * process becomes a child (of our parent with CLONE_PARENT). */
static void link_task(struct task_struct *p, unsigned long flags)
{
	struct task_struct *leader = current->group_leader;

	if (flags & CLONE_THREAD) {
		p->tgid = current->tgid;
		p->group_leader = leader;
		p->parent = leader->parent;
		p->exit_signal = -1;
		list_add_tail(&p->thread_group, &leader->thread_group);
	} else {
		p->tgid = p->pid;
		p->group_leader = p;
		p->parent = (flags & CLONE_PARENT) ? leader->parent : leader;
		list_add_tail(&p->sibling, &p->parent->children);
	}
	list_add_tail(&p->tasks, &task_list);
}

static struct task_struct *copy_process(struct kernel_clone_args *args)
{
	unsigned long flags = args->flags;
	struct task_struct *p;
	int err = check_clone_flags(flags);

	if (err)
		return ERR_PTR(err);
	if (nr_tasks() >= max_threads)
		return ERR_PTR(-EAGAIN);
	p = alloc_task();
	if (!p)
		return ERR_PTR(-ENOMEM);
	memcpy(p->comm, current->comm, sizeof(p->comm));
	p->pgrp = current->group_leader->pgrp;
	p->session = current->group_leader->session;
	p->flags = args->fn ? PF_KTHREAD : 0;
	p->blocked = current->blocked;
	/* A thread gets its own stack: sharing the alternate one with
	 * the parent would let two handlers run on it at once. */
	if (!(flags & CLONE_VM) || (flags & CLONE_VFORK)) {
		p->sas_ss_sp = current->sas_ss_sp;
		p->sas_ss_size = current->sas_ss_size;
		p->sas_ss_flags = current->sas_ss_flags;
	}
	p->exit_signal = args->exit_signal;
	if ((err = copy_sighand(flags, p)) || (err = copy_files(flags, p)) ||
	    (err = copy_fs(flags, p)) || (err = copy_mm(flags, p))) {
		free_unrun_task(p);
		return ERR_PTR(err);
	}
	copy_thread(p, current, args->fn, args->fn_arg, args->stack,
		    (flags & CLONE_SETTLS) ? args->tls : 0);
	p->pid = alloc_pid();
	if (flags & CLONE_CHILD_SETTID)
		p->set_child_tid = args->child_tid;
	if (flags & CLONE_CHILD_CLEARTID)
		p->clear_child_tid = args->child_tid;
	link_task(p, flags);
	return p;
}

/* vfork: the parent sleeps until the child has let go of the borrowed
 * address space (exec or exit: mm_release). */
static void wait_for_vfork_done(struct task_struct *child)
{
	unsigned long flags;

	local_irq_save(flags);
	while (child->vfork_parent) {
		current->state = TASK_UNINTERRUPTIBLE;
		schedule();
	}
	local_irq_restore(flags);
	put_task_struct(child);
}

long kernel_clone(struct kernel_clone_args *args)
{
	struct task_struct *p = copy_process(args);
	pid_t pid;

	if (IS_ERR(p))
		return PTR_ERR(p);
	pid = p->pid;
	if (args->flags & CLONE_VFORK) {
		p->vfork_parent = current;
		get_task_struct(p);	/* wait_for_vfork_done reads it */
	}
	wake_up_new_task(p);
	if ((args->flags & CLONE_PARENT_SETTID) && put_user(pid, args->parent_tid))
		return -EFAULT;
	if (args->flags & CLONE_VFORK)
		wait_for_vfork_done(p);
	return pid;
}

pid_t kernel_thread(int (*fn)(void *), void *arg, const char *name)
{
	struct kernel_clone_args args = {
		.flags = CLONE_VM,
		.exit_signal = -1,
		.fn = fn,
		.fn_arg = arg,
	};
	long pid = kernel_clone(&args);
	struct task_struct *p = pid > 0 ? find_task_by_pid(pid) : NULL;

	if (p)
		strlcpy(p->comm, name, sizeof(p->comm));
	return pid;
}

SYSCALL_DEFINE0(fork)
{
	struct kernel_clone_args args = { .exit_signal = SIGCHLD };

	return kernel_clone(&args);
}

SYSCALL_DEFINE0(vfork)
{
	struct kernel_clone_args args = {
		.flags = CLONE_VFORK | CLONE_VM,
		.exit_signal = SIGCHLD,
	};

	return kernel_clone(&args);
}

/* x86-64 argument order: flags, stack, parent_tid, child_tid, tls. */
SYSCALL_DEFINE5(clone, unsigned long, clone_flags, unsigned long, newsp,
		int __user *, parent_tidptr, int __user *, child_tidptr,
		unsigned long, tls)
{
	struct kernel_clone_args args = {
		.flags = clone_flags & ~CSIGNAL,
		.exit_signal = clone_flags & CSIGNAL,
		.stack = newsp,
		.tls = tls,
		.parent_tid = parent_tidptr,
		.child_tid = child_tidptr,
	};

	if (args.exit_signal && !valid_signal(args.exit_signal))
		return -EINVAL;
	return kernel_clone(&args);
}
