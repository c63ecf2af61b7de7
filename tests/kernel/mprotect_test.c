/*
 * mprotect: how a change of protection splits the areas it covers in part
 * and merges the pieces with neighbours that then match, and its errors.
 * Helpers: tests/kernel/mm_test.h.
 *
 * Neighbours that should merge are pieces of one mapping, split by an
 * earlier mprotect: see mprotect_merges_only_areas_accounted_alike.
 */
#include "tests/kernel/mm_test.h"

KTEST(mprotect_whole_area)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 3, ANON_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mprotect(mm, PG(0), 3 * PAGE_SIZE, PROT_READ), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 3, ANON_RO));
	KT_EXPECT_EQ(pgprot_val(mm->mmap->vm_page_prot),
		     pgprot_val(vm_get_page_prot(ANON_RO)));
	mmput(mm);
}

/* A head splits off; then the next page joins it (the area before). */
KTEST(mprotect_head_merges_into_prev)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 4, ANON_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mprotect(mm, PG(0), PAGE_SIZE, PROT_READ), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 1, ANON_RO), AREA(1, 4, ANON_RW));
	KT_EXPECT_EQ(mprotect(mm, PG(1), 2 * PAGE_SIZE, PROT_READ), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 3, ANON_RO), AREA(3, 4, ANON_RW));
	mmput(mm);
}

/* A tail splits off; then the page before joins it (the area after). */
KTEST(mprotect_tail_merges_into_next)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 4, ANON_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mprotect(mm, PG(3), PAGE_SIZE, PROT_READ), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 3, ANON_RW), AREA(3, 4, ANON_RO));
	KT_EXPECT_EQ(mprotect(mm, PG(1), 2 * PAGE_SIZE, PROT_READ), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 1, ANON_RW), AREA(1, 4, ANON_RO));
	KT_EXPECT_EQ(mm->mmap->vm_next->vm_pgoff, PG(1) >> PAGE_SHIFT);
	/* The whole first area: the next one takes it over. */
	KT_EXPECT_EQ(mprotect(mm, PG(0), PAGE_SIZE, PROT_READ), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 4, ANON_RO));
	mmput(mm);
}

KTEST(mprotect_middle_makes_three)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 3, ANON_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mprotect(mm, PG(1), PAGE_SIZE, PROT_NONE), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 1, ANON_RW), AREA(1, 2, ANON_NONE),
			AREA(2, 3, ANON_RW));
	KT_EXPECT_EQ(mm->map_count, 3);
	/* Back as it was: one area again (the middle merges both ways). */
	KT_EXPECT_EQ(mprotect(mm, PG(1), PAGE_SIZE, PROT_RW), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 3, ANON_RW));
	mmput(mm);
}

/* One call over several areas, which all end up alike: one area. */
KTEST(mprotect_across_areas_merges_all)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 5, ANON_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mprotect(mm, PG(1), PAGE_SIZE, PROT_READ), 0);
	KT_EXPECT_EQ(mprotect(mm, PG(3), PAGE_SIZE, PROT_NONE), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 1, ANON_RW), AREA(1, 2, ANON_RO),
			AREA(2, 3, ANON_RW), AREA(3, 4, ANON_NONE),
			AREA(4, 5, ANON_RW));
	KT_EXPECT_EQ(mprotect(mm, PG(0), 5 * PAGE_SIZE, PROT_RW), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 5, ANON_RW));
	mmput(mm);
}

/* Linux accounts private writable memory (VM_ACCOUNT) from the moment it
 * is mapped or made writable, for good: an area made read-only does not
 * merge with one that never was writable, though /proc/PID/maps shows the
 * same "r--p" for both. Made writable too, the latter is accounted as
 * well, and they merge. */
KTEST(mprotect_merges_only_areas_accounted_alike)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RO),
					     AREA(2, 4, ANON_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mprotect(mm, PG(2), 2 * PAGE_SIZE, PROT_READ), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 2, ANON_RO), AREA(2, 4, ANON_RO));
	KT_EXPECT_EQ(mprotect(mm, PG(0), 4 * PAGE_SIZE, PROT_RW), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 4, ANON_RW));
	mmput(mm);
}

/* A hole stops the walk with ENOMEM; what came before it stays changed,
 * as in Linux. A range that starts in a hole changes nothing. */
KTEST(mprotect_hole_enomem_after_partial_change)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW),
					     AREA(3, 5, ANON_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mprotect(mm, PG(0), 5 * PAGE_SIZE, PROT_READ), -ENOMEM);
	KT_EXPECT_AREAS(mm, AREA(0, 2, ANON_RO), AREA(3, 5, ANON_RW));
	KT_EXPECT_EQ(mprotect(mm, PG(2), 2 * PAGE_SIZE, PROT_NONE), -ENOMEM);
	KT_EXPECT_EQ(mprotect(mm, PG(5), PAGE_SIZE, PROT_NONE), -ENOMEM);
	KT_EXPECT_AREAS(mm, AREA(0, 2, ANON_RO), AREA(3, 5, ANON_RW));
	mmput(mm);
}

/* Without VM_MAYWRITE (as for a read-only file mapped shared) write
 * access is refused with EACCES; areas before it in the range are
 * changed already. */
KTEST(mprotect_eacces_without_maywrite)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RO),
					     AREA(2, 4, ANON_RX));
	unsigned long no_maywrite = ANON_RX & ~VM_MAYWRITE;

	KT_ASSERT_NOT_NULL(mm);
	mm->mmap->vm_next->vm_flags = no_maywrite;
	KT_EXPECT_EQ(mprotect(mm, PG(2), PAGE_SIZE, PROT_RW), -EACCES);
	KT_EXPECT_EQ(mprotect(mm, PG(0), 4 * PAGE_SIZE, PROT_RW), -EACCES);
	KT_EXPECT_AREAS(mm, AREA(0, 2, ANON_RW), AREA(2, 4, no_maywrite));
	/* What VM_MAY* allows is still allowed. */
	KT_EXPECT_EQ(mprotect(mm, PG(2), PAGE_SIZE, PROT_READ), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 2, ANON_RW),
			AREA(2, 3, no_maywrite & ~VM_EXEC),
			AREA(3, 4, no_maywrite));
	mmput(mm);
}

KTEST(mprotect_argument_errors)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW));

	KT_ASSERT_NOT_NULL(mm);
	/* 0x10 is no PROT_* bit */
	KT_EXPECT_EQ(mprotect(mm, PG(0), PAGE_SIZE, 0x10), -EINVAL);
	KT_EXPECT_EQ(mprotect(mm, PG(0) + 1, PAGE_SIZE, PROT_READ), -EINVAL);
	KT_EXPECT_EQ(mprotect(mm, PG(0), PAGE_SIZE,
			      PROT_READ | PROT_GROWSDOWN | PROT_GROWSUP),
		     -EINVAL);
	/* PROT_GROWSUP: no area grows up on x86 */
	KT_EXPECT_EQ(mprotect(mm, PG(0), PAGE_SIZE, PROT_READ | PROT_GROWSUP),
		     -EINVAL);
	/* PROT_GROWSDOWN on an area that does not grow down */
	KT_EXPECT_EQ(mprotect(mm, PG(1), PAGE_SIZE,
			      PROT_READ | PROT_GROWSDOWN), -EINVAL);
	/* Wrapping around the top of the address space */
	KT_EXPECT_EQ(mprotect(mm, PG(0), -PG(0), PROT_READ), -ENOMEM);
	KT_EXPECT_AREAS(mm, AREA(0, 2, ANON_RW));
	/* Length 0 is nothing to do, even where nothing is mapped. */
	KT_EXPECT_EQ(mprotect(mm, PG(7), 0, PROT_READ), 0);
	/* PROT_SEM is accepted and ignored on x86. */
	KT_EXPECT_EQ(mprotect(mm, PG(0), 2 * PAGE_SIZE, PROT_READ | PROT_SEM),
		     0);
	KT_EXPECT_AREAS(mm, AREA(0, 2, ANON_RO));
	mmput(mm);
}

/* At sysctl_max_map_count areas a change that needs a new area fails
 * (split_vma); one that only moves a boundary between areas does not. */
KTEST(mprotect_map_count_limit)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 4, ANON_RW));
	int saved = sysctl_max_map_count;

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mprotect(mm, PG(0), PAGE_SIZE, PROT_READ), 0);
	sysctl_max_map_count = 2;
	KT_EXPECT_EQ(mprotect(mm, PG(3), PAGE_SIZE, PROT_NONE), -ENOMEM);
	KT_EXPECT_EQ(mprotect(mm, PG(1), PAGE_SIZE, PROT_READ), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 2, ANON_RO), AREA(2, 4, ANON_RW));
	sysctl_max_map_count = saved;
	mmput(mm);
}

/* PROT_GROWSDOWN extends the change down to the start of the stack. */
KTEST(mprotect_growsdown_extends_to_area_start)
{
	struct mm_struct *mm =
		MM_WITH_AREAS(AREA(0, 4, ANON_RW | VM_GROWSDOWN));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mprotect(mm, PG(2), PAGE_SIZE, PROT_READ | PROT_GROWSDOWN),
		     0);
	KT_EXPECT_AREAS(mm, AREA(0, 3, ANON_RO | VM_GROWSDOWN),
			AREA(3, 4, ANON_RW | VM_GROWSDOWN));
	mmput(mm);
}
