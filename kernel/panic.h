/* Fatal errors and assertions. */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include "kernel/compiler.h"
#include "kernel/printk.h"

struct pt_regs;

__printf(1, 2) __noreturn void panic(const char *fmt, ...);
/* Panic on an exception: also dumps the trapped registers. */
__printf(2, 3) __noreturn void panic_regs(struct pt_regs *regs,
					  const char *fmt, ...);

#define BUG() panic("BUG at %s:%d in %s()", __FILE__, __LINE__, __func__)
#define BUG_ON(cond)                                                   \
	do {                                                           \
		if (unlikely(cond))                                    \
			panic("BUG_ON(%s) at %s:%d in %s()", #cond,    \
			      __FILE__, __LINE__, __func__);           \
	} while (0)

#define WARN_ON(cond)                                                    \
	({                                                               \
		bool __warn = !!(cond);                                  \
		if (unlikely(__warn))                                    \
			printk(KERN_WARNING "WARNING: %s at %s:%d in %s()\n", \
			       #cond, __FILE__, __LINE__, __func__);     \
		__warn;                                                  \
	})

#endif
