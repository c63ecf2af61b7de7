/* Interfaces between files of mm/ that the rest of the kernel does not use. */
#ifndef MM_INTERNAL_H
#define MM_INTERNAL_H

#include "mm/mm.h"

struct mmu_gather;

/* A zeroed page from memblock, for page tables built before the page
 * allocator runs (they are never freed). */
void *early_alloc_page(void);

/* Where an area's reach begins, for the gaps between areas: a stack keeps
 * stack_guard_gap free below it, so that it can grow. */
static inline unsigned long vm_start_gap(const struct vm_area_struct *vma)
{
	unsigned long start = vma->vm_start;

	if (vma->vm_flags & VM_GROWSDOWN)
		start = start > stack_guard_gap ? start - stack_guard_gap : 0;
	return start;
}

/* Private writable memory is what the kernel may have to supply page by
 * page (a shared mapping's pages already exist in its object), so Linux
 * counts it against its commit limit and marks it VM_ACCOUNT, unless the
 * mapping asked for MAP_NORESERVE. Nothing here limits commits yet, but
 * the flag is part of an area's identity: areas that differ in it do not
 * merge, as on Linux. */
static inline bool accountable_mapping(unsigned long vm_flags)
{
	return (vm_flags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE;
}

/* mm/vma.c: the list and the tree, kept in step (with their gaps). */
/* Insert vma, which overlaps no area, into mm's list and tree. */
void vma_link(struct mm_struct *mm, struct vm_area_struct *vma);
/* Take vma out of both (it is not freed). */
void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma);
/* Move a linked area's bounds; it must not overlap a neighbour after. */
void vma_adjust(struct vm_area_struct *vma, unsigned long start,
		unsigned long end, unsigned long pgoff);
/*
 * [addr, end) with vm_flags and the backing (file, pgoff) is about to be
 * mapped (a hole), or given these properties (a piece of one area). prev
 * is the area before addr, or the area containing addr. If a neighbour
 * has the same properties and would continue it, that neighbour grows
 * over the range (both neighbours become one if both match) and is
 * returned; else NULL, and nothing changed.
 */
struct vm_area_struct *vma_merge(struct mm_struct *mm,
				 struct vm_area_struct *prev, unsigned long addr,
				 unsigned long end, unsigned long vm_flags,
				 struct file *file, unsigned long pgoff);
/* Cut vma in two at addr; the new area is the part below addr if
 * new_below, else the part above. -ENOMEM when out of memory or at
 * sysctl_max_map_count areas. */
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
	      unsigned long addr, bool new_below);
/* split_vma without the limit on the number of areas. */
int __split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		unsigned long addr, bool new_below);

/* Give [start, end), a range of *pvma, the flags vm_flags: a neighbour
 * that then matches grows over it (vma_merge), or else *pvma is split so
 * that the range is an area of its own. On success *pvma is the area that
 * now covers the range (it may reach beyond); on failure (-ENOMEM from a
 * split) part of the work may be done, as in Linux. prev is as for
 * vma_merge. */
int vma_modify_flags(struct mm_struct *mm, struct vm_area_struct *prev,
		     struct vm_area_struct **pvma, unsigned long start,
		     unsigned long end, unsigned long vm_flags);

/* Free an area that is off the list and the tree: its operations' close,
 * its reference to its file. */
void remove_vma(struct vm_area_struct *vma);

/* mm/shmem.c: give a new shared anonymous area a file of its own, at
 * offset 0, whose page cache holds the pages (vm_ops->fault finds them
 * there); 0 or -ENOMEM. */
int shmem_zero_setup(struct vm_area_struct *vma);

/* mm/mmap.c */
/* Set where a new address space puts its mappings (free_area_cache). */
void arch_pick_mmap_layout(struct mm_struct *mm);

/* mm/memory.c */
/* Unmap every page of [start, end) of tlb->mm, holes allowed: clear the
 * entries, give up the frames (after the TLB flush) and free the page
 * tables that become empty. */
void unmap_page_range(struct mmu_gather *tlb, unsigned long start,
		      unsigned long end);
void zero_page_init(void);

#endif
