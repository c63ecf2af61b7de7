/*
 * PID/status: a process in "Field:\tvalue" lines (Linux's
 * fs/proc/array.c). The lines are Linux's, in its order and format, for
 * what this kernel knows; those it has nothing true to put in are left
 * out (Umask, SigQ, the capabilities, the CPU lists, context switches)
 * rather than made up. Some lines are constant because the thing they
 * count does not exist here: everyone is root with no extra groups,
 * nothing traces, and there is one pid namespace.
 */
#include "kernel/fs/fdtable.h"
#include "kernel/fs/proc/internal.h"
#include "kernel/sched.h"
#include "mm/mm.h"

/* Linux's names for the states a task can be in. */
static const char *get_task_state(const struct task_struct *p)
{
	if (p->exit_state == EXIT_ZOMBIE)
		return "Z (zombie)";
	if (p->exit_state == EXIT_DEAD || p->state == TASK_DEAD)
		return "X (dead)";
	if (p->state == TASK_INTERRUPTIBLE)
		return "S (sleeping)";
	if (p->state == TASK_UNINTERRUPTIBLE)
		return "D (disk sleep)";
	return "R (running)";
}

/* The name, with a newline or backslash in it escaped as Linux does
 * ("\n" as \n, "\" as \\), so that it stays one line. */
static void task_name(struct seq_file *m, const struct task_struct *p)
{
	seq_puts(m, "Name:\t");
	for (const char *c = p->comm; *c; c++) {
		if (*c == '\n')
			seq_puts(m, "\\n");
		else if (*c == '\\')
			seq_puts(m, "\\\\");
		else
			seq_putc(m, *c);
	}
	seq_putc(m, '\n');
}

/* Linux prints an empty Groups list as a lone space. */
static void task_state(struct seq_file *m, const struct task_struct *p)
{
	seq_printf(m,
		   "State:\t%s\n"
		   "Tgid:\t%d\n"
		   "Ngid:\t0\n"
		   "Pid:\t%d\n"
		   "PPid:\t%d\n"
		   "TracerPid:\t0\n"
		   "Uid:\t0\t0\t0\t0\n"
		   "Gid:\t0\t0\t0\t0\n"
		   "FDSize:\t%u\n"
		   "Groups:\t \n"
		   "NStgid:\t%d\n"
		   "NSpid:\t%d\n"
		   "NSpgid:\t%d\n"
		   "NSsid:\t%d\n"
		   "Kthread:\t%c\n",
		   get_task_state(p), p->tgid, p->pid, p->parent->tgid,
		   p->files ? p->files->max_fds : 0, p->tgid, p->pid, p->pgrp,
		   p->session, p->flags & PF_KTHREAD ? '1' : '0');
}

/* The process's tasks: the leader and the others in its thread_group. */
static int get_nr_threads(const struct task_struct *leader)
{
	const struct task_struct *t;
	int n = 1;

	list_for_each_entry(t, &leader->thread_group, thread_group)
		n++;
	return n;
}

/*
 * Signal sets in hex, signal 1 the lowest bit, as Linux renders them.
 * ShdPnd, the signals pending for the process as a whole, is empty: here
 * a signal sent to a process goes to one of its threads at once. The
 * pending and blocked sets are the leader's, as on Linux.
 */
static void task_sig(struct seq_file *m, const struct task_struct *p)
{
	unsigned long long ignored = 0, caught = 0;

	for (int sig = 1; sig <= _NSIG; sig++) {
		unsigned long handler = p->sighand->action[sig - 1].handler;

		if (handler == SIG_IGN)
			ignored |= sigmask(sig);
		else if (handler != SIG_DFL)
			caught |= sigmask(sig);
	}
	seq_printf(m,
		   "Threads:\t%d\n"
		   "SigPnd:\t%016llx\n"
		   "ShdPnd:\t%016llx\n"
		   "SigBlk:\t%016llx\n"
		   "SigIgn:\t%016llx\n"
		   "SigCgt:\t%016llx\n",
		   get_nr_threads(p), (unsigned long long)p->pending.signal,
		   0ull, (unsigned long long)p->blocked, ignored, caught);
}

void proc_pid_status(struct seq_file *m, struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);

	task_name(m, task);
	task_state(m, task);
	if (mm) {
		task_mem(m, mm);
		mmput(mm);
	}
	task_sig(m, task);
}
