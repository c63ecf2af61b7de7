/*
 * The pages behind the areas: faulting them in (the zero page for reads
 * of anonymous memory, a private zeroed or copied page for writes, the
 * area's own pages through vm_ops->fault), copying page tables for fork,
 * and unmapping. The trap side of page faults is mm/fault.c.
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

unsigned long vm_fault_events[NR_MM_FAULT_KINDS];
unsigned long vm_events[NR_VM_EVENT_ITEMS];

/* Private memory that may be written: pages shared with another mm (after
 * fork) or with a file are copied on the first write. */
static bool is_cow_mapping(unsigned long vm_flags)
{
	return (vm_flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
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

/* First touch of private anonymous memory (shared memory has a file,
 * whose vm_ops->fault supplies its pages). A read maps the zero page; a
 * write gets a zeroed page of its own. */
static unsigned do_anonymous_page(struct vm_area_struct *vma, pte_t *pte,
				  unsigned flags)
{
	bool write = flags & FAULT_FLAG_WRITE;
	struct page *page;

	if (!write) {
		set_pte(pte, pte_wrprotect(pfn_pte(page_to_pfn(empty_zero_page),
						   vma->vm_page_prot)));
		count_fault(vma->vm_mm, MM_FAULT_ZERO_PAGE);
		return 0;
	}
	page = alloc_page(__GFP_ZERO);
	if (!page)
		return VM_FAULT_OOM;
	map_new_page(vma, pte, page, write);
	count_fault(vma->vm_mm, MM_FAULT_ANON);
	return 0;
}

/* Before a page of a shared area becomes writable, its owner may want to
 * know (a file system reserving space, say). */
static unsigned notify_mkwrite(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	if (!(vma->vm_flags & VM_SHARED) || !vma->vm_ops ||
	    !vma->vm_ops->page_mkwrite)
		return 0;
	return vma->vm_ops->page_mkwrite(vma, vmf);
}

/*
 * First touch of an area whose pages come from its vm_ops->fault (a file,
 * say): map the page it supplies. A private area maps it read-only, so
 * that a write copies it (below, or right away if this is a write).
 */
static unsigned do_fault(struct vm_area_struct *vma, pte_t *pte,
			 struct vm_fault *vmf)
{
	bool write = vmf->flags & FAULT_FLAG_WRITE;
	unsigned ret = vma->vm_ops->fault(vma, vmf);

	if (ret)
		return ret;
	count_fault(vma->vm_mm, MM_FAULT_FILE);
	if (write && is_cow_mapping(vma->vm_flags)) {
		struct page *copy = alloc_page(0);

		if (!copy) {
			put_page(vmf->page);
			return VM_FAULT_OOM;
		}
		memcpy(page_address(copy), page_address(vmf->page), PAGE_SIZE);
		put_page(vmf->page);
		map_new_page(vma, pte, copy, true);
		count_fault(vma->vm_mm, MM_FAULT_COW_COPY);
		return 0;
	}
	if (write && (ret = notify_mkwrite(vma, vmf))) {
		put_page(vmf->page);
		return ret;
	}
	/* The reference fault() took is the mapping's. */
	map_new_page(vma, pte, vmf->page, write && (vma->vm_flags & VM_SHARED));
	return 0;
}

/*
 * A write to a present read-only page of a writable area. A shared area's
 * page just becomes writable. A private one is copied on write, unless
 * this mapping holds the only reference: then nobody else can see the
 * page, and it is reused in place.
 */
static unsigned do_wp_page(struct vm_area_struct *vma, pte_t *pte,
			   struct vm_fault *vmf)
{
	unsigned long address = vmf->address, pfn = pte_pfn(*pte);
	struct page *old = pfn_to_page(pfn), *new;
	unsigned ret;

	if (vma->vm_flags & VM_SHARED) {
		vmf->page = old;
		if ((ret = notify_mkwrite(vma, vmf)))
			return ret;
	}
	if ((vma->vm_flags & VM_SHARED) ||
	    (!is_zero_pfn(pfn) && page_count(old) == 1)) {
		/* Widening needs no flush: the CPU walks again on a fault. */
		set_pte(pte, pte_mkdirty(pte_mkwrite(*pte)));
		if (!(vma->vm_flags & VM_SHARED))
			count_fault(vma->vm_mm, MM_FAULT_COW_REUSE);
		return 0;
	}
	new = alloc_page(0);
	if (!new)
		return VM_FAULT_OOM;
	memcpy(page_address(new), page_address(old), PAGE_SIZE);
	map_new_page(vma, pte, new, true);
	count_fault(vma->vm_mm, is_zero_pfn(pfn) ? MM_FAULT_ANON :
						   MM_FAULT_COW_COPY);
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
	struct vm_fault vmf = {
		.address = address & PAGE_MASK,
		.flags = flags,
		.pgoff = vma->vm_pgoff +
			 ((address - vma->vm_start) >> PAGE_SHIFT),
	};
	pte_t *pte;

	mmap_assert_locked(vma->vm_mm);
	BUG_ON(address < vma->vm_start || address >= vma->vm_end);
	if (access_error(vma, flags))
		return VM_FAULT_SIGSEGV;
	/* Once, whatever comes of it (no memory, SIGBUS), as Linux counts;
	 * not the access refused above, which Linux refuses before it gets
	 * to handle_mm_fault. */
	count_vm_event(PGFAULT);
	pte = page_walk(vma->vm_mm->pgd, vmf.address, true);
	if (!pte)
		return VM_FAULT_OOM;
	if (pte_none(*pte)) {
		if (vma->vm_ops && vma->vm_ops->fault)
			return do_fault(vma, pte, &vmf);
		return do_anonymous_page(vma, pte, flags);
	}
	if ((flags & FAULT_FLAG_WRITE) && !pte_write(*pte))
		return do_wp_page(vma, pte, &vmf);
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

/* What copy_page_range carries through the walk of the parent's tables. */
struct pte_copy {
	struct vm_area_struct *dst_vma, *src_vma;
	unsigned long wrprotected;	/* parent entries made read-only */
	int error;
};

/*
 * Fork: the child maps the same frame (one more reference, one more
 * mapping). A private writable page becomes read-only in both, so that
 * whichever writes first gets a copy (do_wp_page), and the other, left
 * alone with the page, reuses it.
 */
static void copy_one_pte(pte_t *src_pte, unsigned long addr, void *data)
{
	struct pte_copy *pc = data;
	struct mm_struct *dst_mm = pc->dst_vma->vm_mm;
	pte_t entry = *src_pte, *dst_pte;

	if (pc->error)
		return;
	dst_pte = page_walk(dst_mm->pgd, addr, true);
	if (!dst_pte) {
		pc->error = -ENOMEM;
		return;
	}
	if (!is_zero_pfn(pte_pfn(entry))) {
		struct page *page = pfn_to_page(pte_pfn(entry));

		get_page(page);
		page->_mapcount++;
		dst_mm->rss++;
	}
	if (is_cow_mapping(pc->src_vma->vm_flags) && pte_write(entry)) {
		entry = pte_wrprotect(entry);
		set_pte(src_pte, entry);
		pc->wrprotected++;
	}
	set_pte(dst_pte, entry);
}

int copy_page_range(struct vm_area_struct *dst_vma,
		    struct vm_area_struct *src_vma)
{
	struct pte_copy pc = { .dst_vma = dst_vma, .src_vma = src_vma };

	walk_pages(src_vma->vm_mm->pgd, src_vma->vm_start, src_vma->vm_end,
		   copy_one_pte, &pc);
	/* The parent may still hold writable translations of these pages. */
	if (pc.wrprotected)
		flush_tlb_mm_range(src_vma->vm_mm, src_vma->vm_start,
				   src_vma->vm_end);
	return pc.error;
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
