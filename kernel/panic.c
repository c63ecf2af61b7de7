/*
 * panic: the kernel cannot go on. Print why, the registers when a trap
 * caused it, and the chain of calls that led here with symbol names, then
 * stop the machine (or, with panic=exit on the command line, make QEMU exit
 * so that a test run ends at once with a distinct status).
 */
#include <asm/irqflags.h>
#include "kernel/arch.h"
#include "kernel/cmdline.h"
#include "kernel/kallsyms.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"

#define MAX_TRACE 32

static bool panic_exits;
static bool in_panic;

static int set_panic_action(const char *value)
{
	if (!value || (strcmp(value, "exit") && strcmp(value, "halt")))
		return -1;
	panic_exits = strcmp(value, "exit") == 0;
	return 0;
}
KERNEL_PARAM("panic", set_panic_action,
	     "panic=exit: leave QEMU (status 37) instead of halting");

static void print_trace(const struct pt_regs *regs)
{
	unsigned long trace[MAX_TRACE];
	int n = arch_stack_trace(regs, trace, MAX_TRACE);
	char sym[128];

	printk(KERN_EMERG "Call trace:\n");
	for (int i = 0; i < n; i++) {
		if (regs && i == 0)	/* the trapping instruction itself */
			sprint_symbol(sym, sizeof(sym), trace[i]);
		else
			sprint_backtrace(sym, sizeof(sym), trace[i]);
		printk(KERN_EMERG " [<%016lx>] %s\n", trace[i], sym);
	}
}

static __noreturn void panic_common(struct pt_regs *regs, const char *fmt,
				    va_list ap)
{
	char msg[256];

	local_irq_disable();
	if (in_panic) {		/* the report itself faulted: stop quietly */
		arch_console_write("\nrecursive panic\n", 17);
		if (panic_exits)
			arch_exit(EXIT_PANIC_CODE);
		arch_halt_forever();
	}
	in_panic = true;
	printk_bust_lock();
	vsnprintf(msg, sizeof(msg), fmt, ap);
	printk(KERN_EMERG "Kernel panic: %s\n", msg);
	if (regs)
		arch_show_regs(regs);
	print_trace(regs);
	printk(KERN_EMERG "---[ end Kernel panic: %s ]---\n", msg);
	if (panic_exits)
		arch_exit(EXIT_PANIC_CODE);
	arch_halt_forever();
}

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	panic_common(NULL, fmt, ap);
}

void panic_regs(struct pt_regs *regs, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	panic_common(regs, fmt, ap);
}
