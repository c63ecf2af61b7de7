/*
 * Stack areas (MAP_GROWSDOWN) growing down on a fault below them
 * (expand_stack): up to STACK_LIMIT, never into stack_guard_gap above the
 * area below, never under mmap_min_addr. Helpers: tests/kernel/mm_test.h.
 */
#include "tests/kernel/mm_test.h"

/* What the fault handler does for an address below an area (mm/fault.c):
 * with mmap_sem held for writing, grow the area above it down to it.
 * expand_stack's answer, or -EFAULT if there is no area above. */
static int grow_stack(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;
	int error = -EFAULT;

	down_write(&mm->mmap_sem);
	vma = find_vma(mm, addr);
	if (vma && vma->vm_start > addr)
		error = expand_stack(vma, addr);
	up_write(&mm->mmap_sem);
	validate_mm(mm);
	return error;
}

/* The area takes in the page of the address, and the new pages fault in
 * like any other. Its offset stays its address in pages (anonymous
 * memory), so a mapping just below it continues it. */
KTEST(stack_grows_down_to_fault_address)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, ANON_RW),
					     AREA(400, 402, STACK_RW));
	pte_t pte;

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(grow_stack(mm, PG(399) + 8), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 1, ANON_RW), AREA(399, 402, STACK_RW));
	KT_EXPECT_EQ(find_vma(mm, PG(399))->vm_pgoff, PG(399) >> PAGE_SHIFT);
	KT_EXPECT_EQ(fault_at(mm, PG(399) + 8, FAULT_FLAG_WRITE), 0);
	KT_EXPECT(page_at(mm, PG(399), &pte) && pte_write(pte));
	KT_EXPECT_FAULTS(mm, [MM_FAULT_ANON] = 1);

	/* many pages at once; those between stay untouched */
	KT_EXPECT_EQ(grow_stack(mm, PG(390) + 100), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 1, ANON_RW), AREA(390, 402, STACK_RW));
	KT_EXPECT_EQ(find_vma(mm, PG(390))->vm_pgoff, PG(390) >> PAGE_SHIFT);
	KT_EXPECT_NULL(page_at(mm, PG(391), NULL));
	KT_EXPECT_EQ(mm->rss, 1);
	KT_EXPECT_EQ(mmap_anon(mm, PG(389), 1, PROT_RW,
			       MAP_PRIVATE | MAP_FIXED | MAP_GROWSDOWN),
		     PG(389));
	KT_EXPECT_AREAS(mm, AREA(0, 1, ANON_RW), AREA(389, 402, STACK_RW));
	mmput(mm);
}

/* STACK_LIMIT in all, not a page more; a refusal changes nothing. */
KTEST(stack_stops_at_stack_limit)
{
	unsigned long limit = STACK_LIMIT >> PAGE_SHIFT, top = 4 * limit;
	struct mm_struct *mm = MM_WITH_AREAS(AREA(top - 1, top, STACK_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(grow_stack(mm, PG(top) - STACK_LIMIT - 1), -ENOMEM);
	KT_EXPECT_AREAS(mm, AREA(top - 1, top, STACK_RW));
	KT_EXPECT_EQ(grow_stack(mm, PG(top) - STACK_LIMIT), 0);
	KT_EXPECT_AREAS(mm, AREA(top - limit, top, STACK_RW));
	KT_EXPECT_EQ(grow_stack(mm, PG(top) - STACK_LIMIT - 1), -ENOMEM);
	KT_EXPECT_AREAS(mm, AREA(top - limit, top, STACK_RW));
	KT_EXPECT_EQ(mm->total_vm, limit);
	mmput(mm);
}

/* stack_guard_gap stays free above the area below: exactly the gap is
 * allowed, a page less is not. */
KTEST(stack_keeps_guard_gap_above_area_below)
{
	unsigned long gap = stack_guard_gap >> PAGE_SHIFT;
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, ANON_RO),
					     AREA(gap + 3, gap + 4, STACK_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(grow_stack(mm, PG(gap + 1) - 1), -ENOMEM);
	KT_EXPECT_AREAS(mm, AREA(0, 1, ANON_RO),
			AREA(gap + 3, gap + 4, STACK_RW));
	KT_EXPECT_EQ(grow_stack(mm, PG(gap + 1)), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 1, ANON_RO),
			AREA(gap + 1, gap + 4, STACK_RW));
	mmput(mm);
}

/* A stack below keeps no gap from the one above (Linux's rule: the gap
 * protects other memory from a stack, not stacks from each other). */
KTEST(stack_next_to_stack_needs_no_gap)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, STACK_RW),
					     AREA(3, 4, STACK_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(grow_stack(mm, PG(1)), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 1, STACK_RW), AREA(1, 4, STACK_RW));
	mmput(mm);
}

/* Nor does an inaccessible area below (Linux checks vma_is_accessible:
 * programs put PROT_NONE guard areas under their stacks). */
KTEST(stack_grows_next_to_prot_none_area)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, ANON_NONE),
					     AREA(3, 4, STACK_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(grow_stack(mm, PG(1)), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 1, ANON_NONE), AREA(1, 4, STACK_RW));
	mmput(mm);
}

/* Nothing below mmap_min_addr, stacks included. */
KTEST(stack_stops_at_mmap_min_addr)
{
	unsigned long low = mmap_min_addr;
	struct mm_struct *mm = mm_alloc();

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mmap_anon(mm, low + PAGE_SIZE, 1, PROT_RW,
			       MAP_PRIVATE | MAP_FIXED | MAP_GROWSDOWN),
		     low + PAGE_SIZE);
	KT_EXPECT_EQ(grow_stack(mm, low - 1), -ENOMEM);
	KT_EXPECT_EQ(grow_stack(mm, 0), -ENOMEM);
	KT_EXPECT_AREAS(mm, { low + PAGE_SIZE, low + 2 * PAGE_SIZE, STACK_RW });
	KT_EXPECT_EQ(grow_stack(mm, low), 0);
	KT_EXPECT_AREAS(mm, { low, low + 2 * PAGE_SIZE, STACK_RW });
	mmput(mm);
}

/* Only VM_GROWSDOWN areas grow; below any other, a fault is SIGSEGV. */
KTEST(stack_only_stacks_grow)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(500, 501, ANON_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_NE(grow_stack(mm, PG(499)), 0);
	KT_EXPECT_AREAS(mm, AREA(500, 501, ANON_RW));
	KT_EXPECT_EQ(fault_at(mm, PG(499), 0), VM_FAULT_SIGSEGV);
	mmput(mm);
}

/* A locked stack's new pages are locked memory too. */
KTEST(stack_locked_grows_locked_vm)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(10, 11,
						  STACK_RW | VM_LOCKED));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(grow_stack(mm, PG(8)), 0);
	KT_EXPECT_AREAS(mm, AREA(8, 11, STACK_RW | VM_LOCKED));
	KT_EXPECT_EQ(mm->locked_vm, 3);
	mmput(mm);
}
