/*
 * The address-space code on the host: what boot does before it can run.
 * swapper_pg_dir is an empty top-level table (the kernel half that
 * pgd_alloc copies is all empty here), and mmap_init makes the caches
 * and the zero page, as mem_init does.
 */
#include <stdlib.h>

#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"

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
