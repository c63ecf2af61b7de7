/*
 * The main() of the host test programs: it runs the KTEST cases linked in
 * (printk and panic come from tests/host/printk.c). A test program may
 * define host_test_setup() to prepare the world first (e.g. a fake
 * physical memory).
 */
#include <stdio.h>
#include <stdlib.h>

#include "kernel/ktest.h"

__attribute__((weak)) void host_test_setup(void)
{
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	host_test_setup();
	return ktest_run_all(argc > 1 ? argv[1] : "") ? 1 : 0;
}
