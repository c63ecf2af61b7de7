/*
 * Reaching into another address space (access_remote_vm, mm/gup.c), as
 * exec and, later, /proc and ptrace do: through the page tables and the
 * direct map, faulting pages in like the owner's own accesses would. In
 * the kernel and on the host (tests/host/exec.mk).
 */
#include "kernel/lib/string.h"
#include "mm/gup.h"
#include "tests/kernel/mm_test.h"

KTEST(gup_copies_across_pages)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 3, ANON_RW));
	static u8 out[6000], in[6000];

	KT_ASSERT_NOT_NULL(mm);
	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (u8)(i * 7 + 3);
	KT_EXPECT_EQ(access_remote_vm(mm, PG(0) + 100, out, sizeof(out),
				      FOLL_WRITE), (int)sizeof(out));
	KT_EXPECT_EQ(mm->rss, 2);
	KT_EXPECT_EQ(access_remote_vm(mm, PG(0) + 100, in, sizeof(in), 0),
		     (int)sizeof(in));
	KT_EXPECT(!memcmp(in, out, sizeof(in)));
	KT_EXPECT_EQ(*byte_at(mm, PG(1) + 100), out[PAGE_SIZE]);
	mmput(mm);
}

KTEST(gup_stops_where_memory_ends)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, ANON_RW),
					     AREA(2, 3, ANON_RW));
	static u8 buf[2 * PAGE_SIZE];

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(access_remote_vm(mm, PG(1) - 10, buf, 100, FOLL_WRITE),
		     10);
	KT_EXPECT_EQ(access_remote_vm(mm, PG(1), buf, 100, 0), 0);
	KT_EXPECT_EQ(access_remote_vm(mm, PG(3) - 10, buf, 100, 0), 10);
	KT_EXPECT_EQ(access_remote_vm(mm, PG(0), buf, 0, 0), 0);
	mmput(mm);
}

/* Like a user access: reads need VM_READ, writes VM_WRITE. A read of
 * untouched memory maps the zero page; a write then gets a page. */
KTEST(gup_follows_area_permissions)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, ANON_RO),
					     AREA(1, 2, ANON_NONE),
					     AREA(2, 3, ANON_RW));
	u8 buf[16] = { 1 };

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(access_remote_vm(mm, PG(0), buf, 16, FOLL_WRITE), 0);
	KT_EXPECT_EQ(access_remote_vm(mm, PG(0), buf, 16, 0), 16);
	KT_EXPECT_EQ(buf[0], 0);
	KT_EXPECT(page_at(mm, PG(0), NULL) == zero_page());
	KT_EXPECT_EQ(access_remote_vm(mm, PG(1), buf, 16, 0), 0);
	KT_EXPECT_EQ(access_remote_vm(mm, PG(2), buf, 16, 0), 16);
	KT_EXPECT(page_at(mm, PG(2), NULL) == zero_page());
	KT_EXPECT_EQ(mm->rss, 0);
	buf[0] = 42;
	KT_EXPECT_EQ(access_remote_vm(mm, PG(2), buf, 16, FOLL_WRITE), 16);
	KT_EXPECT(page_at(mm, PG(2), NULL) != zero_page());
	KT_EXPECT_EQ(*byte_at(mm, PG(2)), 42);
	KT_EXPECT_EQ(*(u8 *)page_address(zero_page()), 0);
	KT_EXPECT_EQ(mm->rss, 1);
	mmput(mm);
}
