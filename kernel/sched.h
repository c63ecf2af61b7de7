/*
 * Tasks and the scheduler. A task is a thread of execution; a process is
 * a group of tasks sharing a tgid (its leader's pid). As in Linux, what
 * tasks share is decided at clone time by pointers: the address space
 * (mm), the signal handlers (sighand).
 *
 * The scheduler is round robin: a task runs until it sleeps, yields, or
 * uses up its time slice (timer preemption, which takes effect when the
 * task is about to return to user mode: kernel code is not preempted).
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <asm/processor.h>
#include "kernel/list.h"
#include "kernel/signal.h"
#include "kernel/spinlock.h"
#include "kernel/types.h"

struct mm_struct;

/* A wait queue (kernel/wait.h has the operations). */
struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;
};

/* task->state */
#define TASK_RUNNING 0		/* on the run queue, or running */
#define TASK_INTERRUPTIBLE 1	/* asleep; a signal wakes it */
#define TASK_UNINTERRUPTIBLE 2	/* asleep; only its event wakes it */
#define TASK_DEAD 3		/* has run for the last time */

/* task->exit_state */
#define EXIT_ZOMBIE 1		/* dead, its parent has not waited yet */
#define EXIT_DEAD 2		/* reaped: only memory left to free */

#define TASK_COMM_LEN 16
#define TIME_SLICE_TICKS 5	/* 50 ms at HZ = 100 */

struct task_struct {
	struct thread_struct thread;	/* arch state: first, for alignment */
	volatile long state;
	int exit_state;
	pid_t pid;
	pid_t tgid;			/* the process: its leader's pid */
	pid_t pgrp;			/* process group (kill(0), wait4(0)) */
	pid_t session;
	char comm[TASK_COMM_LEN];	/* program name (exec sets it) */
	unsigned flags;			/* PF_* */
	bool need_resched;		/* schedule before returning to user */
	int time_slice;			/* ticks left */

	/* The address space. A kernel thread has no mm of its own and runs
	 * on whichever one was loaded before it (active_mm): lazy TLB. */
	struct mm_struct *mm;
	struct mm_struct *active_mm;

	void *stack;			/* THREAD_SIZE bytes, pt_regs on top */
	/* References: one while the task may still run, one until its parent
	 * has waited for it (or it reaped itself). */
	int usage;
	struct list_head tasks;		/* every task, in pid order */
	struct list_head run_list;	/* the run queue, then kreaper's list */
	bool on_rq;
	struct list_head sleep_list;	/* schedule_timeout_until sleepers */

	/* Family. Children are the processes this one forked (and its
	 * threads' children: the parent is always a group leader). */
	struct task_struct *parent;
	struct list_head children;
	struct list_head sibling;	/* in parent->children */
	struct task_struct *group_leader;
	struct list_head thread_group;	/* the other tasks of the process */

	int exit_code;		/* wait status: code << 8, or the signal */
	int exit_signal;	/* sent to the parent at exit; -1: none */
	int group_exit_code;	/* leader: the status all threads exit with */
	struct wait_queue_head wait_chldexit;	/* wait4 sleeps here */

	struct files_struct *files;	/* open files (CLONE_FILES shares) */
	struct fs_struct *fs;		/* root, cwd, umask (CLONE_FS) */
	struct sighand_struct *sighand;
	struct sigpending pending;	/* signals sent to this task */
	sigset_t blocked;	/* rt_sigprocmask */
	/* rt_sigsuspend's caller's mask, back once a signal was handled. */
	sigset_t saved_sigmask;
	bool restore_sigmask;
	unsigned long sas_ss_sp;	/* the alternate signal stack */
	size_t sas_ss_size;
	unsigned sas_ss_flags;		/* SS_AUTODISARM */

	int *set_child_tid;	/* user: the child's tid goes here first */
	int *clear_child_tid;	/* user: zeroed and futex-woken at exit */
	unsigned long wakeup_jiffies;	/* nanosleep */
	struct task_struct *vfork_parent;	/* waiting for our exec/exit */
};

/* task->flags */
#define PF_KTHREAD 0x1		/* a kernel thread: never has an mm */
#define PF_EXITING 0x2		/* in do_exit */
#define PF_GROUP_EXIT 0x4	/* leader: the whole process is exiting */

/* The task running on this CPU. */
extern struct task_struct *current;
/* All tasks, starting with the idle task (pid 0). */
extern struct list_head task_list;
extern struct task_struct init_task;

static inline bool thread_group_leader(const struct task_struct *p)
{
	return p->group_leader == p;
}

/* kernel/sched.c */
void sched_init(void);
/* Give the CPU to the next runnable task. If current->state is no longer
 * TASK_RUNNING, current sleeps until woken. */
void schedule(void);
/* The first thing a new task does (from ret_from_fork). */
void schedule_tail(struct task_struct *prev);
/* Make a sleeping task runnable; false if it was not asleep. */
bool wake_up_process(struct task_struct *p);
/* Put a new task on the run queue. */
void wake_up_new_task(struct task_struct *p);
/* The timer: account the tick to current, wake sleepers whose time came. */
void scheduler_tick(void);
/* schedule(), with a wake-up at jiffies == deadline at the latest. The
 * caller sets current->state first and checks its condition after. */
void schedule_timeout(unsigned long deadline);
/* The idle loop: the boot thread ends here. */
__noreturn void cpu_idle(void);
/* Switch this CPU from address space prev to next. */
void activate_mm(struct mm_struct *prev, struct mm_struct *next);
/* Find a task by pid; NULL if none. */
struct task_struct *find_task_by_pid(pid_t pid);
unsigned long nr_tasks(void);

/* kernel/fork.c */
/* Clone flags (Linux's values). */
#define CSIGNAL 0x000000ff		/* the exit signal */
#define CLONE_VM 0x00000100
#define CLONE_FS 0x00000200
#define CLONE_FILES 0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_VFORK 0x00004000
#define CLONE_PARENT 0x00008000
#define CLONE_THREAD 0x00010000
#define CLONE_SYSVSEM 0x00040000
#define CLONE_SETTLS 0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED 0x00400000
#define CLONE_CHILD_SETTID 0x01000000

struct kernel_clone_args {
	unsigned long flags;
	int exit_signal;
	unsigned long stack;		/* the child's user stack, or 0 */
	unsigned long tls;
	int *parent_tid, *child_tid;	/* user pointers */
	int (*fn)(void *);		/* kernel threads */
	void *fn_arg;
};
/* Create a task as clone(2) does; returns its pid or -errno. */
long kernel_clone(struct kernel_clone_args *args);
/* Start a kernel thread running fn(arg); its pid or -errno. */
pid_t kernel_thread(int (*fn)(void *), void *arg, const char *name);
/* A task ran for the last time: free its kernel stack, drop a reference. */
void free_task_stack(struct task_struct *p);
/* Take a reference to a task, or drop one; the last frees the task. */
static inline struct task_struct *get_task_struct(struct task_struct *p)
{
	p->usage++;
	return p;
}
void put_task_struct(struct task_struct *p);
/* p's address space with a user reference (mmput), or NULL for a
 * kernel thread or a process that has let go of it (a zombie). */
struct mm_struct *get_task_mm(struct task_struct *p);
void fork_init(void);

/* kernel/exec.c: exec from a kernel thread (init): the thread becomes a
 * user process, entering user mode when its function returns. */
int kernel_execve(const char *filename, const char *const argv[],
		  const char *const envp[]);

/* kernel/exit.c */
__noreturn void do_exit(int code);
/* Exit every task of the process (exit_group, fatal signals). */
__noreturn void do_group_exit(int code);
/* Is p (already dead) still worth keeping for its parent? */
void release_task(struct task_struct *p);
/* mm_release at exit and exec: clear_child_tid, wake a vfork parent. */
void mm_release(struct task_struct *tsk);

/* Wait status encoding (Linux's). */
static inline int exit_status_code(int code)
{
	return (code & 0xff) << 8;
}

#endif
