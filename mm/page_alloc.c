/*
 * The buddy allocator: physical memory in blocks of 2^order frames.
 *
 * A free block of order n starts at a frame number that is a multiple of
 * 2^n and sits on free_area[n]. Its buddy is the other half of the block
 * of order n + 1 that contains it: the frame number with bit n flipped.
 * Allocation takes the smallest free block that is large enough and splits
 * it, giving the unused halves back to the lower orders. Freeing does the
 * reverse: while the buddy is free too, the two merge into one block of the
 * next order. So free memory is always kept in the largest blocks possible,
 * and large contiguous allocations stay possible.
 *
 * Only the first page of a free block is marked (PG_buddy, with the order);
 * that is how a freed block recognises a free buddy to merge with.
 *
 * With CONFIG_DEBUG_VM, freed frames are filled with PAGE_POISON (and marked
 * PG_poisoned) and checked on allocation, and every free is checked against
 * the page's state, so that double frees and writes after free panic where
 * they are found instead of corrupting memory silently. Frames released at
 * boot were never used, so nothing can write to them after a free: they are
 * not poisoned, which keeps boot fast under emulation.
 */
#include "mm/page_alloc.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "mm/poison.h"

struct page *mem_map;
unsigned long max_pfn;

struct free_area {
	struct list_head free_list;	/* of first pages, linked by lru */
	unsigned long nr_free;		/* blocks on free_list */
};

/*
 * All of RAM is one zone. Linux splits RAM into zones (DMA, DMA32, Normal)
 * for devices that can only reach low addresses; there are no such devices
 * here.
 */
static struct zone {
	spinlock_t lock;	/* the free lists and the counters */
	struct free_area free_area[MAX_ORDER];
	unsigned long free_pages;
	unsigned long managed_pages;
} zone;

void page_alloc_init(struct page *map, unsigned long nr_pfns)
{
	mem_map = map;
	max_pfn = nr_pfns;
	for (unsigned long pfn = 0; pfn < nr_pfns; pfn++) {
		struct page *page = &map[pfn];

		memset(page, 0, sizeof(*page));
		page->flags = 1ul << PG_reserved;
		page->_refcount = 1;
		page->_mapcount = -1;
	}
	spin_lock_init(&zone.lock);
	for (unsigned order = 0; order < MAX_ORDER; order++)
		INIT_LIST_HEAD(&zone.free_area[order].free_list);
}

static void add_to_free_list(struct page *page, unsigned order)
{
	set_page_flag(page, PG_buddy);
	page->order = order;
	list_add(&page->lru, &zone.free_area[order].free_list);
	zone.free_area[order].nr_free++;
	zone.free_pages += 1ul << order;
}

static void del_from_free_list(struct page *page, unsigned order)
{
	list_del(&page->lru);
	clear_page_flag(page, PG_buddy);
	zone.free_area[order].nr_free--;
	zone.free_pages -= 1ul << order;
}

/* Whether the block of this order at pfn is free as a whole. */
static bool page_is_buddy(unsigned long pfn, unsigned order)
{
	return pfn < max_pfn && test_page_flag(pfn_to_page(pfn), PG_buddy) &&
	       pfn_to_page(pfn)->order == order;
}

/* Put a free block on the lists, merging it with its buddy while it can. */
static void __free_one_page(unsigned long pfn, unsigned order)
{
	while (order < MAX_ORDER - 1) {
		unsigned long buddy_pfn = pfn ^ (1ul << order);

		if (!page_is_buddy(buddy_pfn, order))
			break;
		del_from_free_list(pfn_to_page(buddy_pfn), order);
		pfn &= buddy_pfn;	/* the merged block starts at the lower */
		order++;
	}
	add_to_free_list(pfn_to_page(pfn), order);
}

static void poison_pages(struct page *page, unsigned order)
{
	memset(page_address(page), PAGE_POISON, PAGE_SIZE << order);
	for (unsigned long i = 0; i < (1ul << order); i++)
		set_page_flag(page + i, PG_poisoned);
}

/* Give a block to the free lists. */
static void free_one_page(struct page *page, unsigned order)
{
	unsigned long flags;

	spin_lock_irqsave(&zone.lock, flags);
	__free_one_page(page_to_pfn(page), order);
	spin_unlock_irqrestore(&zone.lock, flags);
}

/* The largest block at pfn that is aligned to its size and ends by end. */
static unsigned largest_block(unsigned long pfn, unsigned long end)
{
	unsigned order = 0;

	while (order < MAX_ORDER - 1 && IS_ALIGNED(pfn, 2ul << order) &&
	       pfn + (2ul << order) <= end)
		order++;
	return order;
}

static void release_block(unsigned long pfn, unsigned order)
{
	for (unsigned long i = pfn; i < pfn + (1ul << order); i++) {
		struct page *page = pfn_to_page(i);

		if (!test_page_flag(page, PG_reserved))
			panic("page_alloc_release_range: pfn %#lx released twice",
			      i);
		clear_page_flag(page, PG_reserved);
		page->_refcount = 0;
	}
	free_one_page(pfn_to_page(pfn), order);
}

void page_alloc_release_range(unsigned long start_pfn, unsigned long end_pfn)
{
	unsigned long flags;

	BUG_ON(end_pfn > max_pfn);
	if (start_pfn >= end_pfn)	/* less than a frame, once rounded */
		return;
	spin_lock_irqsave(&zone.lock, flags);
	zone.managed_pages += end_pfn - start_pfn;
	spin_unlock_irqrestore(&zone.lock, flags);
	while (start_pfn < end_pfn) {
		unsigned order = largest_block(start_pfn, end_pfn);

		release_block(start_pfn, order);
		start_pfn += 1ul << order;
	}
}

/* Take a free block of the given order, splitting a larger one if need be. */
static struct page *__rmqueue(unsigned order)
{
	for (unsigned high = order; high < MAX_ORDER; high++) {
		struct list_head *list = &zone.free_area[high].free_list;
		struct page *page;

		if (list_empty(list))
			continue;
		page = list_first_entry(list, struct page, lru);
		del_from_free_list(page, high);
		/* Keep the front half, give back the back halves. */
		while (high > order) {
			high--;
			add_to_free_list(page + (1ul << high), high);
		}
		return page;
	}
	return NULL;
}

/* A changed byte in a freed page means someone wrote to it after freeing. */
static void check_page_poison(struct page *page, unsigned order)
{
	for (unsigned long i = 0; i < (1ul << order); i++) {
		const u8 *start = page_address(page + i);
		const u8 *bad;

		if (!test_page_flag(page + i, PG_poisoned))
			continue;
		clear_page_flag(page + i, PG_poisoned);
		bad = memchr_inv(start, PAGE_POISON, PAGE_SIZE);
		if (bad)
			panic("page allocator: pfn %#lx written after it was "
			      "freed: byte at offset %#lx is %#x, not the "
			      "poison %#x", page_to_pfn(page + i),
			      (unsigned long)(bad - start), *bad, PAGE_POISON);
	}
}

static void prep_new_page(struct page *page, unsigned order, unsigned gfp)
{
	if (CONFIG_DEBUG_VM)
		check_page_poison(page, order);
	page->_refcount = 1;
	if (order > 0) {
		set_page_flag(page, PG_head);
		page->order = order;
		for (unsigned long i = 1; i < 1ul << order; i++) {
			set_page_flag(&page[i], PG_tail);
			page[i].head = page;
		}
	}
	if (gfp & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE << order);
}

struct page *alloc_pages(unsigned gfp, unsigned order)
{
	unsigned long flags;
	struct page *page;

	if (order >= MAX_ORDER)
		return NULL;
	spin_lock_irqsave(&zone.lock, flags);
	page = __rmqueue(order);
	spin_unlock_irqrestore(&zone.lock, flags);
	if (page)
		prep_new_page(page, order, gfp);
	return page;
}

static __noreturn void bad_page(const char *who, struct page *page,
				unsigned order, const char *problem)
{
	panic("%s(pfn %#lx, order %u): %s (flags %#lx, refcount %d, mapcount %d)",
	      who, page_to_pfn(page), order, problem, page->flags,
	      page->_refcount, page->_mapcount);
}

/* What is wrong with freeing a block whose last reference is gone. */
static const char *free_problem(const struct page *page)
{
	if (test_page_flag(page, PG_reserved))
		return "the page is reserved, not from the allocator";
	if (page->_mapcount != -1)
		return "the page is still mapped";
	if (page->flags & ~(1ul << PG_head))
		return "flags still set (slab, page table or zero page?)";
	return NULL;
}

/* What is wrong with __free_pages(page, order). */
static const char *free_pages_problem(const struct page *page, unsigned order)
{
	const char *problem;

	if (order >= MAX_ORDER)
		return "order too large";
	if (test_page_flag(page, PG_tail))
		return "a tail page: free the first page of the block";
	if (page->_refcount == 0)
		return "double free: the page is already free";
	problem = free_problem(page);
	if (problem)
		return problem;
	if (page->_refcount != 1)
		return "the page is still referenced (use put_page)";
	if (compound_order(page) != order)
		return "wrong order: not the order it was allocated with";
	return NULL;
}

/* Give back a block whose refcount has reached zero. */
static void free_block(struct page *page, unsigned order)
{
	for (unsigned long i = 0; i < 1ul << order; i++)
		page[i].flags = 0;
	if (CONFIG_DEBUG_VM)
		poison_pages(page, order);
	free_one_page(page, order);
}

void __free_pages(struct page *page, unsigned order)
{
	if (CONFIG_DEBUG_VM) {
		const char *problem = free_pages_problem(page, order);

		if (problem)
			bad_page("__free_pages", page, order, problem);
	}
	page->_refcount = 0;
	free_block(page, order);
}

/*
 * References may be taken and dropped without the zone lock (and later from
 * interrupt handlers or other CPUs), hence the atomic operations.
 */
void get_page(struct page *page)
{
	page = compound_head(page);
	if (CONFIG_DEBUG_VM && page->_refcount <= 0)
		bad_page("get_page", page, compound_order(page),
			 "the page is free");
	__atomic_add_fetch(&page->_refcount, 1, __ATOMIC_RELAXED);
}

void put_page(struct page *page)
{
	int count;

	page = compound_head(page);
	count = __atomic_sub_fetch(&page->_refcount, 1, __ATOMIC_ACQ_REL);
	if (count > 0)
		return;
	if (CONFIG_DEBUG_VM) {
		const char *problem = count < 0 ?
			"refcount below zero: the page was already free" :
			free_problem(page);

		if (problem)
			bad_page("put_page", page, compound_order(page),
				 problem);
	}
	free_block(page, compound_order(page));
}

unsigned long nr_free_pages(void)
{
	return READ_ONCE(zone.free_pages);
}

unsigned long nr_managed_pages(void)
{
	return READ_ONCE(zone.managed_pages);
}

unsigned long nr_free_blocks(unsigned order)
{
	return order < MAX_ORDER ? READ_ONCE(zone.free_area[order].nr_free) : 0;
}
