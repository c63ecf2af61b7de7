/*
 * /proc's root directory: "self", the files about the whole system, and
 * a directory for each process, named by its pid. A listing gives them
 * in that order, the processes by increasing pid (Linux's order). "self"
 * is a symbolic link whose text is the reader's pid, made each time it
 * is read (Linux's fs/proc/self.c).
 */
#include "kernel/errno.h"
#include "kernel/fs/proc/internal.h"
#include "kernel/fs/proc/proc.h"
#include "kernel/lib/string.h"
#include "kernel/sched.h"
#include "mm/slab.h"

static const struct proc_entry proc_root_entries[] = {
	{ "meminfo", meminfo_proc_show },
	{ "vmstat", vmstat_show },
};

/* Listing positions: ".", "..", "self", the entries, then process pid
 * at TGID_OFFSET + pid, so that a listing resumed after some processes
 * exited goes on from the next pid, skipping none (as Linux does). */
#define SELF_POS 2
#define FIRST_ENTRY_POS 3
#define TGID_OFFSET (FIRST_ENTRY_POS + ARRAY_SIZE(proc_root_entries))
#define SELF_INO (PROC_ROOT_INO + 1)
#define FIRST_ENTRY_INO (SELF_INO + 1)

/* A process id as Linux's /proc reads one: decimal digits, no sign and
 * no leading zero, fitting a pid_t. 0 if name is not one. */
static pid_t name_to_pid(const char *name)
{
	unsigned long n = 0;

	if (name[0] == '0')
		return 0;
	for (; *name; name++) {
		if (*name < '0' || *name > '9' || n > (0x7fffffff - 9) / 10)
			return 0;
		n = n * 10 + (*name - '0');
	}
	return n;
}

/* A pid in decimal, with its NUL. */
#define PID_TEXT_SIZE 12

static const char *proc_self_get_link(struct inode *inode, char **made)
{
	(void)inode;
	if (!(*made = kmalloc(PID_TEXT_SIZE, GFP_KERNEL)))
		return ERR_PTR(-ENOMEM);
	snprintf(*made, PID_TEXT_SIZE, "%d", current->tgid);
	return *made;
}

static const struct inode_operations proc_self_inode_operations = {
	.get_link = proc_self_get_link,
};

/* The idle task, which reads /proc when the kernel's tests run, is no
 * process: "self" is not there for it. */
static int proc_self_instantiate(struct dentry *dentry)
{
	struct inode *inode;

	if (!current->tgid)
		return -ENOENT;
	inode = proc_new_inode(SELF_INO, S_IFLNK | 0777);
	if (!inode)
		return -ENOMEM;
	inode->i_op = &proc_self_inode_operations;
	d_instantiate(dentry, inode);
	return 0;
}

static int proc_root_lookup(struct inode *dir, struct dentry *dentry)
{
	const struct proc_entry *entry = proc_find_entry(
		proc_root_entries, ARRAY_SIZE(proc_root_entries),
		dentry->d_name);
	pid_t pid;

	(void)dir;
	if (!strcmp(dentry->d_name, "self"))
		return proc_self_instantiate(dentry);
	if (entry)
		return proc_instantiate_entry(dentry, entry,
			FIRST_ENTRY_INO + (entry - proc_root_entries));
	pid = name_to_pid(dentry->d_name);
	return pid ? proc_pid_instantiate(dentry, pid) : -ENOENT;
}

static int proc_root_readdir(struct file *file, struct dir_context *ctx)
{
	pid_t pid;

	if (!proc_emit_dots(file, ctx) ||
	    !proc_emit(ctx, SELF_POS, "self", SELF_INO, DT_LNK) ||
	    !proc_emit_entries(ctx, FIRST_ENTRY_POS, proc_root_entries,
			       ARRAY_SIZE(proc_root_entries), FIRST_ENTRY_INO))
		return 0;
	for (pid = next_tgid(ctx->pos - (loff_t)TGID_OFFSET); pid;
	     pid = next_tgid(pid + 1)) {
		char name[12];

		snprintf(name, sizeof(name), "%d", pid);
		if (!proc_emit(ctx, TGID_OFFSET + pid, name,
			       proc_pid_ino(pid, 0), DT_DIR))
			break;
	}
	return 0;
}

static const struct inode_operations proc_root_inode_operations = {
	.lookup = proc_root_lookup,
};

static const struct file_operations proc_root_operations = {
	.iterate = proc_root_readdir,
	.llseek = generic_file_llseek,
};

struct dentry *proc_root_init(void)
{
	struct inode *inode = proc_new_inode(PROC_ROOT_INO, S_IFDIR | 0555);
	struct dentry *root;

	if (!inode)
		return NULL;
	inode->i_op = &proc_root_inode_operations;
	inode->i_fop = &proc_root_operations;
	root = d_make_root(inode);
	if (!root)
		iput(inode);
	return root;
}
