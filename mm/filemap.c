/*
 * The page cache (mm/pagemap.h). A file's pages sit in the radix tree of
 * its address_space, each with one reference that is the cache's own;
 * whoever maps or copies a page takes another for as long as it uses it.
 * This kernel's file systems live in memory, so the cache is not a cache
 * of anything: it is where the data is (as in Linux's ramfs), and a page
 * leaves it only when the file is truncated or freed.
 */
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "mm/internal.h"
#include "mm/page_alloc.h"
#include "mm/pagemap.h"
#include "mm/uaccess.h"

/* The pages in all page caches, and those of them that hold shared
 * anonymous memory (Linux's NR_FILE_PAGES and NR_SHMEM): /proc's Cached
 * and Shmem. */
static unsigned long file_pages, shmem_pages;

unsigned long nr_file_pages(void)
{
	return file_pages;
}

unsigned long nr_shmem_pages(void)
{
	return shmem_pages;
}

/* shmem's files have no inode (kernel/fs/fs.h). */
static bool shmem_mapping(const struct address_space *mapping)
{
	return !mapping->host;
}

/* A page joins (+1) or leaves (-1) mapping's cache. Pages come and go
 * only through here, which keeps the counts exact. */
static void account_page_cache(struct address_space *mapping, long pages)
{
	mapping->nrpages += pages;
	file_pages += pages;
	if (shmem_mapping(mapping))
		shmem_pages += pages;
}

struct page *find_get_page(struct address_space *mapping, unsigned long index)
{
	void **slot = radix_tree_lookup_slot(&mapping->page_tree, index);
	struct page *page = slot ? *slot : NULL;

	if (page)
		get_page(page);
	return page;
}

struct page *find_or_create_page(struct address_space *mapping,
				 unsigned long index)
{
	void **slot = radix_tree_create(&mapping->page_tree, index);
	struct page *page;

	if (!slot)
		return NULL;
	if (!*slot) {
		page = alloc_page(__GFP_ZERO);
		if (!page)
			return NULL;
		page->mapping = mapping;
		page->index = index;
		account_page_cache(mapping, 1);
		*slot = page;
	}
	page = *slot;
	get_page(page);
	return page;
}

/* The cache lets go of a page; mappers may still hold it. */
static void delete_from_page_cache(void *item)
{
	struct page *page = item;

	account_page_cache(page->mapping, -1);
	page->mapping = NULL;
	put_page(page);
}

void truncate_inode_pages(struct address_space *mapping, loff_t lstart)
{
	unsigned long first = (unsigned long)(lstart + PAGE_SIZE - 1) >>
			      PAGE_SHIFT;
	size_t partial = lstart & (PAGE_SIZE - 1);
	struct page *page;

	radix_tree_truncate(&mapping->page_tree, first, delete_from_page_cache);
	/* Bytes past the new end must read as zeros if the file grows
	 * again, and already do in a mapping of the last page. */
	if (partial && (page = find_get_page(mapping, lstart >> PAGE_SHIFT))) {
		memset((char *)page_address(page) + partial, 0,
		       PAGE_SIZE - partial);
		put_page(page);
	}
}

/* The direction of a copy between the page cache and a buffer. */
enum copy_dir { TO_USER, FROM_USER, TO_KERNEL, FROM_KERNEL };

static bool copy_page_part(enum copy_dir dir, char *kaddr, char *buf,
			   size_t n)
{
	switch (dir) {
	case TO_USER:
		return !copy_to_user((char __user *)buf, kaddr, n);
	case FROM_USER:
		return !copy_from_user(kaddr, (const char __user *)buf, n);
	case TO_KERNEL:
		memcpy(buf, kaddr, n);
		return true;
	default:
		memcpy(kaddr, buf, n);
		return true;
	}
}

/* Copy count bytes at pos, page by page; reads stop at end of file. */
static long filemap_copy(struct address_space *mapping, enum copy_dir dir,
			 char *buf, size_t count, loff_t pos)
{
	bool write = dir == FROM_USER || dir == FROM_KERNEL;
	loff_t end = write ? pos + (loff_t)count :
		     MIN(pos + (loff_t)count, mapping->host->i_size);
	size_t done = 0;

	while (pos < end) {
		size_t offset = pos & (PAGE_SIZE - 1);
		size_t n = MIN((loff_t)(PAGE_SIZE - offset), end - pos);
		struct page *page = find_or_create_page(mapping,
							pos >> PAGE_SHIFT);
		bool ok;

		if (!page)
			return done ? (long)done : -ENOMEM;
		ok = copy_page_part(dir, (char *)page_address(page) + offset,
				    buf + done, n);
		put_page(page);
		if (!ok)
			return done ? (long)done : -EFAULT;
		done += n;
		pos += n;
	}
	return done;
}

long filemap_read(struct file *file, char __user *buf, size_t count,
		  loff_t *pos)
{
	long n = filemap_copy(file->f_mapping, TO_USER, (char *)buf, count,
			      *pos);

	if (n > 0)
		*pos += n;
	return n;
}

/* A write moves the position and may grow the file. */
static long filemap_write_dir(struct file *file, enum copy_dir dir,
			      const char *buf, size_t count, loff_t *pos)
{
	struct inode *inode = file->f_mapping->host;
	long n = filemap_copy(file->f_mapping, dir, (char *)buf, count, *pos);

	if (n > 0) {
		*pos += n;
		if (*pos > inode->i_size)
			inode->i_size = *pos;
	}
	return n;
}

long filemap_write(struct file *file, const char __user *buf, size_t count,
		   loff_t *pos)
{
	return filemap_write_dir(file, FROM_USER, (const char *)buf, count,
				 pos);
}

long filemap_read_kernel(struct address_space *mapping, void *buf,
			 size_t count, loff_t pos)
{
	return filemap_copy(mapping, TO_KERNEL, buf, count, pos);
}

long filemap_write_kernel(struct file *file, const void *buf, size_t count,
			  loff_t pos)
{
	return filemap_write_dir(file, FROM_KERNEL, buf, count, &pos);
}

/*
 * A page of a file mapping. Past the end of the file there is nothing
 * to map: SIGBUS, as on Linux (the page the end falls in is mapped whole;
 * its tail reads as zeros). The reference returned is the mapping's.
 *
 * A page not yet in the cache makes the fault a major one: on a disk it
 * would wait for a read. Linux's filemap_fault counts it so on its ramfs
 * too, where the "read" only zeroes the page, as it is here.
 */
static int filemap_fault(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	struct address_space *mapping = vma->vm_file->f_mapping;
	loff_t size = mapping->host->i_size;

	if (vmf->pgoff >= (unsigned long)((size + PAGE_SIZE - 1) >> PAGE_SHIFT))
		return VM_FAULT_SIGBUS;
	vmf->page = find_get_page(mapping, vmf->pgoff);
	if (!vmf->page) {
		count_vm_event(PGMAJFAULT);
		vmf->page = find_or_create_page(mapping, vmf->pgoff);
	}
	return vmf->page ? 0 : VM_FAULT_OOM;
}

static const struct vm_operations_struct generic_file_vm_ops = {
	.fault = filemap_fault,
};

int generic_file_mmap(struct file *file, struct vm_area_struct *vma)
{
	(void)file;
	vma->vm_ops = &generic_file_vm_ops;
	return 0;
}
