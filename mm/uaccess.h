/*
 * Copying to and from user space. A system call never trusts a user
 * pointer: it must lie wholly below TASK_SIZE (so non-canonical and
 * kernel-half addresses are refused before any access), and the copy
 * itself may fault on a page that is not mapped; the page-fault handler
 * then either faults the page in as the user's own access would, or
 * resumes the copy at its fixup (kernel/extable.h) and the call fails
 * with EFAULT. Nothing a user passes can make the kernel oops.
 */
#ifndef MM_UACCESS_H
#define MM_UACCESS_H

#include <asm/page.h>
#include "kernel/compiler.h"
#include "kernel/errno.h"
#include "kernel/types.h"

static inline bool access_ok(const void __user *addr, unsigned long size)
{
	return size <= TASK_SIZE && (unsigned long)addr <= TASK_SIZE - size;
}

/* Both return the number of bytes NOT copied: 0 on success. What could
 * not be copied from the user is zeroed in the kernel buffer. */
unsigned long copy_from_user(void *to, const void __user *from,
			     unsigned long n);
unsigned long copy_to_user(void __user *to, const void *from,
			   unsigned long n);
/* Copy a string of at most count bytes including its NUL; its length,
 * count if no NUL came within count bytes, or -EFAULT. */
long strncpy_from_user(char *dst, const char __user *src, long count);

/* An unsigned integer type as wide as x (x is 1, 2, 4 or 8 bytes). */
#define __uaccess_int(x)                                                  \
	__typeof__(__builtin_choose_expr(                                 \
		sizeof(x) > 4, 0ull,                                      \
		__builtin_choose_expr(                                    \
			sizeof(x) > 2, 0u,                                \
			__builtin_choose_expr(sizeof(x) > 1,              \
					      (unsigned short)0,          \
					      (unsigned char)0))))

/* One value of *ptr's type, converted to the type of x (0 if it cannot
 * be read); 0 or -EFAULT. */
#define get_user(x, ptr)                                                 \
	({                                                               \
		__uaccess_int(*(ptr)) __val;                             \
		int __err = copy_from_user(&__val, (ptr), sizeof(__val)) \
				    ? -EFAULT : 0;                       \
		(x) = (__typeof__(*(ptr)))__val;                         \
		__err;                                                   \
	})
#define put_user(x, ptr)                                                 \
	({                                                               \
		__typeof__(*(ptr)) __val = (x);                          \
		copy_to_user((ptr), &__val, sizeof(__val)) ? -EFAULT : 0; \
	})

#endif
