/*
 * mprotect: change the access an address range allows. The range's areas
 * are split where it begins and ends inside one, pieces that end up like
 * a neighbour merge with it, and the page-table entries already present
 * get the new protection.
 */
#include "mm/internal.h"
#include "mm/pgtable.h"
#include "mm/tlb.h"

/* Give [start, end), which lies in vma, the flags newflags. *pprev is the
 * area before start (or vma, if vma starts below start); on return, the
 * area that now covers the range. */
static int mprotect_fixup(struct mm_struct *mm, struct vm_area_struct *vma,
			  struct vm_area_struct **pprev, unsigned long start,
			  unsigned long end, unsigned long newflags)
{
	int error;

	if (newflags == vma->vm_flags) {
		*pprev = vma;
		return 0;
	}
	/* Memory that becomes private and writable for the first time is
	 * accounted from now on (see accountable_mapping), and stays so. */
	if (!(vma->vm_flags & VM_ACCOUNT) && accountable_mapping(newflags))
		newflags |= VM_ACCOUNT;
	error = vma_modify_flags(mm, *pprev, &vma, start, end, newflags);
	if (error)
		return error;
	*pprev = vma;
	if (change_protection(mm->pgd, start, end, vma->vm_page_prot))
		flush_tlb_mm_range(mm, start, end);
	return 0;
}

/* Would newflags set an access bit whose VM_MAY* bit is clear? */
static bool access_forbidden(unsigned long newflags)
{
	BUILD_BUG_ON(VM_MAYREAD >> 4 != VM_READ || VM_MAYWRITE >> 4 != VM_WRITE ||
		     VM_MAYEXEC >> 4 != VM_EXEC);
	return (newflags & ~(newflags >> 4)) & VM_ACCESS_FLAGS;
}

/* The first area to change, and the range adjusted for PROT_GROWSDOWN;
 * or an error. */
static int mprotect_first_vma(struct mm_struct *mm, unsigned long *start,
			      unsigned long end, unsigned long grows,
			      struct vm_area_struct **pvma)
{
	struct vm_area_struct *vma = find_vma(mm, *start);

	if (!vma)
		return -ENOMEM;
	if (grows & PROT_GROWSDOWN) {
		if (vma->vm_start >= end)
			return -ENOMEM;
		*start = vma->vm_start;
		if (!(vma->vm_flags & VM_GROWSDOWN))
			return -EINVAL;
	} else {
		if (vma->vm_start > *start)
			return -ENOMEM;
		if (grows & PROT_GROWSUP)
			return -EINVAL;	/* no area grows up on x86 */
	}
	*pvma = vma;
	return 0;
}

/*
 * Area by area from start. Like Linux, a hole or a forbidden protection
 * stops the walk with ENOMEM or EACCES, leaving the areas before it
 * changed.
 */
static int mprotect_range(struct mm_struct *mm, struct vm_area_struct *vma,
			  unsigned long start, unsigned long end,
			  unsigned long prot)
{
	struct vm_area_struct *prev = start > vma->vm_start ? vma : vma->vm_prev;

	for (unsigned long nstart = start;;) {
		unsigned long newflags = (prot & VM_ACCESS_FLAGS) |
					 (vma->vm_flags & ~VM_ACCESS_FLAGS);
		unsigned long tmp = MIN(vma->vm_end, end);
		int error;

		if (access_forbidden(newflags))
			return -EACCES;
		error = mprotect_fixup(mm, vma, &prev, nstart, tmp, newflags);
		if (error)
			return error;
		nstart = MAX(tmp, prev->vm_end);
		if (nstart >= end)
			return 0;
		vma = prev->vm_next;
		if (!vma || vma->vm_start != nstart)
			return -ENOMEM;
	}
}

int do_mprotect(struct mm_struct *mm, unsigned long start, size_t len,
		unsigned long prot)
{
	unsigned long grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
	struct vm_area_struct *vma;
	unsigned long end;
	int error;

	prot &= ~grows;
	if (grows == (PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if (!IS_ALIGNED(start, PAGE_SIZE))
		return -EINVAL;
	if (!len)
		return 0;
	len = ALIGN_UP(len, PAGE_SIZE);
	end = start + len;
	if (end <= start)
		return -ENOMEM;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))
		return -EINVAL;

	down_write(&mm->mmap_sem);
	error = mprotect_first_vma(mm, &start, end, grows, &vma);
	if (!error)
		error = mprotect_range(mm, vma, start, end, prot);
	if (CONFIG_DEBUG_VM)
		validate_mm(mm);
	up_write(&mm->mmap_sem);
	return error;
}
