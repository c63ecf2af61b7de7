/*
 * Path names: from a string to a dentry (kernel/fs/namei.c), and the
 * calls that make and remove names. A relative path starts at the
 * working directory, or at the directory of a descriptor (the *at calls);
 * each process has a root and a working directory (struct fs_struct,
 * shared by threads with CLONE_FS; kernel/fs/fs_struct.c). Symbolic links
 * on the way are followed; namei.c says when the last one is.
 */
#ifndef KERNEL_FS_NAMEI_H
#define KERNEL_FS_NAMEI_H

#include "kernel/fs/fs.h"

struct fs_struct {
	int users;
	int umask;		/* mode bits that new files do not get */
	struct dentry *root, *pwd;
};

/* fs_struct for init (at the root), a copy (fork), and letting go. */
struct fs_struct *fs_alloc(struct dentry *root);
struct fs_struct *copy_fs_struct(const struct fs_struct *old);
void put_fs_struct(struct fs_struct *fs);

/* A path from user space, copied into a kernel buffer of PATH_MAX:
 * -EFAULT, -ENAMETOOLONG or -ENOENT (for "") as a pointer on failure.
 * putname frees it. */
char *getname(const char __user *filename);
void putname(char *name);

/* kern_path_at's flags: follow a symbolic link that is the last
 * component (stat does, lstat does not). */
#define LOOKUP_FOLLOW 0x1

/* The dentry path names, relative to dfd (AT_FDCWD: the working
 * directory), with a reference: 0 or -errno. */
int kern_path_at(int dfd, const char *path, unsigned flags,
		 struct dentry **out);
/* open(2): the file, or -errno as a pointer. */
struct file *do_filp_open(int dfd, const char *path, unsigned flags,
			  umode_t mode);
/* The program file for execve: a regular file with an execute bit, not
 * open for writing (ETXTBSY), which it cannot be until put_exe_file. */
struct file *open_exec(const char *path);
long do_mkdirat(int dfd, const char *path, umode_t mode);
long do_unlinkat(int dfd, const char *path, bool rmdir);
/* symlink(2): make path a symbolic link whose text is target. */
long do_symlinkat(const char *target, int dfd, const char *path);
/* The path of dentry from the process's root into buf (getcwd); its
 * length with the NUL, or -ERANGE if it does not fit in size. */
long d_path(struct dentry *dentry, char *buf, size_t size);

#endif
