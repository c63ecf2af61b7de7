/* Control registers, MSRs and other single instructions of the x86 CPU. */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include "kernel/types.h"

#define CR0_WP (1ul << 16)
#define CR4_PGE (1ul << 7)

#define MSR_EFER 0xc0000080
#define EFER_NXE (1ul << 11)

#define DEFINE_CR_READ(n)                                              \
	static inline unsigned long read_cr##n(void)                   \
	{                                                              \
		unsigned long v;                                       \
		__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v));  \
		return v;                                              \
	}
#define DEFINE_CR_WRITE(n)                                                   \
	static inline void write_cr##n(unsigned long v)                      \
	{                                                                    \
		__asm__ __volatile__("mov %0, %%cr" #n : : "r"(v) : "memory"); \
	}
DEFINE_CR_READ(0)
DEFINE_CR_READ(2)
DEFINE_CR_READ(3)
DEFINE_CR_READ(4)
DEFINE_CR_WRITE(0)
DEFINE_CR_WRITE(3)
DEFINE_CR_WRITE(4)
#undef DEFINE_CR_READ
#undef DEFINE_CR_WRITE

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;
	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}


static inline void halt(void)
{
	__asm__ __volatile__("hlt");
}

static inline void cpu_relax(void)
{
	__asm__ __volatile__("pause");
}

#endif
