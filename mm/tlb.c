/* When to flush one page and when everything. */
#include <asm/memlayout.h>
#include <asm/tlb.h>
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
