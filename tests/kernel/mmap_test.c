/*
 * Creating mappings: where mmap puts them (get_unmapped_area), the edges
 * of the user range, and mmap's errors. Helpers: tests/kernel/mm_test.h.
 */
#include "tests/kernel/mm_test.h"

/* ---- get_unmapped_area ---- */

/* Top down from mmap_base: each new area just below the last. */
KTEST(mmap_topdown_from_mmap_base)
{
	struct mm_struct *mm = mm_alloc();

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mmap_anon(mm, 0, 1, PROT_RW, MAP_PRIVATE),
		     MMAP_BASE - PAGE_SIZE);
	KT_EXPECT_EQ(mmap_anon(mm, 0, 2, PROT_READ, MAP_PRIVATE),
		     MMAP_BASE - 3 * PAGE_SIZE);
	/* A length that is not a multiple of pages is rounded up. */
	KT_EXPECT_EQ(vm_mmap(mm, NULL, 0, 100, PROT_EXEC,
			     MAP_PRIVATE | MAP_ANONYMOUS, 0),
		     MMAP_BASE - 4 * PAGE_SIZE);
	KT_EXPECT_EQ(mm->map_count, 3);
	KT_EXPECT_EQ(mm->total_vm, 4);
	mmput(mm);
}

KTEST(mmap_free_hint_is_taken)
{
	struct mm_struct *mm = mm_alloc();

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mmap_anon(mm, PG(10), 2, PROT_RW, MAP_PRIVATE), PG(10));
	/* Hints are rounded down to a page. */
	KT_EXPECT_EQ(mmap_anon(mm, PG(20) + 123, 1, PROT_RW, MAP_PRIVATE),
		     PG(20));
	/* A hint below mmap_min_addr is raised to it. */
	KT_EXPECT_EQ(mmap_anon(mm, PAGE_SIZE, 1, PROT_RW, MAP_PRIVATE),
		     mmap_min_addr);
	KT_EXPECT_AREAS(mm,
			{ mmap_min_addr, mmap_min_addr + PAGE_SIZE, ANON_RW },
			AREA(10, 12, ANON_RW), AREA(20, 21, ANON_RW));
	mmput(mm);
}

KTEST(mmap_occupied_hint_falls_back_topdown)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 4, ANON_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mmap_anon(mm, PG(2), 1, PROT_RW, MAP_PRIVATE),
		     MMAP_BASE - PAGE_SIZE);
	/* Free at the hint, but not for the whole length. */
	KT_EXPECT_EQ(mmap_anon(mm, PG(0) - PAGE_SIZE, 2, PROT_READ,
			       MAP_PRIVATE),
		     MMAP_BASE - 3 * PAGE_SIZE);
	mmput(mm);
}

/* The highest gap that fits wins, even a hole between areas. */
KTEST(mmap_topdown_finds_highest_hole)
{
	struct mm_struct *mm = mm_alloc();
	unsigned long top;

	KT_ASSERT_NOT_NULL(mm);
	top = mmap_anon(mm, 0, 6, PROT_RW, MAP_PRIVATE) + 6 * PAGE_SIZE;
	KT_EXPECT_EQ(top, MMAP_BASE);
	KT_EXPECT_EQ(munmap(mm, top - 4 * PAGE_SIZE, 2 * PAGE_SIZE), 0);
	/* [top - 4, top - 2) pages is free */
	KT_EXPECT_EQ(mmap_anon(mm, 0, 1, PROT_READ, MAP_PRIVATE),
		     top - 3 * PAGE_SIZE);
	KT_EXPECT_EQ(mmap_anon(mm, 0, 2, PROT_READ, MAP_PRIVATE),
		     top - 8 * PAGE_SIZE);	/* too big for the rest */
	KT_EXPECT_EQ(mmap_anon(mm, 0, 1, PROT_EXEC, MAP_PRIVATE),
		     top - 4 * PAGE_SIZE);
	mmput(mm);
}

/* Below a stack (MAP_GROWSDOWN) stack_guard_gap stays free: for the
 * search and for hints alike. MAP_FIXED may still go there. */
KTEST(mmap_keeps_stack_guard_gap)
{
	struct mm_struct *mm = mm_alloc();
	unsigned long stack;

	KT_ASSERT_NOT_NULL(mm);
	stack = mmap_anon(mm, 0, 4, PROT_RW, MAP_PRIVATE | MAP_GROWSDOWN);
	KT_EXPECT_EQ(stack, MMAP_BASE - 4 * PAGE_SIZE);
	KT_EXPECT_EQ(mmap_anon(mm, 0, 1, PROT_READ, MAP_PRIVATE),
		     stack - stack_guard_gap - PAGE_SIZE);
	KT_EXPECT_EQ(mmap_anon(mm, stack - PAGE_SIZE, 1, PROT_READ,
			       MAP_PRIVATE),
		     stack - stack_guard_gap - 2 * PAGE_SIZE);
	KT_EXPECT_EQ(mmap_anon(mm, stack - PAGE_SIZE, 1, PROT_EXEC,
			       MAP_PRIVATE | MAP_FIXED), stack - PAGE_SIZE);
	mmput(mm);
}

/* Nothing fits below mmap_base: the search goes bottom up from a third
 * of the user range (Linux's TASK_UNMAPPED_BASE). */
KTEST(mmap_bottomup_when_nothing_fits_below_base)
{
	unsigned long base = ALIGN_UP(TASK_SIZE / 3, PAGE_SIZE);
	struct mm_struct *mm = mm_alloc();

	KT_ASSERT_NOT_NULL(mm);
	mm->free_area_cache = PAGE_SIZE;
	KT_EXPECT_EQ(mmap_anon(mm, 0, 1, PROT_RW, MAP_PRIVATE), base);
	KT_EXPECT_EQ(mmap_anon(mm, 0, 2, PROT_READ, MAP_PRIVATE),
		     base + PAGE_SIZE);
	mmput(mm);
}

/*
 * The same searches over a tree of many areas, against a walk of the list
 * (mmap's search follows the gaps kept in the tree instead). Areas of 1
 * to 3 pages with holes of 0 to 5 pages between them are packed against
 * edge, down from it (dir < 0) or up from it; neighbours alternate between
 * read-only and exec-only, so that none merge. The one in the middle is a
 * stack, with its guard gap and 2 more pages free below it.
 */
#define NR_MANY_AREAS 100

static bool map_many_areas(struct mm_struct *mm, unsigned long edge, int dir)
{
	unsigned long addr = edge;

	for (int i = 0; i < NR_MANY_AREAS; i++) {
		unsigned long size = (1 + i % 3) * PAGE_SIZE;
		unsigned long hole = (i * 7 % 6) * PAGE_SIZE;
		bool stack = i == NR_MANY_AREAS / 2;
		unsigned long below =
			stack ? stack_guard_gap + 2 * PAGE_SIZE : 0;
		unsigned long start = dir < 0 ? addr - hole - size :
						addr + hole + below;

		if (mmap_anon(mm, start, size >> PAGE_SHIFT,
			      i % 2 ? PROT_READ : PROT_EXEC, MAP_PRIVATE |
			      MAP_FIXED | (stack ? MAP_GROWSDOWN : 0)) != start)
			return false;
		addr = dir < 0 ? start - below : start + size;
	}
	return true;
}

/* The highest (top down) or lowest free range of len bytes within [low,
 * high), found by walking the list: -ENOMEM if none. */
static unsigned long fit_by_walk(struct mm_struct *mm, unsigned long len,
				 unsigned long low, unsigned long high,
				 bool topdown)
{
	struct vm_area_struct *vma = mm->mmap;
	unsigned long fit = ERR_ADDR(ENOMEM), gap_start = 0;

	for (;; gap_start = vma->vm_end, vma = vma->vm_next) {
		unsigned long gap_end = vma ? vma->vm_start : TASK_SIZE;
		unsigned long lo, hi;

		if (vma && (vma->vm_flags & VM_GROWSDOWN))
			gap_end -= MIN(gap_end, stack_guard_gap);
		lo = MAX(gap_start, low);
		hi = MIN(gap_end, high);
		if (hi > lo && hi - lo >= len) {
			fit = topdown ? hi - len : lo;
			if (!topdown)
				return fit;
		}
		if (!vma)
			return fit;
	}
}

/* mmap's choice for 1 to 8 pages is the walk's. Each test mapping is
 * write-only, so that it merges with nothing, and is unmapped again. */
static void expect_search_matches_walk(struct ktest_state *kt,
				       struct mm_struct *mm, unsigned long low,
				       unsigned long high, bool topdown)
{
	for (unsigned long n = 1; n <= 8; n++) {
		unsigned long want = fit_by_walk(mm, n * PAGE_SIZE, low, high,
						 topdown);
		unsigned long got =
			mmap_anon(mm, 0, n, PROT_WRITE, MAP_PRIVATE);

		KT_EXPECT_EQ(got, want);
		if (!IS_ERR_VALUE(got))
			KT_EXPECT_EQ(munmap(mm, got, n * PAGE_SIZE), 0);
	}
}

/* Unmapping every fourth area joins holes: the tree's gaps must follow. */
static void unmap_every_fourth_area(struct ktest_state *kt,
				    struct mm_struct *mm)
{
	struct vm_area_struct *vma = mm->mmap, *next;

	for (int i = 0; vma; vma = next, i++) {
		next = vma->vm_next;
		if (i % 4 == 0)
			KT_EXPECT_EQ(munmap(mm, vma->vm_start,
					    vma->vm_end - vma->vm_start), 0);
	}
}

KTEST(mmap_topdown_search_over_many_areas)
{
	struct mm_struct *mm = mm_alloc();

	KT_ASSERT_NOT_NULL(mm);
	KT_ASSERT(map_many_areas(mm, MMAP_BASE, -1));
	KT_EXPECT_EQ(mm->map_count, NR_MANY_AREAS);
	expect_search_matches_walk(kt, mm, mmap_min_addr, MMAP_BASE, true);
	unmap_every_fourth_area(kt, mm);
	expect_search_matches_walk(kt, mm, mmap_min_addr, MMAP_BASE, true);
	mmput(mm);
}

KTEST(mmap_bottomup_search_over_many_areas)
{
	unsigned long base = ALIGN_UP(TASK_SIZE / 3, PAGE_SIZE);
	struct mm_struct *mm = mm_alloc();

	KT_ASSERT_NOT_NULL(mm);
	mm->free_area_cache = PAGE_SIZE;
	KT_ASSERT(map_many_areas(mm, base, 1));
	expect_search_matches_walk(kt, mm, base, TASK_SIZE, false);
	unmap_every_fourth_area(kt, mm);
	expect_search_matches_walk(kt, mm, base, TASK_SIZE, false);
	mmput(mm);
}

/* ---- the edges of the user range, and mmap's errors ---- */

KTEST(mmap_first_user_page)
{
	struct mm_struct *mm = mm_alloc();

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mmap_fixed(mm, mmap_min_addr, 1, PROT_RW), mmap_min_addr);
	KT_EXPECT_EQ(mmap_fixed(mm, mmap_min_addr - PAGE_SIZE, 1, PROT_RW),
		     ERR_ADDR(EPERM));
	KT_EXPECT_EQ(mmap_fixed(mm, 0, 1, PROT_RW), ERR_ADDR(EPERM));
	KT_EXPECT_AREAS(mm, { mmap_min_addr, mmap_min_addr + PAGE_SIZE,
			      ANON_RW });
	mmput(mm);
}

KTEST(mmap_last_user_page)
{
	struct mm_struct *mm = mm_alloc();

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mmap_fixed(mm, TASK_SIZE - PAGE_SIZE, 1, PROT_RW),
		     TASK_SIZE - PAGE_SIZE);
	KT_EXPECT_EQ(fault_at(mm, TASK_SIZE - 1, FAULT_FLAG_WRITE), 0);
	KT_EXPECT_EQ(mmap_fixed(mm, TASK_SIZE - PAGE_SIZE, 2, PROT_RW),
		     ERR_ADDR(ENOMEM));
	KT_EXPECT_EQ(mmap_fixed(mm, TASK_SIZE, 1, PROT_RW), ERR_ADDR(ENOMEM));
	KT_EXPECT_AREAS(mm, { TASK_SIZE - PAGE_SIZE, TASK_SIZE, ANON_RW });
	KT_EXPECT_EQ(munmap(mm, TASK_SIZE - PAGE_SIZE, PAGE_SIZE), 0);
	KT_EXPECT_NO_AREAS(mm);
	KT_EXPECT_EQ(mm->rss, 0);
	mmput(mm);
}

KTEST(mmap_length_errors)
{
	struct mm_struct *mm = mm_alloc();

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(vm_mmap(mm, NULL, 0, 0, PROT_RW,
			     MAP_PRIVATE | MAP_ANONYMOUS, 0),
		     ERR_ADDR(EINVAL));
	KT_EXPECT_EQ(vm_mmap(mm, NULL, 0, TASK_SIZE, PROT_RW,
			     MAP_PRIVATE | MAP_ANONYMOUS, 0), ERR_ADDR(ENOMEM));
	/* Rounded up to a page, it wraps to 0. */
	KT_EXPECT_EQ(vm_mmap(mm, NULL, 0, -1ul, PROT_RW,
			     MAP_PRIVATE | MAP_ANONYMOUS, 0), ERR_ADDR(ENOMEM));
	KT_EXPECT_EQ(vm_mmap(mm, NULL, PG(0), 1ul << 62, PROT_RW,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, 0),
		     ERR_ADDR(ENOMEM));
	KT_EXPECT_NO_AREAS(mm);
	mmput(mm);
}

KTEST(mmap_flag_errors)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mmap_fixed(mm, PG(4) + 8, 1, PROT_RW), ERR_ADDR(EINVAL));
	/* Neither MAP_SHARED nor MAP_PRIVATE. */
	KT_EXPECT_EQ(mmap_anon(mm, PG(4), 1, PROT_RW, MAP_FIXED),
		     ERR_ADDR(EINVAL));
	KT_EXPECT_EQ(mmap_anon(mm, 0, 1, PROT_RW, 0), ERR_ADDR(EINVAL));
	/* A shared mapping cannot grow. */
	KT_EXPECT_EQ(mmap_anon(mm, 0, 1, PROT_RW, MAP_SHARED | MAP_GROWSDOWN),
		     ERR_ADDR(EINVAL));
	/* MAP_FIXED_NOREPLACE fails over anything mapped, even in part. */
	KT_EXPECT_EQ(mmap_anon(mm, PG(1), 2, PROT_READ,
			       MAP_PRIVATE | MAP_FIXED_NOREPLACE),
		     ERR_ADDR(EEXIST));
	KT_EXPECT_EQ(mmap_anon(mm, PG(3), 1, PROT_READ,
			       MAP_PRIVATE | MAP_FIXED_NOREPLACE), PG(3));
	KT_EXPECT_AREAS(mm, AREA(0, 2, ANON_RW), AREA(3, 4, ANON_RO));
	mmput(mm);
}

/* The system call's part: no file table yet, so only anonymous memory. */
KTEST(mmap_ksys_needs_anonymous)
{
	struct mm_struct *mm = mm_alloc();

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(ksys_mmap_pgoff(mm, 0, PAGE_SIZE, PROT_RW, MAP_PRIVATE,
				     3, 0),
		     ERR_ADDR(EBADF));
	KT_EXPECT_EQ(ksys_mmap_pgoff(mm, PG(0), PAGE_SIZE, PROT_RW,
				     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
		     PG(0));
	KT_EXPECT_AREAS(mm, AREA(0, 1, ANON_RW));
	mmput(mm);
}
