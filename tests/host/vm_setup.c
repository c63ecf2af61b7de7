/*
 * The address-space code on the host: what boot does before it can run,
 * and the user copies the page cache makes.
 * swapper_pg_dir is an empty top-level table (the kernel half that
 * pgd_alloc copies is all empty here), and mmap_init makes the caches
 * and the zero page, as mem_init does.
 */
#include <stdlib.h>
#include <string.h>

#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "kernel/errno.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/namei.h"
#include "mm/uaccess.h"

void host_vm_setup(void)
{
	struct page *top = alloc_page(__GFP_ZERO);

	if (!top)
		abort();
	swapper_pg_dir = page_address(top);
	mmap_init();
}

/* Boot's page-table allocator: by the time the host tests run, the page
 * allocator is up (as after boot), so page tables never come from here. */
void *early_alloc_page(void)
{
	abort();
}

/* The page cache copies to and from "user" buffers: on the host they are
 * the test's own memory, which cannot fault. */
unsigned long copy_from_user(void *to, const void __user *from,
			     unsigned long n)
{
	memcpy(to, from, n);
	return 0;
}

unsigned long copy_to_user(void __user *to, const void *from, unsigned long n)
{
	memcpy(to, from, n);
	return 0;
}

/* No process owns the host tests' address spaces, and none has open
 * files: every descriptor mmap is given is a bad one. */
struct file *fget(int fd)
{
	(void)fd;
	return NULL;
}

/* Nor is there a file system: every path names nothing. */
struct file *open_exec(const char *path)
{
	(void)path;
	return ERR_PTR(-ENOENT);
}
