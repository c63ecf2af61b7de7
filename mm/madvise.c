/*
 * madvise: what a program tells the kernel about how it will use a range.
 * The read-pattern hints become VM_SEQ_READ / VM_RAND_READ on the areas
 * (split and merged like mprotect's changes); MADV_DONTNEED drops the
 * pages from the page tables, so the next access to private memory finds
 * fresh zero-filled memory, and shared memory its pages in its file.
 */
#include "mm/internal.h"
#include "mm/tlb.h"

static bool madvise_behavior_valid(int behavior)
{
	switch (behavior) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_DONTNEED:
		return true;
	default:
		return false;
	}
}

static unsigned long read_hint_flags(unsigned long vm_flags, int behavior)
{
	vm_flags &= ~(VM_SEQ_READ | VM_RAND_READ);
	if (behavior == MADV_SEQUENTIAL)
		vm_flags |= VM_SEQ_READ;
	else if (behavior == MADV_RANDOM)
		vm_flags |= VM_RAND_READ;
	return vm_flags;
}

/* Locked pages must stay: dropping them is refused. A shared area's
 * pages only leave its page tables: its file keeps them (mm/shmem.c). */
static int madvise_dontneed(struct mm_struct *mm, struct vm_area_struct *vma,
			    unsigned long start, unsigned long end)
{
	struct mmu_gather tlb;

	if (vma->vm_flags & VM_LOCKED)
		return -EINVAL;
	tlb_gather_mmu(&tlb, mm);
	unmap_page_range(&tlb, start, end);
	tlb_finish_mmu(&tlb);
	return 0;
}

/* Apply behavior to [start, end), which lies in vma; *pprev as for
 * mprotect_fixup. */
static int madvise_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		       struct vm_area_struct **pprev, unsigned long start,
		       unsigned long end, int behavior)
{
	unsigned long new_flags = read_hint_flags(vma->vm_flags, behavior);
	int error;

	if (behavior == MADV_DONTNEED || behavior == MADV_WILLNEED ||
	    new_flags == vma->vm_flags) {
		*pprev = vma;
		/* WILLNEED: anonymous memory has nothing to read ahead */
		return behavior == MADV_DONTNEED ?
			madvise_dontneed(mm, vma, start, end) : 0;
	}
	error = vma_modify_flags(mm, *pprev, &vma, start, end, new_flags);
	*pprev = vma;
	return error;
}

/*
 * Area by area. Unlike mprotect, holes do not stop the walk: every mapped
 * part gets the advice, and then the call reports ENOMEM for the holes.
 */
static int madvise_walk_vmas(struct mm_struct *mm, unsigned long start,
			     unsigned long end, int behavior)
{
	struct vm_area_struct *prev, *vma = find_vma_prev(mm, start, &prev);
	int unmapped_error = 0;

	if (vma && start > vma->vm_start)
		prev = vma;
	for (;;) {
		unsigned long tmp;
		int error;

		if (!vma)
			return -ENOMEM;
		if (start < vma->vm_start) {
			unmapped_error = -ENOMEM;
			start = vma->vm_start;
			if (start >= end)
				break;
		}
		tmp = MIN(vma->vm_end, end);
		error = madvise_vma(mm, vma, &prev, start, tmp, behavior);
		if (error)
			return error;
		start = MAX(tmp, prev->vm_end);
		if (start >= end)
			break;
		vma = prev->vm_next;
	}
	return unmapped_error;
}

int do_madvise(struct mm_struct *mm, unsigned long start, size_t len,
	       int behavior)
{
	size_t aligned_len = ALIGN_UP(len, PAGE_SIZE);
	bool write;
	int error;

	if (!madvise_behavior_valid(behavior))
		return -EINVAL;
	if (!IS_ALIGNED(start, PAGE_SIZE))
		return -EINVAL;
	if (len && !aligned_len)	/* rounded up from just below 2^64 */
		return -EINVAL;
	if (start + aligned_len < start)
		return -EINVAL;
	if (!aligned_len)
		return 0;
	/* Only changing the areas' flags needs the areas to themselves;
	 * dropping pages, like a fault, only needs them to stay put. */
	write = behavior != MADV_DONTNEED && behavior != MADV_WILLNEED;
	if (write)
		down_write(&mm->mmap_sem);
	else
		down_read(&mm->mmap_sem);
	error = madvise_walk_vmas(mm, start, start + aligned_len, behavior);
	if (CONFIG_DEBUG_VM)
		validate_mm(mm);
	if (write)
		up_write(&mm->mmap_sem);
	else
		up_read(&mm->mmap_sem);
	return error;
}
