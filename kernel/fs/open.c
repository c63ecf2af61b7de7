/*
 * The system calls on names and descriptors: open and close, dup and
 * fcntl, the working directory, mkdir, unlink and rmdir, symlink,
 * truncate.
 */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/namei.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "mm/pagemap.h"
#include "mm/slab.h"
#include "mm/uaccess.h"

/* Install a new file in the lowest free descriptor; on failure the
 * file is dropped. */
static long install_file(struct file *file, bool cloexec)
{
	int fd;

	if (IS_ERR(file))
		return PTR_ERR(file);
	fd = fd_alloc(current->files, file, 0, cloexec);
	if (fd < 0)
		fput(file);
	return fd;
}

static long do_sys_open(int dfd, const char __user *filename, int flags,
			umode_t mode)
{
	char *name = getname(filename);
	long ret;

	if (IS_ERR(name))
		return PTR_ERR(name);
	/* Linux marks every open large-file on 64-bit (F_GETFL shows it). */
	ret = install_file(do_filp_open(dfd, name, flags | O_LARGEFILE, mode),
			   flags & O_CLOEXEC);
	putname(name);
	return ret;
}

SYSCALL_DEFINE3(open, const char __user *, filename, int, flags, umode_t, mode)
{
	return do_sys_open(AT_FDCWD, filename, flags, mode);
}

SYSCALL_DEFINE4(openat, int, dfd, const char __user *, filename, int, flags,
		umode_t, mode)
{
	return do_sys_open(dfd, filename, flags, mode);
}

SYSCALL_DEFINE1(close, int, fd)
{
	return close_fd(current->files, fd);
}

SYSCALL_DEFINE1(dup, int, fildes)
{
	struct file *file = fget(fildes);

	if (!file)
		return -EBADF;
	return install_file(file, false);
}

static long do_dup3(int oldfd, int newfd, int flags)
{
	struct file *file;
	long ret;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (!(file = fget(oldfd)))
		return -EBADF;
	ret = replace_fd(current->files, newfd, file, flags & O_CLOEXEC);
	fput(file);
	return ret;
}

SYSCALL_DEFINE3(dup3, int, oldfd, int, newfd, int, flags)
{
	if (oldfd == newfd)
		return -EINVAL;
	return do_dup3(oldfd, newfd, flags);
}

SYSCALL_DEFINE2(dup2, int, oldfd, int, newfd)
{
	struct file *file;

	/* dup2 of a descriptor onto itself checks it and does nothing. */
	if (oldfd == newfd) {
		if (!(file = fget(oldfd)))
			return -EBADF;
		fput(file);
		return newfd;
	}
	return do_dup3(oldfd, newfd, 0);
}

/* F_SETFL may change only these; the access mode stays. */
#define SETFL_MASK (O_APPEND | O_NONBLOCK)

SYSCALL_DEFINE3(fcntl, int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct files_struct *files = current->files;
	struct file *file = fget(fd);
	long ret = 0;

	if (!file)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= NR_OPEN) {
			ret = -EINVAL;
			break;
		}
		ret = fd_alloc(files, get_file(file), arg,
			       cmd == F_DUPFD_CLOEXEC);
		if (ret < 0)
			fput(file);	/* the reference fd_alloc did not take */
		break;
	case F_GETFD:
		ret = get_close_on_exec(files, fd) ? FD_CLOEXEC : 0;
		break;
	case F_SETFD:
		set_close_on_exec(files, fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		ret = file->f_flags;
		break;
	case F_SETFL:
		file->f_flags = (file->f_flags & ~SETFL_MASK) |
				(arg & SETFL_MASK);
		break;
	default:
		ret = -EINVAL;
	}
	fput(file);
	return ret;
}

/* The working directory moves to dentry, which must be a directory. */
static long set_pwd(struct dentry *dentry)
{
	struct fs_struct *fs = current->fs;

	if (!S_ISDIR(dentry->d_inode->i_mode)) {
		dput(dentry);
		return -ENOTDIR;
	}
	dput(fs->pwd);
	fs->pwd = dentry;
	return 0;
}

SYSCALL_DEFINE1(chdir, const char __user *, filename)
{
	char *name = getname(filename);
	struct dentry *dentry;
	long ret;

	if (IS_ERR(name))
		return PTR_ERR(name);
	ret = kern_path_at(AT_FDCWD, name, LOOKUP_FOLLOW, &dentry);
	putname(name);
	return ret ? ret : set_pwd(dentry);
}

SYSCALL_DEFINE1(fchdir, int, fd)
{
	struct file *file = fget(fd);
	long ret;

	if (!file)
		return -EBADF;
	ret = file->f_dentry ? set_pwd(dget(file->f_dentry)) : -ENOTDIR;
	fput(file);
	return ret;
}

SYSCALL_DEFINE2(getcwd, char __user *, buf, unsigned long, size)
{
	char *path = kmalloc(PATH_MAX, GFP_KERNEL);
	long len;

	if (!path)
		return -ENOMEM;
	len = d_path(current->fs->pwd, path, MIN(size, (unsigned long)PATH_MAX));
	if (len > 0 && copy_to_user(buf, path, len))
		len = -EFAULT;
	kfree(path);
	return len;
}

/* Run fn(dfd, name, arg) on a path from user space. */
static long with_name(int dfd, const char __user *filename,
		      long (*fn)(int dfd, const char *name, long arg), long arg)
{
	char *name = getname(filename);
	long ret;

	if (IS_ERR(name))
		return PTR_ERR(name);
	ret = fn(dfd, name, arg);
	putname(name);
	return ret;
}

static long mkdir_fn(int dfd, const char *name, long mode)
{
	return do_mkdirat(dfd, name, mode);
}

static long unlink_fn(int dfd, const char *name, long rmdir)
{
	return do_unlinkat(dfd, name, rmdir);
}

/* The permission bits (and set-id, sticky) of the inode become mode's;
 * its type stays. Everyone is root here, so anyone may. */
static void chmod_common(struct inode *inode, umode_t mode)
{
	inode->i_mode = (inode->i_mode & S_IFMT) | (mode & 07777);
}

static long chmod_fn(int dfd, const char *name, long mode)
{
	struct dentry *dentry;
	long ret = kern_path_at(dfd, name, LOOKUP_FOLLOW, &dentry);

	if (ret)
		return ret;
	chmod_common(dentry->d_inode, mode);
	dput(dentry);
	return 0;
}

SYSCALL_DEFINE2(chmod, const char __user *, filename, umode_t, mode)
{
	return with_name(AT_FDCWD, filename, chmod_fn, mode);
}

SYSCALL_DEFINE3(fchmodat, int, dfd, const char __user *, filename,
		umode_t, mode)
{
	return with_name(dfd, filename, chmod_fn, mode);
}

SYSCALL_DEFINE2(fchmod, int, fd, umode_t, mode)
{
	struct file *file = fget(fd);

	if (!file)
		return -EBADF;
	chmod_common(file_inode(file), mode);
	fput(file);
	return 0;
}

SYSCALL_DEFINE2(mkdir, const char __user *, pathname, umode_t, mode)
{
	return with_name(AT_FDCWD, pathname, mkdir_fn, mode);
}

SYSCALL_DEFINE3(mkdirat, int, dfd, const char __user *, pathname, umode_t,
		mode)
{
	return with_name(dfd, pathname, mkdir_fn, mode);
}

SYSCALL_DEFINE1(unlink, const char __user *, pathname)
{
	return with_name(AT_FDCWD, pathname, unlink_fn, false);
}

SYSCALL_DEFINE1(rmdir, const char __user *, pathname)
{
	return with_name(AT_FDCWD, pathname, unlink_fn, true);
}

SYSCALL_DEFINE3(unlinkat, int, dfd, const char __user *, pathname, int, flag)
{
	if (flag & ~AT_REMOVEDIR)
		return -EINVAL;
	return with_name(dfd, pathname, unlink_fn, flag & AT_REMOVEDIR);
}

static long symlink_fn(int dfd, const char *name, long target)
{
	return do_symlinkat((const char *)target, dfd, name);
}

/* The link's text is taken first, as Linux does, so a bad text fails
 * before a bad name. */
static long do_sys_symlinkat(const char __user *oldname, int newdfd,
			     const char __user *newname)
{
	char *target = getname(oldname);
	long ret;

	if (IS_ERR(target))
		return PTR_ERR(target);
	ret = with_name(newdfd, newname, symlink_fn, (long)target);
	putname(target);
	return ret;
}

SYSCALL_DEFINE2(symlink, const char __user *, oldname, const char __user *,
		newname)
{
	return do_sys_symlinkat(oldname, AT_FDCWD, newname);
}

SYSCALL_DEFINE3(symlinkat, const char __user *, oldname, int, newdfd,
		const char __user *, newname)
{
	return do_sys_symlinkat(oldname, newdfd, newname);
}

/* The file's new size: pages past it go, a gap reads as zeros. */
static long do_truncate(struct inode *inode, loff_t length)
{
	if (length < 0)
		return -EINVAL;
	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (!S_ISREG(inode->i_mode))
		return -EINVAL;
	if (length < inode->i_size)
		truncate_inode_pages(inode->i_mapping, length);
	inode->i_size = length;
	return 0;
}

SYSCALL_DEFINE2(ftruncate, int, fd, loff_t, length)
{
	struct file *file = fget(fd);
	long ret;

	if (!file)
		return -EBADF;
	ret = (file->f_mode & FMODE_WRITE) ?
		      do_truncate(file_inode(file), length) : -EINVAL;
	fput(file);
	return ret;
}

SYSCALL_DEFINE1(umask, int, mask)
{
	int old = current->fs->umask;

	current->fs->umask = mask & 0777;
	return old;
}
