/* Error numbers: Linux's values, because user programs see them. Kernel
 * functions return them negated (-ENOMEM), as Linux does. */
#ifndef KERNEL_ERRNO_H
#define KERNEL_ERRNO_H

#include "kernel/types.h"

#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define ENXIO 6
#define E2BIG 7
#define ENOEXEC 8
#define EBADF 9
#define ECHILD 10
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define EBUSY 16
#define EEXIST 17
#define ENODEV 19
#define ENOTDIR 20
#define EISDIR 21
#define EINVAL 22
#define ENFILE 23
#define EMFILE 24
#define ENOTTY 25
#define ETXTBSY 26
#define EFBIG 27
#define ENOSPC 28
#define ESPIPE 29
#define EROFS 30
#define EPIPE 32
#define ERANGE 34
#define ENAMETOOLONG 36
#define ENOSYS 38
#define ENOTEMPTY 39
#define ELOOP 40
#define EOVERFLOW 75
#define ELIBBAD 80
#define EOPNOTSUPP 95
#define ETIMEDOUT 110

/*
 * Never seen by user space: a sleep a signal interrupted returns one of
 * these, and the way back to user mode (arch_do_signal_or_restart) turns
 * it into EINTR or restarts the call, depending on whether a handler runs
 * and whether it was installed with SA_RESTART.
 */
#define ERESTARTSYS 512		/* restart unless a handler without SA_RESTART */
#define ERESTARTNOINTR 513	/* always restart */
#define ERESTARTNOHAND 514	/* EINTR if a handler ran, else restart */

/* The largest error number: -1..-MAX_ERRNO cast to unsigned long are the
 * top addresses, which no mapping or object can start at, so functions
 * that return an address or a pointer can return an error the same way. */
#define MAX_ERRNO 4095

#define IS_ERR_VALUE(x) ((unsigned long)(x) >= (unsigned long)-MAX_ERRNO)

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return IS_ERR_VALUE((unsigned long)ptr);
}

#endif
