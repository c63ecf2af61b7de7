/* When to flush one page and when everything. */
#include <asm/memlayout.h>
#include <asm/tlb.h>
#include "mm/mm_types.h"
#include "mm/page_alloc.h"
#include "mm/tlb.h"

static struct tlb_stats stats;

void flush_tlb_one(unsigned long addr)
{
	__flush_tlb_one(addr);
	stats.page_flushes++;
}

static void flush_range(unsigned long start, unsigned long end,
			void (*flush_everything)(void))
{
	if ((end - start) >> PAGE_SHIFT > TLB_FLUSH_CEILING) {
		flush_everything();
		return;
	}
	/* != not <: a range ending at the top of memory has end == 0 */
	for (unsigned long a = start & PAGE_MASK; a != end; a += PAGE_SIZE)
		flush_tlb_one(a);
}

void flush_tlb_local(void)
{
	__flush_tlb_local();
	stats.full_flushes++;
}

void flush_tlb_range(unsigned long start, unsigned long end)
{
	flush_range(start, end, flush_tlb_local);
}

void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	flush_range(start, end, flush_tlb_all);
}

void flush_tlb_all(void)
{
	__flush_tlb_global();
	stats.full_flushes++;
}

void tlb_get_stats(struct tlb_stats *out)
{
	*out = stats;
}

/* This CPU's bit in cpu_vm_mask (there is one CPU, number 0). */
#define THIS_CPU_MASK 1ul

void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start,
			unsigned long end)
{
	if (mm->cpu_vm_mask & THIS_CPU_MASK)
		flush_tlb_range(start, end);
}

void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm)
{
	tlb->mm = mm;
	tlb->start = ~0ul;
	tlb->end = 0;
	tlb->nr = 0;
}

/* Flush what was gathered, then free the pages it held. */
static void tlb_flush_mmu(struct mmu_gather *tlb)
{
	if (tlb->end)
		flush_tlb_mm_range(tlb->mm, tlb->start, tlb->end);
	for (unsigned int i = 0; i < tlb->nr; i++)
		put_page(tlb->pages[i]);
	tlb_gather_mmu(tlb, tlb->mm);
}

void tlb_remove_pte(struct mmu_gather *tlb, unsigned long addr)
{
	tlb->start = MIN(tlb->start, addr);
	tlb->end = MAX(tlb->end, addr + PAGE_SIZE);
}

void tlb_remove_page(struct mmu_gather *tlb, struct page *page)
{
	tlb->pages[tlb->nr++] = page;
	if (tlb->nr == MMU_GATHER_BATCH)
		tlb_flush_mmu(tlb);
}

void tlb_finish_mmu(struct mmu_gather *tlb)
{
	tlb_flush_mmu(tlb);
}
