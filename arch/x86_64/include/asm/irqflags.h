/* Enabling and disabling interrupts on this CPU (the IF flag). */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

#include <asm/cpu.h>

#define X86_EFLAGS_IF (1ul << 9)

static inline unsigned long local_save_flags(void)
{
	unsigned long flags;
	__asm__ __volatile__("pushfq; popq %0" : "=r"(flags) : : "memory");
	return flags;
}

static inline void local_irq_disable(void)
{
	__asm__ __volatile__("cli" : : : "memory");
}

static inline void local_irq_enable(void)
{
	__asm__ __volatile__("sti" : : : "memory");
}

static inline bool irqs_disabled(void)
{
	return !(local_save_flags() & X86_EFLAGS_IF);
}

/* Disable interrupts, remembering in flags whether they were on, for
 * local_irq_restore (a macro, as in Linux, because it assigns flags). */
#define local_irq_save(flags)                  \
	do {                                   \
		(flags) = local_save_flags();  \
		local_irq_disable();           \
	} while (0)

static inline void local_irq_restore(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		local_irq_enable();
}

/* Enable interrupts and halt until the next one, with no window between. */
static inline void safe_halt(void)
{
	__asm__ __volatile__("sti; hlt" : : : "memory");
}

#endif
