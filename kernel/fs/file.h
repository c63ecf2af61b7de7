/*
 * An open file, as far as the address space needs one so far: something
 * that areas can point to (vm_file) and hold a reference on, with the
 * pages it caches (f_mapping). Two areas continue each other only if
 * they map the same file, so the file is also what tells apart two
 * mappings that otherwise look alike.
 *
 * Today the only files are the ones behind shared anonymous memory
 * (mm/shmem.c), whose pages live in the file's page cache; the file
 * system will give struct file its inode and offset, and keep these
 * calls.
 */
#ifndef KERNEL_FS_FILE_H
#define KERNEL_FS_FILE_H

#include "kernel/panic.h"
#include "mm/slab.h"

struct file;
/* A file's page cache: its pages by offset (mm/shmem.c's, so far). */
struct address_space;

/* What a kind of file does at the events of its life (Linux's
 * file_operations; only what is needed so far). */
struct file_operations {
	/* The last reference is gone: free what the file holds. (Linux's
	 * also takes the inode, and returns a value nobody reads.) */
	void (*release)(struct file *file);
};

struct file {
	long f_count;		/* references: descriptors and areas */
	const struct file_operations *f_op;
	struct address_space *f_mapping;	/* the pages it caches */
};

static inline struct file *get_file(struct file *file)
{
	__atomic_add_fetch(&file->f_count, 1, __ATOMIC_RELAXED);
	return file;
}

static inline void fput(struct file *file)
{
	long count = __atomic_sub_fetch(&file->f_count, 1, __ATOMIC_ACQ_REL);

	BUG_ON(count < 0);
	if (count)
		return;
	if (file->f_op && file->f_op->release)
		file->f_op->release(file);
	kfree(file);
}

#endif
