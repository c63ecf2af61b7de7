/*
 * Shared anonymous memory: the pages of a MAP_SHARED | MAP_ANONYMOUS
 * mapping live in its file's page cache (mm/shmem.c), where every mapper
 * finds them, and they outlive their page-table entries until the file
 * goes. Helpers: tests/kernel/mm_test.h.
 */
#include "kernel/fs/file.h"
#include "tests/kernel/mm_test.h"

#define SHARED_RO (SHARED_RW & ~VM_WRITE)

/* Two mappers of one mapping (parent and child, forked before either
 * touched it): a read maps the file's page, not the zero page, and the
 * other mapper's write lands in that same page. The file holds a
 * reference of its own. */
KTEST(shmem_two_mappers_see_one_page)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, SHARED_RW)), *child;
	struct page *page;
	pte_t pte;

	KT_ASSERT_NOT_NULL(mm);
	child = dup_mm(mm);
	KT_ASSERT_NOT_NULL(child);
	KT_EXPECT_EQ(fault_at(mm, PG(1), 0), 0);
	page = page_at(mm, PG(1), &pte);
	KT_EXPECT(page && page != zero_page() && pte_write(pte));
	KT_EXPECT(store_byte(kt, child, PG(1) + 5, 0x77));
	KT_EXPECT(page_at(child, PG(1), &pte) == page && pte_write(pte));
	KT_EXPECT_EQ(peek_byte(mm, PG(1) + 5), 0x77);
	if (page) {
		KT_EXPECT_EQ(page_count(page), 3);
		KT_EXPECT_EQ(page_mapcount(page), 2);
	}
	KT_EXPECT_EQ(mm->rss, 1);
	KT_EXPECT_EQ(child->rss, 1);
	KT_EXPECT_FAULTS(mm, [MM_FAULT_FILE] = 1);
	KT_EXPECT_FAULTS(child, [MM_FAULT_FILE] = 1);
	KT_EXPECT_NULL(page_at(child, PG(0), NULL));
	mmput(child);
	mmput(mm);
}

/* The file keeps the pages: after MADV_DONTNEED, and after the parent
 * unmapped its copy of the area, the child's next faults find the same
 * pages with their contents. */
KTEST(shmem_pages_survive_dontneed_and_munmap)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, SHARED_RW)), *child;
	struct page *first, *second;

	KT_ASSERT_NOT_NULL(mm);
	KT_ASSERT(store_byte(kt, mm, PG(0), 0x11));
	KT_ASSERT(store_byte(kt, mm, PG(1), 0x22));
	first = page_at(mm, PG(0), NULL);
	second = page_at(mm, PG(1), NULL);
	child = dup_mm(mm);
	KT_ASSERT_NOT_NULL(child);
	KT_EXPECT_EQ(munmap(mm, PG(0), 2 * PAGE_SIZE), 0);
	KT_EXPECT_EQ(mm->rss, 0);
	KT_EXPECT_EQ(madvise(child, PG(0), 2 * PAGE_SIZE, MADV_DONTNEED), 0);
	KT_EXPECT_NULL(page_at(child, PG(0), NULL));
	KT_EXPECT_EQ(child->rss, 0);
	KT_EXPECT_EQ(page_count(first), 1);	/* the file's */
	KT_EXPECT_EQ(fault_at(child, PG(0), 0), 0);
	KT_EXPECT(page_at(child, PG(0), NULL) == first);
	KT_EXPECT_EQ(peek_byte(child, PG(0)), 0x11);
	KT_EXPECT(store_byte(kt, child, PG(1) + 1, 0x33));
	KT_EXPECT(page_at(child, PG(1), NULL) == second);
	KT_EXPECT_EQ(peek_byte(child, PG(1)), 0x22);
	KT_EXPECT_FAULTS(child, [MM_FAULT_FILE] = 2);
	mmput(child);
	mmput(mm);
}

/* The pieces of a mapping that mprotect split share its file and
 * operations, each at its own offset, and keep its pages; merged back,
 * the area is as it was. */
KTEST(shmem_split_pieces_share_file_and_pages)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 3, SHARED_RW));
	const struct vm_operations_struct *ops;
	struct vm_area_struct *vma;
	struct file *file;
	struct page *page;

	KT_ASSERT_NOT_NULL(mm);
	KT_ASSERT(store_byte(kt, mm, PG(1), 0x44));
	page = page_at(mm, PG(1), NULL);
	ops = mm->mmap->vm_ops;
	file = mm->mmap->vm_file;
	KT_EXPECT_EQ(mprotect(mm, PG(1), PAGE_SIZE, PROT_READ), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 1, SHARED_RW), AREA(1, 2, SHARED_RO),
			AREA(2, 3, SHARED_RW));
	for (vma = mm->mmap; vma; vma = vma->vm_next) {
		unsigned long pgoff = (vma->vm_start - PG(0)) >> PAGE_SHIFT;

		KT_EXPECT(vma->vm_file == file && vma->vm_ops == ops &&
			  vma->vm_pgoff == pgoff);
	}
	KT_EXPECT_EQ(file->f_count, 3);
	KT_EXPECT_EQ(madvise(mm, PG(0), 3 * PAGE_SIZE, MADV_DONTNEED), 0);
	KT_EXPECT_EQ(fault_at(mm, PG(1), 0), 0);
	KT_EXPECT(page_at(mm, PG(1), NULL) == page);
	KT_EXPECT_EQ(mprotect(mm, PG(1), PAGE_SIZE, PROT_RW), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 3, SHARED_RW));
	KT_EXPECT(mm->mmap->vm_file == file && mm->mmap->vm_pgoff == 0 &&
		  mm->mmap->vm_ops == ops);
	KT_EXPECT_EQ(file->f_count, 1);
	KT_EXPECT(store_byte(kt, mm, PG(1), 0x55));
	KT_EXPECT(page_at(mm, PG(1), NULL) == page);
	mmput(mm);
}

/* When the last mapper goes, the file goes, and with it its pages and
 * its index, however many levels deep: every frame comes back. */
KTEST(shmem_last_mapper_gives_back_every_frame)
{
	static const unsigned long touched[] = { 0, 63, 64, 4095, 4999 };
	unsigned long free_before = nr_free_pages();
	unsigned long tables_before = nr_pgtable_pages();
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 5000, SHARED_RW)), *child;

	KT_ASSERT_NOT_NULL(mm);
	for (size_t i = 0; i < ARRAY_SIZE(touched); i++)
		KT_EXPECT(store_byte(kt, mm, PG(touched[i]), (u8)i));
	child = dup_mm(mm);
	KT_ASSERT_NOT_NULL(child);
	KT_EXPECT_EQ(fault_at(child, PG(1000), 0), 0);
	KT_EXPECT_EQ(madvise(mm, PG(0), 5000 * PAGE_SIZE, MADV_DONTNEED), 0);
	mmput(mm);
	KT_EXPECT_EQ(peek_byte(child, PG(4999)), 4);
	mmput(child);
	KT_EXPECT_EQ(nr_pgtable_pages(), tables_before);
	KT_EXPECT_EQ(nr_free_pages(), free_before);
}

/* A 64 GiB mapping: the file costs nothing up front, pages at both ends
 * fault in for a few frames (pages, tables, index nodes), and all of it
 * comes back. A flat index would need 128 MiB. */
KTEST(shmem_huge_area_maps)
{
	unsigned long npages = (64ul << 30) >> PAGE_SHIFT;
	unsigned long free_before = nr_free_pages(), addr;
	struct mm_struct *mm = mm_alloc();

	KT_ASSERT_NOT_NULL(mm);
	addr = mmap_anon(mm, 0, npages, PROT_RW, MAP_SHARED);
	if (KT_EXPECT(!IS_ERR_VALUE(addr))) {
		KT_EXPECT(store_byte(kt, mm, addr, 1));
		KT_EXPECT(store_byte(kt, mm, addr + (npages - 1) * PAGE_SIZE,
				     2));
		KT_EXPECT_EQ(mm->rss, 2);
		KT_EXPECT_EQ(mm->total_vm, npages);
		KT_EXPECT_LT(free_before - nr_free_pages(), 32);
		KT_EXPECT_EQ(munmap(mm, addr, npages * PAGE_SIZE), 0);
	}
	mmput(mm);
	KT_EXPECT_EQ(nr_free_pages(), free_before);
}

/*
 * A fault with too few frames for the page or for the index nodes it
 * needs (offset 511 needs a second level), with the page tables already
 * there: VM_FAULT_OOM, nothing mapped or counted. With one frame more
 * each time, it eventually succeeds, and in the end every frame is back.
 */
KTEST(shmem_fault_out_of_memory)
{
	unsigned long free_before = nr_free_pages(), failures = 0;
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 512, SHARED_RW));
	unsigned ret = VM_FAULT_OOM;
	LIST_HEAD(held);

	KT_ASSERT_NOT_NULL(mm);
	KT_ASSERT(store_byte(kt, mm, PG(0), 0x66));
	for (unsigned long spare = 0; ret && spare < 16; spare++) {
		hog_frames(&held, spare);
		ret = fault_at(mm, PG(511), FAULT_FLAG_WRITE);
		release_frames(&held);
		if (ret) {
			failures++;
			KT_EXPECT_EQ(ret, VM_FAULT_OOM);
			KT_EXPECT_NULL(page_at(mm, PG(511), NULL));
		}
	}
	KT_EXPECT_EQ(ret, 0);
	KT_EXPECT_LE(1, failures);
	KT_EXPECT_EQ(mm->rss, 2);
	KT_EXPECT_FAULTS(mm, [MM_FAULT_FILE] = 2);
	KT_EXPECT_EQ(peek_byte(mm, PG(0)), 0x66);
	mmput(mm);
	KT_EXPECT_EQ(nr_free_pages(), free_before);
}
