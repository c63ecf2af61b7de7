/*
 * A process's place in the tree: its root and working directory (struct
 * fs_struct, kernel/fs/namei.h), and the path of a dentry as seen from
 * that root (getcwd, /proc/PID/maps).
 */
#include "kernel/errno.h"
#include "kernel/fs/namei.h"
#include "kernel/lib/string.h"
#include "kernel/sched.h"
#include "mm/slab.h"

long d_path(struct dentry *dentry, char *buf, size_t size)
{
	size_t pos = size;

	if (!size)
		return -ERANGE;
	buf[--pos] = '\0';
	for (; dentry != current->fs->root && dentry != dentry->d_parent;
	     dentry = dentry->d_parent) {
		size_t len = strlen(dentry->d_name);

		if (pos < len + 1)
			return -ERANGE;
		pos -= len;
		memcpy(buf + pos, dentry->d_name, len);
		buf[--pos] = '/';
	}
	if (pos == size - 1) {		/* the root itself */
		if (pos < 1)
			return -ERANGE;
		buf[--pos] = '/';
	}
	memmove(buf, buf + pos, size - pos);
	return size - pos;
}

struct fs_struct *fs_alloc(struct dentry *root)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs), GFP_KERNEL);

	if (!fs)
		return NULL;
	fs->users = 1;
	fs->umask = 022;
	fs->root = dget(root);
	fs->pwd = dget(root);
	return fs;
}

struct fs_struct *copy_fs_struct(const struct fs_struct *old)
{
	struct fs_struct *fs = fs_alloc(old->root);

	if (fs) {
		dput(fs->pwd);
		fs->pwd = dget(old->pwd);
		fs->umask = old->umask;
	}
	return fs;
}

void put_fs_struct(struct fs_struct *fs)
{
	if (--fs->users)
		return;
	dput(fs->root);
	dput(fs->pwd);
	kfree(fs);
}
