/*
 * Page tables on the real MMU: each test builds a scratch address space
 * (pgd_alloc), switches to it, maps user-half addresses with kernel-usable
 * protections, and checks what the CPU actually sees through them.
 */
#include <asm/pgtable.h>
#include "kernel/errno.h"
#include "kernel/extable.h"
#include "kernel/ktest.h"
#include "kernel/lib/string.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "mm/tlb.h"

#define TEST_VA 0x0000100000000000ul	/* 16 TiB: far from anything else */

struct scratch_mm {
	pgd_t *pgd;
	unsigned long tables_before;
};

static bool scratch_enter(struct scratch_mm *s)
{
	s->tables_before = nr_pgtable_pages();
	s->pgd = pgd_alloc();
	if (s->pgd)
		load_pgd(s->pgd);
	return s->pgd != NULL;
}

static void scratch_leave(struct scratch_mm *s)
{
	load_pgd(swapper_pg_dir);
	pgd_free(s->pgd);
}

static struct page *page_filled(u8 byte)
{
	struct page *p = alloc_page(GFP_KERNEL);

	if (p)
		memset(page_address(p), byte, PAGE_SIZE);
	return p;
}

/* A scratch address space with one page, filled with byte, mapped
 * writable at TEST_VA; NULL if that could not be set up. */
static struct page *scratch_enter_mapped(struct ktest_state *kt,
					 struct scratch_mm *s, u8 byte)
{
	struct page *p = page_filled(byte);

	if (!p)
		return NULL;
	if (!scratch_enter(s)) {
		free_page(p);
		return NULL;
	}
	KT_EXPECT_EQ(map_pages(s->pgd, TEST_VA, page_to_phys(p), PAGE_SIZE,
			       PAGE_SHARED), 0);
	return p;
}

static void scratch_leave_mapped(struct scratch_mm *s, struct page *p)
{
	unmap_pages(s->pgd, TEST_VA, TEST_VA + PAGE_SIZE, NULL, NULL);
	scratch_leave(s);
	free_page(p);
}

static u8 read_byte(unsigned long va)
{
	return *(volatile u8 *)va;
}

KTEST(pgtable_map_read_unmap)
{
	struct scratch_mm s;
	struct page *a = scratch_enter_mapped(kt, &s, 0xa1);
	phys_addr_t pa;
	pte_t entry;

	KT_ASSERT_NOT_NULL(a);
	KT_EXPECT_EQ(read_byte(TEST_VA + 123), 0xa1);
	KT_EXPECT(page_table_lookup(s.pgd, TEST_VA + 5, &pa, &entry));
	KT_EXPECT_EQ(pa, page_to_phys(a) + 5);
	/* pgd + pud + pmd + pte tables for one page */
	KT_EXPECT_EQ(nr_pgtable_pages() - s.tables_before, 4);

	unmap_pages(s.pgd, TEST_VA, TEST_VA + PAGE_SIZE, NULL, NULL);
	flush_tlb_range(TEST_VA, TEST_VA + PAGE_SIZE);
	KT_EXPECT(!page_table_lookup(s.pgd, TEST_VA, &pa, &entry));
	/* emptied pte, pmd and pud tables are freed; only the pgd remains */
	KT_EXPECT_EQ(nr_pgtable_pages() - s.tables_before, 1);
	scratch_leave(&s);
	KT_EXPECT_EQ(nr_pgtable_pages(), s.tables_before);
	free_page(a);
}

/* The TLB caches the old translation; only the flush makes the CPU see
 * the new frame. */
KTEST(pgtable_remap_after_flush_reads_new_frame)
{
	struct scratch_mm s;
	struct page *a = page_filled(0xaa), *b = page_filled(0xbb);

	KT_ASSERT(a && b);
	KT_ASSERT(scratch_enter(&s));
	KT_EXPECT_EQ(map_pages(s.pgd, TEST_VA, page_to_phys(a), PAGE_SIZE,
			       PAGE_SHARED), 0);
	KT_EXPECT_EQ(read_byte(TEST_VA), 0xaa);
	unmap_pages(s.pgd, TEST_VA, TEST_VA + PAGE_SIZE, NULL, NULL);
	KT_EXPECT_EQ(map_pages(s.pgd, TEST_VA, page_to_phys(b), PAGE_SIZE,
			       PAGE_SHARED), 0);
	flush_tlb_range(TEST_VA, TEST_VA + PAGE_SIZE);
	KT_EXPECT_EQ(read_byte(TEST_VA), 0xbb);
	unmap_pages(s.pgd, TEST_VA, TEST_VA + PAGE_SIZE, NULL, NULL);
	scratch_leave(&s);
	free_page(a);
	free_page(b);
}

KTEST(pgtable_change_protection)
{
	struct scratch_mm s;
	struct page *a = scratch_enter_mapped(kt, &s, 0);
	u8 byte = 0x5a;

	KT_ASSERT_NOT_NULL(a);
	KT_EXPECT_EQ(copy_from_kernel_nofault((void *)TEST_VA, &byte, 1), 0);

	change_protection(s.pgd, TEST_VA, TEST_VA + PAGE_SIZE, PAGE_READONLY);
	flush_tlb_range(TEST_VA, TEST_VA + PAGE_SIZE);
	/* CR0.WP: a read-only page is read-only for the kernel too */
	KT_EXPECT_EQ(copy_from_kernel_nofault((void *)(TEST_VA + 1), &byte, 1),
		     -EFAULT);
	KT_EXPECT_EQ(read_byte(TEST_VA), 0x5a);

	change_protection(s.pgd, TEST_VA, TEST_VA + PAGE_SIZE, PAGE_SHARED);
	flush_tlb_range(TEST_VA, TEST_VA + PAGE_SIZE);
	KT_EXPECT_EQ(copy_from_kernel_nofault((void *)(TEST_VA + 1), &byte, 1), 0);
	KT_EXPECT_EQ(read_byte(TEST_VA + 1), 0x5a);
	scratch_leave_mapped(&s, a);
}

/* Pages on both sides of a 2 MiB (pmd) boundary, with a hole, unmapped by
 * a range that starts and ends in holes: only the range goes away, and a
 * pte table is freed exactly when it empties. */
KTEST(pgtable_unmap_range_with_holes)
{
	static const int slots[] = { -3, -1, 0, 2 };	/* pages from the boundary */
	unsigned long boundary = TEST_VA + PMD_SIZE;
	struct page *pages[ARRAY_SIZE(slots)];
	struct scratch_mm s;
	phys_addr_t pa;
	pte_t entry;

	KT_ASSERT(scratch_enter(&s));
	for (size_t i = 0; i < ARRAY_SIZE(slots); i++) {
		pages[i] = page_filled((u8)i);
		KT_ASSERT_NOT_NULL(pages[i]);
		KT_EXPECT_EQ(map_pages(s.pgd, boundary + slots[i] * PAGE_SIZE,
				       page_to_phys(pages[i]), PAGE_SIZE,
				       PAGE_SHARED), 0);
	}
	KT_EXPECT_EQ(nr_pgtable_pages() - s.tables_before, 5);	/* 2 pte tables */

	/* [-2, +3): takes slots -1, 0 and 2; keeps -3 */
	unmap_pages(s.pgd, boundary - 2 * PAGE_SIZE, boundary + 3 * PAGE_SIZE,
		    NULL, NULL);
	flush_tlb_range(boundary - 2 * PAGE_SIZE, boundary + 3 * PAGE_SIZE);
	KT_EXPECT(page_table_lookup(s.pgd, boundary - 3 * PAGE_SIZE, &pa, &entry));
	KT_EXPECT_EQ(read_byte(boundary - 3 * PAGE_SIZE), 0);
	for (int i = 1; i < 4; i++)
		KT_EXPECT(!page_table_lookup(s.pgd, boundary + slots[i] * PAGE_SIZE,
					     &pa, &entry));
	KT_EXPECT_EQ(nr_pgtable_pages() - s.tables_before, 4);	/* one pte table left */

	unmap_pages(s.pgd, 0, TASK_SIZE, NULL, NULL);	/* everything, holes and all */
	scratch_leave(&s);
	KT_EXPECT_EQ(nr_pgtable_pages(), s.tables_before);
	for (size_t i = 0; i < ARRAY_SIZE(slots); i++)
		free_page(pages[i]);
}

KTEST(pgtable_map_over_mapped_page_fails)
{
	struct scratch_mm s;
	struct page *a = page_filled(0x11), *b = page_filled(0x22);

	KT_ASSERT(a && b);
	KT_ASSERT(scratch_enter(&s));
	KT_EXPECT_EQ(map_pages(s.pgd, TEST_VA + PAGE_SIZE, page_to_phys(a),
			       PAGE_SIZE, PAGE_SHARED), 0);
	/* Two pages, the second already mapped: all or nothing. */
	KT_EXPECT_EQ(map_pages(s.pgd, TEST_VA, page_to_phys(b), 2 * PAGE_SIZE,
			       PAGE_SHARED), -EEXIST);
	KT_EXPECT_EQ(read_byte(TEST_VA + PAGE_SIZE), 0x11);
	KT_EXPECT(page_walk(s.pgd, TEST_VA, false) &&
		  pte_none(*page_walk(s.pgd, TEST_VA, false)));
	unmap_pages(s.pgd, 0, TASK_SIZE, NULL, NULL);
	scratch_leave(&s);
	free_page(a);
	free_page(b);
}

KTEST(null_page_faults)
{
	unsigned long word = 0;
	phys_addr_t pa;
	pte_t entry;

	KT_EXPECT(!page_table_lookup(swapper_pg_dir, 0, &pa, &entry));
	KT_EXPECT_EQ(copy_from_kernel_nofault(&word, NULL, sizeof(word)), -EFAULT);
	KT_EXPECT_EQ(copy_from_kernel_nofault(NULL, &word, sizeof(word)), -EFAULT);
	/* The identity map GRUB's era needed is gone entirely. */
	KT_EXPECT_EQ(copy_from_kernel_nofault(&word, (void *)0x200000, 8), -EFAULT);
}

KTEST(non_canonical_address_faults)
{
	unsigned long word;

	/* Raises #GP rather than #PF; the exception table covers both. */
	KT_EXPECT_EQ(copy_from_kernel_nofault(&word, (void *)0x8000000000000000ul,
					      sizeof(word)), -EFAULT);
}

extern char __text_start[], __rodata_start[], __data_start[];

static pte_t kernel_entry(const void *addr)
{
	phys_addr_t pa;
	pte_t entry = { 0 };

	page_table_lookup(swapper_pg_dir, (unsigned long)addr, &pa, &entry);
	return entry;
}

KTEST(kernel_image_protections)
{
	pte_t text = kernel_entry(__text_start);
	pte_t rodata = kernel_entry(__rodata_start);
	pte_t data = kernel_entry(__data_start);
	u8 byte = 0;

	KT_EXPECT(pte_present(text) && pte_present(rodata) && pte_present(data));
	KT_EXPECT(!pte_write(text) && pte_exec(text));
	KT_EXPECT(!pte_write(rodata) && !pte_exec(rodata));
	KT_EXPECT(pte_write(data) && !pte_exec(data));
	KT_EXPECT(pte_global(text) && pte_global(rodata) && pte_global(data));
	KT_EXPECT(!pte_user(text) && !pte_user(rodata) && !pte_user(data));
	/* Writing to text faults: W^X is enforced, not just recorded. */
	KT_EXPECT_EQ(copy_from_kernel_nofault(__text_start, &byte, 1), -EFAULT);
	KT_EXPECT_EQ(copy_from_kernel_nofault(__rodata_start, &byte, 1), -EFAULT);
}

KTEST(direct_map_covers_ram)
{
	struct page *p = page_filled(0x77);
	phys_addr_t pa;
	pte_t entry;

	KT_ASSERT_NOT_NULL(p);
	KT_EXPECT(page_table_lookup(swapper_pg_dir, (unsigned long)page_address(p),
				    &pa, &entry));
	KT_EXPECT_EQ(pa, page_to_phys(p));
	KT_EXPECT(!pte_exec(entry) && pte_global(entry));
	free_page(p);
}

KTEST(tlb_flush_range_policy)
{
	struct tlb_stats before, after;

	tlb_get_stats(&before);
	flush_tlb_range(TEST_VA, TEST_VA + 10 * PAGE_SIZE);
	tlb_get_stats(&after);
	KT_EXPECT_EQ(after.page_flushes - before.page_flushes, 10);
	KT_EXPECT_EQ(after.full_flushes, before.full_flushes);

	flush_tlb_range(TEST_VA, TEST_VA + (TLB_FLUSH_CEILING + 1) * PAGE_SIZE);
	tlb_get_stats(&before);
	KT_EXPECT_EQ(before.full_flushes - after.full_flushes, 1);
	KT_EXPECT_EQ(before.page_flushes, after.page_flushes);
}

/* A write sets the dirty bit; a change of protection must keep it (the
 * page cache will need to know the page was written). */
KTEST(pgtable_change_protection_keeps_dirty_bit)
{
	struct scratch_mm s;
	struct page *a = scratch_enter_mapped(kt, &s, 0);
	phys_addr_t pa;
	pte_t entry;

	KT_ASSERT_NOT_NULL(a);
	*(volatile u8 *)TEST_VA = 1;
	KT_EXPECT(page_table_lookup(s.pgd, TEST_VA, &pa, &entry) &&
		  pte_dirty(entry));
	change_protection(s.pgd, TEST_VA, TEST_VA + PAGE_SIZE, PAGE_READONLY);
	KT_EXPECT(page_table_lookup(s.pgd, TEST_VA, &pa, &entry) &&
		  pte_dirty(entry) && !pte_write(entry));
	scratch_leave_mapped(&s, a);
}

/* The last page of the address space: end = start + size wraps to 0. */
KTEST(pgtable_map_last_page_of_memory)
{
	const unsigned long last = 0ul - PAGE_SIZE;
	unsigned long tables = nr_pgtable_pages();
	struct page *a = page_filled(0x3c);
	phys_addr_t pa;
	pte_t entry;

	KT_ASSERT_NOT_NULL(a);
	KT_ASSERT_EQ(map_pages(swapper_pg_dir, last, page_to_phys(a), PAGE_SIZE,
			       PAGE_KERNEL), 0);
	KT_EXPECT(page_table_lookup(swapper_pg_dir, last, &pa, &entry));
	KT_EXPECT_EQ(read_byte(last + PAGE_SIZE - 1), 0x3c);
	unmap_pages(swapper_pg_dir, last, 0, NULL, NULL);
	flush_tlb_kernel_range(last, 0);
	KT_EXPECT(!page_table_lookup(swapper_pg_dir, last, &pa, &entry));
	KT_EXPECT_EQ(nr_pgtable_pages(), tables);
	free_page(a);
}

#define MANY_PAGES (TLB_FLUSH_CEILING + 7)

/* Map MANY_PAGES pages at va to one frame, read them all (so the TLB holds
 * them), remap them to another frame and flush with flush(): every page
 * must read the new frame. Above the ceiling, flush() is a full flush. */
static void remap_many(struct ktest_state *kt, pgd_t *pgd, unsigned long va,
		       pgprot_t prot,
		       void (*flush)(unsigned long start, unsigned long end))
{
	unsigned long end = va + MANY_PAGES * PAGE_SIZE;
	struct page *a = page_filled(0xa0), *b = page_filled(0xb0);
	struct tlb_stats before, after;

	KT_ASSERT(a && b);
	for (unsigned long p = va; p != end; p += PAGE_SIZE)
		KT_EXPECT_EQ(map_pages(pgd, p, page_to_phys(a), PAGE_SIZE, prot), 0);
	for (unsigned long p = va; p != end; p += PAGE_SIZE)
		KT_EXPECT_EQ(read_byte(p), 0xa0);
	unmap_pages(pgd, va, end, NULL, NULL);
	for (unsigned long p = va; p != end; p += PAGE_SIZE)
		KT_EXPECT_EQ(map_pages(pgd, p, page_to_phys(b), PAGE_SIZE, prot), 0);
	tlb_get_stats(&before);
	flush(va, end);
	tlb_get_stats(&after);
	KT_EXPECT_EQ(after.full_flushes - before.full_flushes, 1ul);
	for (unsigned long p = va; p != end; p += PAGE_SIZE)
		KT_EXPECT_EQ(read_byte(p), 0xb0);
	unmap_pages(pgd, va, end, NULL, NULL);
	free_page(a);
	free_page(b);
}

KTEST(tlb_full_flush_of_user_range)
{
	struct scratch_mm s;

	KT_ASSERT(scratch_enter(&s));
	remap_many(kt, s.pgd, TEST_VA, PAGE_SHARED, flush_tlb_range);
	scratch_leave(&s);
}

/* Kernel mappings are global: a full flush must also drop those. */
KTEST(tlb_full_flush_of_global_kernel_range)
{
	const unsigned long va = PAGE_OFFSET + (256ul << 30);	/* past RAM */
	unsigned long tables = nr_pgtable_pages();

	remap_many(kt, swapper_pg_dir, va, PAGE_KERNEL, flush_tlb_kernel_range);
	KT_EXPECT_EQ(nr_pgtable_pages(), tables);
}
