/*
 * In-kernel tests. KTEST(name) { ... } defines a test and registers it in
 * the "ktests" linker section; with "ktest" on the kernel command line,
 * ktest_run_all() runs every test and reports KTAP on the console. The same
 * macros build into the host test programs of tests/host/, where the linker
 * provides __start_ktests/__stop_ktests itself.
 *
 *   KTEST(buddy_merges) {
 *           struct page *p = alloc_pages(GFP_KERNEL, 1);
 *           KT_ASSERT_NOT_NULL(p);
 *           KT_EXPECT_EQ(page_count(p), 1);
 *           __free_pages(p, 1);
 *   }
 *
 * EXPECT records a failure and goes on; ASSERT also returns from the test.
 * After each test the runner checks that no frames were leaked.
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include "kernel/compiler.h"
#include "kernel/types.h"

struct ktest_state {
	const char *name;
	int failures;
};

struct ktest {
	const char *name;
	void (*run)(struct ktest_state *kt);
};

#define KTEST(tname)                                                     \
	static void ktest_fn_##tname(struct ktest_state *kt);            \
	static const struct ktest ktest_##tname __used                   \
		__section("ktests") __aligned(8) = { #tname, ktest_fn_##tname }; \
	static void ktest_fn_##tname(__unused struct ktest_state *kt)

void ktest_fail(struct ktest_state *kt, const char *file, int line,
		const char *fmt, ...) __printf(4, 5);

#define KT_EXPECT(cond)                                                  \
	({                                                               \
		bool __ok = !!(cond);                                    \
		if (!__ok)                                               \
			ktest_fail(kt, __FILE__, __LINE__,               \
				   "expected %s", #cond);                \
		__ok;                                                    \
	})

/* Compares in the operands' common type (as `1 ? a : b` has: signed
 * values compare as signed, pointers as pointers), reporting both. */
#define KT_EXPECT_CMP(a, op, b)                                          \
	({                                                               \
		__typeof__(1 ? (a) : (b)) __a = (a), __b = (b);          \
		bool __ok = __a op __b;                                  \
		if (!__ok)                                               \
			ktest_fail(kt, __FILE__, __LINE__,               \
				   "expected %s %s %s, got %lld (%#llx) and %lld (%#llx)", \
				   #a, #op, #b, (long long)__a,          \
				   (unsigned long long)__a, (long long)__b, \
				   (unsigned long long)__b);             \
		__ok;                                                    \
	})

#define KT_EXPECT_EQ(a, b) KT_EXPECT_CMP(a, ==, b)
#define KT_EXPECT_NE(a, b) KT_EXPECT_CMP(a, !=, b)
#define KT_EXPECT_LT(a, b) KT_EXPECT_CMP(a, <, b)
#define KT_EXPECT_LE(a, b) KT_EXPECT_CMP(a, <=, b)
#define KT_EXPECT_GE(a, b) KT_EXPECT_CMP(a, >=, b)
#define KT_EXPECT_NULL(p) KT_EXPECT((p) == NULL)
#define KT_EXPECT_NOT_NULL(p) KT_EXPECT((p) != NULL)

#define KT_ASSERT(cond) do { if (!KT_EXPECT(cond)) return; } while (0)
#define KT_ASSERT_EQ(a, b) do { if (!KT_EXPECT_EQ(a, b)) return; } while (0)
#define KT_ASSERT_NOT_NULL(p) do { if (!KT_EXPECT_NOT_NULL(p)) return; } while (0)

/* Run every registered test whose name starts with filter ("" for all);
 * returns the number that failed. */
int ktest_run_all(const char *filter);

#endif
