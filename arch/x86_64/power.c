/* Leaving the machine. */
#include <asm/io.h>
#include <asm/irqflags.h>
#include "kernel/arch.h"

/* QEMU's isa-debug-exit device, at the port the Makefile configures. */
#define ISA_DEBUG_EXIT_PORT 0xf4

void arch_halt_forever(void)
{
	for (;;) {
		local_irq_disable();
		halt();
	}
}

void arch_exit(u8 code)
{
	outl(ISA_DEBUG_EXIT_PORT, code);
	/* Still here: not under QEMU, or the device is absent. */
	arch_halt_forever();
}

void arch_idle(void)
{
	safe_halt();
}
