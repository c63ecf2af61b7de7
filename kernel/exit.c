/*
 * The end of a task: its address space goes (exit_mm), its children go to
 * init, and it stays a zombie holding its wait status until its parent
 * collects it with wait4 (threads, which nobody waits for, reap
 * themselves). When init itself exits, the machine powers off.
 */
#include <asm/irqflags.h>
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/namei.h"
#include "kernel/futex.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/wait.h"
#include "mm/mm.h"
#include "mm/uaccess.h"

/* wait4's options */
#define WNOHANG 0x00000001
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000

/* Called when the task lets go of its address space (exit, exec): tell
 * a pthread_join waiting on clear_child_tid, and a vfork parent. */
void mm_release(struct task_struct *tsk)
{
	if (tsk->clear_child_tid) {
		int *tid = tsk->clear_child_tid;

		tsk->clear_child_tid = NULL;
		if (put_user(0, tid) == 0)
			futex_wake(tsk->mm, (unsigned long)tid, 1);
	}
	if (tsk->vfork_parent) {
		struct task_struct *parent = tsk->vfork_parent;

		tsk->vfork_parent = NULL;
		wake_up_process(parent);
	}
}

/* The task runs on the page tables until it switches away for the last
 * time: it keeps them with an mm_count reference (dropped by the next
 * task, as for a kernel thread's borrowed mm). */
static void exit_mm(void)
{
	struct mm_struct *mm = current->mm;

	if (!mm)
		return;
	mm_release(current);
	mmgrab(mm);
	current->mm = NULL;
	mmput(mm);
}

/* The task lets go of its descriptors and directories: the last user
 * of a table closes its files, which may free them (and wake a pipe's
 * other end). */
static void exit_files(void)
{
	put_files_struct(current->files);
	current->files = NULL;
}

static void exit_fs(void)
{
	put_fs_struct(current->fs);
	current->fs = NULL;
}

static struct task_struct *child_reaper(void)
{
	return find_task_by_pid(1);
}

static bool thread_group_empty(const struct task_struct *leader)
{
	return list_empty(&leader->thread_group);
}

/* The process is gone, all its threads included: its parent can reap it. */
static void notify_parent(struct task_struct *leader)
{
	struct task_struct *parent = leader->parent;

	if (leader->exit_signal > 0) {
		int code = leader->exit_code;
		struct kernel_siginfo info = {
			.si_signo = leader->exit_signal,
			.si_code = (code & 0x7f) ? CLD_KILLED : CLD_EXITED,
			.si_pid = leader->tgid,
			.si_status = (code & 0x7f) ?: code >> 8,
		};

		send_sig_info(leader->exit_signal, &info, parent);
	}
	wake_up(&parent->wait_chldexit);
}

/* Our children become init's; zombies among them are init's to reap. */
static void forget_original_parent(struct task_struct *father)
{
	struct task_struct *reaper = child_reaper();

	while (!list_empty(&father->children)) {
		struct task_struct *child = list_first_entry(
			&father->children, struct task_struct, sibling);

		list_del(&child->sibling);
		child->parent = reaper;
		list_add_tail(&child->sibling, &reaper->children);
		if (child->exit_state == EXIT_ZOMBIE)
			wake_up(&reaper->wait_chldexit);
	}
}

static void exit_notify(void)
{
	struct task_struct *leader = current->group_leader;

	if (thread_group_leader(current)) {
		forget_original_parent(current);
		current->exit_state = EXIT_ZOMBIE;
		if (thread_group_empty(current))
			notify_parent(current);
		return;
	}
	/* A thread: nobody waits for it. The last one out tells the parent
	 * of a leader that is already a zombie. */
	list_del(&current->thread_group);
	INIT_LIST_HEAD(&current->thread_group);
	if (leader->exit_state == EXIT_ZOMBIE && thread_group_empty(leader))
		notify_parent(leader);
	release_task(current);
}

/* init's exit ends the system; its status is what `make run` reports,
 * as a shell would: the exit code, or 128 + the signal that killed it. */
static __noreturn void init_exited(int code)
{
	int status = (code & 0x7f) ? 128 + (code & 0x7f) : (code >> 8) & 0xff;

	printk("aspace: init exited with status %d\n", status);
	arch_exit(EXIT_SUCCESS_CODE);
}

void do_exit(int code)
{
	current->flags |= PF_EXITING;
	if (current->pid == 1)
		init_exited(code);
	current->exit_code = code;
	exit_mm();
	exit_files();
	exit_fs();
	local_irq_disable();
	exit_notify();
	current->state = TASK_DEAD;
	schedule();
	BUG();	/* a dead task is never scheduled again */
}

void do_group_exit(int code)
{
	struct task_struct *leader = current->group_leader;

	if (leader->flags & PF_GROUP_EXIT) {
		code = leader->group_exit_code;
	} else {
		leader->flags |= PF_GROUP_EXIT;
		leader->group_exit_code = code;
		group_send_sig_info(SIGKILL, NULL, current);
		current->pending.signal &= ~sigmask(SIGKILL);
	}
	do_exit(code);
}

void release_task(struct task_struct *p)
{
	p->exit_state = EXIT_DEAD;
	list_del(&p->tasks);
	if (thread_group_leader(p))
		list_del(&p->sibling);
	put_task_struct(p);
}

SYSCALL_DEFINE1(exit, int, error_code)
{
	do_exit(exit_status_code(error_code));
}

SYSCALL_DEFINE1(exit_group, int, error_code)
{
	do_group_exit(exit_status_code(error_code));
}

/* wait4's pid: a child (> 0), any child (-1), any in our process
 * group (0) or in group -pid. */
static bool wait_matches(const struct task_struct *child, pid_t pid)
{
	if (pid > 0)
		return child->pid == pid;
	if (pid == 0)
		return child->pgrp == current->group_leader->pgrp;
	return pid == -1 || child->pgrp == -pid;
}

/* Reap a zombie child if there is one: its pid, 0 if children remain but
 * none is ready, -ECHILD if there are none to wait for. */
static long reap_child(pid_t pid, int __user *stat_addr)
{
	struct task_struct *leader = current->group_leader, *child;
	bool any = false;

	list_for_each_entry(child, &leader->children, sibling) {
		if (!wait_matches(child, pid))
			continue;
		any = true;
		if (child->exit_state == EXIT_ZOMBIE &&
		    thread_group_empty(child)) {
			pid_t child_pid = child->pid;
			int status = child->exit_code;

			/* Reaped even if the status cannot be stored, as
			 * on Linux: the caller asked for it to go. */
			release_task(child);
			if (stat_addr && put_user(status, stat_addr))
				return -EFAULT;
			return child_pid;
		}
	}
	return any ? 0 : -ECHILD;
}

SYSCALL_DEFINE4(wait4, pid_t, pid, int __user *, stat_addr, int, options,
		void __user *, rusage)
{
	struct task_struct *leader = current->group_leader;
	struct wait_queue_entry wait = { .task = current };
	long ret;

	if (options & ~(WNOHANG | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	/* No resource usage is kept: a caller that asks gets zeroes. */
	if (rusage && copy_to_user(rusage, (char[144]){ 0 }, 144))
		return -EFAULT;
	for (;;) {
		prepare_to_wait(&leader->wait_chldexit, &wait,
				TASK_INTERRUPTIBLE);
		ret = reap_child(pid, stat_addr);
		if (ret != 0 || (options & WNOHANG))
			break;
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(&leader->wait_chldexit, &wait);
	return ret;
}
