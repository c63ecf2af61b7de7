/* stat, fstat, lstat, newfstatat: an inode as user space sees it; and
 * readlink, a symbolic link's text. */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/namei.h"
#include "kernel/lib/string.h"
#include "kernel/syscall.h"
#include "mm/slab.h"
#include "mm/uaccess.h"

/* Linux's struct stat on x86-64. */
struct stat {
	unsigned long st_dev;
	unsigned long st_ino;
	unsigned long st_nlink;
	unsigned int st_mode;
	unsigned int st_uid;
	unsigned int st_gid;
	unsigned int __pad0;
	unsigned long st_rdev;
	long st_size;
	long st_blksize;
	long st_blocks;		/* in 512-byte units */
	unsigned long st_atime, st_atime_nsec;
	unsigned long st_mtime, st_mtime_nsec;
	unsigned long st_ctime, st_ctime_nsec;
	long reserved[3];
};

/* A device number as stat shows it (Linux's new_encode_dev). */
static unsigned long encode_dev(dev_t dev)
{
	unsigned long major = MAJOR(dev), minor = MINOR(dev);

	return (minor & 0xff) | (major << 8) | ((minor & ~0xfful) << 12);
}

/* No times are kept: they read as the epoch. */
static long cp_new_stat(const struct inode *inode, struct stat __user *buf)
{
	struct stat st = {
		.st_dev = encode_dev(inode->i_sb->s_dev),
		.st_ino = inode->i_ino,
		.st_nlink = inode->i_nlink,
		.st_mode = inode->i_mode,
		.st_rdev = encode_dev(inode->i_rdev),
		.st_size = inode->i_size,
		.st_blksize = PAGE_SIZE,
		.st_blocks = inode->i_mapping->nrpages * (PAGE_SIZE / 512),
	};

	return copy_to_user(buf, &st, sizeof(st)) ? -EFAULT : 0;
}

static long vfs_fstat(int fd, struct stat __user *statbuf)
{
	struct file *file = fget(fd);
	long ret;

	if (!file)
		return -EBADF;
	ret = cp_new_stat(file_inode(file), statbuf);
	fput(file);
	return ret;
}

SYSCALL_DEFINE2(fstat, int, fd, struct stat __user *, statbuf)
{
	return vfs_fstat(fd, statbuf);
}

static long vfs_fstatat(int dfd, const char __user *filename,
			struct stat __user *statbuf, int flags)
{
	struct dentry *dentry;
	char *name;
	long ret;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	name = getname(filename);
	if (name == ERR_PTR(-ENOENT) && (flags & AT_EMPTY_PATH))
		return vfs_fstat(dfd, statbuf);
	if (IS_ERR(name))
		return PTR_ERR(name);
	ret = kern_path_at(dfd, name,
			   (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW,
			   &dentry);
	putname(name);
	if (ret)
		return ret;
	ret = cp_new_stat(dentry->d_inode, statbuf);
	dput(dentry);
	return ret;
}

SYSCALL_DEFINE2(stat, const char __user *, filename, struct stat __user *,
		statbuf)
{
	return vfs_fstatat(AT_FDCWD, filename, statbuf, 0);
}

/* A symbolic link itself, not what it leads to. */
SYSCALL_DEFINE2(lstat, const char __user *, filename, struct stat __user *,
		statbuf)
{
	return vfs_fstatat(AT_FDCWD, filename, statbuf, AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE4(newfstatat, int, dfd, const char __user *, filename,
		struct stat __user *, statbuf, int, flag)
{
	return vfs_fstatat(dfd, filename, statbuf, flag);
}

/* The link's text, cut to buflen bytes, without a NUL: its length. */
static long vfs_readlink(struct inode *inode, char __user *buf, int buflen)
{
	char *made = NULL;
	const char *text;
	long len;

	if (!S_ISLNK(inode->i_mode))
		return -EINVAL;
	text = inode->i_op->get_link(inode, &made);
	if (IS_ERR(text))
		return PTR_ERR(text);
	len = MIN(strlen(text), (size_t)buflen);
	if (copy_to_user(buf, text, len))
		len = -EFAULT;
	kfree(made);
	return len;
}

/* The path "" names dfd itself, as Linux allows here, which is never a
 * link (no open gives one): ENOENT, once dfd is known to be open. */
static long readlink_empty_path(int dfd)
{
	struct file *file;

	if (dfd == AT_FDCWD)
		return -ENOENT;
	if (!(file = fget(dfd)))
		return -EBADF;
	fput(file);
	return -ENOENT;
}

static long do_readlinkat(int dfd, const char __user *pathname,
			  char __user *buf, int bufsiz)
{
	struct dentry *dentry;
	char *name;
	long ret;

	if (bufsiz <= 0)
		return -EINVAL;
	name = getname(pathname);
	if (name == ERR_PTR(-ENOENT))
		return readlink_empty_path(dfd);
	if (IS_ERR(name))
		return PTR_ERR(name);
	ret = kern_path_at(dfd, name, 0, &dentry);
	putname(name);
	if (ret)
		return ret;
	ret = vfs_readlink(dentry->d_inode, buf, bufsiz);
	dput(dentry);
	return ret;
}

SYSCALL_DEFINE3(readlink, const char __user *, pathname, char __user *, buf,
		int, bufsiz)
{
	return do_readlinkat(AT_FDCWD, pathname, buf, bufsiz);
}

SYSCALL_DEFINE4(readlinkat, int, dfd, const char __user *, pathname,
		char __user *, buf, int, bufsiz)
{
	return do_readlinkat(dfd, pathname, buf, bufsiz);
}
