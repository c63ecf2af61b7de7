/*
 * Helpers for the tests of the address-space core (vma_test.c,
 * mmap_test.c, mprotect_test.c, madvise_test.c, brk_test.c,
 * fault_test.c, fork_test.c, stack_test.c, shmem_test.c), in the kernel
 * and on the host (tests/host/vma.mk), and of the user copies
 * (uaccess_test.c).
 *
 * A test describes areas as {start, end, flags} (AREA), both to build an
 * address space and to check one, the way /proc/PID/maps shows it:
 *
 *	mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW), AREA(3, 5, ANON_RO));
 *	KT_EXPECT_EQ(mmap_fixed(mm, PG(2), 1, PROT_READ), PG(2));
 *	KT_EXPECT_AREAS(mm, AREA(0, 2, ANON_RW), AREA(2, 5, ANON_RO));
 *
 * Expected results are Linux's (x86-64): its merges and splits, its error
 * codes. Every helper that changes the address space then checks its
 * invariants (validate_mm), so a broken tree fails the step that broke it.
 */
#ifndef TESTS_KERNEL_MM_TEST_H
#define TESTS_KERNEL_MM_TEST_H

#include "kernel/ktest.h"
#include "mm/fault.h"
#include "mm/mm.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "mm/tlb.h"

/* Areas a test places itself live from here up: far below where mmap
 * puts areas of its own choice (just below TASK_SIZE - 128 MiB). */
#define TEST_BASE 0x40000000ul
#define PG(n) (TEST_BASE + (unsigned long)(n) * PAGE_SIZE)
/* Where the first mmap without MAP_FIXED ends (Linux's mmap_base). */
#define MMAP_BASE (TASK_SIZE - (128ul << 20))

#define PROT_RW (PROT_READ | PROT_WRITE)

/* do_mmap and do_brk return an error as an address. */
#define ERR_ADDR(e) ((unsigned long)-(e))

/* The vm_flags of anonymous memory as mmap makes it: prot, and every
 * VM_MAY* bit. */
#define ANON(prot) ((unsigned long)(prot) | VM_MAYREAD | VM_MAYWRITE | \
		    VM_MAYEXEC)
#define ANON_NONE ANON(PROT_NONE)
#define ANON_RO ANON(PROT_READ)
#define ANON_RW ANON(PROT_RW)
#define ANON_RX ANON(PROT_READ | PROT_EXEC)
#define SHARED_RW (ANON_RW | VM_SHARED | VM_MAYSHARE)
/* A stack, as MAP_GROWSDOWN makes it. */
#define STACK_RW (ANON_RW | VM_GROWSDOWN)

/* [PG(from), PG(to)) with vm_flags. */
struct area_spec {
	unsigned long start, end, flags;
};
#define AREA(from, to, vm_flags) { PG(from), PG(to), (vm_flags) }
#define AREA_LIST(...) (const struct area_spec[]){ __VA_ARGS__ }
#define AREA_COUNT(...) \
	(int)(sizeof(AREA_LIST(__VA_ARGS__)) / sizeof(struct area_spec))

/* npages of anonymous memory at addr (a hint unless flags has
 * MAP_FIXED), as the mmap system call makes them. */
static inline unsigned long mmap_anon(struct mm_struct *mm,
				      unsigned long addr, unsigned long npages,
				      unsigned long prot, unsigned long flags)
{
	addr = vm_mmap(mm, NULL, addr, npages * PAGE_SIZE, prot,
		       flags | MAP_ANONYMOUS, 0);
	validate_mm(mm);
	return addr;
}

/* The common case: private memory at exactly addr. */
static inline unsigned long mmap_fixed(struct mm_struct *mm,
				       unsigned long addr, unsigned long npages,
				       unsigned long prot)
{
	return mmap_anon(mm, addr, npages, prot, MAP_PRIVATE | MAP_FIXED);
}

/* The system calls as a test makes them: each then checks the areas'
 * invariants. */
static inline int munmap(struct mm_struct *mm, unsigned long addr,
			 unsigned long len)
{
	int error = vm_munmap(mm, addr, len);

	validate_mm(mm);
	return error;
}

static inline int mprotect(struct mm_struct *mm, unsigned long addr,
			   unsigned long len, unsigned long prot)
{
	int error = do_mprotect(mm, addr, len, prot);

	validate_mm(mm);
	return error;
}

static inline int madvise(struct mm_struct *mm, unsigned long addr,
			  unsigned long len, int advice)
{
	int error = do_madvise(mm, addr, len, advice);

	validate_mm(mm);
	return error;
}

/* A new address space with the given areas, each mapped fixed with the
 * mmap flags that make its vm_flags; NULL (and a failure) if one could
 * not be mapped. */
static inline struct mm_struct *mm_with_areas(struct ktest_state *kt,
					      const struct area_spec *areas,
					      int n)
{
	struct mm_struct *mm = mm_alloc();

	KT_EXPECT_NOT_NULL(mm);
	for (int i = 0; mm && i < n; i++) {
		unsigned long f = areas[i].flags;
		unsigned long flags = MAP_FIXED |
			(f & VM_SHARED ? MAP_SHARED : MAP_PRIVATE) |
			(f & VM_GROWSDOWN ? MAP_GROWSDOWN : 0) |
			(f & VM_LOCKED ? MAP_LOCKED : 0);
		unsigned long npages =
			(areas[i].end - areas[i].start) >> PAGE_SHIFT;

		if (!KT_EXPECT_EQ(mmap_anon(mm, areas[i].start, npages,
					    f & VM_ACCESS_FLAGS, flags),
				  areas[i].start)) {
			mmput(mm);
			mm = NULL;
		}
	}
	return mm;
}
#define MM_WITH_AREAS(...) \
	mm_with_areas(kt, AREA_LIST(__VA_ARGS__), AREA_COUNT(__VA_ARGS__))

/*
 * Does mm have exactly these areas, in this order? Reports each one that
 * differs. Flags are compared without VM_ACCOUNT (commit accounting, which
 * /proc/PID/maps does not show either; the tests about it compare areas).
 * Also checks the invariants, and the counters that follow from the
 * areas: total_vm (all their pages), locked_vm (those of VM_LOCKED areas).
 */
static inline bool expect_areas(struct ktest_state *kt, const char *file,
				int line, struct mm_struct *mm,
				const struct area_spec *want, int n)
{
	unsigned long total = 0, locked = 0;
	struct vm_area_struct *vma = mm->mmap;
	int failures = kt->failures, i;

	validate_mm(mm);
	for (i = 0; vma || i < n; i++, vma = vma ? vma->vm_next : NULL) {
		const struct area_spec *w = i < n ? &want[i] : NULL;

		if (vma) {
			total += vma_pages(vma);
			locked += vma->vm_flags & VM_LOCKED ? vma_pages(vma) : 0;
		}
		if (!w)
			ktest_fail(kt, file, line,
				   "area %d [%#lx, %#lx) flags %#lx: one too many",
				   i, vma->vm_start, vma->vm_end, vma->vm_flags);
		else if (!vma)
			ktest_fail(kt, file, line,
				   "area %d missing: expected [%#lx, %#lx) flags %#lx",
				   i, w->start, w->end, w->flags);
		else if (vma->vm_start != w->start || vma->vm_end != w->end ||
			 ((vma->vm_flags ^ w->flags) & ~VM_ACCOUNT))
			ktest_fail(kt, file, line,
				   "area %d is [%#lx, %#lx) flags %#lx, expected [%#lx, %#lx) flags %#lx",
				   i, vma->vm_start, vma->vm_end, vma->vm_flags,
				   w->start, w->end, w->flags);
	}
	if (mm->total_vm != total || mm->locked_vm != locked)
		ktest_fail(kt, file, line,
			   "total_vm %lu, locked_vm %lu; the areas have %lu, %lu",
			   mm->total_vm, mm->locked_vm, total, locked);
	return kt->failures == failures;
}
#define KT_EXPECT_AREAS(mm, ...)                                        \
	expect_areas(kt, __FILE__, __LINE__, (mm), AREA_LIST(__VA_ARGS__), \
		     AREA_COUNT(__VA_ARGS__))
#define KT_EXPECT_NO_AREAS(mm) \
	expect_areas(kt, __FILE__, __LINE__, (mm), NULL, 0)

/* What a page fault at addr does: the fault handler of the area holding
 * addr, or SIGSEGV outside every area (as do_page_fault decides). */
static inline unsigned fault_at(struct mm_struct *mm, unsigned long addr,
				unsigned flags)
{
	struct vm_area_struct *vma;
	unsigned ret = VM_FAULT_SIGSEGV;

	down_read(&mm->mmap_sem);
	vma = find_vma(mm, addr);
	if (vma && vma->vm_start <= addr)
		ret = handle_mm_fault(vma, addr, flags);
	up_read(&mm->mmap_sem);
	return ret;
}

/* The frame mapped at addr (also PROT_NONE), or NULL; and in *entry
 * (unless entry is NULL) its page-table entry, or an empty one. */
static inline struct page *page_at(struct mm_struct *mm, unsigned long addr,
				   pte_t *entry)
{
	phys_addr_t pa;
	pte_t pte = { 0 };
	bool mapped = page_table_lookup(mm->pgd, addr, &pa, &pte);

	if (entry)
		*entry = pte;
	return mapped ? pfn_to_page(pa >> PAGE_SHIFT) : NULL;
}

/* The byte at user address addr, in its frame through the direct map (a
 * test cannot rely on the address space being loaded). */
static inline u8 *byte_at(struct mm_struct *mm, unsigned long addr)
{
	struct page *page = page_at(mm, addr, NULL);

	return page ? (u8 *)page_address(page) + (addr & ~PAGE_MASK) : NULL;
}

/* The byte at addr, or -1 if no frame is mapped there: for checks, where
 * a missing page must fail the test, not crash it. */
static inline int peek_byte(struct mm_struct *mm, unsigned long addr)
{
	const u8 *p = byte_at(mm, addr);

	return p ? *p : -1;
}

/* The TLB flushes done since *before. */
static inline struct tlb_stats tlb_flushes_since(const struct tlb_stats *before)
{
	struct tlb_stats now;

	tlb_get_stats(&now);
	return (struct tlb_stats){
		.page_flushes = now.page_flushes - before->page_flushes,
		.full_flushes = now.full_flushes - before->full_flushes,
	};
}

/*
 * Has mm counted exactly these faults of each kind (mm->faults)? Given
 * as designated initialisers, kinds left out expected zero:
 *
 *	KT_EXPECT_FAULTS(mm, [MM_FAULT_ZERO_PAGE] = 1, [MM_FAULT_ANON] = 2);
 *
 * Reports each kind that differs.
 */
static inline bool expect_faults(struct ktest_state *kt, const char *file,
				 int line, const struct mm_struct *mm,
				 const unsigned long *want)
{
	static const char *const names[NR_MM_FAULT_KINDS] = {
		[MM_FAULT_ZERO_PAGE] = "zero-page", [MM_FAULT_ANON] = "anon",
		[MM_FAULT_COW_COPY] = "cow-copy",
		[MM_FAULT_COW_REUSE] = "cow-reuse", [MM_FAULT_FILE] = "file",
		[MM_FAULT_STACK_GROW] = "stack-grow",
	};
	int failures = kt->failures;

	for (int k = 0; k < NR_MM_FAULT_KINDS; k++)
		if (mm->faults[k] != want[k])
			ktest_fail(kt, file, line,
				   "%s faults: %lu, expected %lu", names[k],
				   mm->faults[k], want[k]);
	return kt->failures == failures;
}
#define KT_EXPECT_FAULTS(mm, ...)                                        \
	expect_faults(kt, __FILE__, __LINE__, (mm),                      \
		      (const unsigned long[NR_MM_FAULT_KINDS]){ __VA_ARGS__ })
#define KT_EXPECT_NO_FAULTS(mm) KT_EXPECT_FAULTS(mm, 0)

/* A store by the program: the write fault, then the byte through the
 * direct map. */
static inline bool store_byte(struct ktest_state *kt, struct mm_struct *mm,
		       unsigned long addr, u8 byte)
{
	if (!KT_EXPECT_EQ(fault_at(mm, addr, FAULT_FLAG_WRITE), 0) ||
	    !KT_EXPECT_NOT_NULL(byte_at(mm, addr)))
		return false;
	*byte_at(mm, addr) = byte;
	return true;
}

/* Take every free frame but `spare`, chained through their lru (the
 * owner's to use); give them back with release_frames. */
static inline void hog_frames(struct list_head *held, unsigned long spare)
{
	struct page *page;

	while (nr_free_pages() > spare && (page = alloc_page(GFP_KERNEL)))
		list_add(&page->lru, held);
}

static inline void release_frames(struct list_head *held)
{
	while (!list_empty(held)) {
		struct page *page = list_first_entry(held, struct page, lru);

		list_del(&page->lru);
		free_page(page);
	}
}

#endif
