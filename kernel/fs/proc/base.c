/*
 * The processes of /proc: finding them by pid, and the directory of each
 * (Linux's fs/proc/base.c), with its simplest files, comm and cmdline,
 * and exe, a symbolic link to the program. A process is what a
 * thread-group leader stands for; its other threads have no directory of
 * their own here (Linux lists them under PID/task/, which this /proc
 * does not have).
 */
#include "kernel/errno.h"
#include "kernel/fs/file.h"
#include "kernel/fs/namei.h"
#include "kernel/fs/proc/internal.h"
#include "kernel/lib/string.h"
#include "kernel/sched.h"
#include "mm/gup.h"
#include "mm/mm.h"
#include "mm/slab.h"

/* Is p a process /proc shows: a thread-group leader, alive or a zombie
 * not yet reaped. The idle task, pid 0, is not one (Linux does not show
 * it either); kernel threads are. */
static bool is_process(const struct task_struct *p)
{
	return p->pid > 0 && thread_group_leader(p) &&
	       p->exit_state != EXIT_DEAD;
}

/* Process pid, without a reference: for a check that does not keep
 * it. */
static struct task_struct *find_process(pid_t pid)
{
	struct task_struct *task = pid > 0 ? find_task_by_pid(pid) : NULL;

	return task && is_process(task) ? task : NULL;
}

struct task_struct *get_proc_task(pid_t pid)
{
	struct task_struct *task = find_process(pid);

	return task ? get_task_struct(task) : NULL;
}

/* A scan of every task for each pid listed: fine for the few hundred
 * tasks memory allows (Linux looks pids up in a tree). */
pid_t next_tgid(loff_t from)
{
	struct task_struct *p;
	pid_t next = 0;

	list_for_each_entry(p, &task_list, tasks)
		if (is_process(p) && p->pid >= from && (!next || p->pid < next))
			next = p->pid;
	return next;
}

/* comm: the name exec gave the process (at most 15 bytes), a line. */
static void proc_pid_comm(struct seq_file *m, struct task_struct *task)
{
	seq_printf(m, "%s\n", task->comm);
}

/* cmdline: the argument strings as they are in the process's memory,
 * each with its NUL; nothing for a kernel thread or a zombie. (Linux
 * also follows a program that rewrote its arguments past their end, as
 * setproctitle does; this shows only the original extent.) */
static void proc_pid_cmdline(struct seq_file *m, struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);
	size_t len;
	char *buf;

	if (!mm)
		return;
	len = mm->arg_end - mm->arg_start;
	if (len && (buf = seq_get_buf(m, len)))
		seq_commit(m, access_remote_vm(mm, mm->arg_start, buf,
					       (int)len, 0));
	mmput(mm);
}

/* Linux's order of these files in a process's directory. */
static const struct proc_entry tgid_base_stuff[] = {
	{ "status", proc_pid_status },
	{ "comm", proc_pid_comm },
	{ "cmdline", proc_pid_cmdline },
	{ "maps", proc_pid_maps },
};

/* The entries come after "." and ".." in a listing, and their inode
 * numbers after the directory's; exe after them, as in Linux. */
#define FIRST_ENTRY_POS 2
#define FIRST_ENTRY_INDEX 1
#define EXE_INDEX (FIRST_ENTRY_INDEX + ARRAY_SIZE(tgid_base_stuff))

/* The program's file, held: ENOENT for a kernel thread or a zombie,
 * which have none, as on Linux. */
static struct file *get_task_exe_file(pid_t pid)
{
	struct task_struct *task = get_proc_task(pid);
	struct mm_struct *mm = task ? get_task_mm(task) : NULL;
	struct file *exe = mm && mm->exe_file ? get_file(mm->exe_file) : NULL;

	if (mm)
		mmput(mm);
	if (task)
		put_task_struct(task);
	return exe ? exe : ERR_PTR(-ENOENT);
}

/* exe's text: the program's path from the reader's root, made when the
 * link is read or followed (Linux's link jumps to the file itself, even
 * one no path leads to any more). */
static const char *proc_exe_get_link(struct inode *inode, char **made)
{
	struct file *exe = get_task_exe_file(proc_pid(inode));
	long len;

	if (IS_ERR(exe))
		return ERR_PTR(PTR_ERR(exe));
	*made = kmalloc(PATH_MAX, GFP_KERNEL);
	len = *made ? d_path(exe->f_dentry, *made, PATH_MAX) : -ENOMEM;
	fput(exe);
	if (len >= 0)
		return *made;
	kfree(*made);
	*made = NULL;
	return ERR_PTR(len);
}

static const struct inode_operations proc_exe_inode_operations = {
	.get_link = proc_exe_get_link,
};

static int proc_exe_instantiate(struct dentry *dentry, pid_t pid)
{
	struct inode *inode = proc_new_inode(proc_pid_ino(pid, EXE_INDEX),
					     S_IFLNK | 0777);

	if (!inode)
		return -ENOMEM;
	inode->i_op = &proc_exe_inode_operations;
	inode->i_private = (void *)(unsigned long)pid;
	d_instantiate(dentry, inode);
	return 0;
}

static int proc_tgid_base_lookup(struct inode *dir, struct dentry *dentry)
{
	pid_t pid = proc_pid(dir);
	const struct proc_entry *entry = proc_find_entry(
		tgid_base_stuff, ARRAY_SIZE(tgid_base_stuff), dentry->d_name);

	/* Once the process has gone, so have its files. */
	if (!find_process(pid))
		return -ENOENT;
	if (!strcmp(dentry->d_name, "exe"))
		return proc_exe_instantiate(dentry, pid);
	if (!entry)
		return -ENOENT;
	return proc_instantiate_entry(dentry, entry, proc_pid_ino(pid,
		FIRST_ENTRY_INDEX + (entry - tgid_base_stuff)));
}

static int proc_tgid_base_readdir(struct file *file, struct dir_context *ctx)
{
	pid_t pid = proc_pid(file_inode(file));

	if (!find_process(pid))
		return -ENOENT;
	if (proc_emit_dots(file, ctx) &&
	    proc_emit_entries(ctx, FIRST_ENTRY_POS, tgid_base_stuff,
			      ARRAY_SIZE(tgid_base_stuff),
			      proc_pid_ino(pid, FIRST_ENTRY_INDEX)))
		proc_emit(ctx, FIRST_ENTRY_POS + ARRAY_SIZE(tgid_base_stuff),
			  "exe", proc_pid_ino(pid, EXE_INDEX), DT_LNK);
	return 0;
}

static const struct inode_operations proc_tgid_base_inode_operations = {
	.lookup = proc_tgid_base_lookup,
};

static const struct file_operations proc_tgid_base_operations = {
	.iterate = proc_tgid_base_readdir,
	.llseek = generic_file_llseek,
};

int proc_pid_instantiate(struct dentry *dentry, pid_t pid)
{
	struct inode *inode;

	if (!find_process(pid))
		return -ENOENT;
	inode = proc_new_inode(proc_pid_ino(pid, 0), S_IFDIR | 0555);
	if (!inode)
		return -ENOMEM;
	inode->i_op = &proc_tgid_base_inode_operations;
	inode->i_fop = &proc_tgid_base_operations;
	inode->i_private = (void *)(unsigned long)pid;
	d_instantiate(dentry, inode);
	return 0;
}
