/* getdents64: a directory's entries, as many as fit in the buffer. */
#include "kernel/errno.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/syscall.h"
#include "mm/uaccess.h"

/* Linux's struct linux_dirent64, without its name. */
struct linux_dirent64 {
	u64 d_ino;
	s64 d_off;		/* where the next entry is */
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

struct getdents_callback {
	struct dir_context ctx;
	char __user *buf;
	size_t left;
	long error;
};

static bool filldir64(struct dir_context *ctx, const char *name, size_t len,
		      unsigned long ino, unsigned type)
{
	struct getdents_callback *gc = (struct getdents_callback *)ctx;
	size_t reclen = (offsetof(struct linux_dirent64, d_name) + len + 1 +
			 7) & ~7ul;
	struct linux_dirent64 d = { .d_ino = ino, .d_off = ctx->pos + 1,
				    .d_reclen = reclen, .d_type = type };

	if (reclen > gc->left) {
		gc->error = -EINVAL;	/* kept only if nothing fitted */
		return false;
	}
	if (copy_to_user(gc->buf, &d, offsetof(struct linux_dirent64, d_name)) ||
	    copy_to_user(gc->buf + offsetof(struct linux_dirent64, d_name),
			 name, len) ||
	    copy_to_user(gc->buf + offsetof(struct linux_dirent64, d_name) + len,
			 "", 1)) {
		gc->error = -EFAULT;
		return false;
	}
	gc->buf += reclen;
	gc->left -= reclen;
	return true;
}

SYSCALL_DEFINE3(getdents64, int, fd, void __user *, dirent, unsigned int,
		count)
{
	struct getdents_callback gc = { .ctx.emit = filldir64, .buf = dirent,
					.left = count };
	struct file *file = fget(fd);
	long ret;

	if (!file)
		return -EBADF;
	if (!file->f_op->iterate) {
		fput(file);
		return -ENOTDIR;
	}
	if (!access_ok(dirent, count)) {
		fput(file);
		return -EFAULT;
	}
	gc.ctx.pos = file->f_pos;
	ret = file->f_op->iterate(file, &gc.ctx);
	file->f_pos = gc.ctx.pos;
	fput(file);
	if (ret)
		return ret;
	if (gc.left == count)	/* nothing fitted: why, if anything */
		return gc.error;
	return count - gc.left;
}
