/*
 * How /proc is put together (Linux's fs/proc/internal.h, in the small).
 *
 * Nothing of /proc is kept: a lookup makes a fresh inode for the name
 * asked (kernel/fs/namei.c lets the dentry go with its last user), and
 * getdents64 lists what exists at that moment. There are three kinds of
 * inode:
 *
 *   the root	(root.c) "self", the fixed files (meminfo, vmstat) and a
 *		directory per process; its i_private is NULL. "self" is
 *		a symbolic link, its text made when it is followed
 *   PID/	(base.c) a process's directory: status, comm, cmdline,
 *		maps; its i_private is the process id
 *   a file	(inode.c) its i_private is the struct proc_entry whose
 *		show makes its text
 *
 * A process's directory keeps its pid, not the task (as Linux keeps a
 * struct pid): a process that exits is noticed at the next lookup
 * (ENOENT) or open (ESRCH), and nothing of it is touched once freed.
 * (Only a pid reused in between, after the pids wrapped, would show the
 * new process: Linux's struct pid tells them apart.)
 * Opening a file makes all its text at once (seq_file.c), holding the
 * task meanwhile; reading then only copies from that text.
 *
 * Inode numbers are fixed by what the name is, so that two lookups of a
 * name give the same number (ls -i, find): the root is 1, "self" 2, its
 * files follow, and process pid's files are (pid << 8) + their index, the
 * directory itself index 0.
 */
#ifndef KERNEL_FS_PROC_INTERNAL_H
#define KERNEL_FS_PROC_INTERNAL_H

#include "kernel/compiler.h"
#include "kernel/fs/fs.h"

struct mm_struct;
struct task_struct;

/* ---- the text of an open file: seq_file.c ---- */

/* Linux's seq_file, made all at once: the text grows in buf, which
 * doubles whenever it is full. */
struct seq_file {
	char *buf;
	size_t size;		/* bytes allocated */
	size_t count;		/* bytes of text so far */
	size_t pad_until;	/* where seq_pad pads the line to */
	int error;		/* -ENOMEM once buf could not grow */
};

/* Appending to the text. Out of memory, they append nothing and leave
 * -ENOMEM in m->error, which the open then returns. */
void seq_printf(struct seq_file *m, const char *fmt, ...) __printf(2, 3);
void seq_write(struct seq_file *m, const void *data, size_t len);
void seq_putc(struct seq_file *m, char c);
void seq_puts(struct seq_file *m, const char *s);
/* s, with each character of esc written as a backslash and three octal
 * digits (a '\n' in a file name would split the line). */
void seq_escape(struct seq_file *m, const char *s, const char *esc);
/* The path of file as the reader sees it, escaped as seq_escape does,
 * and " (deleted)" after it when the name was unlinked. */
void seq_file_path(struct seq_file *m, struct file *file, const char *esc);
/* Room for len bytes at the end of the text, to fill in place: the
 * caller then adds the bytes it wrote with seq_commit. NULL when out of
 * memory. */
char *seq_get_buf(struct seq_file *m, size_t len);
void seq_commit(struct seq_file *m, size_t len);
/* Columns: seq_setwidth marks the line's width from here, and seq_pad
 * fills what is left of it with spaces, then writes c (unless '\0'). */
void seq_setwidth(struct seq_file *m, size_t width);
void seq_pad(struct seq_file *m, char c);

/* The file operations of a file whose text is a seq_file: open with
 * seq_open (file->private_data is the seq_file), fill it, and let
 * seq_read, seq_lseek and seq_release do the rest. */
int seq_open(struct file *file);
long seq_read(struct file *file, char __user *buf, size_t count, loff_t *pos);
loff_t seq_lseek(struct file *file, loff_t offset, int whence);
void seq_release(struct file *file);

/* ---- names, inodes and listings: inode.c ---- */

/* A name /proc always has, in the root or in every process's directory,
 * and what its file shows. task is the process for the files of a
 * process's directory, NULL for the root's. */
struct proc_entry {
	const char *name;
	void (*show)(struct seq_file *m, struct task_struct *task);
};

#define PROC_ROOT_INO 1ul

static inline unsigned long proc_pid_ino(pid_t pid, unsigned index)
{
	return ((unsigned long)pid << 8) + index;
}

/* The process whose directory dir is; 0 for the root. */
static inline pid_t proc_pid(const struct inode *dir)
{
	return (pid_t)(unsigned long)dir->i_private;
}

/* A new inode of /proc, numbered ino. */
struct inode *proc_new_inode(unsigned long ino, umode_t mode);
/* The entry of entries[0..n) called name, or NULL. */
const struct proc_entry *proc_find_entry(const struct proc_entry *entries,
					 size_t n, const char *name);
/* Give dentry a file inode numbered ino showing entry: 0 or -ENOMEM. */
int proc_instantiate_entry(struct dentry *dentry,
			   const struct proc_entry *entry, unsigned long ino);

/* Listings (getdents64). Each entry of a directory has a position: the
 * listing emits it if ctx->pos has not gone past it yet, and moves
 * ctx->pos past it. Each returns false once the caller's buffer is
 * full, where the next getdents64 goes on. */
bool proc_emit(struct dir_context *ctx, loff_t pos, const char *name,
	       unsigned long ino, unsigned type);
/* "." and "..", at positions 0 and 1. */
bool proc_emit_dots(struct file *file, struct dir_context *ctx);
/* entries[i] at position first + i, numbered first_ino + i. */
bool proc_emit_entries(struct dir_context *ctx, loff_t first,
		       const struct proc_entry *entries, size_t n,
		       unsigned long first_ino);

/* ---- processes: base.c ---- */

/* Process pid (its thread-group leader, a zombie too) with a reference
 * (put_task_struct), or NULL if there is none. */
struct task_struct *get_proc_task(pid_t pid);
/* The least process id >= from, or 0 if there is none. */
pid_t next_tgid(loff_t from);
/* Give dentry the directory of process pid: 0, -ENOENT or -ENOMEM. */
int proc_pid_instantiate(struct dentry *dentry, pid_t pid);

/* ---- what the files show ---- */

void proc_pid_status(struct seq_file *m, struct task_struct *task);
void proc_pid_maps(struct seq_file *m, struct task_struct *task);
void meminfo_proc_show(struct seq_file *m, struct task_struct *task);
void vmstat_show(struct seq_file *m, struct task_struct *task);
/* The parts of them that work on an address space (task_mmu.c). */
void show_maps(struct seq_file *m, struct mm_struct *mm);
void task_mem(struct seq_file *m, struct mm_struct *mm);

#endif
