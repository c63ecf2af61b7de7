/*
 * TLB invalidation: after an entry is removed or narrowed, the CPU may
 * still hold the old translation, and keeps using it until told to drop
 * it. One page costs one invlpg; past a ceiling a whole flush is cheaper
 * than many single ones (Linux uses the same ceiling of 33 pages).
 */
#ifndef MM_TLB_H
#define MM_TLB_H

#define TLB_FLUSH_CEILING 33	/* pages */

struct tlb_stats {
	unsigned long page_flushes;	/* single-page invalidations */
	unsigned long full_flushes;	/* whole-TLB flushes */
};

/* Ranges are [start, end), page aligned; end 0 means the top of memory. */
void flush_tlb_one(unsigned long addr);
/* Every non-global entry: all user translations of this CPU. */
void flush_tlb_local(void);
/* A range of user addresses: non-global entries. */
void flush_tlb_range(unsigned long start, unsigned long end);
/* A range of kernel addresses: global entries, so a full flush must
 * drop global ones too. */
void flush_tlb_kernel_range(unsigned long start, unsigned long end);
void flush_tlb_all(void);
void tlb_get_stats(struct tlb_stats *out);

/*
 * Unmapping pages of an address space (Linux's mmu_gather). Until the TLB
 * is flushed, the CPU may still write through an old translation to a
 * frame the unmap released; so frames are freed only after the flush of
 * their range. The gather collects the range of entries cleared and the
 * pages to free, flushing and freeing when its batch fills and at the end:
 *
 *	tlb_gather_mmu(&tlb, mm);
 *	... tlb_remove_pte(&tlb, addr) for each cleared entry,
 *	    tlb_remove_page(&tlb, page) for each frame it held ...
 *	tlb_finish_mmu(&tlb);
 *
 * The flush happens only when the address space is loaded on this CPU
 * (mm->cpu_vm_mask): any other one's translations were dropped when CR3
 * last changed.
 */
struct mm_struct;
struct page;

#define MMU_GATHER_BATCH 64

struct mmu_gather {
	struct mm_struct *mm;
	unsigned long start, end;	/* entries cleared since the last flush */
	unsigned int nr;		/* pages[0..nr) await the flush */
	struct page *pages[MMU_GATHER_BATCH];
};

void tlb_gather_mmu(struct mmu_gather *tlb, struct mm_struct *mm);
void tlb_remove_pte(struct mmu_gather *tlb, unsigned long addr);
/* Drop a reference to page once the TLB no longer maps it. */
void tlb_remove_page(struct mmu_gather *tlb, struct page *page);
void tlb_finish_mmu(struct mmu_gather *tlb);
/* Flush [start, end) of mm if it is loaded on this CPU. */
void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start,
			unsigned long end);

#endif
