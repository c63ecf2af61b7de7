/*
 * The kernel's console for host programs (tests and the benchmark):
 * printk to stdout, and panic as an abort, so that ASan and gdb show
 * where it happened.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kernel/panic.h"
#include "kernel/printk.h"

int console_loglevel = LOGLEVEL_DEFAULT;

int vprintk(const char *fmt, va_list ap)
{
	if (fmt[0] == KERN_SOH[0] && fmt[1])
		fmt += 2;
	return vprintf(fmt, ap);
}

int printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void panic(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fprintf(stderr, "Kernel panic: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}
