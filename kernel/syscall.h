/*
 * System calls: Linux's x86-64 numbers and calling convention, so that a
 * static binary built for Linux runs here unchanged. The architecture's
 * entry code hands each call to do_syscall with its six arguments; the
 * table (kernel/syscall_table.c) sends it to sys_NAME, and a call this
 * kernel does not implement fails with ENOSYS.
 *
 * SYSCALL_DEFINEn(name, type, arg, ...) defines sys_name as the table
 * wants it (six unsigned longs) and, under it, a function with the real
 * argument types, as Linux's macros of the same name do.
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "kernel/types.h"

typedef long (*syscall_fn_t)(const unsigned long *args);

long do_syscall(unsigned long nr, const unsigned long args[6]);

#define __SC_DECL1(t1, a1) t1 a1
#define __SC_DECL2(t1, a1, ...) t1 a1, __SC_DECL1(__VA_ARGS__)
#define __SC_DECL3(t1, a1, ...) t1 a1, __SC_DECL2(__VA_ARGS__)
#define __SC_DECL4(t1, a1, ...) t1 a1, __SC_DECL3(__VA_ARGS__)
#define __SC_DECL5(t1, a1, ...) t1 a1, __SC_DECL4(__VA_ARGS__)
#define __SC_DECL6(t1, a1, ...) t1 a1, __SC_DECL5(__VA_ARGS__)

#define __SC_CAST1(i, t1, a1) (t1)args[i]
#define __SC_CAST2(i, t1, a1, ...) (t1)args[i], __SC_CAST1(i + 1, __VA_ARGS__)
#define __SC_CAST3(i, t1, a1, ...) (t1)args[i], __SC_CAST2(i + 1, __VA_ARGS__)
#define __SC_CAST4(i, t1, a1, ...) (t1)args[i], __SC_CAST3(i + 1, __VA_ARGS__)
#define __SC_CAST5(i, t1, a1, ...) (t1)args[i], __SC_CAST4(i + 1, __VA_ARGS__)
#define __SC_CAST6(i, t1, a1, ...) (t1)args[i], __SC_CAST5(i + 1, __VA_ARGS__)

#define SYSCALL_DEFINE0(name)                                  \
	static long __do_sys_##name(void);                     \
	long sys_##name(const unsigned long *args)             \
	{                                                      \
		(void)args;                                    \
		return __do_sys_##name();                      \
	}                                                      \
	static long __do_sys_##name(void)

#define SYSCALL_DEFINEx(x, name, ...)                                   \
	static long __do_sys_##name(__SC_DECL##x(__VA_ARGS__));         \
	long sys_##name(const unsigned long *args)                      \
	{                                                               \
		return __do_sys_##name(__SC_CAST##x(0, __VA_ARGS__));   \
	}                                                               \
	static long __do_sys_##name(__SC_DECL##x(__VA_ARGS__))

#define SYSCALL_DEFINE1(name, ...) SYSCALL_DEFINEx(1, name, __VA_ARGS__)
#define SYSCALL_DEFINE2(name, ...) SYSCALL_DEFINEx(2, name, __VA_ARGS__)
#define SYSCALL_DEFINE3(name, ...) SYSCALL_DEFINEx(3, name, __VA_ARGS__)
#define SYSCALL_DEFINE4(name, ...) SYSCALL_DEFINEx(4, name, __VA_ARGS__)
#define SYSCALL_DEFINE5(name, ...) SYSCALL_DEFINEx(5, name, __VA_ARGS__)
#define SYSCALL_DEFINE6(name, ...) SYSCALL_DEFINEx(6, name, __VA_ARGS__)

/*
 * The implemented calls: number and name. The table and the prototypes
 * of the sys_ functions are both generated from this list.
 */
#define SYSCALL_LIST(X)              \
	X(0, read)                   \
	X(1, write)                  \
	X(2, open)                   \
	X(3, close)                  \
	X(4, stat)                   \
	X(5, fstat)                  \
	X(6, lstat)                  \
	X(8, lseek)                  \
	X(9, mmap)                   \
	X(10, mprotect)              \
	X(11, munmap)                \
	X(12, brk)                   \
	X(13, rt_sigaction)          \
	X(14, rt_sigprocmask)        \
	X(15, rt_sigreturn)          \
	X(16, ioctl)                 \
	X(17, pread64)               \
	X(18, pwrite64)              \
	X(19, readv)                 \
	X(20, writev)                \
	X(22, pipe)                  \
	X(24, sched_yield)           \
	X(26, msync)                 \
	X(28, madvise)               \
	X(32, dup)                   \
	X(33, dup2)                  \
	X(34, pause)                 \
	X(35, nanosleep)             \
	X(39, getpid)                \
	X(56, clone)                 \
	X(57, fork)                  \
	X(58, vfork)                 \
	X(59, execve)                \
	X(60, exit)                  \
	X(61, wait4)                 \
	X(62, kill)                  \
	X(63, uname)                 \
	X(72, fcntl)                 \
	X(77, ftruncate)             \
	X(79, getcwd)                \
	X(80, chdir)                 \
	X(81, fchdir)                \
	X(83, mkdir)                 \
	X(84, rmdir)                 \
	X(87, unlink)                \
	X(88, symlink)               \
	X(89, readlink)              \
	X(90, chmod)                 \
	X(91, fchmod)                \
	X(95, umask)                 \
	X(97, getrlimit)             \
	X(99, sysinfo)               \
	X(102, getuid)               \
	X(104, getgid)               \
	X(107, geteuid)              \
	X(108, getegid)              \
	X(109, setpgid)              \
	X(110, getppid)              \
	X(111, getpgrp)              \
	X(112, setsid)               \
	X(121, getpgid)              \
	X(124, getsid)               \
	X(127, rt_sigpending)        \
	X(130, rt_sigsuspend)        \
	X(131, sigaltstack)          \
	X(158, arch_prctl)           \
	X(186, gettid)               \
	X(200, tkill)                \
	X(202, futex)                \
	X(217, getdents64)           \
	X(218, set_tid_address)      \
	X(228, clock_gettime)        \
	X(231, exit_group)           \
	X(234, tgkill)               \
	X(257, openat)               \
	X(258, mkdirat)              \
	X(262, newfstatat)           \
	X(263, unlinkat)             \
	X(266, symlinkat)            \
	X(267, readlinkat)           \
	X(268, fchmodat)             \
	X(292, dup3)                 \
	X(293, pipe2)                \
	X(302, prlimit64)

#define __SYSCALL_PROTO(nr, name) long sys_##name(const unsigned long *args);
SYSCALL_LIST(__SYSCALL_PROTO)
#undef __SYSCALL_PROTO

#endif
