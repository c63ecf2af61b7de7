/* Host stand-in: a test program has no TLB. mm/tlb.c still counts each
 * flush it asks for (tlb_get_stats), which is what tests check. */
#ifndef ASM_TLB_H
#define ASM_TLB_H

static inline void __flush_tlb_one(unsigned long addr) { (void)addr; }
static inline void __flush_tlb_local(void) {}
static inline void __flush_tlb_global(void) {}

#endif
