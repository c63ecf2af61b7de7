/* Host stand-in: a test program has no interrupts to mask. */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

#include <asm/cpu.h>	/* the kernel's: cpu_relax is pause on the host too */

#define local_irq_save(flags) ((flags) = 0)
static inline void local_irq_restore(unsigned long flags) { (void)flags; }
static inline void local_irq_disable(void) {}
static inline void local_irq_enable(void) {}

#endif
