/*
 * /proc's inodes, its files' open, and the pieces of its directory
 * listings (kernel/fs/proc/internal.h).
 */
#include "kernel/errno.h"
#include "kernel/fs/proc/internal.h"
#include "kernel/lib/string.h"
#include "kernel/sched.h"

/* An anonymous device number, as Linux gives file systems without a
 * device (ramfs has 0:1). */
static struct super_block proc_sb = { .s_dev = MKDEV(0, 2) };

struct inode *proc_new_inode(unsigned long ino, umode_t mode)
{
	struct inode *inode = new_inode(&proc_sb, mode);

	if (!inode)
		return NULL;
	inode->i_ino = ino;
	if (S_ISDIR(mode))
		inode->i_nlink = 2;	/* its name and its "." */
	return inode;
}

/*
 * Make the file's text. A file in a process's directory is about that
 * process, which must still be there; it cannot be freed while its text
 * is made, as the task is held. Its mm, if any, is the show's to take.
 */
static int proc_reg_open(struct inode *inode, struct file *file)
{
	const struct proc_entry *entry = inode->i_private;
	pid_t pid = proc_pid(file->f_dentry->d_parent->d_inode);
	struct task_struct *task = NULL;
	struct seq_file *m;
	int err;

	if (pid && !(task = get_proc_task(pid)))
		return -ESRCH;		/* it exited since the lookup */
	err = seq_open(file);
	if (!err) {
		m = file->private_data;
		entry->show(m, task);
		if ((err = m->error))
			seq_release(file);
	}
	if (task)
		put_task_struct(task);
	return err;
}

/* No write: the files are read-only (0444), so opening one for writing
 * fails with EACCES (kernel/fs/namei.c's may_open). */
static const struct file_operations proc_reg_file_operations = {
	.open = proc_reg_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = seq_release,
};

const struct proc_entry *proc_find_entry(const struct proc_entry *entries,
					 size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(entries[i].name, name))
			return &entries[i];
	return NULL;
}

int proc_instantiate_entry(struct dentry *dentry,
			   const struct proc_entry *entry, unsigned long ino)
{
	struct inode *inode = proc_new_inode(ino, S_IFREG | 0444);

	if (!inode)
		return -ENOMEM;
	inode->i_fop = &proc_reg_file_operations;
	inode->i_private = (void *)entry;
	d_instantiate(dentry, inode);
	return 0;
}

bool proc_emit(struct dir_context *ctx, loff_t pos, const char *name,
	       unsigned long ino, unsigned type)
{
	if (ctx->pos > pos)
		return true;	/* an earlier getdents64 listed it */
	ctx->pos = pos;
	if (!ctx->emit(ctx, name, strlen(name), ino, type))
		return false;
	ctx->pos = pos + 1;
	return true;
}

bool proc_emit_dots(struct file *file, struct dir_context *ctx)
{
	struct dentry *dir = file->f_dentry;

	return proc_emit(ctx, 0, ".", dir->d_inode->i_ino, DT_DIR) &&
	       proc_emit(ctx, 1, "..", dir->d_parent->d_inode->i_ino, DT_DIR);
}

bool proc_emit_entries(struct dir_context *ctx, loff_t first,
		       const struct proc_entry *entries, size_t n,
		       unsigned long first_ino)
{
	for (size_t i = 0; i < n; i++)
		if (!proc_emit(ctx, first + i, entries[i].name, first_ino + i,
			       DT_REG))
			return false;
	return true;
}
