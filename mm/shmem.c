/*
 * Shared anonymous memory (mmap MAP_SHARED | MAP_ANONYMOUS). Linux backs
 * each such mapping with a file of its own on an internal tmpfs, and so
 * does this kernel, in the small: the file gives the mapping an identity,
 * so that two mappings never merge into one area (their pages are
 * different memory), while the pieces of one mapping, split by mprotect,
 * can merge back. Its pages still live only in the page tables; they move
 * into the file's page cache when files have one.
 */
#include "kernel/fs/file.h"
#include "mm/internal.h"
#include "mm/page_alloc.h"

int shmem_zero_setup(struct vm_area_struct *vma)
{
	struct file *file = kzalloc(sizeof(*file), GFP_KERNEL);

	if (!file)
		return -ENOMEM;
	file->f_count = 1;
	vma->vm_file = file;
	return 0;
}
