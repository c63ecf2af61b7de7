/*
 * A process's file descriptors (Linux's files_struct): a table from small
 * integers to open files, shared by the threads of a process (CLONE_FILES)
 * and copied by fork, each copy holding its own reference to every file.
 * The table starts small and doubles as descriptors are needed, up to
 * NR_OPEN, the RLIMIT_NOFILE this kernel gives every process.
 */
#ifndef KERNEL_FS_FDTABLE_H
#define KERNEL_FS_FDTABLE_H

#include "kernel/fs/file.h"

#define NR_OPEN_DEFAULT 64
#define NR_OPEN 1024		/* Linux's default soft RLIMIT_NOFILE */

struct files_struct {
	int count;			/* tasks sharing the table */
	unsigned int max_fds;		/* slots in fd[] */
	struct file **fd;
	unsigned long *close_on_exec;	/* a bit per slot */
};

/* A new empty table, or a copy of old (fork); NULL when out of memory. */
struct files_struct *files_alloc(void);
struct files_struct *dup_fd(struct files_struct *old);
/* A task lets go of its table; the last one closes every file. */
void put_files_struct(struct files_struct *files);

/* The lowest free descriptor (at least start) with file installed in it
 * and close-on-exec as asked; -EMFILE or -ENOMEM if there is none. The
 * table takes the caller's reference to file. */
int fd_alloc(struct files_struct *files, struct file *file, int start,
	     bool cloexec);
/* The file of fd in the current task, with a reference; NULL if fd is
 * not open. */
struct file *fget(int fd);
/* Close fd: 0, or -EBADF. */
int close_fd(struct files_struct *files, int fd);
/* dup2/dup3: put file in newfd, closing what was there. */
int replace_fd(struct files_struct *files, int newfd, struct file *file,
	       bool cloexec);
bool get_close_on_exec(struct files_struct *files, int fd);
void set_close_on_exec(struct files_struct *files, int fd, bool on);
/* exec: close the descriptors marked close-on-exec. */
void do_close_on_exec(struct files_struct *files);

#endif
