/*
 * The pages behind anonymous areas: the fault path (handle_mm_fault), the
 * zero page and copy on write, populating, teardown, and the TLB flushes
 * that unmapping and mprotect do. Helpers: tests/kernel/mm_test.h.
 *
 * The test address spaces are never loaded; to see the flushes a loaded
 * one would get, the TLB tests mark theirs as loaded (cpu_vm_mask).
 */
#include "kernel/lib/string.h"
#include "tests/kernel/mm_test.h"

static bool page_is_zeroed(struct page *page)
{
	return !memcmp(page_address(page), page_address(zero_page()),
		       PAGE_SIZE);
}

/* ---- faults ---- */

KTEST(fault_read_maps_zero_page)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, ANON_RW));
	pte_t pte;

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(fault_at(mm, PG(0) + 10, 0), 0);
	KT_EXPECT(page_at(mm, PG(0), &pte) == zero_page());
	KT_EXPECT(!pte_write(pte));
	KT_EXPECT_EQ(mm->rss, 0);
	mmput(mm);
}

KTEST(fault_write_maps_own_zeroed_page)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, ANON_RW));
	struct page *page;
	pte_t pte;

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(fault_at(mm, PG(0) + 10, FAULT_FLAG_WRITE), 0);
	page = page_at(mm, PG(0), &pte);
	KT_ASSERT(page && page != zero_page());
	KT_EXPECT(pte_write(pte) && pte_dirty(pte));
	KT_EXPECT(page_is_zeroed(page));
	KT_EXPECT_EQ(page_count(page), 1);
	KT_EXPECT_EQ(page_mapcount(page), 1);
	KT_EXPECT_EQ(mm->rss, 1);
	mmput(mm);
}

KTEST(fault_write_after_read_replaces_zero_page)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, ANON_RW));
	struct page *page;
	pte_t pte;

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(fault_at(mm, PG(0), 0), 0);
	KT_EXPECT_EQ(fault_at(mm, PG(0), FAULT_FLAG_WRITE), 0);
	page = page_at(mm, PG(0), &pte);
	KT_ASSERT(page && page != zero_page());
	KT_EXPECT(pte_write(pte));
	KT_EXPECT(page_is_zeroed(page));
	KT_EXPECT_EQ(mm->rss, 1);
	mmput(mm);
}

/* A private page left read-only (as fork leaves the parent's): written
 * again, it is copied if someone else holds it (here an extra reference
 * stands for the child), reused in place if not. */
static struct page *write_protected_page(struct ktest_state *kt,
					 struct mm_struct *mm, u8 byte)
{
	KT_EXPECT_EQ(fault_at(mm, PG(0), FAULT_FLAG_WRITE), 0);
	if (!KT_EXPECT_NOT_NULL(byte_at(mm, PG(0))))
		return NULL;
	*byte_at(mm, PG(0)) = byte;
	KT_EXPECT_EQ(mprotect(mm, PG(0), PAGE_SIZE, PROT_READ), 0);
	KT_EXPECT_EQ(mprotect(mm, PG(0), PAGE_SIZE, PROT_RW), 0);
	return page_at(mm, PG(0), NULL);
}

KTEST(fault_cow_copies_shared_page)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, ANON_RW));
	struct page *old, *new;
	pte_t pte;

	KT_ASSERT_NOT_NULL(mm);
	old = write_protected_page(kt, mm, 0x77);
	KT_ASSERT_NOT_NULL(old);
	get_page(old);
	KT_EXPECT_EQ(fault_at(mm, PG(0), FAULT_FLAG_WRITE), 0);
	new = page_at(mm, PG(0), &pte);
	KT_EXPECT(new != old);
	KT_EXPECT(pte_write(pte));
	KT_EXPECT_EQ(*byte_at(mm, PG(0)), 0x77);
	KT_EXPECT_EQ(page_count(old), 1);	/* only ours is left */
	KT_EXPECT_EQ(page_mapcount(old), 0);
	KT_EXPECT_EQ(mm->rss, 1);
	put_page(old);
	mmput(mm);
}

KTEST(fault_cow_reuses_unshared_page)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, ANON_RW));
	struct page *page;
	pte_t pte;

	KT_ASSERT_NOT_NULL(mm);
	page = write_protected_page(kt, mm, 0x77);
	KT_ASSERT_NOT_NULL(page);
	KT_EXPECT(page_at(mm, PG(0), &pte) == page && !pte_write(pte));
	KT_EXPECT_EQ(fault_at(mm, PG(0), FAULT_FLAG_WRITE), 0);
	KT_EXPECT(page_at(mm, PG(0), &pte) == page && pte_write(pte));
	KT_EXPECT_EQ(*byte_at(mm, PG(0)), 0x77);
	KT_EXPECT_EQ(mm->rss, 1);
	mmput(mm);
}

/* Accesses the area does not allow map nothing. */
KTEST(fault_access_errors_sigsegv)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, ANON_RO),
					     AREA(1, 2, ANON_NONE));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(fault_at(mm, PG(0), FAULT_FLAG_WRITE), VM_FAULT_SIGSEGV);
	KT_EXPECT_EQ(fault_at(mm, PG(0), FAULT_FLAG_INSTRUCTION),
		     VM_FAULT_SIGSEGV);
	KT_EXPECT_EQ(fault_at(mm, PG(1), 0), VM_FAULT_SIGSEGV);
	KT_EXPECT_EQ(fault_at(mm, PG(2), 0), VM_FAULT_SIGSEGV);	/* no area */
	KT_EXPECT_NULL(page_at(mm, PG(0), NULL));
	KT_EXPECT_NULL(page_at(mm, PG(1), NULL));
	KT_EXPECT_EQ(fault_at(mm, PG(0), 0), 0);	/* reading is allowed */
	mmput(mm);
}

/* PROT_NONE keeps the frame mapped, inaccessible; mprotect back, and the
 * same page with the same contents is there. */
KTEST(fault_prot_none_keeps_frame)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, ANON_RW));
	struct page *page;
	pte_t pte;

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(fault_at(mm, PG(0), FAULT_FLAG_WRITE), 0);
	page = page_at(mm, PG(0), NULL);
	KT_ASSERT_NOT_NULL(page);
	*byte_at(mm, PG(0) + 5) = 0x3c;
	KT_EXPECT_EQ(mprotect(mm, PG(0), PAGE_SIZE, PROT_NONE), 0);
	KT_EXPECT(page_at(mm, PG(0), &pte) == page && pte_protnone(pte));
	KT_EXPECT_EQ(fault_at(mm, PG(0), 0), VM_FAULT_SIGSEGV);
	KT_EXPECT_EQ(mm->rss, 1);

	KT_EXPECT_EQ(mprotect(mm, PG(0), PAGE_SIZE, PROT_RW), 0);
	KT_EXPECT(page_at(mm, PG(0), &pte) == page && !pte_protnone(pte));
	KT_EXPECT_EQ(fault_at(mm, PG(0), 0), 0);
	KT_EXPECT(page_at(mm, PG(0), NULL) == page);
	KT_EXPECT_EQ(*byte_at(mm, PG(0) + 5), 0x3c);
	mmput(mm);
}

/* MAP_POPULATE faults every page in: writable private pages each get
 * their own, read-only ones the zero page. MAP_NONBLOCK cancels it. */
KTEST(fault_map_populate)
{
	struct mm_struct *mm = mm_alloc();

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mmap_anon(mm, PG(0), 3, PROT_RW,
			       MAP_PRIVATE | MAP_FIXED | MAP_POPULATE), PG(0));
	KT_EXPECT_EQ(mm->rss, 3);
	for (int i = 0; i < 3; i++) {
		pte_t pte;
		struct page *page = page_at(mm, PG(i), &pte);

		KT_EXPECT(page && page != zero_page() && pte_write(pte));
	}
	KT_EXPECT_EQ(mmap_anon(mm, PG(4), 2, PROT_READ,
			       MAP_PRIVATE | MAP_FIXED | MAP_POPULATE), PG(4));
	KT_EXPECT(page_at(mm, PG(5), NULL) == zero_page());
	KT_EXPECT_EQ(mmap_anon(mm, PG(7), 2, PROT_RW, MAP_PRIVATE | MAP_FIXED |
			       MAP_POPULATE | MAP_NONBLOCK), PG(7));
	KT_EXPECT_NULL(page_at(mm, PG(7), NULL));
	KT_EXPECT_EQ(mm->rss, 3);
	mmput(mm);
}

/* MAP_LOCKED: faulted in at once, and counted in locked_vm. */
KTEST(fault_map_locked_counts)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 3, ANON_RW | VM_LOCKED),
					     AREA(4, 5, ANON_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mm->rss, 3);
	KT_EXPECT_EQ(mm->locked_vm, 3);
	KT_EXPECT_EQ(mm->total_vm, 4);
	KT_EXPECT_EQ(munmap(mm, PG(1), PAGE_SIZE), 0);
	KT_EXPECT_EQ(mm->rss, 2);
	KT_EXPECT_AREAS(mm, AREA(0, 1, ANON_RW | VM_LOCKED),
			AREA(2, 3, ANON_RW | VM_LOCKED), AREA(4, 5, ANON_RW));
	mmput(mm);
}

/* MAP_FIXED over touched pages gives them back; the new mapping starts
 * empty. */
KTEST(fault_map_fixed_drops_replaced_pages)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW));
	unsigned long free_before;

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(fault_at(mm, PG(0), FAULT_FLAG_WRITE), 0);
	KT_EXPECT_EQ(fault_at(mm, PG(1), FAULT_FLAG_WRITE), 0);
	*byte_at(mm, PG(1)) = 0x42;
	free_before = nr_free_pages();
	KT_EXPECT_EQ(mmap_fixed(mm, PG(1), 1, PROT_RW), PG(1));
	KT_EXPECT_EQ(nr_free_pages(), free_before + 1);
	KT_EXPECT_EQ(mm->rss, 1);
	KT_EXPECT_NULL(page_at(mm, PG(1), NULL));
	KT_EXPECT_EQ(fault_at(mm, PG(1), 0), 0);
	KT_EXPECT_EQ(*byte_at(mm, PG(1)), 0);
	mmput(mm);
}

/* The last mmput gives back every frame and page table, wherever the
 * pages were. */
KTEST(fault_mmput_frees_everything)
{
	unsigned long free_before = nr_free_pages();
	unsigned long tables_before = nr_pgtable_pages();
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 4, ANON_RW),
					     AREA(600, 601, SHARED_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mmap_anon(mm, 0, 8, PROT_RW, MAP_PRIVATE | MAP_POPULATE),
		     MMAP_BASE - 8 * PAGE_SIZE);
	KT_EXPECT_EQ(mmap_fixed(mm, TASK_SIZE - PAGE_SIZE, 1, PROT_RW),
		     TASK_SIZE - PAGE_SIZE);
	KT_EXPECT_EQ(mmap_fixed(mm, mmap_min_addr, 1, PROT_READ),
		     mmap_min_addr);
	KT_EXPECT_EQ(fault_at(mm, mmap_min_addr, 0), 0);
	KT_EXPECT_EQ(fault_at(mm, TASK_SIZE - 1, FAULT_FLAG_WRITE), 0);
	KT_EXPECT_EQ(fault_at(mm, PG(600), 0), 0);
	for (int i = 0; i < 4; i++)
		KT_EXPECT_EQ(fault_at(mm, PG(i),
				      i % 2 ? FAULT_FLAG_WRITE : 0), 0);
	KT_EXPECT_EQ(mprotect(mm, PG(1), PAGE_SIZE, PROT_NONE), 0);
	/* populated, the last page, the shared page, two written of four */
	KT_EXPECT_EQ(mm->rss, 8 + 1 + 1 + 2);
	KT_EXPECT_LT(tables_before, nr_pgtable_pages());
	mmput(mm);
	KT_EXPECT_EQ(nr_pgtable_pages(), tables_before);
	KT_EXPECT_EQ(nr_free_pages(), free_before);
}

/* ---- TLB flushes ---- */

/* Only the pages that were mapped are flushed, and only for an address
 * space loaded on this CPU. */
KTEST(tlb_munmap_flushes_touched_pages_only)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 8, ANON_RW),
					     AREA(10, 18, ANON_RW));
	struct tlb_stats before, flushed;

	KT_ASSERT_NOT_NULL(mm);
	mm->cpu_vm_mask = 1;
	for (int i = 2; i < 5; i++)
		KT_EXPECT_EQ(fault_at(mm, PG(i), FAULT_FLAG_WRITE), 0);
	tlb_get_stats(&before);
	KT_EXPECT_EQ(munmap(mm, PG(0), 8 * PAGE_SIZE), 0);
	flushed = tlb_flushes_since(&before);
	KT_EXPECT_EQ(flushed.page_flushes, 3);
	KT_EXPECT_EQ(flushed.full_flushes, 0);

	tlb_get_stats(&before);		/* never touched */
	KT_EXPECT_EQ(munmap(mm, PG(10), 4 * PAGE_SIZE), 0);
	flushed = tlb_flushes_since(&before);
	KT_EXPECT_EQ(flushed.page_flushes + flushed.full_flushes, 0);

	mm->cpu_vm_mask = 0;		/* not loaded */
	KT_EXPECT_EQ(fault_at(mm, PG(14), FAULT_FLAG_WRITE), 0);
	tlb_get_stats(&before);
	KT_EXPECT_EQ(munmap(mm, PG(14), 4 * PAGE_SIZE), 0);
	flushed = tlb_flushes_since(&before);
	KT_EXPECT_EQ(flushed.page_flushes + flushed.full_flushes, 0);
	mmput(mm);
}

/* Up to TLB_FLUSH_CEILING pages, one by one; past it, one full flush is
 * cheaper. */
KTEST(tlb_munmap_many_pages_one_full_flush)
{
	unsigned long npages = TLB_FLUSH_CEILING;
	struct mm_struct *mm = mm_alloc();
	struct tlb_stats before, flushed;

	KT_ASSERT_NOT_NULL(mm);
	mm->cpu_vm_mask = 1;
	KT_EXPECT_EQ(mmap_anon(mm, PG(0), 2 * npages + 2, PROT_RW,
			       MAP_PRIVATE | MAP_FIXED | MAP_POPULATE), PG(0));
	tlb_get_stats(&before);
	KT_EXPECT_EQ(munmap(mm, PG(0), npages * PAGE_SIZE), 0);
	flushed = tlb_flushes_since(&before);
	KT_EXPECT_EQ(flushed.page_flushes, npages);
	KT_EXPECT_EQ(flushed.full_flushes, 0);

	tlb_get_stats(&before);
	KT_EXPECT_EQ(munmap(mm, PG(npages), (npages + 1) * PAGE_SIZE), 0);
	flushed = tlb_flushes_since(&before);
	KT_EXPECT_EQ(flushed.page_flushes, 0);
	KT_EXPECT_EQ(flushed.full_flushes, 1);
	mm->cpu_vm_mask = 0;
	mmput(mm);
}

/* Faults widen entries, which needs no flush; only replacing a page
 * (copy on write) flushes the old translation. */
KTEST(tlb_fault_flushes_only_on_copy)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW));
	struct tlb_stats before, flushed;

	KT_ASSERT_NOT_NULL(mm);
	mm->cpu_vm_mask = 1;
	tlb_get_stats(&before);
	KT_EXPECT_EQ(fault_at(mm, PG(0), FAULT_FLAG_WRITE), 0);
	KT_EXPECT_EQ(fault_at(mm, PG(1), 0), 0);
	flushed = tlb_flushes_since(&before);
	KT_EXPECT_EQ(flushed.page_flushes + flushed.full_flushes, 0);

	tlb_get_stats(&before);		/* the zero page is replaced */
	KT_EXPECT_EQ(fault_at(mm, PG(1), FAULT_FLAG_WRITE), 0);
	flushed = tlb_flushes_since(&before);
	KT_EXPECT_EQ(flushed.page_flushes, 1);
	KT_EXPECT_EQ(flushed.full_flushes, 0);
	mm->cpu_vm_mask = 0;
	mmput(mm);
}

/* mprotect flushes the entries it narrowed; untouched pages have none. */
KTEST(tlb_mprotect_flushes_populated_pages_only)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 3, ANON_RW),
					     AREA(4, 7, ANON_RW));
	struct tlb_stats before, flushed;

	KT_ASSERT_NOT_NULL(mm);
	mm->cpu_vm_mask = 1;
	for (int i = 0; i < 3; i++)
		KT_EXPECT_EQ(fault_at(mm, PG(i), FAULT_FLAG_WRITE), 0);
	tlb_get_stats(&before);
	KT_EXPECT_EQ(mprotect(mm, PG(0), 3 * PAGE_SIZE, PROT_READ), 0);
	flushed = tlb_flushes_since(&before);
	KT_EXPECT_EQ(flushed.page_flushes, 3);
	KT_EXPECT_EQ(flushed.full_flushes, 0);

	tlb_get_stats(&before);
	KT_EXPECT_EQ(mprotect(mm, PG(4), 3 * PAGE_SIZE, PROT_READ), 0);
	flushed = tlb_flushes_since(&before);
	KT_EXPECT_EQ(flushed.page_flushes + flushed.full_flushes, 0);
	mm->cpu_vm_mask = 0;
	mmput(mm);
}
