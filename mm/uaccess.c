/* Copies between kernel and user space (mm/uaccess.h), on the
 * architecture's fault-tolerant copy. */
#include "kernel/lib/string.h"
#include "mm/uaccess.h"

/* arch/x86_64/copy.asm: returns the bytes not copied. */
unsigned long __copy_nofault(void *dst, const void *src, size_t n);

unsigned long copy_from_user(void *to, const void __user *from,
			     unsigned long n)
{
	unsigned long left = n;

	if (access_ok(from, n))
		left = __copy_nofault(to, from, n);
	if (left)
		memset((char *)to + (n - left), 0, left);
	return left;
}

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	return __copy_nofault(to, from, n);
}

/* A page at a time: a string may end just before an unmapped page, and
 * reading past its NUL into that page must not fail the copy. */
long strncpy_from_user(char *dst, const char __user *src, long count)
{
	long done = 0;

	while (done < count) {
		unsigned long addr = (unsigned long)src + done;
		long chunk = MIN(count - done,
				 (long)(PAGE_SIZE - (addr & ~PAGE_MASK)));
		const char *nul;

		if (copy_from_user(dst + done, src + done, chunk))
			return -EFAULT;
		nul = memchr(dst + done, '\0', chunk);
		if (nul)
			return nul - dst;
		done += chunk;
	}
	return count;
}
