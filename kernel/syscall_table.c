/* The system-call table, and what happens to a call it does not have. */
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"

#define NR_SYSCALLS 512

static const syscall_fn_t sys_call_table[NR_SYSCALLS] = {
#define __SYSCALL_ENTRY(nr, name) [nr] = sys_##name,
	SYSCALL_LIST(__SYSCALL_ENTRY)
#undef __SYSCALL_ENTRY
};

/* Unimplemented calls are reported once each, so that a program that
 * fails mysteriously points at what it missed without flooding the log.
 * (Numbers beyond any Linux call fail silently.) */
static unsigned long reported[NR_SYSCALLS / 64];

static long sys_ni_syscall(unsigned long nr)
{
	if (!(reported[nr / 64] & (1ul << (nr % 64)))) {
		reported[nr / 64] |= 1ul << (nr % 64);
		pr_notice("syscall %lu is not implemented (first called by "
			  "%s[%d]): ENOSYS\n", nr, current->comm, current->pid);
	}
	return -ENOSYS;
}

long do_syscall(unsigned long nr, const unsigned long args[6])
{
	if (nr >= NR_SYSCALLS)
		return -ENOSYS;
	if (!sys_call_table[nr])
		return sys_ni_syscall(nr);
	return sys_call_table[nr](args);
}
