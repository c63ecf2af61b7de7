/* Control registers, MSRs and other single instructions of the x86 CPU. */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#include "kernel/types.h"

#define CR0_MP (1ul << 1)	/* WAIT/FWAIT honour TS */
#define CR0_EM (1ul << 2)	/* no FPU: x87/SSE instructions trap */
#define CR0_WP (1ul << 16)
#define CR4_PGE (1ul << 7)
#define CR4_OSFXSR (1ul << 9)	/* the OS saves SSE state with FXSAVE */
#define CR4_OSXMMEXCPT (1ul << 10)	/* SSE exceptions raise #XM */

#define MSR_EFER 0xc0000080
#define EFER_SCE (1ul << 0)	/* SYSCALL/SYSRET enabled */
#define EFER_NXE (1ul << 11)
#define MSR_STAR 0xc0000081	/* SYSCALL/SYSRET code selectors */
#define MSR_LSTAR 0xc0000082	/* 64-bit SYSCALL entry point */
#define MSR_SYSCALL_MASK 0xc0000084	/* RFLAGS bits SYSCALL clears */
#define MSR_FS_BASE 0xc0000100

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

static inline void wrmsr(u32 msr, u64 value)
{
	__asm__ __volatile__("wrmsr"
			     : : "c"(msr), "a"((u32)value), "d"((u32)(value >> 32))
			     : "memory");
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
