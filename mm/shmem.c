/*
 * Shared anonymous memory (mmap MAP_SHARED | MAP_ANONYMOUS). Linux backs
 * each such mapping with a file of its own on an internal tmpfs, and so
 * does this kernel, in the small. The file gives the mapping an identity,
 * so that two mappings never merge into one area (their pages are
 * different memory), while the pieces of one mapping, split by mprotect,
 * can merge back. And the file holds the pages: its page cache maps each
 * page offset to a page, which every mapper's fault finds there (forked
 * children too), and which outlives its page-table entries (MADV_DONTNEED,
 * munmap of one mapper) until the last reference to the file goes.
 */
#include "kernel/fs/fs.h"
#include "mm/internal.h"
#include "mm/pagemap.h"
#include "mm/slab.h"

/* The area's page comes from the file, zeroed the first time;
 * handle_mm_fault maps it with the reference this takes (the cache
 * keeps its own). */
static int shmem_fault(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	vmf->page = find_or_create_page(vma->vm_file->f_mapping, vmf->pgoff);
	return vmf->page ? 0 : VM_FAULT_OOM;
}

/* No open or close: the areas of a mapping need no bookkeeping (their
 * references to the file are the areas' own), and an area with close
 * would never merge back after a split. */
static const struct vm_operations_struct shmem_vm_ops = {
	.fault = shmem_fault,
};

/* The last mapper is gone: so are the pages (Linux frees them when the
 * inode goes; here the file is all there is). */
static void shmem_release(struct file *file)
{
	truncate_inode_pages(file->f_mapping, 0);
	kfree(file->f_mapping);
}

static const struct file_operations shmem_file_operations = {
	.release = shmem_release,
};

int shmem_zero_setup(struct vm_area_struct *vma)
{
	struct file *file = kzalloc(sizeof(*file), GFP_KERNEL);
	struct address_space *mapping = kzalloc(sizeof(*mapping), GFP_KERNEL);

	if (!file || !mapping) {
		kfree(file);
		kfree(mapping);
		return -ENOMEM;
	}
	file->f_count = 1;
	file->f_op = &shmem_file_operations;
	file->f_mapping = mapping;
	vma->vm_file = file;
	vma->vm_ops = &shmem_vm_ops;
	return 0;
}
