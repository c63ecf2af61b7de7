/*
 * The address-space core: do_mmap, do_munmap, do_brk and find_vma on a
 * fresh mm_struct, in the kernel and on the host (tests/host/vma.mk).
 */
#include "kernel/ktest.h"
#include "mm/mm.h"

KTEST(mmap_anonymous_then_munmap)
{
	struct mm_struct *mm = mm_alloc();
	unsigned long addr;

	KT_ASSERT_NOT_NULL(mm);
	addr = do_mmap(mm, NULL, 0, 3 * PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, 0);
	KT_EXPECT_EQ(addr, TASK_SIZE - (128ul << 20) - 3 * PAGE_SIZE);
	KT_EXPECT_EQ(mm->map_count, 1);
	KT_EXPECT(find_vma(mm, addr) == mm->mmap);
	KT_EXPECT_EQ(do_munmap(mm, addr + PAGE_SIZE, PAGE_SIZE), 0);
	KT_EXPECT_EQ(mm->map_count, 2);
	validate_mm(mm);
	mmput(mm);
}
