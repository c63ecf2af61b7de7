/*
 * The virtual file system: the objects every file system shares, with
 * Linux's names, in the small.
 *
 *   inode	a file: its type and mode, size, link count, and the
 *		operations of its kind (a directory's lookup and create, a
 *		file's read and mmap, a symbolic link's get_link); a regular
 *		file's data lives in its page cache, i_data (mm/filemap.c)
 *   dentry	a name in a directory, pointing at an inode. The dentries
 *		form the tree that path names walk (kernel/fs/namei.c); in
 *		ramfs they are the directories' contents, kept until
 *		unlinked, while /proc makes them on lookup and lets them go
 *		when unused
 *   file	an open file: a dentry, a position, the open flags; what a
 *		file descriptor and a mapping (vm_area_struct.vm_file) hold
 *   super_block	one mounted file system: its device number, which stat
 *		and /proc/PID/maps show, and its inode numbers
 *
 * Reference counts, as in Linux: a dentry holds its inode and its parent;
 * an open file holds its dentry; ramfs's tree holds each of its dentries
 * until the name is unlinked, so an unlinked file that is still open (or
 * mapped) lives on, nameless, until the last close.
 */
#ifndef KERNEL_FS_FS_H
#define KERNEL_FS_FS_H

#include "kernel/errno.h"
#include "kernel/fs/file.h"
#include "kernel/lib/radix-tree.h"
#include "kernel/list.h"
#include "kernel/types.h"

/* Device numbers as Linux keeps them inside the kernel. */
#define MINORBITS 20
#define MKDEV(ma, mi) (((dev_t)(ma) << MINORBITS) | (mi))
#define MAJOR(dev) ((unsigned)((dev) >> MINORBITS))
#define MINOR(dev) ((unsigned)((dev) & ((1u << MINORBITS) - 1)))

/* The file type in a mode (Linux's values, which cpio stores too). */
#define S_IFMT 0170000
#define S_IFIFO 0010000
#define S_IFCHR 0020000
#define S_IFDIR 0040000
#define S_IFREG 0100000
#define S_IFLNK 0120000
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)
#define S_ISLNK(m) (((m) & S_IFMT) == S_IFLNK)
#define S_IALLUGO 07777

/* Linux's limits on path names. */
#define PATH_MAX 4096		/* bytes in a path, with its NUL */
#define NAME_MAX 255		/* bytes in one component */

struct dentry;
struct inode;
struct dir_context;
struct vm_area_struct;

/* A file's page cache: its pages by offset (mm/filemap.c). */
struct address_space {
	struct inode *host;		/* whose pages: NULL for shmem's */
	struct radix_tree_root page_tree;
	unsigned long nrpages;
};

struct super_block {
	dev_t s_dev;
	unsigned long s_next_ino;	/* the next inode number to give */
};

/* What a directory, or a symbolic link, does (Linux's inode_operations,
 * the part used). */
struct inode_operations {
	/* Find name (dentry->d_name) in dir: fill in dentry->d_inode, or
	 * -ENOENT. Only for directories whose entries are not all kept in
	 * the dentry tree (/proc). */
	int (*lookup)(struct inode *dir, struct dentry *dentry);
	/* Make a new regular file, or directory, for the negative dentry. */
	int (*create)(struct inode *dir, struct dentry *dentry, umode_t mode);
	int (*mkdir)(struct inode *dir, struct dentry *dentry, umode_t mode);
	/* Make the negative dentry a symbolic link whose text is target. */
	int (*symlink)(struct inode *dir, struct dentry *dentry,
		       const char *target);
	/* Remove the name (the file lives on while it is open). */
	int (*unlink)(struct inode *dir, struct dentry *dentry);
	int (*rmdir)(struct inode *dir, struct dentry *dentry);
	/* A symbolic link's text: one the inode keeps (simple_get_link), or
	 * one made now, in memory that *made is then set to for the caller
	 * to kfree (/proc/self's; Linux's delayed_call, which only frees);
	 * -errno as a pointer on failure. */
	const char *(*get_link)(struct inode *inode, char **made);
};

struct inode {
	unsigned long i_ino;
	umode_t i_mode;
	unsigned int i_nlink;
	loff_t i_size;
	int i_count;			/* references: dentries, pipes' files */
	struct super_block *i_sb;
	dev_t i_rdev;			/* the device, for a device file */
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;	/* for files opened on it */
	struct address_space *i_mapping;	/* &i_data */
	struct address_space i_data;
	void *i_private;		/* the file system's own */
	char *i_link;			/* a symbolic link's text, if the
					 * inode keeps it: freed with it */
	int i_writecount;		/* > 0: files open for writing;
					 * < 0: mms running the file */
};

struct dentry {
	int d_count;
	struct inode *d_inode;		/* NULL while a lookup fills it */
	struct dentry *d_parent;	/* the root is its own parent */
	struct list_head d_child;	/* in d_parent->d_subdirs */
	struct list_head d_subdirs;	/* children kept in the tree */
	struct dentry *d_mounted;	/* the root of a file system mounted
					 * here: path walks continue there */
	char d_name[NAME_MAX + 1];
};

/* One entry for getdents64: emit returns false when the buffer is full,
 * and iterate stops there; ctx->pos is where the next call goes on. */
struct dir_context {
	bool (*emit)(struct dir_context *ctx, const char *name, size_t len,
		     unsigned long ino, unsigned type);
	loff_t pos;
};

/* d_type values, as getdents64 gives them */
#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_REG 8
#define DT_LNK 10

static inline unsigned dt_type(umode_t mode)
{
	return (mode & S_IFMT) >> 12;
}

/* ---- inodes and dentries: kernel/fs/inode.c ---- */

/* A new inode of sb with mode, one reference; NULL when out of memory. */
struct inode *new_inode(struct super_block *sb, umode_t mode);
struct inode *igrab(struct inode *inode);
/* Drop a reference; the last one frees the inode, its page cache and
 * its link's text. */
void iput(struct inode *inode);
/* get_link for a link that keeps its text in i_link. */
const char *simple_get_link(struct inode *inode, char **made);
/* A new dentry for name under parent (which it holds); NULL when out
 * of memory. It is not in the tree until d_add. */
struct dentry *d_alloc(struct dentry *parent, const char *name, size_t len);
/* Make dentry the name of inode (taking the caller's reference), and,
 * with keep, a lasting member of the parent's tree (ramfs). */
void d_instantiate(struct dentry *dentry, struct inode *inode);
void d_add_to_tree(struct dentry *dentry);
/* The child of parent named name[0..len) that the tree keeps, with a
 * reference, or NULL. */
struct dentry *d_lookup(struct dentry *parent, const char *name, size_t len);
/* Take a name out of the tree (unlink, rmdir): the tree's reference
 * goes. */
void d_delete(struct dentry *dentry);
struct dentry *dget(struct dentry *dentry);
void dput(struct dentry *dentry);
/* A fresh root dentry ("/") for a file system whose root is inode. */
struct dentry *d_make_root(struct inode *inode);
/* Mount the file system whose root is root on mountpoint. */
void d_mount(struct dentry *mountpoint, struct dentry *root);

/* ---- open files: kernel/fs/file_table.c ---- */

/* A new open file on dentry (which it holds) with open flags; -errno
 * as a pointer if the file's open refuses or memory runs out. */
struct file *dentry_open(struct dentry *dentry, unsigned flags);
/* A file on an inode with no name, such as a pipe end. */
struct file *alloc_file_pseudo(struct inode *inode, unsigned flags,
			       const struct file_operations *fop);
static inline struct inode *file_inode(const struct file *file)
{
	return file->f_inode;
}

/* A file being written cannot be run, nor a running program written
 * (Linux's i_writecount): whichever comes second fails with ETXTBSY. A
 * regular file opened for writing takes write access (dentry_open) until
 * its last fput; exec denies it while it loads a program and for as long
 * as an mm runs it (mm->exe_file). */
static inline int get_write_access(struct inode *inode)
{
	if (inode->i_writecount < 0)
		return -ETXTBSY;
	inode->i_writecount++;
	return 0;
}

static inline void put_write_access(struct inode *inode)
{
	inode->i_writecount--;
}

static inline int deny_write_access(struct file *file)
{
	struct inode *inode = file_inode(file);

	if (inode->i_writecount > 0)
		return -ETXTBSY;
	inode->i_writecount--;
	return 0;
}

static inline void allow_write_access(struct file *file)
{
	file_inode(file)->i_writecount++;
}

/* One more reference to a program file that already denies write access
 * (open_exec's, or an mm's), denying it too: it cannot fail. mm->exe_file
 * is one; put_exe_file lets go of either kind. */
static inline struct file *get_exe_file(struct file *file)
{
	deny_write_access(file);
	return get_file(file);
}

static inline void put_exe_file(struct file *file)
{
	allow_write_access(file);
	fput(file);
}

/* ---- reading and writing: kernel/fs/read_write.c ---- */

/* Read from a file into kernel memory (exec's headers); the bytes read,
 * or -errno. Only files with a page cache. */
long kernel_read(struct file *file, void *buf, size_t count, loff_t pos);
loff_t generic_file_llseek(struct file *file, loff_t offset, int whence);

/* ---- the root and the boot-time file systems: kernel/fs/ ---- */

/* The root of the tree: ramfs, with the initramfs unpacked into it,
 * /dev and /proc. */
extern struct dentry *root_dentry;
void vfs_init(void);
/* Open /dev/console as descriptors 0, 1 and 2 of the current task. */
int console_open_for_init(void);

#endif
