/*
 * brk: the heap, one area from start_brk that grows and shrinks with the
 * break. Helpers: tests/kernel/mm_test.h.
 */
#include "tests/kernel/mm_test.h"

#define HEAP (VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT)

/* mm, with an empty heap at PG(0), as exec leaves it. */
static struct mm_struct *with_heap(struct mm_struct *mm)
{
	if (mm)
		mm->start_brk = mm->brk = PG(0);
	return mm;
}

KTEST(brk_grows_one_area)
{
	struct mm_struct *mm = with_heap(mm_alloc());

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(do_brk(mm, PG(2)), PG(2));
	KT_EXPECT_AREAS(mm, AREA(0, 2, HEAP));
	KT_EXPECT_EQ(do_brk(mm, PG(5)), PG(5));
	KT_EXPECT_AREAS(mm, AREA(0, 5, HEAP));
	KT_EXPECT_EQ(mm->brk, PG(5));
	KT_EXPECT_EQ(mm->start_brk, PG(0));
	mmput(mm);
}

KTEST(brk_shrinks_and_unmaps)
{
	struct mm_struct *mm = with_heap(mm_alloc());

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(do_brk(mm, PG(5)), PG(5));
	KT_EXPECT_EQ(fault_at(mm, PG(4), FAULT_FLAG_WRITE), 0);
	KT_EXPECT_EQ(mm->rss, 1);
	KT_EXPECT_EQ(do_brk(mm, PG(2)), PG(2));
	KT_EXPECT_AREAS(mm, AREA(0, 2, HEAP));
	KT_EXPECT_EQ(mm->rss, 0);
	KT_EXPECT_NULL(page_at(mm, PG(4), NULL));
	KT_EXPECT_EQ(do_brk(mm, PG(0)), PG(0));
	KT_EXPECT_NO_AREAS(mm);
	mmput(mm);
}

/* Below start_brk (brk(0) is how programs ask for the break): nothing
 * changes, the answer is the current break. */
KTEST(brk_below_start_unchanged)
{
	struct mm_struct *mm = with_heap(mm_alloc());

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(do_brk(mm, PG(3)), PG(3));
	KT_EXPECT_EQ(do_brk(mm, PG(0) - PAGE_SIZE), PG(3));
	KT_EXPECT_EQ(do_brk(mm, 0), PG(3));
	KT_EXPECT_AREAS(mm, AREA(0, 3, HEAP));
	mmput(mm);
}

/* The heap keeps a page free below the next area: growing into it is
 * refused, and the answer is the old break. */
KTEST(brk_stops_a_page_below_next_area)
{
	struct mm_struct *mm = 
		with_heap(MM_WITH_AREAS(AREA(4, 6, ANON_RO)));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(do_brk(mm, PG(4)), PG(0));
	KT_EXPECT_EQ(do_brk(mm, PG(3) + 1), PG(0));
	KT_EXPECT_EQ(do_brk(mm, PG(3)), PG(3));
	KT_EXPECT_EQ(do_brk(mm, PG(3) + 1), PG(3));
	KT_EXPECT_AREAS(mm, AREA(0, 3, HEAP), AREA(4, 6, ANON_RO));
	mmput(mm);
}

/* The break is kept as given; the heap covers it to the page. */
KTEST(brk_unaligned_returned_as_given)
{
	struct mm_struct *mm = with_heap(mm_alloc());

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(do_brk(mm, PG(0) + 100), PG(0) + 100);
	KT_EXPECT_AREAS(mm, AREA(0, 1, HEAP));
	KT_EXPECT_EQ(do_brk(mm, PG(1) + 1), PG(1) + 1);
	KT_EXPECT_AREAS(mm, AREA(0, 2, HEAP));
	KT_EXPECT_EQ(do_brk(mm, PG(1) - 1), PG(1) - 1);
	KT_EXPECT_AREAS(mm, AREA(0, 1, HEAP));
	KT_EXPECT_EQ(mm->brk, PG(1) - 1);
	mmput(mm);
}

/* A stack keeps its guard gap free of the heap too. */
KTEST(brk_keeps_stack_guard_gap)
{
	unsigned long stack = PG(0) + stack_guard_gap + 4 * PAGE_SIZE;
	struct mm_struct *mm = with_heap(mm_alloc());

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mmap_anon(mm, stack, 2, PROT_RW,
			       MAP_PRIVATE | MAP_FIXED | MAP_GROWSDOWN), stack);
	KT_EXPECT_EQ(do_brk(mm, PG(4)), PG(0));
	KT_EXPECT_EQ(do_brk(mm, PG(3)), PG(3));
	mmput(mm);
}

/* The heap is private writable anonymous memory like any other (Linux
 * accounts both, VM_ACCOUNT): a mapping that continues it merges with it,
 * as /proc/PID/maps shows. */
KTEST(brk_heap_merges_with_mapping_above)
{
	struct mm_struct *mm = with_heap(mm_alloc());

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(do_brk(mm, PG(2)), PG(2));
	KT_EXPECT_EQ(mmap_fixed(mm, PG(2), 1, PROT_RW), PG(2));
	KT_EXPECT_AREAS(mm, AREA(0, 3, HEAP));
	mmput(mm);
}
