/*
 * The GDT and the TSS. Long mode ignores segment bases and limits, but the
 * descriptors still say which privilege level code runs at, and the TSS is
 * where the CPU finds the kernel stack to switch to on a trap from user mode
 * (rsp0) and the separate stacks for faults that cannot trust the current
 * one (the IST: a double fault usually means the kernel stack overflowed).
 *
 * SYSRET computes user CS/SS from a base selector: SS = base + 8 and
 * CS = base + 16. That is why user data (4) sits between 32-bit user code (3)
 * and 64-bit user code (5).
 */
#include <asm/segment.h>
#include "kernel/compiler.h"
#include "kernel/types.h"
#include "arch/x86_64/x86.h"

/* Access byte: present, DPL, code/data, type; flags: long mode, 4K limit. */
#define SEG_KERNEL_CODE 0x00af9a000000ffffull
#define SEG_KERNEL_DATA 0x00cf92000000ffffull
#define SEG_USER_CODE32 0x00cffa000000ffffull
#define SEG_USER_DATA 0x00cff2000000ffffull
#define SEG_USER_CODE 0x00affa000000ffffull
#define TSS_TYPE_AVAILABLE 0x89ull

struct tss cpu_tss;
static u8 double_fault_stack[8192] __aligned(16);
static u64 gdt[GDT_ENTRIES] = {
	[GDT_KERNEL_CS] = SEG_KERNEL_CODE,
	[GDT_KERNEL_DS] = SEG_KERNEL_DATA,
	[GDT_USER32_CS] = SEG_USER_CODE32,
	[GDT_USER_DS] = SEG_USER_DATA,
	[GDT_USER_CS] = SEG_USER_CODE,
};

static void set_tss_descriptor(void)
{
	u64 base = (u64)&cpu_tss;
	u64 limit = sizeof(cpu_tss) - 1;

	gdt[GDT_TSS] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		       (TSS_TYPE_AVAILABLE << 40) | ((base >> 24 & 0xff) << 56);
	gdt[GDT_TSS + 1] = base >> 32;
}

void gdt_init(void)
{
	struct {
		u16 limit;
		u64 base;
	} __packed gdtr = { sizeof(gdt) - 1, (u64)gdt };

	cpu_tss.ist[IST_DOUBLE_FAULT - 1] =
		(u64)double_fault_stack + sizeof(double_fault_stack);
	cpu_tss.iomap_base = sizeof(cpu_tss);	/* no I/O permission bitmap */
	set_tss_descriptor();

	__asm__ __volatile__("lgdt %0" : : "m"(gdtr));
	/* Reload CS with a far return, then the data segments and TR. */
	__asm__ __volatile__("pushq %[cs]\n\t"
			     "leaq 1f(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t"
			     "lretq\n"
			     "1:\n\t"
			     "movw %w[ds], %%ax\n\t"
			     "movw %%ax, %%ds\n\t"
			     "movw %%ax, %%es\n\t"
			     "movw %%ax, %%ss\n\t"
			     "ltr %w[tss]"
			     :
			     : [cs] "i"(KERNEL_CS), [ds] "r"(KERNEL_DS),
			       [tss] "r"(TSS_SELECTOR)
			     : "rax", "memory");
}
