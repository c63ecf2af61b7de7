/*
 * The user copies (mm/uaccess.h), in the kernel only: they run on the
 * architecture's fault-tolerant copy and the page-fault handler. The test
 * thread has no address space (current->mm is NULL), so every user
 * address faults and the copy fails; to see copies that work, a test
 * runs on an address space of its own for a while (use_mm).
 */
#include "kernel/lib/string.h"
#include "kernel/sched.h"
#include "mm/uaccess.h"
#include "tests/kernel/mm_test.h"

/* Run on mm as its process would (Linux's kthread_use_mm): load it, and
 * make it the one user faults are resolved in. No ASSERT may return
 * between this and unuse_mm. */
static void use_mm(struct mm_struct *mm)
{
	current->mm = mm;
	activate_mm(current->active_mm, mm);
}

static void unuse_mm(struct mm_struct *mm)
{
	activate_mm(mm, current->active_mm);
	current->mm = NULL;
}

static bool all_zero(const u8 *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (buf[i])
			return false;
	return true;
}

/* The user accesses that did not refuse addr cleanly, as a mask. */
enum {
	BAD_COPY_FROM = 1 << 0,	/* copy_from_user copied something */
	BAD_ZERO_FILL = 1 << 1,	/* ...or left the buffer unzeroed */
	BAD_COPY_TO = 1 << 2,	/* copy_to_user copied something */
	BAD_GET = 1 << 3,	/* get_user: not -EFAULT, or x not zeroed */
	BAD_PUT = 1 << 4,	/* put_user: not -EFAULT */
	BAD_STRNCPY = 1 << 5,	/* strncpy_from_user: not -EFAULT */
};

static unsigned not_refused(unsigned long addr)
{
	void __user *p = (void __user *)addr;
	u8 buf[16];
	u64 x = ~0ull;
	unsigned bad = 0;

	memset(buf, 0xaa, sizeof(buf));
	if (copy_from_user(buf, p, sizeof(buf)) != sizeof(buf))
		bad |= BAD_COPY_FROM;
	if (!all_zero(buf, sizeof(buf)))
		bad |= BAD_ZERO_FILL;
	memset(buf, 0xbb, sizeof(buf));
	if (copy_to_user(p, buf, sizeof(buf)) != sizeof(buf))
		bad |= BAD_COPY_TO;
	if (get_user(x, (u64 __user *)p) != -EFAULT || x)
		bad |= BAD_GET;
	if (put_user(0xbbbbbbbbbbbbbbbbull, (u64 __user *)p) != -EFAULT)
		bad |= BAD_PUT;
	if (strncpy_from_user((char *)buf, p, sizeof(buf)) != -EFAULT)
		bad |= BAD_STRNCPY;
	return bad;
}

/* The range must lie below TASK_SIZE, however its end is computed. */
KTEST(uaccess_access_ok_bounds)
{
	KT_EXPECT(access_ok((void *)0, 0));
	KT_EXPECT(access_ok((void *)0, TASK_SIZE));
	KT_EXPECT(!access_ok((void *)0, TASK_SIZE + 1));
	KT_EXPECT(!access_ok((void *)1, TASK_SIZE));
	KT_EXPECT(access_ok((void *)(TASK_SIZE - 1), 1));
	KT_EXPECT(!access_ok((void *)(TASK_SIZE - 1), 2));
	KT_EXPECT(access_ok((void *)TASK_SIZE, 0));
	KT_EXPECT(!access_ok((void *)TASK_SIZE, 1));
	KT_EXPECT(!access_ok((void *)0x0000800000000000ul, 1));
	KT_EXPECT(!access_ok((void *)0xffff800000000000ul, 1));
	KT_EXPECT(!access_ok((void *)-16ul, 32));	/* wraps to 16 */
	KT_EXPECT(!access_ok((void *)PAGE_SIZE, -PAGE_SIZE));	/* to 0 */
	KT_EXPECT(!access_ok((void *)PAGE_SIZE, ~0ul));
}

/* With no address space, user addresses fault and the fault is fixed up;
 * the others are refused before any access. All fail with EFAULT, and a
 * kernel buffer passed as the user's is neither read nor written. */
KTEST(uaccess_bad_pointers_fail_without_mm)
{
	u8 secret[16];

	KT_ASSERT(current->mm == NULL);
	memset(secret, 's', sizeof(secret));
	KT_EXPECT_EQ(not_refused(0), 0);
	KT_EXPECT_EQ(not_refused(1), 0);
	KT_EXPECT_EQ(not_refused(PG(0)), 0);
	KT_EXPECT_EQ(not_refused(TASK_SIZE - 8), 0);
	KT_EXPECT_EQ(not_refused(TASK_SIZE), 0);
	KT_EXPECT_EQ(not_refused(0x0000800000000000ul), 0);
	KT_EXPECT_EQ(not_refused(0xffff800000000000ul), 0);
	KT_EXPECT_EQ(not_refused(-8ul), 0);
	KT_EXPECT_EQ(not_refused((unsigned long)secret), 0);
	for (size_t i = 0; i < sizeof(secret); i++)
		KT_EXPECT_EQ(secret[i], 's');
}

/* A user page works; a kernel address is refused even though, with the
 * user's page tables loaded, the kernel half is mapped and readable. */
KTEST(uaccess_kernel_pointers_refused_with_mm)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, ANON_RW));
	u8 secret[16], buf[16];
	unsigned kernel_stack, direct_map;
	unsigned long user_page;

	KT_ASSERT_NOT_NULL(mm);
	memset(secret, 's', sizeof(secret));
	use_mm(mm);
	kernel_stack = not_refused((unsigned long)secret);
	direct_map = not_refused((unsigned long)page_address(zero_page()));
	user_page = copy_from_user(buf, (void __user *)PG(0), sizeof(buf));
	unuse_mm(mm);
	KT_EXPECT_EQ(kernel_stack, 0);
	KT_EXPECT_EQ(direct_map, 0);
	KT_EXPECT_EQ(user_page, 0);
	for (size_t i = 0; i < sizeof(secret); i++)
		KT_EXPECT_EQ(secret[i], 's');
	KT_EXPECT(all_zero(page_address(zero_page()), PAGE_SIZE));
	mmput(mm);
}

/* A range that reaches past TASK_SIZE, or wraps, is refused whole: even
 * its mapped start is left alone. copy_from_user zeroes the buffer. */
KTEST(uaccess_ranges_past_task_size_refused)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, ANON_RW));
	unsigned long top = TASK_SIZE - PAGE_SIZE;
	u8 buf[32], src[32];
	unsigned long to_top, from_top, to_all, to_zero, from_wrap;

	KT_ASSERT_NOT_NULL(mm);
	KT_ASSERT_EQ(mmap_fixed(mm, top, 1, PROT_RW), top);
	memset(src, 0x5c, sizeof(src));
	memset(buf, 0xaa, sizeof(buf));
	use_mm(mm);
	to_top = copy_to_user((void __user *)(TASK_SIZE - 8), src, 16);
	from_top = copy_from_user(buf, (void __user *)(TASK_SIZE - 8), 16);
	to_all = copy_to_user((void __user *)PG(0), src, ~0ul);
	to_zero = copy_to_user((void __user *)PG(0), src, -PG(0));
	from_wrap = copy_from_user(buf + 16, (void __user *)-8ul, 16);
	unuse_mm(mm);
	KT_EXPECT_EQ(to_top, 16);
	KT_EXPECT_EQ(from_top, 16);
	KT_EXPECT_EQ(to_all, ~0ul);
	KT_EXPECT_EQ(to_zero, -PG(0));
	KT_EXPECT_EQ(from_wrap, 16);
	KT_EXPECT(all_zero(buf, sizeof(buf)));
	KT_EXPECT_NULL(page_at(mm, top, NULL));
	KT_EXPECT_NULL(page_at(mm, PG(0), NULL));
	mmput(mm);
}

/* Copies fault pages in as the program's own accesses would; where the
 * memory ends or may not be written, they stop, reporting what was left
 * (zeroed, for copy_from_user). */
KTEST(uaccess_copies_fault_pages_in)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW),
					     AREA(3, 4, ANON_RO));
	unsigned long across, back, tail, from_end, to_end, from_ro, to_ro;
	u8 buf[8], ro[4];
	u64 x = 0;
	int put, get;

	KT_ASSERT_NOT_NULL(mm);
	memset(ro, 0xaa, sizeof(ro));
	use_mm(mm);
	across = copy_to_user((void __user *)(PG(1) - 4), "abcdefgh", 8);
	back = copy_from_user(buf, (void __user *)(PG(1) - 4), 8);
	put = put_user(0x1122334455667788ull, (u64 __user *)PG(0));
	get = get_user(x, (u64 __user *)PG(0));
	tail = copy_to_user((void __user *)(PG(2) - 4), "wxyz", 4);
	to_end = copy_to_user((void __user *)(PG(2) - 2), "12345678", 8);
	from_end = copy_from_user(buf, (void __user *)(PG(2) - 4), 8);
	from_ro = copy_from_user(ro, (void __user *)PG(3), sizeof(ro));
	to_ro = copy_to_user((void __user *)PG(3), "ro", 2);
	unuse_mm(mm);
	KT_EXPECT_EQ(across, 0);
	KT_EXPECT_EQ(back, 0);
	KT_EXPECT_EQ(peek_byte(mm, PG(1) - 4), 'a');
	KT_EXPECT_EQ(peek_byte(mm, PG(1) + 3), 'h');
	KT_EXPECT_EQ(put, 0);
	KT_EXPECT_EQ(get, 0);
	KT_EXPECT_EQ(x, 0x1122334455667788ull);
	KT_EXPECT_EQ(tail, 0);
	KT_EXPECT_EQ(to_end, 6);
	KT_EXPECT_EQ(from_end, 4);
	KT_EXPECT(!memcmp(buf, "wx12\0\0\0\0", 8));
	KT_EXPECT_EQ(from_ro, 0);
	KT_EXPECT(all_zero(ro, sizeof(ro)));
	KT_EXPECT_EQ(to_ro, 2);
	KT_EXPECT_FAULTS(mm, [MM_FAULT_ZERO_PAGE] = 1, [MM_FAULT_ANON] = 2);
	mmput(mm);
}

/* A string may end just before memory does; one that runs on into
 * unmapped memory is EFAULT, unless count stops it first. */
KTEST(uaccess_strncpy_from_user)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, ANON_RW));
	char __user *hello = (char __user *)(PG(1) - 6);
	char __user *xyz = (char __user *)(PG(1) - 3);
	long whole, cut, none, unended, stopped;
	char dst[64];

	KT_ASSERT_NOT_NULL(mm);
	memset(dst, 0, sizeof(dst));
	use_mm(mm);
	KT_EXPECT_EQ(copy_to_user(hello, "hello", 6), 0);
	whole = strncpy_from_user(dst, hello, sizeof(dst));
	cut = strncpy_from_user(dst + 8, hello, 3);
	none = strncpy_from_user(dst + 16, hello, 0);
	KT_EXPECT_EQ(copy_to_user(xyz, "xyz", 3), 0);
	unended = strncpy_from_user(dst + 24, xyz, 16);
	stopped = strncpy_from_user(dst + 48, xyz, 3);
	unuse_mm(mm);
	KT_EXPECT_EQ(whole, 5);
	KT_EXPECT(!strcmp(dst, "hello"));
	KT_EXPECT_EQ(cut, 3);
	KT_EXPECT(!memcmp(dst + 8, "hel", 3));
	KT_EXPECT_EQ(none, 0);
	KT_EXPECT_EQ(dst[16], 0);
	KT_EXPECT_EQ(unended, -EFAULT);
	KT_EXPECT_EQ(stopped, 3);
	KT_EXPECT(!memcmp(dst + 48, "xyz", 3));
	mmput(mm);
}

/* get_user assigns the user's value to x, converted to x's type (as in
 * Linux), and zero on a fault; whatever x's size. */
KTEST(uaccess_get_user_converts_to_type_of_x)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, ANON_RW));
	unsigned long wide = ~0ul, fault = ~0ul;
	long sign = 0;
	int put, get_wide, get_sign, get_fault;

	KT_ASSERT_NOT_NULL(mm);
	use_mm(mm);
	put = put_user(-2, (s32 __user *)PG(0));
	get_wide = get_user(wide, (u32 __user *)PG(0));
	get_sign = get_user(sign, (s32 __user *)PG(0));
	get_fault = get_user(fault, (u32 __user *)PG(1));
	unuse_mm(mm);
	KT_EXPECT_EQ(put, 0);
	KT_EXPECT_EQ(get_wide, 0);
	KT_EXPECT_EQ(wide, 0xfffffffeul);
	KT_EXPECT_EQ(get_sign, 0);
	KT_EXPECT_EQ(sign, -2);
	KT_EXPECT_EQ(get_fault, -EFAULT);
	KT_EXPECT_EQ(fault, 0);
	mmput(mm);
}

/* A copy just below a stack grows it, as the program's own push would;
 * past the stack limit it fails. */
KTEST(uaccess_put_user_grows_stack)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(400, 401, STACK_RW));
	u64 __user *below = (u64 __user *)(PG(399) + 8);
	u64 __user *too_far = (u64 __user *)(PG(401) - STACK_LIMIT - 8);
	int near, far;

	KT_ASSERT_NOT_NULL(mm);
	use_mm(mm);
	near = put_user(42, below);
	far = put_user(43, too_far);
	unuse_mm(mm);
	KT_EXPECT_EQ(near, 0);
	KT_EXPECT_EQ(far, -EFAULT);
	KT_EXPECT_AREAS(mm, AREA(399, 401, STACK_RW));
	KT_EXPECT_EQ(peek_byte(mm, PG(399) + 8), 42);
	KT_EXPECT_FAULTS(mm, [MM_FAULT_ANON] = 1, [MM_FAULT_STACK_GROW] = 1);
	mmput(mm);
}

/* A fault from the trap counts once in pgfault, even a stack growth,
 * which counts in two kinds; one that no area takes, or that the area
 * refuses, counts in neither. */
KTEST(uaccess_fault_counts_once_in_pgfault)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, ANON_RO),
					     AREA(400, 401, STACK_RW));
	unsigned long faults = vm_events[PGFAULT];
	int grown, above, read_only;

	KT_ASSERT_NOT_NULL(mm);
	use_mm(mm);
	grown = put_user(1, (u8 __user *)PG(399));
	above = put_user(2, (u8 __user *)PG(402));
	read_only = put_user(3, (u8 __user *)PG(0));
	unuse_mm(mm);
	KT_EXPECT_EQ(grown, 0);
	KT_EXPECT_EQ(above, -EFAULT);
	KT_EXPECT_EQ(read_only, -EFAULT);
	KT_EXPECT_FAULTS(mm, [MM_FAULT_ANON] = 1, [MM_FAULT_STACK_GROW] = 1);
	KT_EXPECT_EQ(vm_events[PGFAULT] - faults, 1);
	mmput(mm);
}
