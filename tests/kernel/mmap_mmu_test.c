/*
 * The address-space operations seen by the real MMU (kernel only: the
 * host has no TLB to go stale). Each test loads a fresh address space and
 * touches its user addresses from the kernel (CR0.WP makes read-only pages
 * read-only for the kernel too), through copy_from_kernel_nofault, which
 * returns -EFAULT instead of faulting when the CPU refuses an access.
 *
 * Each step first fills the TLB with the old translation, then changes
 * the entry: without the operation's flush, the CPU would go on using the
 * translation it cached, and these tests would see the old page.
 */
#include <asm/pgtable.h>
#include "kernel/errno.h"
#include "kernel/extable.h"
#include "kernel/ktest.h"
#include "mm/fault.h"
#include "mm/mm.h"
#include "mm/pgtable.h"
#include "tests/kernel/mm_test.h"

/* A new address space, loaded on this CPU (so its flushes happen). */
static struct mm_struct *enter_new_mm(void)
{
	struct mm_struct *mm = mm_alloc();

	if (mm) {
		load_pgd(mm->pgd);
		mm->cpu_vm_mask = 1;
	}
	return mm;
}

static void leave_mm(struct mm_struct *mm)
{
	load_pgd(swapper_pg_dir);
	mm->cpu_vm_mask = 0;
	mmput(mm);
}

static int write_byte(unsigned long va, u8 byte)
{
	return copy_from_kernel_nofault((void *)va, &byte, 1);
}

/* The byte at va, or -EFAULT. */
static int read_byte(unsigned long va)
{
	u8 byte;
	int error = copy_from_kernel_nofault(&byte, (const void *)va, 1);

	return error ? error : byte;
}

/* n populated private writable pages holding 0x11, 0x12, ... */
static unsigned long map_filled(struct mm_struct *mm, int n)
{
	unsigned long addr = vm_mmap(mm, NULL, 0, n * PAGE_SIZE,
				     PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, 0);

	if (IS_ERR_VALUE(addr))
		return 0;
	for (int i = 0; i < n; i++)
		if (write_byte(addr + i * PAGE_SIZE, 0x11 + i))
			return 0;
	return addr;
}

KTEST(mmu_munmap_flushes_the_old_translation)
{
	struct mm_struct *mm = enter_new_mm();
	unsigned long addr;

	KT_ASSERT_NOT_NULL(mm);
	addr = map_filled(mm, 3);
	KT_ASSERT(addr != 0);
	KT_EXPECT_EQ(read_byte(addr + PAGE_SIZE), 0x12);	/* now cached */
	KT_EXPECT_EQ(vm_munmap(mm, addr + PAGE_SIZE, PAGE_SIZE), 0);
	KT_EXPECT_EQ(read_byte(addr + PAGE_SIZE), -EFAULT);
	KT_EXPECT_EQ(read_byte(addr), 0x11);
	KT_EXPECT_EQ(read_byte(addr + 2 * PAGE_SIZE), 0x13);
	leave_mm(mm);
}

KTEST(mmu_mprotect_read_only_then_back)
{
	struct mm_struct *mm = enter_new_mm();
	unsigned long addr;

	KT_ASSERT_NOT_NULL(mm);
	addr = map_filled(mm, 2);
	KT_ASSERT(addr != 0);
	KT_EXPECT_EQ(do_mprotect(mm, addr, 2 * PAGE_SIZE, PROT_READ), 0);
	KT_EXPECT_EQ(write_byte(addr, 0x99), -EFAULT);
	KT_EXPECT_EQ(read_byte(addr), 0x11);

	/* Back to writable: a private page's entry stays read-only until a
	 * write fault finds the page is the area's alone, and reuses it. */
	KT_EXPECT_EQ(do_mprotect(mm, addr, 2 * PAGE_SIZE,
				 PROT_READ | PROT_WRITE), 0);
	KT_EXPECT_EQ(write_byte(addr, 0x99), -EFAULT);
	KT_EXPECT_EQ(fault_at(mm, addr, FAULT_FLAG_WRITE), 0);
	KT_EXPECT_EQ(write_byte(addr, 0x99), 0);
	KT_EXPECT_EQ(read_byte(addr), 0x99);
	KT_EXPECT_EQ(mm->rss, 2);	/* reused, not copied */
	leave_mm(mm);
}

KTEST(mmu_prot_none_keeps_the_page)
{
	struct mm_struct *mm = enter_new_mm();
	unsigned long addr;

	KT_ASSERT_NOT_NULL(mm);
	addr = map_filled(mm, 1);
	KT_ASSERT(addr != 0);
	KT_EXPECT_EQ(do_mprotect(mm, addr, PAGE_SIZE, PROT_NONE), 0);
	KT_EXPECT_EQ(read_byte(addr), -EFAULT);
	KT_EXPECT_EQ(do_mprotect(mm, addr, PAGE_SIZE, PROT_READ), 0);
	KT_EXPECT_EQ(read_byte(addr), 0x11);
	leave_mm(mm);
}

KTEST(mmu_dontneed_then_zero_page)
{
	struct mm_struct *mm = enter_new_mm();
	unsigned long addr;

	KT_ASSERT_NOT_NULL(mm);
	addr = map_filled(mm, 1);
	KT_ASSERT(addr != 0);
	KT_EXPECT_EQ(do_madvise(mm, addr, PAGE_SIZE, MADV_DONTNEED), 0);
	KT_EXPECT_EQ(read_byte(addr), -EFAULT);		/* gone */
	KT_EXPECT_EQ(fault_at(mm, addr, 0), 0);
	KT_EXPECT_EQ(read_byte(addr), 0);		/* the zero page */
	KT_EXPECT_EQ(write_byte(addr, 1), -EFAULT);	/* read-only */
	KT_EXPECT_EQ(fault_at(mm, addr, FAULT_FLAG_WRITE), 0);
	KT_EXPECT_EQ(write_byte(addr, 1), 0);		/* a page of its own */
	KT_EXPECT_EQ(read_byte(addr), 1);
	leave_mm(mm);
}

KTEST(mmu_map_fixed_replaces_the_old_page)
{
	struct mm_struct *mm = enter_new_mm();
	unsigned long addr, again;

	KT_ASSERT_NOT_NULL(mm);
	addr = map_filled(mm, 1);
	KT_ASSERT(addr != 0);
	again = vm_mmap(mm, NULL, addr, PAGE_SIZE, PROT_READ,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_POPULATE, 0);
	KT_EXPECT_EQ(again, addr);
	KT_EXPECT_EQ(read_byte(addr), 0);		/* fresh memory */
	leave_mm(mm);
}
