/* Early CPU setup: descriptor tables and the paging features we rely on. */
#include <asm/cpu.h>
#include "arch/x86_64/x86.h"
#include "kernel/arch.h"
#include "kernel/panic.h"

void arch_early_init(void)
{
	gdt_init();
	idt_init();

	/* boot/entry.asm already turned on NX (it refuses CPUs without it)
	 * and write protection for the kernel (CR0.WP: read-only pages stay
	 * read-only in ring 0, which copy-on-write will rely on). Global pages
	 * keep kernel translations across address-space switches. */
	BUG_ON(!(rdmsr(MSR_EFER) & EFER_NXE));
	BUG_ON(!(read_cr0() & CR0_WP));
	write_cr4(read_cr4() | CR4_PGE);
}
