/*
 * An open file, as far as the address space needs one so far: something
 * that areas can point to (vm_file) and hold a reference on. Two areas
 * continue each other only if they map the same file, so the file is
 * also what tells apart two mappings that otherwise look alike.
 *
 * Today the only files are the ones behind shared anonymous memory
 * (mm/shmem.c); the file system will give struct file its inode,
 * operations and offset, and keep these calls.
 */
#ifndef KERNEL_FS_FILE_H
#define KERNEL_FS_FILE_H

#include "kernel/panic.h"
#include "mm/slab.h"

struct file {
	long f_count;		/* references: descriptors and areas */
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
	if (count == 0)
		kfree(file);
}

#endif
