/*
 * The 16550 UART on COM1: the kernel's console. Output is polled (wait for
 * the transmit register to empty), which is slow but works from anywhere,
 * including a panic with interrupts off. Input raises IRQ 4 and goes to
 * the terminal (kernel/tty.c).
 */
#include <asm/io.h>
#include "arch/x86_64/x86.h"
#include "kernel/arch.h"
#include "kernel/tty.h"

#define COM1 0x3f8
#define UART_DATA 0		/* DLAB=0: transmit/receive; DLAB=1: divisor low */
#define UART_IER 1		/* DLAB=0: interrupt enable; DLAB=1: divisor high */
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define LCR_8N1 0x03
#define LCR_DLAB 0x80
/* Enable the FIFOs and clear the transmit one: what is waiting in the
 * receive FIFO is typed input (QEMU delivers it as soon as it starts). */
#define FCR_ENABLE_CLEAR_TX 0x05
#define MCR_DTR_RTS_OUT2 0x0b
#define IER_RX_AVAILABLE 0x01
#define LSR_DATA_READY 0x01
#define LSR_BREAK 0x10		/* a break condition: the line held low */
#define LSR_THR_EMPTY 0x20
#define BAUD_DIVISOR 1		/* 115200 baud: 115200 / divisor */

void arch_console_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DATA, BAUD_DIVISOR & 0xff);
	outb(COM1 + UART_IER, BAUD_DIVISOR >> 8);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, FCR_ENABLE_CLEAR_TX);
	outb(COM1 + UART_MCR, MCR_DTR_RTS_OUT2);
}

static void serial_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & LSR_THR_EMPTY))
		;
	outb(COM1 + UART_DATA, c);
}

void arch_console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');	/* terminals want CR LF */
		serial_putc(s[i]);
	}
}

void arch_console_irq_init(void)
{
	outb(COM1 + UART_IER, IER_RX_AVAILABLE);
	pic_unmask(IRQ_SERIAL);
}

/* A break (QEMU: Ctrl-a b) makes the next key a magic SysRq command. */
void serial_interrupt(void)
{
	static bool brk;
	u8 lsr;

	while ((lsr = inb(COM1 + UART_LSR)) & (LSR_DATA_READY | LSR_BREAK)) {
		u8 c = inb(COM1 + UART_DATA);

		if (lsr & LSR_BREAK) {
			brk = true;	/* the NUL the break delivers */
			continue;
		}
		tty_receive(c, brk);
		brk = false;
	}
}
