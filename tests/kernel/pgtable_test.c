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

static u8 read_byte(unsigned long va)
{
	return *(volatile u8 *)va;
}

KTEST(pgtable_map_read_unmap)
{
	struct scratch_mm s;
	struct page *a = page_filled(0xa1);
	phys_addr_t pa;
	pteval_t entry;

	KT_ASSERT_NOT_NULL(a);
	KT_ASSERT(scratch_enter(&s));
	KT_EXPECT_EQ(map_pages(s.pgd, TEST_VA, page_to_phys(a), PAGE_SIZE,
			       PAGE_SHARED), 0);
	KT_EXPECT_EQ(read_byte(TEST_VA + 123), 0xa1);
	KT_EXPECT(page_table_lookup(s.pgd, TEST_VA + 5, &pa, &entry));
	KT_EXPECT_EQ(pa, page_to_phys(a) + 5);
	/* pgd + pud + pmd + pte tables for one page */
	KT_EXPECT_EQ(nr_pgtable_pages() - s.tables_before, 4);

	unmap_pages(s.pgd, TEST_VA, TEST_VA + PAGE_SIZE);
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
	unmap_pages(s.pgd, TEST_VA, TEST_VA + PAGE_SIZE);
	KT_EXPECT_EQ(map_pages(s.pgd, TEST_VA, page_to_phys(b), PAGE_SIZE,
			       PAGE_SHARED), 0);
	flush_tlb_range(TEST_VA, TEST_VA + PAGE_SIZE);
	KT_EXPECT_EQ(read_byte(TEST_VA), 0xbb);
	unmap_pages(s.pgd, TEST_VA, TEST_VA + PAGE_SIZE);
	scratch_leave(&s);
	free_page(a);
	free_page(b);
}

KTEST(pgtable_change_protection)
{
	struct scratch_mm s;
	struct page *a = page_filled(0);
	u8 byte = 0x5a;

	KT_ASSERT_NOT_NULL(a);
	KT_ASSERT(scratch_enter(&s));
	KT_EXPECT_EQ(map_pages(s.pgd, TEST_VA, page_to_phys(a), PAGE_SIZE,
			       PAGE_SHARED), 0);
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
	unmap_pages(s.pgd, TEST_VA, TEST_VA + PAGE_SIZE);
	scratch_leave(&s);
	free_page(a);
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
	pteval_t entry;

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
	unmap_pages(s.pgd, boundary - 2 * PAGE_SIZE, boundary + 3 * PAGE_SIZE);
	flush_tlb_range(boundary - 2 * PAGE_SIZE, boundary + 3 * PAGE_SIZE);
	KT_EXPECT(page_table_lookup(s.pgd, boundary - 3 * PAGE_SIZE, &pa, &entry));
	KT_EXPECT_EQ(read_byte(boundary - 3 * PAGE_SIZE), 0);
	for (int i = 1; i < 4; i++)
		KT_EXPECT(!page_table_lookup(s.pgd, boundary + slots[i] * PAGE_SIZE,
					     &pa, &entry));
	KT_EXPECT_EQ(nr_pgtable_pages() - s.tables_before, 4);	/* one pte table left */

	unmap_pages(s.pgd, 0, TASK_SIZE);	/* everything, holes and all */
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
	unmap_pages(s.pgd, 0, TASK_SIZE);
	scratch_leave(&s);
	free_page(a);
	free_page(b);
}

KTEST(null_page_faults)
{
	unsigned long word = 0;
	phys_addr_t pa;
	pteval_t entry;

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

static pteval_t kernel_entry(const void *addr)
{
	phys_addr_t pa;
	pteval_t entry = 0;

	page_table_lookup(swapper_pg_dir, (unsigned long)addr, &pa, &entry);
	return entry;
}

KTEST(kernel_image_protections)
{
	pteval_t text = kernel_entry(__text_start);
	pteval_t rodata = kernel_entry(__rodata_start);
	pteval_t data = kernel_entry(__data_start);
	u8 byte = 0;

	KT_EXPECT(text & _PAGE_PRESENT);
	KT_EXPECT(!(text & _PAGE_RW) && !(text & _PAGE_NX));
	KT_EXPECT(!(rodata & _PAGE_RW) && (rodata & _PAGE_NX));
	KT_EXPECT((data & _PAGE_RW) && (data & _PAGE_NX));
	KT_EXPECT((text & rodata & data & _PAGE_GLOBAL) && !(text & _PAGE_USER));
	/* Writing to text faults: W^X is enforced, not just recorded. */
	KT_EXPECT_EQ(copy_from_kernel_nofault(__text_start, &byte, 1), -EFAULT);
	KT_EXPECT_EQ(copy_from_kernel_nofault(__rodata_start, &byte, 1), -EFAULT);
}

KTEST(direct_map_covers_ram)
{
	struct page *p = page_filled(0x77);
	phys_addr_t pa;
	pteval_t entry;

	KT_ASSERT_NOT_NULL(p);
	KT_EXPECT(page_table_lookup(swapper_pg_dir, (unsigned long)page_address(p),
				    &pa, &entry));
	KT_EXPECT_EQ(pa, page_to_phys(p));
	KT_EXPECT((entry & _PAGE_NX) && (entry & _PAGE_GLOBAL));
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
