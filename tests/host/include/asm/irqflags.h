/* Host stand-in: a test program has no interrupts to mask. */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

#define local_irq_save(flags) ((flags) = 0)
static inline void local_irq_restore(unsigned long flags) { (void)flags; }
static inline void local_irq_disable(void) {}
static inline void local_irq_enable(void) {}
static inline void cpu_relax(void) {}

#endif
