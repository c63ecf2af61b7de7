/* The TLB instructions. The policy of when to use which is in mm/tlb.c. */
#ifndef ASM_TLB_H
#define ASM_TLB_H

#include <asm/cpu.h>

/* Drop the translation of one page, global or not. */
static inline void __flush_tlb_one(unsigned long addr)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(addr) : "memory");
}

/* Drop all non-global translations: reloading CR3 does exactly that. */
static inline void __flush_tlb_local(void)
{
	write_cr3(read_cr3());
}

/* Drop everything, global kernel entries too: toggling CR4.PGE does that. */
static inline void __flush_tlb_global(void)
{
	unsigned long cr4 = read_cr4();
	write_cr4(cr4 & ~CR4_PGE);
	write_cr4(cr4);
}

#endif
