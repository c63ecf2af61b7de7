/*
 * The periodic timer: the 8259A interrupt controller pair (PIC) and the
 * 8253/8254 interval timer (PIT) on IRQ 0, ticking HZ times a second.
 * Both are legacy parts, but every PC and QEMU machine has them and they
 * need no discovery; the local APIC can replace them when SMP arrives.
 */
#include <asm/io.h>
#include "arch/x86_64/x86.h"
#include "kernel/arch.h"
#include "kernel/timer.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define PIC_EOI 0x20
#define ICW1_INIT_ICW4 0x11	/* edge triggered, cascade, ICW4 follows */
#define ICW4_8086 0x01
#define PIC_CASCADE_IRQ 2

#define PIT_CH0 0x40
#define PIT_CMD 0x43
#define PIT_CH0_RATE_GEN 0x34	/* channel 0, lobyte/hibyte, mode 2 */
#define PIT_FREQUENCY 1193182

static u16 irq_mask = 0xffff;	/* all lines masked until unmasked */

/* Move the PICs off vectors 0..15, where they would collide with CPU
 * exceptions, to IRQ_BASE.. IRQ_BASE+15. */
void pic_init(void)
{
	outb(PIC1_CMD, ICW1_INIT_ICW4);
	outb(PIC2_CMD, ICW1_INIT_ICW4);
	outb(PIC1_DATA, IRQ_BASE);
	outb(PIC2_DATA, IRQ_BASE + 8);
	outb(PIC1_DATA, 1 << PIC_CASCADE_IRQ);	/* slave on line 2 */
	outb(PIC2_DATA, PIC_CASCADE_IRQ);	/* slave's cascade identity */
	outb(PIC1_DATA, ICW4_8086);
	outb(PIC2_DATA, ICW4_8086);
	irq_mask = 0xffff & ~(1 << PIC_CASCADE_IRQ);
	outb(PIC1_DATA, irq_mask & 0xff);
	outb(PIC2_DATA, irq_mask >> 8);
}

void pic_unmask(unsigned irq)
{
	irq_mask &= ~(1u << irq);
	if (irq < 8)
		outb(PIC1_DATA, irq_mask & 0xff);
	else
		outb(PIC2_DATA, irq_mask >> 8);
}

void pic_eoi(unsigned irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, PIC_EOI);
	outb(PIC1_CMD, PIC_EOI);
}

void arch_timer_init(void)
{
	u16 divisor = PIT_FREQUENCY / HZ;

	pic_init();
	outb(PIT_CMD, PIT_CH0_RATE_GEN);
	outb(PIT_CH0, divisor & 0xff);
	outb(PIT_CH0, divisor >> 8);
	pic_unmask(IRQ_TIMER);
}
