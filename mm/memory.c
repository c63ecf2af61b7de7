/*
 * The pages behind anonymous areas: faulting them in (the zero page for
 * reads, a private zeroed or copied page for writes) and unmapping them.
 * The trap side of page faults, file pages and stack growth come with user
 * processes; this is the part mmap, madvise and munmap need.
 */
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "mm/fault.h"
#include "mm/internal.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "mm/tlb.h"

/* Never-written anonymous memory reads as zeroes: every such page maps
 * this one frame, read-only, until it is written. */
static struct page *empty_zero_page;

void zero_page_init(void)
{
	empty_zero_page = alloc_page(__GFP_ZERO);
	if (!empty_zero_page)
		panic("mm: no memory for the zero page");
	set_page_flag(empty_zero_page, PG_zero);
}

struct page *zero_page(void)
{
	return empty_zero_page;
}

static bool is_zero_pfn(unsigned long pfn)
{
	return pfn == page_to_pfn(empty_zero_page);
}

/* Does the area allow this access at all? (x86 pages that can be written
 * or executed can also be read.) */
static bool access_error(const struct vm_area_struct *vma, unsigned flags)
{
	if (flags & FAULT_FLAG_WRITE)
		return !(vma->vm_flags & VM_WRITE);
	if (flags & FAULT_FLAG_INSTRUCTION)
		return !(vma->vm_flags & VM_EXEC);
	return !(vma->vm_flags & VM_ACCESS_FLAGS);
}

static void map_new_page(struct vm_area_struct *vma, pte_t *pte,
			 struct page *page, bool write)
{
	pte_t entry = pfn_pte(page_to_pfn(page), vma->vm_page_prot);

	if (write)
		entry = pte_mkdirty(pte_mkwrite(entry));
	page->_mapcount++;
	vma->vm_mm->rss++;
	set_pte(pte, entry);
}

/* First touch. A read of private memory maps the zero page; anything else
 * gets a zeroed page of its own (shared memory must have its real page
 * from the start: all its mappers see the same one). */
static unsigned do_anonymous_page(struct vm_area_struct *vma, pte_t *pte,
				  unsigned flags)
{
	bool write = flags & FAULT_FLAG_WRITE;
	struct page *page;

	if (!write && !(vma->vm_flags & VM_SHARED)) {
		set_pte(pte, pte_wrprotect(pfn_pte(page_to_pfn(empty_zero_page),
						   vma->vm_page_prot)));
		return 0;
	}
	page = alloc_page(__GFP_ZERO);
	if (!page)
		return VM_FAULT_OOM;
	map_new_page(vma, pte, page, write);
	return 0;
}

/*
 * A write to a present read-only page of a writable area. A shared area's
 * page just becomes writable. A private one is copied on write, unless
 * this mapping holds the only reference: then nobody else can see the
 * page, and it is reused in place.
 */
static unsigned do_wp_page(struct vm_area_struct *vma, unsigned long address,
			   pte_t *pte)
{
	unsigned long pfn = pte_pfn(*pte);
	struct page *old = pfn_to_page(pfn), *new;

	if ((vma->vm_flags & VM_SHARED) ||
	    (!is_zero_pfn(pfn) && page_count(old) == 1)) {
		/* Widening needs no flush: the CPU walks again on a fault. */
		set_pte(pte, pte_mkdirty(pte_mkwrite(*pte)));
		return 0;
	}
	new = alloc_page(0);
	if (!new)
		return VM_FAULT_OOM;
	memcpy(page_address(new), page_address(old), PAGE_SIZE);
	map_new_page(vma, pte, new, true);
	flush_tlb_mm_range(vma->vm_mm, address, address + PAGE_SIZE);
	if (!is_zero_pfn(pfn)) {	/* after the flush: see mm/tlb.h */
		old->_mapcount--;
		vma->vm_mm->rss--;
		put_page(old);
	}
	return 0;
}

unsigned handle_mm_fault(struct vm_area_struct *vma, unsigned long address,
			 unsigned flags)
{
	pte_t *pte;

	mmap_assert_locked(vma->vm_mm);
	BUG_ON(address < vma->vm_start || address >= vma->vm_end);
	if (access_error(vma, flags))
		return VM_FAULT_SIGSEGV;
	pte = page_walk(vma->vm_mm->pgd, address & PAGE_MASK, true);
	if (!pte)
		return VM_FAULT_OOM;
	if (pte_none(*pte))
		return do_anonymous_page(vma, pte, flags);
	if ((flags & FAULT_FLAG_WRITE) && !pte_write(*pte))
		return do_wp_page(vma, address & PAGE_MASK, pte);
	return 0;	/* already there: another path faulted it in */
}

/*
 * Private writable areas are faulted in for writing, so that each page is
 * the area's own at once (what a later write would do); others for
 * reading. Areas that allow no access have nothing to fault in.
 */
int mm_populate(struct mm_struct *mm, unsigned long start, unsigned long len)
{
	unsigned long end = start + len;

	for (struct vm_area_struct *vma = find_vma(mm, start);
	     vma && vma->vm_start < end; vma = vma->vm_next) {
		unsigned flags = (vma->vm_flags & (VM_WRITE | VM_SHARED)) ==
				 VM_WRITE ? FAULT_FLAG_WRITE : 0;
		unsigned long addr = MAX(start, vma->vm_start);

		if (!(vma->vm_flags & VM_ACCESS_FLAGS))
			continue;
		for (; addr < MIN(end, vma->vm_end); addr += PAGE_SIZE)
			if (handle_mm_fault(vma, addr, flags) & VM_FAULT_OOM)
				return -ENOMEM;
	}
	return 0;
}

static void zap_pte(pte_t *pte, unsigned long addr, void *data)
{
	struct mmu_gather *tlb = data;
	struct page *page = pfn_to_page(pte_pfn(*pte));

	tlb_remove_pte(tlb, addr);
	if (is_zero_pfn(pte_pfn(*pte)))
		return;
	page->_mapcount--;
	tlb->mm->rss--;
	tlb_remove_page(tlb, page);
}

void unmap_page_range(struct mmu_gather *tlb, unsigned long start,
		      unsigned long end)
{
	unmap_pages(tlb->mm->pgd, start, end, zap_pte, tlb);
}
