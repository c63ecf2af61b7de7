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

#endif
