/*
 * The world of the mm_alloc host test: a fake physical memory for the page
 * and slab allocators, set up the way boot code sets up the real one. Frame
 * 0 and a hole stay reserved, as firmware areas do, so that the allocator
 * has to work around them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kernel/ktest.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

#define FAKE_RAM_SIZE (64ul << 20)
#define FAKE_RAM_ALIGN (4ul << 20)	/* the largest block: order-10 blocks align */
#define HOLE_START 1000ul		/* frames [HOLE_START, HOLE_END) */
#define HOLE_END 1100ul
#define SPLIT 5000ul			/* inside a 4 MiB block: [4096, 5120) */

char *host_phys_base;
/* More of the world, for programs that link the address-space code
 * (tests/host/vm_setup.c); its allocations are not leaks. */
void host_vm_setup(void) __attribute__((weak));
static unsigned long free_at_start;

/* The kernel's test runner checks after each test that no frames leaked;
 * here the check is once, for the whole run. */
static void check_no_frames_leaked(void)
{
	if (nr_free_pages() == free_at_start)
		return;
	fprintf(stderr, "frames leaked: %lu free at the start, %lu at the end\n",
		free_at_start, nr_free_pages());
	_exit(1);
}

void host_test_setup(void)
{
	unsigned long nr_pfns = FAKE_RAM_SIZE / PAGE_SIZE;

	host_phys_base = aligned_alloc(FAKE_RAM_ALIGN, FAKE_RAM_SIZE);
	if (!host_phys_base)
		abort();
	page_alloc_init(malloc(nr_pfns * sizeof(struct page)), nr_pfns);
	if (!mem_map)
		abort();
	/* In pieces, as boot code releases RAM around what is taken. */
	page_alloc_release_range(1, HOLE_START);
	page_alloc_release_range(HOLE_END, SPLIT);
	page_alloc_release_range(SPLIT, nr_pfns);
	kmem_cache_init();
	if (host_vm_setup)
		host_vm_setup();
	free_at_start = nr_free_pages();
	atexit(check_no_frames_leaked);
}

KTEST(mm_setup_keeps_reserved_frames)
{
	unsigned long reserved = 0;

	for (unsigned long pfn = 0; pfn < max_pfn; pfn++)
		reserved += test_page_flag(pfn_to_page(pfn), PG_reserved);
	KT_EXPECT_EQ(reserved, 1 + HOLE_END - HOLE_START);
	KT_EXPECT(test_page_flag(pfn_to_page(0), PG_reserved));
	KT_EXPECT_EQ(page_count(pfn_to_page(HOLE_START)), 1);
	KT_EXPECT_EQ(nr_managed_pages(), max_pfn - reserved);
	/* From frame 2048 up all is free, in whole 4 MiB blocks: the one
	 * released in two pieces merged too. The allocations so far came
	 * from the smaller blocks below. */
	KT_EXPECT_EQ(nr_free_blocks(MAX_ORDER - 1),
		     (max_pfn - 2048) >> (MAX_ORDER - 1));
}
