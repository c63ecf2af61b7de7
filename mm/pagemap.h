/*
 * The page cache: each file's pages, by page offset, in its
 * address_space (kernel/fs/fs.h). Reading, writing and mapping a file
 * all go through it, so every process that maps or reads a file sees the
 * same pages, and a program's text is in memory once however many run it.
 */
#ifndef MM_PAGEMAP_H
#define MM_PAGEMAP_H

#include "kernel/fs/fs.h"

struct page;
struct vm_fault;

/* The page at index with a reference for the caller, or NULL. */
struct page *find_get_page(struct address_space *mapping,
			   unsigned long index);
/* The same, adding a zeroed page the first time (all this kernel's file
 * systems live in memory: a page never written reads as zeros); NULL
 * when out of memory. */
struct page *find_or_create_page(struct address_space *mapping,
				 unsigned long index);
/* The pages in all files' caches (/proc/meminfo's Cached), and those of
 * them that are shared anonymous memory's (Shmem). */
unsigned long nr_file_pages(void);
unsigned long nr_shmem_pages(void);
/* The file shrank (or is gone, lstart 0): drop the pages wholly past
 * lstart and zero the tail of the one it falls in. */
void truncate_inode_pages(struct address_space *mapping, loff_t lstart);

/* Copy between a file's pages and a buffer, from pos: to user space
 * (read) or from it (write, which also grows i_size). The bytes done,
 * or -EFAULT/-ENOMEM if none were. */
long filemap_read(struct file *file, char __user *buf, size_t count,
		  loff_t *pos);
long filemap_write(struct file *file, const char __user *buf, size_t count,
		   loff_t *pos);
/* The same with kernel memory (exec reading headers, the initramfs
 * being unpacked). */
long filemap_read_kernel(struct address_space *mapping, void *buf,
			 size_t count, loff_t pos);
long filemap_write_kernel(struct file *file, const void *buf, size_t count,
			  loff_t pos);

/* mmap of a file whose pages are its page cache (Linux's
 * generic_file_mmap): faults map them, private areas copy on write. */
int generic_file_mmap(struct file *file, struct vm_area_struct *vma);

#endif
