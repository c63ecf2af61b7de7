/*
 * madvise: read-pattern hints split and merge areas like mprotect;
 * MADV_DONTNEED drops pages; holes are reported after the mapped parts
 * are advised. Helpers: tests/kernel/mm_test.h.
 */
#include "tests/kernel/mm_test.h"

#define SEQ (ANON_RW | VM_SEQ_READ)
#define RAND (ANON_RW | VM_RAND_READ)

KTEST(madvise_read_hints_split_and_normal_merges)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 4, ANON_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(madvise(mm, PG(1), 2 * PAGE_SIZE, MADV_SEQUENTIAL), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 1, ANON_RW), AREA(1, 3, SEQ),
			AREA(3, 4, ANON_RW));
	/* One hint replaces the other. */
	KT_EXPECT_EQ(madvise(mm, PG(2), PAGE_SIZE, MADV_RANDOM), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 1, ANON_RW), AREA(1, 2, SEQ),
			AREA(2, 3, RAND), AREA(3, 4, ANON_RW));
	KT_EXPECT_EQ(madvise(mm, PG(0), 4 * PAGE_SIZE, MADV_NORMAL), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 4, ANON_RW));
	mmput(mm);
}

/* The page goes: rss drops, and the next read finds zeroes (the zero
 * page), not what was written. */
KTEST(madvise_dontneed_drops_pages)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(fault_at(mm, PG(0), FAULT_FLAG_WRITE), 0);
	KT_EXPECT_EQ(fault_at(mm, PG(1), FAULT_FLAG_WRITE), 0);
	KT_ASSERT_NOT_NULL(byte_at(mm, PG(0) + 7));
	*byte_at(mm, PG(0) + 7) = 0x5a;
	KT_EXPECT_EQ(mm->rss, 2);

	KT_EXPECT_EQ(madvise(mm, PG(0), PAGE_SIZE, MADV_DONTNEED), 0);
	KT_EXPECT_EQ(mm->rss, 1);
	KT_EXPECT_NULL(page_at(mm, PG(0), NULL));
	KT_EXPECT_EQ(fault_at(mm, PG(0), 0), 0);
	KT_EXPECT(page_at(mm, PG(0), NULL) == zero_page());
	KT_EXPECT_EQ(*byte_at(mm, PG(0) + 7), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 2, ANON_RW));
	mmput(mm);
}

/* Shared anonymous memory is an object of its own (a shmem file, as in
 * Linux): the pages leave the page tables, not the object, so the next
 * access finds the same page with its contents (man 2 madvise). */
KTEST(madvise_dontneed_shared_keeps_contents)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, SHARED_RW));
	struct page *page;

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(fault_at(mm, PG(0), FAULT_FLAG_WRITE), 0);
	page = page_at(mm, PG(0), NULL);
	KT_ASSERT_NOT_NULL(page);
	*byte_at(mm, PG(0)) = 0x5a;
	KT_EXPECT_EQ(madvise(mm, PG(0), PAGE_SIZE, MADV_DONTNEED), 0);
	KT_EXPECT_NULL(page_at(mm, PG(0), NULL));
	KT_EXPECT_EQ(mm->rss, 0);
	KT_EXPECT_EQ(page_count(page), 1);	/* the file's */
	KT_EXPECT_EQ(fault_at(mm, PG(0), 0), 0);
	KT_EXPECT(page_at(mm, PG(0), NULL) == page);
	KT_EXPECT_EQ(peek_byte(mm, PG(0)), 0x5a);
	KT_EXPECT_AREAS(mm, AREA(0, 1, SHARED_RW));
	mmput(mm);
}

/* Locked pages must stay. */
KTEST(madvise_dontneed_locked_einval)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW | VM_LOCKED));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(mm->rss, 2);
	KT_EXPECT_EQ(madvise(mm, PG(0), 2 * PAGE_SIZE, MADV_DONTNEED), -EINVAL);
	KT_EXPECT_EQ(mm->rss, 2);
	mmput(mm);
}

/* Unlike mprotect, a hole does not stop the walk: every mapped part is
 * advised, then the call reports ENOMEM. */
KTEST(madvise_holes_enomem_but_advised)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW),
					     AREA(3, 5, ANON_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(madvise(mm, PG(0), 5 * PAGE_SIZE, MADV_RANDOM), -ENOMEM);
	KT_EXPECT_AREAS(mm, AREA(0, 2, RAND), AREA(3, 5, RAND));
	/* Starting in the hole. */
	KT_EXPECT_EQ(madvise(mm, PG(2), 2 * PAGE_SIZE, MADV_SEQUENTIAL),
		     -ENOMEM);
	KT_EXPECT_AREAS(mm, AREA(0, 2, RAND), AREA(3, 4, SEQ),
			AREA(4, 5, RAND));
	/* Running past the last area. */
	KT_EXPECT_EQ(madvise(mm, PG(4), 3 * PAGE_SIZE, MADV_NORMAL), -ENOMEM);
	KT_EXPECT_AREAS(mm, AREA(0, 2, RAND), AREA(3, 4, SEQ),
			AREA(4, 5, ANON_RW));

	/* DONTNEED too: the pages on both sides of the hole go. */
	KT_EXPECT_EQ(fault_at(mm, PG(1), FAULT_FLAG_WRITE), 0);
	KT_EXPECT_EQ(fault_at(mm, PG(3), FAULT_FLAG_WRITE), 0);
	KT_EXPECT_EQ(madvise(mm, PG(0), 5 * PAGE_SIZE, MADV_DONTNEED), -ENOMEM);
	KT_EXPECT_EQ(mm->rss, 0);
	mmput(mm);
}

KTEST(madvise_argument_errors)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(madvise(mm, PG(0), PAGE_SIZE, 7), -EINVAL);
	KT_EXPECT_EQ(madvise(mm, PG(0), PAGE_SIZE, -1), -EINVAL);
	KT_EXPECT_EQ(madvise(mm, PG(0) + 1, PAGE_SIZE, MADV_RANDOM), -EINVAL);
	/* The length rounds up from just below 2^64 to 0: not "nothing". */
	KT_EXPECT_EQ(madvise(mm, PG(0), -1ul, MADV_RANDOM), -EINVAL);
	KT_EXPECT_EQ(madvise(mm, PG(0), -PG(0), MADV_RANDOM), -EINVAL);
	/* Length 0 is nothing to do, even where nothing is mapped. */
	KT_EXPECT_EQ(madvise(mm, PG(7), 0, MADV_RANDOM), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 2, ANON_RW));
	mmput(mm);
}

/* Anonymous memory has nothing to read ahead: accepted, nothing changes. */
KTEST(madvise_willneed_accepted)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW));

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(madvise(mm, PG(0), 2 * PAGE_SIZE, MADV_WILLNEED), 0);
	KT_EXPECT_AREAS(mm, AREA(0, 2, ANON_RW));
	KT_EXPECT_EQ(mm->rss, 0);
	mmput(mm);
}
