/*
 * access_remote_vm: another address space's memory, page by page, as
 * Linux's get_user_pages finds it: look the page up in the page tables,
 * fault it in if it is missing or (for a write) not writable yet, then
 * copy through the direct map.
 */
#include "kernel/lib/string.h"
#include "mm/fault.h"
#include "mm/gup.h"
#include "mm/mm.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"

/* Linux's check_vma_flags without FOLL_FORCE: the area must allow the
 * access itself (on x86 an executable page can be read, but an area
 * without VM_READ does not count as readable here either). */
static bool vma_permits(const struct vm_area_struct *vma, bool write)
{
	return vma->vm_flags & (write ? VM_WRITE : VM_READ);
}

/* The frame mapped at addr if the entry allows the access, else NULL. */
static struct page *follow_page(struct mm_struct *mm, unsigned long addr,
				bool write)
{
	pte_t *pte = page_walk(mm->pgd, addr, false);

	if (!pte || !pte_present(*pte) || (write && !pte_write(*pte)))
		return NULL;
	return pfn_to_page(pte_pfn(*pte));
}

/* The frame behind addr, ready for the access: one fault makes it so if
 * anything can. NULL if there is no area, it forbids the access, or there
 * is no memory to fault the page in. */
static struct page *get_page_for(struct mm_struct *mm, unsigned long addr,
				 bool write)
{
	struct vm_area_struct *vma = find_vma(mm, addr);
	struct page *page;

	if (!vma || vma->vm_start > addr || !vma_permits(vma, write))
		return NULL;
	page = follow_page(mm, addr, write);
	if (!page && !handle_mm_fault(vma, addr, write ? FAULT_FLAG_WRITE : 0))
		page = follow_page(mm, addr, write);
	return page;
}

/* No reference is taken on the pages: holding mmap_sem keeps every area,
 * and so every page, in place until the copy is done (nothing unmaps or
 * reclaims pages without taking it for writing). */
int access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf,
		     int len, unsigned gup_flags)
{
	bool write = gup_flags & FOLL_WRITE;
	int done = 0;

	down_read(&mm->mmap_sem);
	while (done < len) {
		unsigned long offset = addr & ~PAGE_MASK;
		int n = MIN(len - done, (int)(PAGE_SIZE - offset));
		struct page *page = get_page_for(mm, addr, write);
		u8 *kaddr;

		if (!page)
			break;
		kaddr = (u8 *)page_address(page) + offset;
		if (write)
			memcpy(kaddr, (u8 *)buf + done, n);
		else
			memcpy((u8 *)buf + done, kaddr, n);
		done += n;
		addr += n;
	}
	up_read(&mm->mmap_sem);
	return done;
}
