/*
 * What the host test programs need from the kernel around the code under
 * test: printk to stdout, panic as an abort (so ASan prints where), and a
 * main() that runs the KTEST cases linked in. A test program may define
 * host_test_setup() to prepare the world first (e.g. a fake physical memory).
 */
#include <stdio.h>
#include <stdlib.h>

#include "kernel/ktest.h"
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

__attribute__((weak)) void host_test_setup(void)
{
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	host_test_setup();
	return ktest_run_all(argc > 1 ? argv[1] : "") ? 1 : 0;
}
