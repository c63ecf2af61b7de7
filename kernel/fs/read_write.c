/*
 * read, write and their variants, lseek and ioctl: a descriptor to its
 * open file, then the file's own operations. Errors as Linux's: a
 * descriptor not open, or not open for the direction, is EBADF; reading
 * a directory is EISDIR; a file that cannot seek is ESPIPE.
 */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/fs.h"
#include "kernel/syscall.h"
#include "mm/pagemap.h"
#include "mm/uaccess.h"

#define MAX_RW_COUNT 0x7ffff000l	/* Linux's cap on one read or write */
#define IOV_MAX 1024

long kernel_read(struct file *file, void *buf, size_t count, loff_t pos)
{
	if (!S_ISREG(file_inode(file)->i_mode) || pos < 0)
		return -EINVAL;
	return filemap_read_kernel(file->f_mapping, buf, count, pos);
}

loff_t generic_file_llseek(struct file *file, loff_t offset, int whence)
{
	loff_t base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = file->f_pos;
		break;
	case SEEK_END:
		base = file_inode(file)->i_size;
		break;
	default:
		return -EINVAL;
	}
	if (base + offset < 0)
		return -EINVAL;
	return file->f_pos = base + offset;
}

static long vfs_read(struct file *file, char __user *buf, size_t count,
		     loff_t *pos)
{
	if (!(file->f_mode & FMODE_READ))
		return -EBADF;
	if (!file->f_op->read)
		return S_ISDIR(file_inode(file)->i_mode) ? -EISDIR : -EINVAL;
	if (!access_ok(buf, count))
		return -EFAULT;
	return file->f_op->read(file, buf, MIN(count, (size_t)MAX_RW_COUNT),
				pos);
}

/* buf is not const only so that vfs_read and vfs_write are both rw_fn. */
static long vfs_write(struct file *file, char __user *buf, size_t count,
		      loff_t *pos)
{
	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!file->f_op->write)
		return -EINVAL;
	if (!access_ok(buf, count))
		return -EFAULT;
	/* O_APPEND: every write goes to the end, whatever the position. */
	if ((file->f_flags & O_APPEND) && S_ISREG(file_inode(file)->i_mode))
		*pos = file_inode(file)->i_size;
	return file->f_op->write(file, buf, MIN(count, (size_t)MAX_RW_COUNT),
				 pos);
}

typedef long (*rw_fn)(struct file *file, char __user *buf, size_t count,
		      loff_t *pos);

/* read or write at the file's position (pos < 0) or at pos, which only
 * a file that can seek allows (pread64, pwrite64). */
static long do_rw(int fd, rw_fn rw, char __user *buf, size_t count,
		  loff_t pos)
{
	struct file *file = fget(fd);
	long ret;

	if (!file)
		return -EBADF;
	if (pos >= 0 && !file->f_op->llseek)
		ret = -ESPIPE;
	else
		ret = rw(file, buf, count, pos >= 0 ? &pos : &file->f_pos);
	fput(file);
	return ret;
}

SYSCALL_DEFINE3(read, int, fd, char __user *, buf, size_t, count)
{
	return do_rw(fd, vfs_read, buf, count, -1);
}

SYSCALL_DEFINE3(write, int, fd, const char __user *, buf, size_t, count)
{
	return do_rw(fd, vfs_write, (char __user *)buf, count, -1);
}

SYSCALL_DEFINE4(pread64, int, fd, char __user *, buf, size_t, count,
		loff_t, pos)
{
	if (pos < 0)
		return -EINVAL;
	return do_rw(fd, vfs_read, buf, count, pos);
}

SYSCALL_DEFINE4(pwrite64, int, fd, const char __user *, buf, size_t, count,
		loff_t, pos)
{
	if (pos < 0)
		return -EINVAL;
	return do_rw(fd, vfs_write, (char __user *)buf, count, pos);
}

struct iovec {
	void __user *iov_base;
	size_t iov_len;
};

/* Each buffer in turn; a short transfer or a fault after some bytes
 * ends the call with what was done. */
static long do_rw_vector(int fd, rw_fn rw, const struct iovec __user *vec,
			 unsigned long vlen)
{
	long total = 0;

	if (vlen > IOV_MAX)
		return -EINVAL;
	for (unsigned long i = 0; i < vlen; i++) {
		struct iovec iov;
		long n;

		if (copy_from_user(&iov, &vec[i], sizeof(iov)))
			return total ? total : -EFAULT;
		if ((long)iov.iov_len < 0)
			return -EINVAL;
		n = do_rw(fd, rw, iov.iov_base, iov.iov_len, -1);
		if (n < 0)
			return total ? total : n;
		total += n;
		if ((size_t)n < iov.iov_len)
			break;
	}
	return total;
}

SYSCALL_DEFINE3(readv, int, fd, const struct iovec __user *, vec,
		unsigned long, vlen)
{
	return do_rw_vector(fd, vfs_read, vec, vlen);
}

SYSCALL_DEFINE3(writev, int, fd, const struct iovec __user *, vec,
		unsigned long, vlen)
{
	return do_rw_vector(fd, vfs_write, vec, vlen);
}

SYSCALL_DEFINE3(lseek, int, fd, loff_t, offset, int, whence)
{
	struct file *file = fget(fd);
	loff_t ret;

	if (!file)
		return -EBADF;
	ret = file->f_op->llseek ? file->f_op->llseek(file, offset, whence) :
				   -ESPIPE;
	fput(file);
	return ret;
}

SYSCALL_DEFINE3(ioctl, int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct file *file = fget(fd);
	long ret;

	if (!file)
		return -EBADF;
	ret = file->f_op->ioctl ? file->f_op->ioctl(file, cmd, arg) : -ENOTTY;
	fput(file);
	return ret;
}
