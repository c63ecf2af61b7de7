/*
 * Physical memory: one struct page per 4 KiB frame (the mem_map array,
 * indexed by page frame number) and the buddy allocator over them.
 *
 * A page's _refcount is the single source of truth for whether the frame is
 * in use: the allocator hands out pages with a count of 1, get_page() and
 * put_page() move it, and the frame returns to the free lists when it drops
 * to zero. _mapcount counts page-table entries that map the page (user
 * mappings; copy-on-write relies on it).
 */
#ifndef MM_PAGE_ALLOC_H
#define MM_PAGE_ALLOC_H

#include <asm/memlayout.h>
#include "kernel/list.h"
#include "kernel/types.h"
#include "mm/gfp.h"

/* page->flags bits */
enum pageflags {
	PG_reserved,	/* never handed to the allocator (kernel image, holes) */
	PG_buddy,	/* free, head of a block on a free list */
	PG_slab,	/* owned by the slab allocator */
	PG_head,	/* first page of a multi-page allocation (order > 0) */
	PG_tail,	/* other pages of such an allocation */
	PG_zero,	/* the shared zero page: never freed */
	PG_pgtable,	/* a page-table page */
	PG_poisoned,	/* freed and filled with PAGE_POISON (debug builds) */
};

struct kmem_cache;

struct page {
	unsigned long flags;
	int _refcount;
	int _mapcount;		/* -1 when not mapped, as in Linux */
	struct list_head lru;	/* free-list or slab-list link */
	union {
		unsigned long order;		/* PG_buddy / PG_head: block order */
		struct page *head;		/* PG_tail: the first page */
	};
	union {
		/* PG_slab, on the first page of a slab */
		struct {
			struct kmem_cache *slab_cache;
			void *freelist;
			unsigned int inuse;
		};
		/* A page of a file's page cache (mm/filemap.c): whose, and
		 * where in it; mapping is NULL for any other page. */
		struct {
			struct address_space *mapping;
			unsigned long index;
		};
	};
};

#define MAX_ORDER 11		/* orders 0..10: blocks up to 4 MiB */


extern struct page *mem_map;
extern unsigned long max_pfn;	/* one past the highest frame in mem_map */

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - mem_map);
}
static inline struct page *pfn_to_page(unsigned long pfn)
{
	return mem_map + pfn;
}
static inline phys_addr_t page_to_phys(const struct page *page)
{
	return (phys_addr_t)page_to_pfn(page) << PAGE_SHIFT;
}
static inline void *page_address(const struct page *page)
{
	return phys_to_virt(page_to_phys(page));
}
static inline struct page *virt_to_page(const void *addr)
{
	return pfn_to_page(virt_to_phys(addr) >> PAGE_SHIFT);
}

static inline bool test_page_flag(const struct page *p, enum pageflags f)
{
	return p->flags & (1ul << f);
}
static inline void set_page_flag(struct page *p, enum pageflags f)
{
	p->flags |= 1ul << f;
}
static inline void clear_page_flag(struct page *p, enum pageflags f)
{
	p->flags &= ~(1ul << f);
}

/*
 * A block of order > 0 is one unit: its first page carries PG_head and the
 * order, the others PG_tail and a pointer back. So any page of the block
 * leads to the whole of it, whether from put_page() or from kfree().
 */
static inline struct page *compound_head(struct page *page)
{
	return test_page_flag(page, PG_tail) ? page->head : page;
}
static inline unsigned compound_order(const struct page *head)
{
	return test_page_flag(head, PG_head) ? head->order : 0;
}

static inline int page_count(const struct page *p) { return p->_refcount; }
static inline int page_mapcount(const struct page *p) { return p->_mapcount + 1; }

/*
 * Set up the allocator over map[0 .. nr_pfns) (this sets mem_map and
 * max_pfn). Every page starts reserved; page_alloc_release_range() then
 * gives free RAM to the buddy lists, [start_pfn, end_pfn) at a time, in any
 * order. Released frames are written (poisoned) under CONFIG_DEBUG_VM, so
 * they must be in the direct map already.
 */
void page_alloc_init(struct page *map, unsigned long nr_pfns);
void page_alloc_release_range(unsigned long start_pfn, unsigned long end_pfn);

/*
 * 2^order contiguous frames, naturally aligned, with a refcount of 1; NULL
 * when no block is large enough or order >= MAX_ORDER. The page allocator
 * itself reads and writes the frames through page_address() (poison,
 * __GFP_ZERO), so they must be in the direct map.
 */
struct page *alloc_pages(unsigned gfp, unsigned order);
/* Free a block with the order it was allocated with; its refcount must be 1. */
void __free_pages(struct page *page, unsigned order);
static inline struct page *alloc_page(unsigned gfp) { return alloc_pages(gfp, 0); }
static inline void free_page(struct page *page) { __free_pages(page, 0); }

/* References count on the whole block: a tail page stands for its head. */
void get_page(struct page *page);
/* Drop a reference; the last one frees the block (whatever its order). */
void put_page(struct page *page);

/* Counters, for tests, /proc/meminfo and the boot summary. */
unsigned long nr_free_pages(void);
unsigned long nr_managed_pages(void);	/* ever released to the allocator */
unsigned long nr_free_blocks(unsigned order);

#endif
