/*
 * memblock: the boot-time memory manager, as in Linux. Before the page
 * allocator exists (it needs the mem_map array, which needs memory), boot
 * code records which physical ranges are RAM and which are taken, and
 * allocates by carving out of the difference. Once the page allocator can
 * start, mm/init.c hands it every range memblock_for_each_free() names, and
 * memblock retires.
 */
#ifndef MM_MEMBLOCK_H
#define MM_MEMBLOCK_H

#include "kernel/types.h"

#define MEMBLOCK_MAX_REGIONS 128

struct memblock_region {
	phys_addr_t base;
	u64 size;
};

struct memblock_type {
	int cnt;
	struct memblock_region regions[MEMBLOCK_MAX_REGIONS];	/* sorted, disjoint */
};

struct memblock {
	struct memblock_type memory;
	struct memblock_type reserved;
};

void memblock_add(struct memblock *mb, phys_addr_t base, u64 size);
void memblock_reserve(struct memblock *mb, phys_addr_t base, u64 size);
/* The lowest suitable free range at or above min_addr, now reserved; the
 * memory is not cleared. Returns 0 when nothing fits. */
phys_addr_t memblock_phys_alloc_range(struct memblock *mb, u64 size, u64 align,
			   phys_addr_t min_addr, phys_addr_t max_addr);
phys_addr_t memblock_end_of_DRAM(const struct memblock *mb);

/* Call fn for each maximal range of RAM that is not reserved. */
void memblock_for_each_free(const struct memblock *mb,
			    void (*fn)(phys_addr_t start, phys_addr_t end,
				       void *arg),
			    void *arg);

#endif
