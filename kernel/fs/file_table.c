/* Open files: making them and letting them go (kernel/fs/file.h). */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/fs.h"
#include "kernel/panic.h"
#include "mm/slab.h"

/* FMODE_* from the access mode of the open flags. */
static unsigned open_fmode(unsigned flags)
{
	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		return FMODE_READ;
	case O_WRONLY:
		return FMODE_WRITE;
	default:
		return FMODE_READ | FMODE_WRITE;
	}
}

static struct file *alloc_file(struct inode *inode, unsigned flags,
			       const struct file_operations *fop)
{
	struct file *file = kzalloc(sizeof(*file), GFP_KERNEL);

	if (!file)
		return ERR_PTR(-ENOMEM);
	file->f_count = 1;
	file->f_op = fop;
	file->f_inode = inode;
	file->f_mapping = inode->i_mapping;
	file->f_flags = flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC);
	file->f_mode = open_fmode(flags);
	return file;
}

struct file *dentry_open(struct dentry *dentry, unsigned flags)
{
	struct inode *inode = dentry->d_inode;
	struct file *file = alloc_file(inode, flags, inode->i_fop);
	int err;

	if (IS_ERR(file))
		return file;
	if ((file->f_mode & FMODE_WRITE) && S_ISREG(inode->i_mode)) {
		if ((err = get_write_access(inode))) {
			kfree(file);
			return ERR_PTR(err);
		}
		file->f_mode |= FMODE_WRITER;
	}
	file->f_dentry = dget(dentry);
	if (file->f_op && file->f_op->open &&
	    (err = file->f_op->open(inode, file))) {
		if (file->f_mode & FMODE_WRITER)
			put_write_access(inode);
		dput(dentry);
		kfree(file);
		return ERR_PTR(err);
	}
	return file;
}

/* The file holds the inode directly (a pipe has no name to hold it by). */
struct file *alloc_file_pseudo(struct inode *inode, unsigned flags,
			       const struct file_operations *fop)
{
	struct file *file = alloc_file(inode, flags, fop);

	if (!IS_ERR(file))
		igrab(inode);
	return file;
}

void fput(struct file *file)
{
	long count = __atomic_sub_fetch(&file->f_count, 1, __ATOMIC_ACQ_REL);

	BUG_ON(count < 0);
	if (count)
		return;
	if (file->f_op && file->f_op->release)
		file->f_op->release(file);
	if (file->f_mode & FMODE_WRITER)
		put_write_access(file->f_inode);
	if (file->f_dentry)
		dput(file->f_dentry);
	else if (file->f_inode)
		iput(file->f_inode);
	kfree(file);
}
