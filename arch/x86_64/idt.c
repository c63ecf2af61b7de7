/*
 * The IDT: for each vector, the stub to enter (entry.asm). All gates are
 * interrupt gates, so the CPU clears IF on entry and a handler is never
 * interrupted before it chooses to be. The double fault runs on its own
 * IST stack: it is usually a kernel stack overflow, and pushing the trap
 * frame onto the overflowed stack would escalate into a triple fault.
 */
#include <asm/segment.h>
#include "kernel/compiler.h"
#include "kernel/types.h"
#include "arch/x86_64/x86.h"

#define NR_VECTORS 48
#define GATE_INTERRUPT 0x8e	/* present, DPL 0, 64-bit interrupt gate */
#define VECTOR_DOUBLE_FAULT 8

struct idt_gate {
	u16 offset_low;
	u16 selector;
	u8 ist;
	u8 type_attr;
	u16 offset_mid;
	u32 offset_high;
	u32 reserved;
} __packed;

extern const u64 trap_stubs[NR_VECTORS];
static struct idt_gate idt[256];

static void set_gate(unsigned vector, u64 handler, u8 ist)
{
	idt[vector] = (struct idt_gate){
		.offset_low = handler & 0xffff,
		.selector = KERNEL_CS,
		.ist = ist,
		.type_attr = GATE_INTERRUPT,
		.offset_mid = (handler >> 16) & 0xffff,
		.offset_high = handler >> 32,
	};
}

void idt_init(void)
{
	struct {
		u16 limit;
		u64 base;
	} __packed idtr = { sizeof(idt) - 1, (u64)idt };

	for (unsigned v = 0; v < NR_VECTORS; v++)
		set_gate(v, trap_stubs[v], 0);
	set_gate(VECTOR_DOUBLE_FAULT, trap_stubs[VECTOR_DOUBLE_FAULT],
		 IST_DOUBLE_FAULT);
	__asm__ __volatile__("lidt %0" : : "m"(idtr));
}
