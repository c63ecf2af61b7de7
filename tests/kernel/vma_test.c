/*
 * The set of areas: when a new mapping merges with its neighbours (Linux's
 * vma_merge, as /proc/PID/maps shows it), how munmap splits them, and
 * finding areas (find_vma and friends, the mmap_cache). Helpers:
 * tests/kernel/mm_test.h.
 */
#include "tests/kernel/mm_test.h"

/* ---- merging ---- */

/* The hole between two areas, filled: the new range joins whichever
 * neighbour has the same flags and continues its backing. */
KTEST(vma_merge_hole_with_prev_only)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW),
					     AREA(3, 5, ANON_RO));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mmap_fixed(mm, PG(2), 1, PROT_RW), PG(2));
	KT_EXPECT_AREAS(mm, AREA(0, 3, ANON_RW), AREA(3, 5, ANON_RO));
	mmput(mm);
}

KTEST(vma_merge_hole_with_next_only)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW),
					     AREA(3, 5, ANON_RO));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mmap_fixed(mm, PG(2), 1, PROT_READ), PG(2));
	KT_EXPECT_AREAS(mm, AREA(0, 2, ANON_RW), AREA(2, 5, ANON_RO));
	/* The area grew down: its offset moved with its start. */
	KT_EXPECT_EQ(mm->mmap->vm_next->vm_pgoff, PG(2) >> PAGE_SHIFT);
	mmput(mm);
}

KTEST(vma_merge_hole_with_both)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW),
					     AREA(3, 5, ANON_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mmap_fixed(mm, PG(2), 1, PROT_RW), PG(2));
	KT_EXPECT_AREAS(mm, AREA(0, 5, ANON_RW));
	KT_EXPECT_EQ(mm->map_count, 1);
	mmput(mm);
}

KTEST(vma_merge_hole_with_none)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW),
					     AREA(3, 5, ANON_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mmap_fixed(mm, PG(2), 1, PROT_READ | PROT_EXEC), PG(2));
	KT_EXPECT_AREAS(mm, AREA(0, 2, ANON_RW), AREA(2, 3, ANON_RX),
			AREA(3, 5, ANON_RW));
	mmput(mm);
}

/* MAP_FIXED replaces what was there: the middle of an area becomes an
 * area of its own, and mapping it back as it was makes one area again. */
KTEST(vma_map_fixed_replaces_then_merges)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 4, ANON_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mmap_fixed(mm, PG(1), 2, PROT_READ), PG(1));
	KT_EXPECT_AREAS(mm, AREA(0, 1, ANON_RW), AREA(1, 3, ANON_RO),
			AREA(3, 4, ANON_RW));
	KT_EXPECT_EQ(mmap_fixed(mm, PG(1), 2, PROT_RW), PG(1));
	KT_EXPECT_AREAS(mm, AREA(0, 4, ANON_RW));
	mmput(mm);
}

/* Over the tail of one area, a hole and the head of another: the range
 * merges with what is left of the first. */
KTEST(vma_map_fixed_across_areas)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW),
					     AREA(3, 5, ANON_RO));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mmap_fixed(mm, PG(1), 3, PROT_RW), PG(1));
	KT_EXPECT_AREAS(mm, AREA(0, 4, ANON_RW), AREA(4, 5, ANON_RO));
	mmput(mm);
}

/* Private anonymous memory takes its page offset from its address, so
 * mmap's areas, placed top down one below the other, become one. */
KTEST(vma_merge_private_anonymous_topdown)
{
	struct mm_struct *mm = mm_alloc();
	unsigned long a, b;

	KT_ASSERT_NOT_NULL(mm);
	a = mmap_anon(mm, 0, 2, PROT_RW, MAP_PRIVATE);
	b = mmap_anon(mm, 0, 3, PROT_RW, MAP_PRIVATE);
	KT_EXPECT_EQ(b, a - 3 * PAGE_SIZE);
	KT_EXPECT_EQ(mm->map_count, 1);
	KT_EXPECT_EQ(mm->mmap->vm_start, b);
	KT_EXPECT_EQ(mm->mmap->vm_end, a + 2 * PAGE_SIZE);
	KT_EXPECT_EQ(mm->mmap->vm_pgoff, b >> PAGE_SHIFT);
	mmput(mm);
}

/* Shared anonymous memory is each mapping's own object (offset 0 in it):
 * areas that touch stay apart, whether placed by mmap or fixed. */
KTEST(vma_shared_anonymous_does_not_merge)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, SHARED_RW));
	unsigned long a, b;

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mmap_anon(mm, PG(2), 2, PROT_RW,
			       MAP_SHARED | MAP_FIXED), PG(2));
	KT_EXPECT_AREAS(mm, AREA(0, 2, SHARED_RW), AREA(2, 4, SHARED_RW));

	a = mmap_anon(mm, 0, 1, PROT_RW, MAP_SHARED);
	b = mmap_anon(mm, 0, 1, PROT_RW, MAP_SHARED);
	KT_EXPECT_EQ(b, a - PAGE_SIZE);
	KT_EXPECT_EQ(mm->map_count, 4);
	mmput(mm);
}

/* Even where the offsets would line up: what is left of a shared area
 * after its first page is unmapped starts at offset 1 of its object, and
 * a new shared page mapped below it is offset 0 of another one. */
KTEST(vma_shared_anonymous_does_not_merge_with_rest_of_other)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 4, SHARED_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(munmap(mm, PG(0), PAGE_SIZE), 0);
	KT_EXPECT_EQ(mmap_anon(mm, PG(0), 1, PROT_RW,
			       MAP_SHARED | MAP_FIXED), PG(0));
	KT_EXPECT_AREAS(mm, AREA(0, 1, SHARED_RW), AREA(1, 4, SHARED_RW));
	mmput(mm);
}

/* The pieces of one shared mapping are still one object: split by
 * mprotect, they merge back when their flags agree again. */
KTEST(vma_shared_anonymous_pieces_merge_back)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 4, SHARED_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mprotect(mm, PG(1), 2 * PAGE_SIZE, PROT_READ), 0);
	KT_EXPECT_EQ(mm->map_count, 3);
	KT_EXPECT_EQ(mprotect(mm, PG(1), 2 * PAGE_SIZE, PROT_RW), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 4, SHARED_RW));
	mmput(mm);
}

/* ---- munmap ---- */

KTEST(munmap_middle_splits)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 4, ANON_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(munmap(mm, PG(1), 2 * PAGE_SIZE), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 1, ANON_RW), AREA(3, 4, ANON_RW));
	KT_EXPECT_EQ(mm->map_count, 2);
	/* The pieces kept their offsets: filling the hole joins them. */
	KT_EXPECT_EQ(mmap_fixed(mm, PG(1), 2, PROT_RW), PG(1));
	KT_EXPECT_AREAS(mm, AREA(0, 4, ANON_RW));
	mmput(mm);
}

KTEST(munmap_head_and_tail)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 4, ANON_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(munmap(mm, PG(0), PAGE_SIZE), 0);
	KT_EXPECT_AREAS(mm, AREA(1, 4, ANON_RW));
	KT_EXPECT_EQ(munmap(mm, PG(3), PAGE_SIZE), 0);
	KT_EXPECT_AREAS(mm, AREA(1, 3, ANON_RW));
	KT_EXPECT_EQ(mmap_fixed(mm, PG(0), 1, PROT_RW), PG(0));
	KT_EXPECT_EQ(mmap_fixed(mm, PG(3), 1, PROT_RW), PG(3));
	KT_EXPECT_AREAS(mm, AREA(0, 4, ANON_RW));
	mmput(mm);
}

KTEST(munmap_across_areas_and_holes)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW),
					     AREA(3, 5, ANON_RO),
					     AREA(6, 8, ANON_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(munmap(mm, PG(1), 6 * PAGE_SIZE), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 1, ANON_RW), AREA(7, 8, ANON_RW));
	mmput(mm);
}

KTEST(munmap_exact_area)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW),
					     AREA(3, 5, ANON_RO));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(munmap(mm, PG(3), 2 * PAGE_SIZE), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 2, ANON_RW));
	/* A length that is not a multiple of pages is rounded up. */
	KT_EXPECT_EQ(munmap(mm, PG(0), PAGE_SIZE + 1), 0);
	KT_EXPECT_NO_AREAS(mm);
	mmput(mm);
}

KTEST(munmap_nothing_mapped)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW),
					     AREA(3, 5, ANON_RO));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(munmap(mm, PG(2), PAGE_SIZE), 0);		/* the hole */
	KT_EXPECT_EQ(munmap(mm, PG(5), 100 * PAGE_SIZE), 0);	/* above all */
	KT_EXPECT_EQ(munmap(mm, mmap_min_addr, PAGE_SIZE), 0);	/* below */
	KT_EXPECT_AREAS(mm, AREA(0, 2, ANON_RW), AREA(3, 5, ANON_RO));
	mmput(mm);
}

KTEST(munmap_errors)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(munmap(mm, PG(0) + 1, PAGE_SIZE), -EINVAL);
	KT_EXPECT_EQ(munmap(mm, PG(0), 0), -EINVAL);
	KT_EXPECT_EQ(munmap(mm, TASK_SIZE - PAGE_SIZE, 2 * PAGE_SIZE), -EINVAL);
	KT_EXPECT_EQ(munmap(mm, TASK_SIZE + PAGE_SIZE, PAGE_SIZE), -EINVAL);
	KT_EXPECT_EQ(munmap(mm, PG(0), -PAGE_SIZE), -EINVAL);
	KT_EXPECT_AREAS(mm, AREA(0, 2, ANON_RW));
	mmput(mm);
}

/* At sysctl_max_map_count areas, munmap may not split an area in three;
 * cutting off a head or tail adds no area, so it may. */
KTEST(munmap_map_count_limit)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 4, ANON_RW),
					     AREA(5, 8, ANON_RO));
	int saved = sysctl_max_map_count;

	KT_ASSERT_NOT_NULL(mm);
	sysctl_max_map_count = 2;
	KT_EXPECT_EQ(munmap(mm, PG(1), PAGE_SIZE), -ENOMEM);
	KT_EXPECT_AREAS(mm, AREA(0, 4, ANON_RW), AREA(5, 8, ANON_RO));
	KT_EXPECT_EQ(munmap(mm, PG(0), PAGE_SIZE), 0);
	KT_EXPECT_EQ(munmap(mm, PG(7), PAGE_SIZE), 0);
	/* The tail of one area and the head of the next: no new area. */
	KT_EXPECT_EQ(munmap(mm, PG(3), 3 * PAGE_SIZE), 0);
	KT_EXPECT_AREAS(mm, AREA(1, 3, ANON_RW), AREA(6, 7, ANON_RO));
	sysctl_max_map_count = saved;
	mmput(mm);
}

/* ---- finding areas ---- */

/* find_vma: the first area that ends above the address. */
KTEST(vma_find_vma)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW),
					     AREA(4, 6, ANON_RO));
	struct vm_area_struct *first, *second;

	KT_ASSERT_NOT_NULL(mm);
	first = mm->mmap;
	second = first->vm_next;
	KT_EXPECT(find_vma(mm, 0) == first);		/* below all */
	KT_EXPECT(find_vma(mm, PG(0)) == first);
	KT_EXPECT(find_vma(mm, PG(2) - 1) == first);
	KT_EXPECT(find_vma(mm, PG(2)) == second);	/* a hole: the next */
	KT_EXPECT(find_vma(mm, PG(3) + 5) == second);
	KT_EXPECT(find_vma(mm, PG(5)) == second);
	KT_EXPECT_NULL(find_vma(mm, PG(6)));		/* above all */
	KT_EXPECT_NULL(find_vma(mm, TASK_SIZE - 1));
	mmput(mm);
}

/* Repeated lookups in one area are answered by mmap_cache. */
KTEST(vma_find_vma_cache)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW),
					     AREA(4, 6, ANON_RO));
	unsigned long hits, misses;

	KT_ASSERT_NOT_NULL(mm);
	find_vma(mm, PG(4));	/* the cache now holds the second area */
	hits = mm->mmap_cache_hits;
	misses = mm->mmap_cache_misses;
	KT_EXPECT(find_vma(mm, PG(0)) == mm->mmap);
	KT_EXPECT(find_vma(mm, PG(1)) == mm->mmap);
	KT_EXPECT(find_vma(mm, PG(2) - 1) == mm->mmap);
	KT_EXPECT_EQ(mm->mmap_cache_misses - misses, 1);
	KT_EXPECT_EQ(mm->mmap_cache_hits - hits, 2);
	/* An address in a hole is not in the cached area. */
	find_vma(mm, PG(3));
	KT_EXPECT_EQ(mm->mmap_cache_misses - misses, 2);
	mmput(mm);
}

KTEST(vma_find_vma_prev)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW),
					     AREA(4, 6, ANON_RO));
	struct vm_area_struct *first, *second, *prev;

	KT_ASSERT_NOT_NULL(mm);
	first = mm->mmap;
	second = first->vm_next;
	KT_EXPECT(find_vma_prev(mm, PG(1), &prev) == first);
	KT_EXPECT_NULL(prev);
	KT_EXPECT(find_vma_prev(mm, PG(3), &prev) == second);
	KT_EXPECT(prev == first);
	KT_EXPECT(find_vma_prev(mm, PG(5), &prev) == second);
	KT_EXPECT(prev == first);
	/* Above the last area: no area, and prev is the last one. */
	KT_EXPECT_NULL(find_vma_prev(mm, PG(6), &prev));
	KT_EXPECT(prev == second);
	mmput(mm);

	mm = mm_alloc();
	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_NULL(find_vma_prev(mm, PG(0), &prev));
	KT_EXPECT_NULL(prev);
	mmput(mm);
}

KTEST(vma_find_vma_intersection)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW),
					     AREA(4, 6, ANON_RO));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT(find_vma_intersection(mm, PG(1), PG(3)) == mm->mmap);
	KT_EXPECT(find_vma_intersection(mm, PG(3), PG(5)) == mm->mmap->vm_next);
	KT_EXPECT_NULL(find_vma_intersection(mm, PG(2), PG(4)));  /* the hole */
	KT_EXPECT_NULL(find_vma_intersection(mm, PG(6), PG(9)));
	KT_EXPECT(find_vma_intersection(mm, 0, PG(9)) == mm->mmap);
	mmput(mm);
}
