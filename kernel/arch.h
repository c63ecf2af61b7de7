/*
 * What the generic kernel asks of the architecture. Everything here is
 * implemented in arch/x86_64/; nothing else in kernel/ or mm/ knows which
 * CPU it runs on.
 */
#ifndef KERNEL_ARCH_H
#define KERNEL_ARCH_H

#include "kernel/compiler.h"
#include "kernel/types.h"

struct pt_regs;

/* The earliest setup: segments, the trap table, CPU features (NX, global
 * pages). After this, exceptions produce panic reports. */
void arch_early_init(void);
/* Interrupt controller and the periodic timer (HZ ticks a second). */
void arch_timer_init(void);

/* The serial console. */
void arch_console_init(void);
void arch_console_write(const char *s, size_t n);
/* From now on received characters go to tty_receive, from interrupts. */
void arch_console_irq_init(void);

/* Leave the machine: under QEMU through the isa-debug-exit device (QEMU
 * exits with status (code << 1) | 1); elsewhere halt forever. */
#define EXIT_SUCCESS_CODE 0x10	/* finished, all well: QEMU status 33 */
#define EXIT_FAILURE_CODE 0x11	/* finished, tests failed: 35 */
#define EXIT_PANIC_CODE 0x12	/* kernel panic: 37 */
__noreturn void arch_exit(u8 code);
__noreturn void arch_halt_forever(void);
/* Sleep until the next interrupt. */
void arch_idle(void);

/* Backtraces: code addresses of the calling chain, innermost first. From
 * a trap frame the first is the trapping instruction and the others are
 * return addresses; with regs NULL, the trace starts at the caller. */
int arch_stack_trace(const struct pt_regs *regs, unsigned long *ret, int max);
/* Print the registers of a trap frame (and the control registers). */
void arch_show_regs(const struct pt_regs *regs);

#endif
