/*
 * An open file (struct file) and what each kind of file does with it
 * (struct file_operations). A file is what a descriptor points to and
 * what a mapping holds (vm_area_struct.vm_file): two areas continue each
 * other only if they map the same file, so the file is also what tells
 * apart two mappings that otherwise look alike. Its page cache,
 * f_mapping, is where a mapping's pages come from (mm/filemap.c).
 *
 * The rest of the file system's objects are in kernel/fs/fs.h.
 */
#ifndef KERNEL_FS_FILE_H
#define KERNEL_FS_FILE_H

#include "kernel/compiler.h"
#include "kernel/types.h"

struct file;
struct dentry;
struct inode;
struct dir_context;
struct vm_area_struct;
struct address_space;

/* What a kind of file does (Linux's file_operations, the part used).
 * A missing read or write fails with EINVAL, a missing llseek with
 * ESPIPE, a missing mmap with ENODEV, a missing iterate with ENOTDIR. */
struct file_operations {
	/* The file is being opened on inode: 0, or -errno to refuse. */
	int (*open)(struct inode *inode, struct file *file);
	long (*read)(struct file *file, char __user *buf, size_t count,
		     loff_t *pos);
	long (*write)(struct file *file, const char __user *buf,
		      size_t count, loff_t *pos);
	loff_t (*llseek)(struct file *file, loff_t offset, int whence);
	/* getdents64: the entries from ctx->pos on. */
	int (*iterate)(struct file *file, struct dir_context *ctx);
	long (*ioctl)(struct file *file, unsigned cmd, unsigned long arg);
	/* mmap: set the area up (vm_ops) for its pages to come from here. */
	int (*mmap)(struct file *file, struct vm_area_struct *vma);
	/* The last reference is gone: free what the file holds. (Linux's
	 * also takes the inode, and returns a value nobody reads.) */
	void (*release)(struct file *file);
};

/* f_mode: what the open allows. */
#define FMODE_READ 0x1
#define FMODE_WRITE 0x2
#define FMODE_WRITER 0x4	/* holds write access: get_write_access */

struct file {
	long f_count;		/* references: descriptors and areas */
	const struct file_operations *f_op;
	struct address_space *f_mapping;	/* the pages it caches */
	struct dentry *f_dentry;	/* its name; NULL for shmem, pipes */
	struct inode *f_inode;
	unsigned f_flags;	/* O_APPEND, O_NONBLOCK... as opened */
	unsigned f_mode;	/* FMODE_READ, FMODE_WRITE, FMODE_WRITER */
	loff_t f_pos;
	void *private_data;	/* the file system's own */
};

static inline struct file *get_file(struct file *file)
{
	__atomic_add_fetch(&file->f_count, 1, __ATOMIC_RELAXED);
	return file;
}

/* Drop a reference; the last one releases the file (kernel/fs/file_table.c). */
void fput(struct file *file);

#endif
