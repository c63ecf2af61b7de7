/*
 * The user's x87/SSE registers. They stay live in the CPU while their
 * task runs (the kernel itself uses none of them), so saving a task's
 * state means FXSAVE, and a context switch or a signal frame is where
 * that happens (arch/x86_64/process.c, signal.c).
 */
#ifndef ARCH_X86_64_FPU_H
#define ARCH_X86_64_FPU_H

#include <asm/processor.h>

/* A clean state, as FNINIT leaves it: what exec and handlers start with. */
extern struct fxregs_state init_fpstate;
/* The MXCSR bits the CPU accepts: FXRSTOR of any other raises #GP. */
extern u32 mxcsr_feature_mask;

static inline void fxsave(struct fxregs_state *fx)
{
	__asm__ __volatile__("fxsave64 %0" : "=m"(*fx));
}

static inline void fxrstor(const struct fxregs_state *fx)
{
	__asm__ __volatile__("fxrstor64 %0" : : "m"(*fx));
}

#endif
