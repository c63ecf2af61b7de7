/*
 * The crash the test runner expects: a write through NULL two calls below
 * kernel_main. The report must name crashtest_write_null, crashtest_run and
 * kernel_main in its backtrace (tests/run_tests.py checks it).
 */
#include "kernel/cmdline.h"
#include "kernel/crashtest.h"
#include "kernel/panic.h"

static bool requested;

static int set_crashtest(const char *value)
{
	if (value)
		return -1;
	requested = true;
	return 0;
}
KERNEL_PARAM("crashtest", set_crashtest,
	     "crashtest: write through NULL after boot, to test panic reports");

bool crashtest_requested(void)
{
	return requested;
}

/* volatile: the compiler must emit the store, not reason it away as UB. */
static int *volatile null_pointer;

static __noinline void crashtest_write_null(void)
{
	*null_pointer = 1;
}

void crashtest_run(void)
{
	crashtest_write_null();
	panic("crashtest: the write through NULL did not fault");
}
