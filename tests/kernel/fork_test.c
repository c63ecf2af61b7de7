/*
 * Copy on write: fork's copy of an address space (dup_mm) and the faults
 * that later separate parent and child; the fault counters; and pages
 * that an area's vm_ops->fault supplies, which private areas copy on
 * write too. Helpers: tests/kernel/mm_test.h.
 *
 * As in fault_test.c, an address space that a test marks loaded
 * (cpu_vm_mask) shows the TLB flushes a loaded one would get.
 */
#include "kernel/fs/file.h"
#include "kernel/lib/string.h"
#include "tests/kernel/mm_test.h"

/* Is addr mapped in both to the same frame, read-only in both? */
static bool shared_read_only(struct mm_struct *a, struct mm_struct *b,
			     unsigned long addr)
{
	pte_t pa, pb;
	struct page *page = page_at(a, addr, &pa);

	return page && page_at(b, addr, &pb) == page && !pte_write(pa) &&
	       !pte_write(pb);
}

/* ---- fork ---- */

/* A written private page: one frame for both, referenced and mapped
 * twice, read-only in both; the child's rss counts it. The zero page is
 * mapped again without references. */
KTEST(fork_shares_private_pages_read_only)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW)), *child;
	int zero_refs = page_count(zero_page());
	struct page *page;

	KT_ASSERT_NOT_NULL(mm);
	KT_ASSERT(store_byte(kt, mm, PG(0) + 7, 0x5a));
	KT_EXPECT_EQ(fault_at(mm, PG(1), 0), 0);
	child = dup_mm(mm);
	KT_EXPECT_NOT_NULL(child);
	if (child) {
		page = page_at(mm, PG(0), NULL);
		KT_EXPECT(shared_read_only(mm, child, PG(0)));
		KT_EXPECT_EQ(page_count(page), 2);
		KT_EXPECT_EQ(page_mapcount(page), 2);
		KT_EXPECT_EQ(peek_byte(child, PG(0) + 7), 0x5a);
		KT_EXPECT(page_at(child, PG(1), NULL) == zero_page());
		KT_EXPECT_EQ(page_count(zero_page()), zero_refs);
		KT_EXPECT_EQ(child->rss, 1);
		KT_EXPECT_EQ(mm->rss, 1);
		KT_EXPECT_AREAS(child, AREA(0, 2, ANON_RW));
		KT_EXPECT_NO_FAULTS(child);
		mmput(child);
	}
	mmput(mm);
}

/* The first to write gets a copy; the other, alone with the page now,
 * reuses it in place. Each keeps what it saw. */
KTEST(fork_cow_parent_copies_child_reuses)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, ANON_RW)), *child;
	struct page *old, *copy;
	unsigned long free_before;
	pte_t pte;

	KT_ASSERT_NOT_NULL(mm);
	KT_ASSERT(store_byte(kt, mm, PG(0), 0x11));
	old = page_at(mm, PG(0), NULL);
	child = dup_mm(mm);
	KT_ASSERT_NOT_NULL(child);
	KT_EXPECT(store_byte(kt, mm, PG(0), 0x22));
	copy = page_at(mm, PG(0), &pte);
	KT_EXPECT(copy != old && pte_write(pte));
	KT_EXPECT_FAULTS(mm, [MM_FAULT_ANON] = 1, [MM_FAULT_COW_COPY] = 1);
	KT_EXPECT(page_at(child, PG(0), &pte) == old && !pte_write(pte));
	KT_EXPECT_EQ(peek_byte(child, PG(0)), 0x11);
	KT_EXPECT_EQ(page_count(old), 1);
	KT_EXPECT_EQ(page_mapcount(old), 1);

	free_before = nr_free_pages();
	KT_EXPECT(store_byte(kt, child, PG(0), 0x33));
	KT_EXPECT(page_at(child, PG(0), &pte) == old && pte_write(pte));
	KT_EXPECT_EQ(nr_free_pages(), free_before);
	KT_EXPECT_FAULTS(child, [MM_FAULT_COW_REUSE] = 1);
	KT_EXPECT_EQ(peek_byte(mm, PG(0)), 0x22);
	KT_EXPECT_EQ(peek_byte(child, PG(0)), 0x33);
	mmput(child);
	mmput(mm);
}

/* Three mappers: each write but the last copies; the last one reuses. */
KTEST(fork_twice_last_writer_reuses)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, ANON_RW));
	struct mm_struct *child = NULL, *grandchild = NULL;
	struct page *page;

	KT_ASSERT_NOT_NULL(mm);
	KT_ASSERT(store_byte(kt, mm, PG(0), 1));
	page = page_at(mm, PG(0), NULL);
	child = dup_mm(mm);
	if (child)
		grandchild = dup_mm(child);
	KT_EXPECT(child && grandchild);
	if (grandchild) {
		KT_EXPECT_EQ(page_count(page), 3);
		KT_EXPECT(store_byte(kt, child, PG(0), 2));
		KT_EXPECT(store_byte(kt, mm, PG(0), 3));
		KT_EXPECT(store_byte(kt, grandchild, PG(0), 4));
		KT_EXPECT_FAULTS(child, [MM_FAULT_COW_COPY] = 1);
		KT_EXPECT_FAULTS(mm, [MM_FAULT_ANON] = 1,
				 [MM_FAULT_COW_COPY] = 1);
		KT_EXPECT_FAULTS(grandchild, [MM_FAULT_COW_REUSE] = 1);
		KT_EXPECT(page_at(grandchild, PG(0), NULL) == page);
		KT_EXPECT_EQ(peek_byte(child, PG(0)), 2);
		KT_EXPECT_EQ(peek_byte(mm, PG(0)), 3);
		mmput(grandchild);
	}
	if (child)
		mmput(child);
	mmput(mm);
}

/* MAP_SHARED pages stay writable and are the same memory in both. */
KTEST(fork_shared_pages_stay_shared)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, SHARED_RW)), *child;
	struct page *page;
	pte_t pte;

	KT_ASSERT_NOT_NULL(mm);
	KT_ASSERT(store_byte(kt, mm, PG(0), 0x44));
	page = page_at(mm, PG(0), NULL);
	child = dup_mm(mm);
	KT_ASSERT_NOT_NULL(child);
	KT_EXPECT(page_at(mm, PG(0), &pte) == page && pte_write(pte));
	KT_EXPECT(page_at(child, PG(0), &pte) == page && pte_write(pte));
	KT_EXPECT_EQ(page_count(page), 3);	/* the file's, and each mapping's */
	KT_EXPECT_EQ(page_mapcount(page), 2);
	KT_EXPECT(store_byte(kt, child, PG(0), 0x55));
	KT_EXPECT(page_at(child, PG(0), NULL) == page);
	KT_EXPECT_EQ(peek_byte(mm, PG(0)), 0x55);
	KT_EXPECT_NO_FAULTS(child);
	KT_EXPECT_AREAS(child, AREA(0, 1, SHARED_RW));
	mmput(child);
	mmput(mm);
}

/* A shared page nobody touched before the fork is still one page for
 * both: the first to touch it must find the other's. */
KTEST(fork_shared_page_first_touched_after_is_shared)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, SHARED_RW)), *child;

	KT_ASSERT_NOT_NULL(mm);
	child = dup_mm(mm);
	KT_ASSERT_NOT_NULL(child);
	KT_EXPECT(store_byte(kt, child, PG(0), 0x66));
	KT_EXPECT_EQ(fault_at(mm, PG(0), 0), 0);
	KT_EXPECT(page_at(mm, PG(0), NULL) == page_at(child, PG(0), NULL));
	KT_EXPECT_EQ(peek_byte(mm, PG(0)), 0x66);
	mmput(child);
	mmput(mm);
}

/* Give the area holding addr more vm_flags, and operations unless ops is
 * NULL, as a driver's mmap would: what mmap itself cannot ask for. */
static struct vm_area_struct *set_area(struct mm_struct *mm,
				       unsigned long addr, unsigned long flags,
				       const struct vm_operations_struct *ops,
				       void *data)
{
	struct vm_area_struct *vma;

	down_write(&mm->mmap_sem);
	vma = find_vma(mm, addr);
	if (vma && vma->vm_start <= addr) {
		vma->vm_flags |= flags;
		if (ops) {
			vma->vm_ops = ops;
			vma->vm_private_data = data;
		}
		vma_set_page_prot(vma);	/* as mmap does after vm_ops */
	} else {
		vma = NULL;
	}
	up_write(&mm->mmap_sem);
	return vma;
}

/* VM_DONTCOPY areas stay behind; mlock is not inherited (the pages of the
 * locked area are shared, but the child's copy is not VM_LOCKED). */
KTEST(fork_skips_dontcopy_drops_locked)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW | VM_LOCKED),
					     AREA(3, 4, ANON_RW),
					     AREA(5, 7, ANON_RO)), *child;

	KT_ASSERT_NOT_NULL(mm);
	KT_ASSERT(set_area(mm, PG(3), VM_DONTCOPY, NULL, NULL));
	KT_EXPECT(store_byte(kt, mm, PG(3), 1));
	child = dup_mm(mm);
	KT_ASSERT_NOT_NULL(child);
	KT_EXPECT_AREAS(child, AREA(0, 2, ANON_RW), AREA(5, 7, ANON_RO));
	KT_EXPECT_EQ(child->locked_vm, 0);
	KT_EXPECT_NULL(page_at(child, PG(3), NULL));
	KT_EXPECT(shared_read_only(mm, child, PG(1)));
	KT_EXPECT_EQ(child->rss, 2);
	KT_EXPECT_AREAS(mm, AREA(0, 2, ANON_RW | VM_LOCKED),
			AREA(3, 4, ANON_RW | VM_DONTCOPY),
			AREA(5, 7, ANON_RO));
	mmput(child);
	mmput(mm);
}

/* Is each area of b a copy of a's (bounds and flags are for
 * KT_EXPECT_AREAS): the same backing at the same offset, with the same
 * page protection, belonging to b? */
static bool same_backing(struct mm_struct *a, struct mm_struct *b)
{
	struct vm_area_struct *va = a->mmap, *vb = b->mmap;

	for (; va && vb; va = va->vm_next, vb = vb->vm_next)
		if (vb->vm_mm != b || vb->vm_pgoff != va->vm_pgoff ||
		    vb->vm_file != va->vm_file || vb->vm_ops != va->vm_ops ||
		    pgprot_val(vb->vm_page_prot) !=
			    pgprot_val(va->vm_page_prot))
			return false;
	return !va && !vb;
}

/* Every kind of area comes across as it was; a shared one's file has a
 * reference more. */
KTEST(fork_copies_every_area)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW),
					     AREA(2, 3, ANON_RO),
					     AREA(4, 5, ANON_NONE),
					     AREA(6, 8, SHARED_RW),
					     AREA(9, 10, ANON_RX),
					     AREA(700, 704, STACK_RW)),
			 *child;
	struct file *file;

	KT_ASSERT_NOT_NULL(mm);
	file = find_vma(mm, PG(6))->vm_file;
	KT_ASSERT_NOT_NULL(file);
	child = dup_mm(mm);
	KT_ASSERT_NOT_NULL(child);
	KT_EXPECT_AREAS(child, AREA(0, 2, ANON_RW), AREA(2, 3, ANON_RO),
			AREA(4, 5, ANON_NONE), AREA(6, 8, SHARED_RW),
			AREA(9, 10, ANON_RX),
			AREA(700, 704, STACK_RW));
	KT_EXPECT(same_backing(mm, child));
	KT_EXPECT_EQ(child->map_count, mm->map_count);
	KT_EXPECT_EQ(file->f_count, 2);
	mmput(child);
	KT_EXPECT_EQ(file->f_count, 1);
	mmput(mm);
}

/* The fields that describe the program's layout. */
static const size_t layout_fields[] = {
	offsetof(struct mm_struct, free_area_cache),
	offsetof(struct mm_struct, start_code),
	offsetof(struct mm_struct, end_code),
	offsetof(struct mm_struct, start_data),
	offsetof(struct mm_struct, end_data),
	offsetof(struct mm_struct, start_brk),
	offsetof(struct mm_struct, brk),
	offsetof(struct mm_struct, start_stack),
	offsetof(struct mm_struct, arg_start),
	offsetof(struct mm_struct, arg_end),
	offsetof(struct mm_struct, env_start),
	offsetof(struct mm_struct, env_end),
};

static unsigned long *mm_field(struct mm_struct *mm, size_t offset)
{
	return (unsigned long *)((char *)mm + offset);
}

KTEST(fork_copies_layout)
{
	struct mm_struct *mm = mm_alloc(), *child;

	KT_ASSERT_NOT_NULL(mm);
	for (size_t i = 0; i < ARRAY_SIZE(layout_fields); i++)
		*mm_field(mm, layout_fields[i]) = PG(100 + i);
	child = dup_mm(mm);
	KT_ASSERT_NOT_NULL(child);
	for (size_t i = 0; i < ARRAY_SIZE(layout_fields); i++)
		KT_EXPECT_EQ(*mm_field(child, layout_fields[i]), PG(100 + i));
	KT_EXPECT_NO_AREAS(child);
	mmput(child);
	mmput(mm);
}

/* Whoever writes what after the fork, both mmput give back every frame
 * and page table. */
KTEST(fork_then_exit_frees_everything)
{
	unsigned long free_before = nr_free_pages();
	unsigned long tables_before = nr_pgtable_pages();
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 4, ANON_RW),
					     AREA(5, 6, SHARED_RW),
					     AREA(8, 10, ANON_RW | VM_LOCKED),
					     AREA(2000, 2001, ANON_RW)),
			 *child;

	KT_ASSERT_NOT_NULL(mm);
	for (int i = 0; i < 4; i++)
		KT_EXPECT_EQ(fault_at(mm, PG(i), i % 2 ? FAULT_FLAG_WRITE : 0),
			     0);
	KT_EXPECT_EQ(fault_at(mm, PG(5), FAULT_FLAG_WRITE), 0);
	KT_EXPECT_EQ(fault_at(mm, PG(2000), FAULT_FLAG_WRITE), 0);
	KT_EXPECT_EQ(mprotect(mm, PG(3), PAGE_SIZE, PROT_NONE), 0);
	child = dup_mm(mm);
	KT_ASSERT_NOT_NULL(child);
	KT_EXPECT_EQ(child->rss, mm->rss);
	KT_EXPECT(store_byte(kt, mm, PG(1), 1));
	KT_EXPECT(store_byte(kt, child, PG(0), 2));
	KT_EXPECT(store_byte(kt, child, PG(8), 3));
	KT_EXPECT_EQ(mprotect(child, PG(3), PAGE_SIZE, PROT_RW), 0);
	KT_EXPECT(store_byte(kt, child, PG(3), 4));
	KT_EXPECT_EQ(munmap(child, PG(2000), PAGE_SIZE), 0);
	mmput(mm);
	KT_EXPECT(store_byte(kt, child, PG(9), 5));
	mmput(child);
	KT_EXPECT_EQ(nr_pgtable_pages(), tables_before);
	KT_EXPECT_EQ(nr_free_pages(), free_before);
}

/* The parent, if loaded, must drop the writable translations of the
 * pages fork made read-only; with none made read-only, nothing to flush. */
KTEST(fork_flushes_parent_tlb_when_write_protecting)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW),
					     AREA(3, 4, SHARED_RW)), *child;
	struct tlb_stats before, flushed;

	KT_ASSERT_NOT_NULL(mm);
	mm->cpu_vm_mask = 1;
	KT_EXPECT_EQ(fault_at(mm, PG(0), 0), 0);	/* the zero page */
	KT_EXPECT_EQ(fault_at(mm, PG(3), FAULT_FLAG_WRITE), 0);
	tlb_get_stats(&before);
	child = dup_mm(mm);
	flushed = tlb_flushes_since(&before);
	KT_EXPECT_EQ(flushed.page_flushes + flushed.full_flushes, 0);
	if (child)
		mmput(child);

	KT_EXPECT_EQ(fault_at(mm, PG(1), FAULT_FLAG_WRITE), 0);
	tlb_get_stats(&before);
	child = dup_mm(mm);
	flushed = tlb_flushes_since(&before);
	KT_EXPECT_LE(1, flushed.page_flushes + flushed.full_flushes);
	if (child)
		mmput(child);
	mm->cpu_vm_mask = 0;
	mmput(mm);
}

/* ---- fork out of memory ---- */

/*
 * dup_mm with too few frames, failing at each allocation in turn (the
 * child's mm, pgd, areas, and its page tables midway through the copy:
 * the second area is 1 GiB away and needs tables of its own). A failed
 * dup gives back all it took and leaves the parent whole.
 */
KTEST(fork_out_of_memory_leaks_nothing)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, ANON_RW),
					     AREA(0x40000, 0x40001, ANON_RW));
	struct mm_struct *child = NULL;
	unsigned long spare, failures = 0;
	struct page *page;
	LIST_HEAD(held);

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT(store_byte(kt, mm, PG(0), 1));
	KT_ASSERT(store_byte(kt, mm, PG(0x40000), 2));
	page = page_at(mm, PG(0x40000), NULL);
	for (spare = 0; !child && spare < 64; spare++) {
		hog_frames(&held, spare);
		child = dup_mm(mm);
		if (!child) {
			failures++;
			KT_EXPECT_EQ(nr_free_pages(), spare);
			KT_EXPECT_EQ(page_count(page), 1);
		}
		release_frames(&held);
	}
	/* at least the pgd, a pud table, and a pmd and a pte table for
	 * each area */
	KT_EXPECT_LE(6, failures);
	KT_EXPECT_AREAS(mm, AREA(0, 1, ANON_RW),
			AREA(0x40000, 0x40001, ANON_RW));
	KT_EXPECT_EQ(peek_byte(mm, PG(0x40000)), 2);
	if (KT_EXPECT_NOT_NULL(child)) {
		KT_EXPECT(shared_read_only(mm, child, PG(0x40000)));
		mmput(child);
	}
	mmput(mm);
}

/* ---- fault counters ---- */

/* Each fault is counted once, by kind, in the mm and in all. */
KTEST(fault_count_by_kind)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 3, ANON_RW),
					     AREA(4, 5, SHARED_RW));
	unsigned long global[NR_MM_FAULT_KINDS];

	KT_ASSERT_NOT_NULL(mm);
	memcpy(global, vm_fault_events, sizeof(global));
	KT_EXPECT_EQ(fault_at(mm, PG(0), 0), 0);
	KT_EXPECT_FAULTS(mm, [MM_FAULT_ZERO_PAGE] = 1);
	KT_EXPECT_EQ(fault_at(mm, PG(0), 0), 0);	/* already there */
	KT_EXPECT_EQ(fault_at(mm, PG(0), FAULT_FLAG_WRITE), 0);
	KT_EXPECT_EQ(fault_at(mm, PG(1), FAULT_FLAG_WRITE), 0);
	KT_EXPECT_EQ(fault_at(mm, PG(1), FAULT_FLAG_WRITE), 0);
	KT_EXPECT_FAULTS(mm, [MM_FAULT_ZERO_PAGE] = 1, [MM_FAULT_ANON] = 2);
	KT_EXPECT_EQ(fault_at(mm, PG(4), 0), 0);	/* shared: its file's page */
	KT_EXPECT_EQ(fault_at(mm, PG(5), 0), VM_FAULT_SIGSEGV);
	KT_EXPECT_FAULTS(mm, [MM_FAULT_ZERO_PAGE] = 1, [MM_FAULT_ANON] = 2,
			 [MM_FAULT_FILE] = 1);
	for (int k = 0; k < NR_MM_FAULT_KINDS; k++)
		KT_EXPECT_EQ(vm_fault_events[k] - global[k], mm->faults[k]);
	mmput(mm);
}

/* ---- pages from vm_ops->fault ---- */

/* What backs a test area: one page that fault() supplies for every
 * offset, and what its operations saw. */
struct test_backing {
	struct page *page;
	unsigned fault_ret, mkwrite_ret;	/* what they return */
	int faults, mkwrites, opens;
	unsigned long pgoff;		/* the last fault's */
	bool writable_at_mkwrite;	/* was the page writable already? */
};

static u8 pattern_byte(unsigned i)
{
	return (u8)(i * 7 + 1);
}

static bool has_pattern(struct page *page)
{
	const u8 *p = page_address(page);

	for (unsigned i = 0; i < PAGE_SIZE; i++)
		if (p[i] != pattern_byte(i))
			return false;
	return true;
}

static int backing_fault(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	struct test_backing *b = vma->vm_private_data;

	b->faults++;
	b->pgoff = vmf->pgoff;
	if (b->fault_ret)
		return b->fault_ret;
	get_page(b->page);
	vmf->page = b->page;
	return 0;
}

static int backing_page_mkwrite(struct vm_area_struct *vma,
				struct vm_fault *vmf)
{
	struct test_backing *b = vma->vm_private_data;
	pte_t pte;

	b->mkwrites++;
	b->writable_at_mkwrite =
		page_at(vma->vm_mm, vmf->address, &pte) && pte_write(pte);
	return b->mkwrite_ret;
}

static void backing_open(struct vm_area_struct *vma)
{
	((struct test_backing *)vma->vm_private_data)->opens++;
}

static const struct vm_operations_struct backing_ops = {
	.open = backing_open,
	.fault = backing_fault,
	.page_mkwrite = backing_page_mkwrite,
};

/* An mm with [PG(0), PG(2)) read-write backed by b, private or shared;
 * b's page filled with the pattern. NULL (and a failure) if not. */
static struct mm_struct *mm_with_backing(struct ktest_state *kt,
					 struct test_backing *b,
					 unsigned long flags)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, flags));

	b->page = alloc_page(0);
	if (!KT_EXPECT_NOT_NULL(b->page) || !mm ||
	    !KT_EXPECT_NOT_NULL(set_area(mm, PG(0), 0, &backing_ops, b))) {
		if (mm)
			mmput(mm);
		if (b->page)
			free_page(b->page);
		return NULL;
	}
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		((u8 *)page_address(b->page))[i] = pattern_byte(i);
	return mm;
}

/* The end of a backed area: its page must be ours alone again. */
static void put_backing(struct ktest_state *kt, struct mm_struct *mm,
			struct test_backing *b)
{
	mmput(mm);
	KT_EXPECT_EQ(page_count(b->page), 1);
	KT_EXPECT(has_pattern(b->page));
	free_page(b->page);
}

/* A read maps the supplied page itself, read-only in a private area. */
KTEST(fault_ops_read_maps_supplied_page)
{
	struct test_backing b = { 0 };
	struct mm_struct *mm = mm_with_backing(kt, &b, ANON_RW);
	pte_t pte;

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(fault_at(mm, PG(1) + 9, 0), 0);
	KT_EXPECT_EQ(b.faults, 1);
	KT_EXPECT_EQ(b.pgoff, mm->mmap->vm_pgoff + 1);
	KT_EXPECT(page_at(mm, PG(1), &pte) == b.page && !pte_write(pte));
	KT_EXPECT_EQ(page_count(b.page), 2);
	KT_EXPECT_EQ(page_mapcount(b.page), 1);
	KT_EXPECT_EQ(mm->rss, 1);
	KT_EXPECT_FAULTS(mm, [MM_FAULT_FILE] = 1);
	KT_EXPECT_EQ(fault_at(mm, PG(1), 0), 0);	/* already there */
	KT_EXPECT_EQ(b.faults, 1);
	put_backing(kt, mm, &b);
}

/* A write to a private area copies the supplied page, which stays as it
 * was: at once on a first touch, or later over the read-only mapping. */
KTEST(fault_ops_private_write_copies)
{
	struct test_backing b = { 0 };
	struct mm_struct *mm = mm_with_backing(kt, &b, ANON_RW);
	struct page *page;
	pte_t pte;

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT(store_byte(kt, mm, PG(0) + 3, 0));
	page = page_at(mm, PG(0), &pte);
	KT_EXPECT(page != b.page && pte_write(pte));
	KT_EXPECT_EQ(peek_byte(mm, PG(0) + 4), pattern_byte(4));
	KT_EXPECT_FAULTS(mm, [MM_FAULT_FILE] = 1, [MM_FAULT_COW_COPY] = 1);

	KT_EXPECT_EQ(fault_at(mm, PG(1), 0), 0);
	KT_EXPECT(store_byte(kt, mm, PG(1) + 3, 0));
	page = page_at(mm, PG(1), &pte);
	KT_EXPECT(page != b.page && pte_write(pte));
	KT_EXPECT_EQ(peek_byte(mm, PG(1) + 4), pattern_byte(4));
	KT_EXPECT_FAULTS(mm, [MM_FAULT_FILE] = 2, [MM_FAULT_COW_COPY] = 2);
	KT_EXPECT_EQ(page_count(b.page), 1);
	KT_EXPECT_EQ(page_mapcount(b.page), 0);
	KT_EXPECT_EQ(b.mkwrites, 0);
	KT_EXPECT_EQ(mm->rss, 2);
	put_backing(kt, mm, &b);
}

/* A shared area writes the supplied page itself, after page_mkwrite has
 * been told, while the page was not yet writable. */
KTEST(fault_ops_shared_write_calls_page_mkwrite_first)
{
	struct test_backing b = { 0 };
	struct mm_struct *mm = mm_with_backing(kt, &b, SHARED_RW);
	pte_t pte;

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(fault_at(mm, PG(0), FAULT_FLAG_WRITE), 0);
	KT_EXPECT_EQ(b.mkwrites, 1);
	KT_EXPECT(!b.writable_at_mkwrite);
	KT_EXPECT(page_at(mm, PG(0), &pte) == b.page && pte_write(pte));
	KT_EXPECT_FAULTS(mm, [MM_FAULT_FILE] = 1);
	put_backing(kt, mm, &b);
}

/* Read first, then write: the write must still reach page_mkwrite, so
 * the read may not map the page writable. */
KTEST(fault_ops_shared_write_after_read_calls_page_mkwrite)
{
	struct test_backing b = { 0 };
	struct mm_struct *mm = mm_with_backing(kt, &b, SHARED_RW);
	pte_t pte;

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(fault_at(mm, PG(0), 0), 0);
	KT_EXPECT(page_at(mm, PG(0), &pte) == b.page && !pte_write(pte));
	KT_EXPECT_EQ(b.mkwrites, 0);
	KT_EXPECT_EQ(fault_at(mm, PG(0), FAULT_FLAG_WRITE), 0);
	KT_EXPECT_EQ(b.mkwrites, 1);
	KT_EXPECT(!b.writable_at_mkwrite);
	KT_EXPECT(page_at(mm, PG(0), &pte) == b.page && pte_write(pte));
	KT_EXPECT_EQ(b.faults, 1);
	put_backing(kt, mm, &b);
}

/* mprotect back to writable must not make the page writable behind
 * page_mkwrite's back either. */
KTEST(fault_ops_shared_mprotect_keeps_page_mkwrite)
{
	struct test_backing b = { 0 };
	struct mm_struct *mm = mm_with_backing(kt, &b, SHARED_RW);
	pte_t pte;

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(fault_at(mm, PG(0), 0), 0);
	KT_EXPECT_EQ(mprotect(mm, PG(0), 2 * PAGE_SIZE, PROT_READ), 0);
	KT_EXPECT_EQ(mprotect(mm, PG(0), 2 * PAGE_SIZE, PROT_RW), 0);
	KT_EXPECT(page_at(mm, PG(0), &pte) == b.page && !pte_write(pte));
	KT_EXPECT_EQ(fault_at(mm, PG(0), FAULT_FLAG_WRITE), 0);
	KT_EXPECT_EQ(b.mkwrites, 1);
	KT_EXPECT(!b.writable_at_mkwrite);
	put_backing(kt, mm, &b);
}

/* fault() and page_mkwrite refusing: the error comes back, nothing is
 * mapped, and no reference is kept. */
KTEST(fault_ops_errors_propagate)
{
	struct test_backing b = { .fault_ret = VM_FAULT_SIGBUS };
	struct mm_struct *mm = mm_with_backing(kt, &b, SHARED_RW);

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(fault_at(mm, PG(0), 0), VM_FAULT_SIGBUS);
	KT_EXPECT_EQ(fault_at(mm, PG(0), FAULT_FLAG_WRITE), VM_FAULT_SIGBUS);
	KT_EXPECT_EQ(b.faults, 2);
	KT_EXPECT_NULL(page_at(mm, PG(0), NULL));
	KT_EXPECT_NO_FAULTS(mm);

	b.fault_ret = 0;
	b.mkwrite_ret = VM_FAULT_SIGBUS;
	KT_EXPECT_EQ(fault_at(mm, PG(1), FAULT_FLAG_WRITE), VM_FAULT_SIGBUS);
	KT_EXPECT_EQ(b.mkwrites, 1);
	KT_EXPECT_NULL(page_at(mm, PG(1), NULL));
	KT_EXPECT_EQ(page_count(b.page), 1);
	KT_EXPECT_EQ(mm->rss, 0);
	put_backing(kt, mm, &b);
}

/* fork: the child's copy of the area is opened, and maps the same
 * supplied page. */
KTEST(fault_ops_fork_opens_and_shares)
{
	struct test_backing b = { 0 };
	struct mm_struct *mm = mm_with_backing(kt, &b, ANON_RW), *child;

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(fault_at(mm, PG(0), 0), 0);
	child = dup_mm(mm);
	if (KT_EXPECT_NOT_NULL(child)) {
		KT_EXPECT_EQ(b.opens, 1);
		KT_EXPECT(shared_read_only(mm, child, PG(0)));
		KT_EXPECT(page_at(child, PG(0), NULL) == b.page);
		KT_EXPECT_EQ(page_count(b.page), 3);
		mmput(child);
	}
	put_backing(kt, mm, &b);
}
