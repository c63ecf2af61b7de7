/*
 * read, write, writev and ioctl. There is no file table yet: descriptors
 * 0, 1 and 2 are the console terminal, as if opened by init on
 * /dev/console, and every other descriptor is a bad one.
 */
#include "kernel/compiler.h"
#include "kernel/errno.h"
#include "kernel/syscall.h"
#include "kernel/tty.h"
#include "mm/uaccess.h"

#define MAX_RW_COUNT 0x7ffff000l	/* Linux's cap on one read or write */
#define IOV_MAX 1024
#define TIOCGWINSZ 0x5413

static bool console_fd(int fd)
{
	return fd >= 0 && fd <= 2;
}

SYSCALL_DEFINE3(read, int, fd, char __user *, buf, size_t, count)
{
	if (!console_fd(fd))
		return -EBADF;
	if (!access_ok(buf, count))
		return -EFAULT;
	return tty_read(buf, MIN(count, (size_t)MAX_RW_COUNT));
}

SYSCALL_DEFINE3(write, int, fd, const char __user *, buf, size_t, count)
{
	if (!console_fd(fd))
		return -EBADF;
	if (!access_ok(buf, count))
		return -EFAULT;
	return tty_write(buf, MIN(count, (size_t)MAX_RW_COUNT));
}

struct iovec {
	void __user *iov_base;
	size_t iov_len;
};

/* Each buffer in turn; a short write or a fault after some bytes ends
 * the call with what was written. */
SYSCALL_DEFINE3(writev, int, fd, const struct iovec __user *, vec,
		unsigned long, vlen)
{
	long total = 0;

	if (!console_fd(fd))
		return -EBADF;
	if (vlen > IOV_MAX)
		return -EINVAL;
	for (unsigned long i = 0; i < vlen; i++) {
		struct iovec iov;
		long n;

		if (copy_from_user(&iov, &vec[i], sizeof(iov)))
			return total ? total : -EFAULT;
		if ((long)iov.iov_len < 0)
			return -EINVAL;
		if (!access_ok(iov.iov_base, iov.iov_len))
			return total ? total : -EFAULT;
		n = tty_write(iov.iov_base, iov.iov_len);
		if (n < 0)
			return total ? total : n;
		total += n;
		if ((size_t)n < iov.iov_len)
			break;
	}
	return total;
}

struct winsize {
	unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* TIOCGWINSZ is how musl's stdio asks whether stdout is a terminal (and
 * so line-buffered): the console says it is one, of the classic size. */
SYSCALL_DEFINE3(ioctl, int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct winsize ws = { 24, 80, 0, 0 };

	if (!console_fd(fd))
		return -EBADF;
	if (cmd != TIOCGWINSZ)
		return -ENOTTY;
	return copy_to_user((void __user *)arg, &ws, sizeof(ws)) ? -EFAULT : 0;
}
