/*
 * Small system calls about the process and the system: identity, time,
 * sleeping, uname and sysinfo.
 */
#include "kernel/errno.h"
#include "kernel/fs/fdtable.h"
#include "kernel/lib/string.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/time.h"
#include "mm/mm.h"
#include "mm/page_alloc.h"
#include "mm/uaccess.h"

SYSCALL_DEFINE0(getpid)
{
	return current->tgid;
}

SYSCALL_DEFINE0(gettid)
{
	return current->pid;
}

SYSCALL_DEFINE0(getppid)
{
	return current->group_leader->parent->tgid;
}

/* Everyone is root: there are no users yet. */
SYSCALL_DEFINE0(getuid)
{
	return 0;
}

SYSCALL_DEFINE0(geteuid)
{
	return 0;
}

SYSCALL_DEFINE0(getgid)
{
	return 0;
}

SYSCALL_DEFINE0(getegid)
{
	return 0;
}

/* The process pid, or the caller's with pid 0; NULL if there is none. */
static struct task_struct *find_process(pid_t pid)
{
	struct task_struct *p = pid ? find_task_by_pid(pid) : current;

	if (!p || (p->flags & PF_KTHREAD))
		return NULL;
	return p->group_leader;
}

SYSCALL_DEFINE1(getpgid, pid_t, pid)
{
	struct task_struct *p = find_process(pid);

	return p ? p->pgrp : -ESRCH;
}

SYSCALL_DEFINE0(getpgrp)
{
	return current->group_leader->pgrp;
}

SYSCALL_DEFINE1(getsid, pid_t, pid)
{
	struct task_struct *p = find_process(pid);

	return p ? p->session : -ESRCH;
}

/* Move the caller or one of its children into a process group of the
 * same session: a new one named after the process, or an existing one. */
SYSCALL_DEFINE2(setpgid, pid_t, pid, pid_t, pgid)
{
	struct task_struct *me = current->group_leader, *p, *q;

	if (pgid < 0)
		return -EINVAL;
	p = find_process(pid);
	if (!p || (p != me && p->parent != me))
		return -ESRCH;
	if (p->session != me->session || p->pid == p->session)
		return -EPERM;
	if (!pgid)
		pgid = p->pid;
	if (pgid != p->pid) {
		bool exists = false;

		list_for_each_entry(q, &task_list, tasks)
			exists |= q->pgrp == pgid && q->session == me->session;
		if (!exists)
			return -EPERM;
	}
	p->pgrp = pgid;
	return 0;
}

/* A new session and group led by the caller, unless it leads a group. */
SYSCALL_DEFINE0(setsid)
{
	struct task_struct *me = current->group_leader, *q;

	list_for_each_entry(q, &task_list, tasks)
		if (q->pgrp == me->pid)
			return -EPERM;
	me->pgrp = me->session = me->pid;
	return me->pid;
}

SYSCALL_DEFINE1(set_tid_address, int __user *, tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}

SYSCALL_DEFINE0(sched_yield)
{
	schedule();
	return 0;
}

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7

/* Every clock counts ticks since boot: there is no real-time clock yet,
 * so CLOCK_REALTIME starts at the epoch too. */
SYSCALL_DEFINE2(clock_gettime, int, which, struct timespec __user *, tp)
{
	unsigned long now = jiffies;
	struct timespec ts = { now / HZ, (now % HZ) * NSEC_PER_JIFFY };

	if (which < CLOCK_REALTIME || which > CLOCK_BOOTTIME)
		return -EINVAL;
	return copy_to_user(tp, &ts, sizeof(ts)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(nanosleep, const struct timespec __user *, rqtp,
		struct timespec __user *, rmtp)
{
	struct timespec ts;
	unsigned long deadline, left;

	if (copy_from_user(&ts, rqtp, sizeof(ts)))
		return -EFAULT;
	if (!timespec_valid(&ts))
		return -EINVAL;
	/* One tick more: the current tick is already partly over. */
	deadline = jiffies + timespec_to_jiffies(&ts) + 1;
	while (time_before(jiffies, deadline)) {
		current->state = TASK_INTERRUPTIBLE;
		if (signal_pending(current)) {
			current->state = TASK_RUNNING;
			goto interrupted;
		}
		schedule_timeout(deadline);
	}
	return 0;
interrupted:
	left = deadline - jiffies;
	ts.tv_sec = left / HZ;
	ts.tv_nsec = (left % HZ) * NSEC_PER_JIFFY;
	if (rmtp && copy_to_user(rmtp, &ts, sizeof(ts)))
		return -EFAULT;
	/* EINTR once a handler ran; without one (a signal that was then
	 * ignored) the sleep starts over, longer than Linux's, which goes
	 * on with the time left. */
	return -ERESTARTNOHAND;
}

struct new_utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65],
		domainname[65];
};

SYSCALL_DEFINE1(uname, struct new_utsname __user *, name)
{
	struct new_utsname u = {
		.sysname = "aspace",
		.nodename = "aspace",
		.release = "0.1",
		.version = "#1",
		.machine = "x86_64",
		.domainname = "(none)",
	};

	return copy_to_user(name, &u, sizeof(u)) ? -EFAULT : 0;
}

struct sysinfo {
	long uptime;
	unsigned long loads[3];
	unsigned long totalram, freeram, sharedram, bufferram;
	unsigned long totalswap, freeswap;
	unsigned short procs, pad;
	unsigned long totalhigh, freehigh;
	unsigned int mem_unit;
	char _f[20 - 2 * sizeof(long) - sizeof(int)];
};

/* freeram is exact (free frames x page size): the tests measure with it. */
SYSCALL_DEFINE1(sysinfo, struct sysinfo __user *, info)
{
	struct sysinfo si = {
		.uptime = jiffies / HZ,
		.totalram = nr_managed_pages() * PAGE_SIZE,
		.freeram = nr_free_pages() * PAGE_SIZE,
		.procs = nr_tasks(),
		.mem_unit = 1,
	};

	return copy_to_user(info, &si, sizeof(si)) ? -EFAULT : 0;
}

#define RLIMIT_STACK 3
#define RLIMIT_NOFILE 7
#define RLIM_NLIMITS 16
#define RLIM_INFINITY (~0ul)

struct rlimit {
	unsigned long rlim_cur, rlim_max;
};

/* The limits every process has here; they cannot be changed. */
static struct rlimit rlimit_of(unsigned resource)
{
	switch (resource) {
	case RLIMIT_NOFILE:
		return (struct rlimit){ NR_OPEN, NR_OPEN };
	case RLIMIT_STACK:
		return (struct rlimit){ STACK_LIMIT, RLIM_INFINITY };
	default:
		return (struct rlimit){ RLIM_INFINITY, RLIM_INFINITY };
	}
}

SYSCALL_DEFINE4(prlimit64, pid_t, pid, unsigned int, resource,
		const struct rlimit __user *, new_rlim,
		struct rlimit __user *, old_rlim)
{
	struct rlimit old = rlimit_of(resource), new;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (pid && !find_task_by_pid(pid))
		return -ESRCH;
	if (new_rlim) {
		if (copy_from_user(&new, new_rlim, sizeof(new)))
			return -EFAULT;
		if (new.rlim_cur > new.rlim_max)
			return -EINVAL;
		if (new.rlim_cur != old.rlim_cur || new.rlim_max != old.rlim_max)
			return -EPERM;
	}
	if (old_rlim && copy_to_user(old_rlim, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(getrlimit, unsigned int, resource, struct rlimit __user *,
		rlim)
{
	struct rlimit r = rlimit_of(resource);

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	return copy_to_user(rlim, &r, sizeof(r)) ? -EFAULT : 0;
}
