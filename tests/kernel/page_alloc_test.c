/*
 * Tests of the buddy allocator (mm/page_alloc.c). They run in the kernel
 * over real RAM and on the host over a fake one (tests/host/mm_setup.c), so
 * they assume nothing about how much memory is free or how fragmented it
 * is: where that matters they compare with the counters taken at the start.
 */
#include "kernel/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/list.h"
#include "mm/page_alloc.h"
#include "mm/poison.h"

#define NR_BLOCKS 64

static unsigned block_order(int i)
{
	return i % 4;
}

static unsigned long block_end(struct page *page, unsigned order)
{
	return page_to_pfn(page) + (1ul << order);
}

static bool blocks_overlap(struct page *a, unsigned a_order, struct page *b,
			   unsigned b_order)
{
	return page_to_pfn(a) < block_end(b, b_order) &&
	       page_to_pfn(b) < block_end(a, a_order);
}

/* Words that depend on the frame: blocks sharing memory would clash. */
static void fill_block(struct page *page, unsigned order)
{
	unsigned long *w = page_address(page);

	for (size_t i = 0; i < (PAGE_SIZE << order) / sizeof(*w); i++)
		w[i] = page_to_pfn(page) * 4096 + i;
}

static bool block_intact(struct page *page, unsigned order)
{
	unsigned long *w = page_address(page);

	for (size_t i = 0; i < (PAGE_SIZE << order) / sizeof(*w); i++)
		if (w[i] != page_to_pfn(page) * 4096 + i)
			return false;
	return true;
}

static void free_blocks(struct page **blocks, int n)
{
	for (int i = 0; i < n; i++)
		if (blocks[i])
			__free_pages(blocks[i], block_order(i));
}

static void snapshot_free_blocks(unsigned long *counts)
{
	for (unsigned order = 0; order < MAX_ORDER; order++)
		counts[order] = nr_free_blocks(order);
}

/* After a test frees all it took, every block must have merged back. */
static void expect_free_blocks(struct ktest_state *kt,
			       const unsigned long *counts)
{
	for (unsigned order = 0; order < MAX_ORDER; order++)
		KT_EXPECT_EQ(nr_free_blocks(order), counts[order]);
}

KTEST(page_alloc_blocks_do_not_overlap)
{
	struct page *blocks[NR_BLOCKS];
	int overlaps = 0, damaged = 0;

	for (int i = 0; i < NR_BLOCKS; i++) {
		blocks[i] = alloc_pages(GFP_KERNEL, block_order(i));
		KT_EXPECT_NOT_NULL(blocks[i]);
		if (blocks[i])
			fill_block(blocks[i], block_order(i));
	}
	for (int i = 0; i < NR_BLOCKS; i++) {
		if (!blocks[i])
			continue;
		damaged += !block_intact(blocks[i], block_order(i));
		for (int j = 0; j < i; j++)
			overlaps += blocks[j] &&
				    blocks_overlap(blocks[i], block_order(i),
						   blocks[j], block_order(j));
	}
	KT_EXPECT_EQ(overlaps, 0);
	KT_EXPECT_EQ(damaged, 0);
	free_blocks(blocks, NR_BLOCKS);
}

/* Every free frame can be had, one at a time; all of them come back. The
 * pages are chained through their own lru, which is the owner's to use. */
KTEST(page_alloc_exhaustion_then_free_restores_all)
{
	unsigned long before = nr_free_pages(), taken = 0, bad = 0;
	unsigned long counts[MAX_ORDER];
	struct page *page;
	LIST_HEAD(pages);

	snapshot_free_blocks(counts);
	while ((page = alloc_page(GFP_KERNEL))) {
		bad += page_count(page) != 1 || page->flags != 0;
		list_add(&page->lru, &pages);
		taken++;
	}
	KT_EXPECT_EQ(taken, before);
	KT_EXPECT_EQ(bad, 0ul);
	KT_EXPECT_EQ(nr_free_pages(), 0ul);
	while (!list_empty(&pages)) {
		page = list_first_entry(&pages, struct page, lru);
		list_del(&page->lru);
		free_page(page);
	}
	KT_EXPECT_EQ(nr_free_pages(), before);
	expect_free_blocks(kt, counts);
}

KTEST(page_alloc_refuses_order_max_order_and_above)
{
	unsigned long before = nr_free_pages();

	KT_EXPECT_NULL(alloc_pages(GFP_KERNEL, MAX_ORDER));
	KT_EXPECT_NULL(alloc_pages(GFP_KERNEL, MAX_ORDER + 1));
	KT_EXPECT_NULL(alloc_pages(GFP_KERNEL, ~0u));
	KT_EXPECT_EQ(nr_free_pages(), before);
}

KTEST(page_alloc_free_restores_count)
{
	for (unsigned order = 0; order < 4; order++) {
		unsigned long before = nr_free_pages();
		struct page *page = alloc_pages(GFP_KERNEL, order);

		KT_ASSERT_NOT_NULL(page);
		KT_EXPECT_EQ(nr_free_pages(), before - (1ul << order));
		__free_pages(page, order);
		KT_EXPECT_EQ(nr_free_pages(), before);
	}
}

/* Frees in an order unlike the allocation's, so merges happen piecemeal. */
KTEST(page_alloc_buddies_merge_back)
{
	unsigned long counts[MAX_ORDER];
	struct page *pages[NR_BLOCKS];

	snapshot_free_blocks(counts);
	for (int i = 0; i < NR_BLOCKS; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		KT_ASSERT_NOT_NULL(pages[i]);
	}
	for (int i = 0; i < NR_BLOCKS; i += 2)
		free_page(pages[i]);
	for (int i = NR_BLOCKS - 1; i > 0; i -= 2)
		free_page(pages[i]);
	expect_free_blocks(kt, counts);
}

/* A block of every order that the free lists can supply, and aligned. */
KTEST(page_alloc_blocks_are_naturally_aligned)
{
	bool available = false;

	for (int order = MAX_ORDER - 1; order >= 0; order--) {
		struct page *page;

		available = available || nr_free_blocks(order) > 0;
		page = alloc_pages(GFP_KERNEL, order);
		KT_EXPECT_EQ(page != NULL, available);
		if (!page)
			continue;
		KT_EXPECT(IS_ALIGNED(page_to_pfn(page), 1ul << order));
		KT_EXPECT(IS_ALIGNED((uintptr_t)page_address(page),
				     PAGE_SIZE << order));
		__free_pages(page, order);
	}
}

KTEST(page_alloc_gfp_zero_clears_the_block)
{
	struct page *page = alloc_pages(GFP_KERNEL, 2);

	KT_ASSERT_NOT_NULL(page);
	memset(page_address(page), 0x5c, 4 * PAGE_SIZE);
	__free_pages(page, 2);
	page = alloc_pages(__GFP_ZERO, 2);	/* most likely the same block */
	KT_ASSERT_NOT_NULL(page);
	KT_EXPECT_NULL(memchr_inv(page_address(page), 0, 4 * PAGE_SIZE));
	__free_pages(page, 2);
}

KTEST(page_alloc_head_and_tail_pages)
{
	struct page *block = alloc_pages(GFP_KERNEL, 2);
	struct page *single = alloc_page(GFP_KERNEL);

	KT_ASSERT_NOT_NULL(block);
	KT_ASSERT_NOT_NULL(single);
	KT_EXPECT(test_page_flag(block, PG_head));
	KT_EXPECT_EQ(compound_order(block), 2u);
	for (int i = 1; i < 4; i++) {
		KT_EXPECT(test_page_flag(&block[i], PG_tail));
		KT_EXPECT(compound_head(&block[i]) == block);
	}
	KT_EXPECT_EQ(single->flags, 0ul);
	KT_EXPECT_EQ(compound_order(single), 0u);
	KT_EXPECT_EQ(page_mapcount(single), 0);
	__free_pages(block, 2);
	free_page(single);
}

KTEST(page_alloc_last_put_page_frees)
{
	unsigned long before = nr_free_pages();
	struct page *page = alloc_page(GFP_KERNEL);
	struct page *block = alloc_pages(GFP_KERNEL, 2);

	KT_ASSERT_NOT_NULL(page);
	KT_ASSERT_NOT_NULL(block);
	KT_EXPECT_EQ(page_count(page), 1);
	get_page(page);
	KT_EXPECT_EQ(page_count(page), 2);
	put_page(page);
	KT_EXPECT_EQ(page_count(page), 1);
	KT_EXPECT_EQ(nr_free_pages(), before - 5);
	put_page(page);
	KT_EXPECT_EQ(nr_free_pages(), before - 4);

	/* A tail page stands for its whole block. */
	get_page(&block[3]);
	KT_EXPECT_EQ(page_count(block), 2);
	put_page(&block[1]);
	KT_EXPECT_EQ(nr_free_pages(), before - 4);
	put_page(block);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

KTEST(page_alloc_counters_agree)
{
	unsigned long sum = 0;

	for (unsigned order = 0; order < MAX_ORDER; order++)
		sum += nr_free_blocks(order) << order;
	KT_EXPECT_EQ(sum, nr_free_pages());
	KT_EXPECT_GE(nr_managed_pages(), nr_free_pages());
	KT_EXPECT_NE(nr_free_pages(), 0ul);
	KT_EXPECT_EQ(nr_free_blocks(MAX_ORDER), 0ul);
}
