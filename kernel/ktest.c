/*
 * The test runner: walks the "ktests" section and reports each test in
 * KTAP (https://docs.kernel.org/dev-tools/ktap.html) on the console, where
 * tests/run_tests.py reads it. In the kernel it also fails a test that
 * leaks frames; the host build relies on LeakSanitizer for that.
 */
#include "kernel/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"
#ifndef HOST_BUILD
#include "mm/page_alloc.h"
#endif

extern const struct ktest __start_ktests[], __stop_ktests[];

void ktest_fail(struct ktest_state *kt, const char *file, int line,
		const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk("    # %s: %s:%d: %s\n", kt->name, file, line, msg);
	kt->failures++;
}

static bool matches(const struct ktest *t, const char *filter)
{
	return strncmp(t->name, filter, strlen(filter)) == 0;
}

static bool run_one(const struct ktest *t)
{
	struct ktest_state kt = { .name = t->name, .failures = 0 };
#ifndef HOST_BUILD
	unsigned long free_before = nr_free_pages();
#endif

	t->run(&kt);
#ifndef HOST_BUILD
	if (nr_free_pages() != free_before)
		ktest_fail(&kt, __FILE__, __LINE__,
			   "frames leaked: %lu free before, %lu after",
			   free_before, nr_free_pages());
#endif
	return kt.failures == 0;
}

int ktest_run_all(const char *filter)
{
	const struct ktest *t;
	int n = 0, i = 0, failed = 0;

	for (t = __start_ktests; t < __stop_ktests; t++)
		n += matches(t, filter);
	printk("KTAP version 1\n1..%d\n", n);
	for (t = __start_ktests; t < __stop_ktests; t++) {
		if (!matches(t, filter))
			continue;
		bool ok = run_one(t);
		failed += !ok;
		printk("%s %d %s\n", ok ? "ok" : "not ok", ++i, t->name);
	}
	printk("# %d tests, %d failed\n", n, failed);
	return failed;
}
