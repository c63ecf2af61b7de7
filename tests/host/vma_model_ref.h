/*
 * The reference model of tests/host/vma_model.c: what Linux does for each
 * call, worked out page by page over a window of the address space.
 */
#ifndef TESTS_HOST_VMA_MODEL_REF_H
#define TESTS_HOST_VMA_MODEL_REF_H

#include "mm/mm.h"

#define MODEL_MAX_PAGES 512
#define PAGE_UP(x) (((x) + PAGE_SIZE - 1) & PAGE_MASK)
/* Where mmap goes when nothing fits below free_area_cache (bottom-up). */
#define UNMAPPED_BASE PAGE_UP(TASK_SIZE / 3)

/* What backs a page: nothing yet, the zero page, a page of its own; or
 * (shared memory, after MADV_DONTNEED) a page only its shmem file holds,
 * not mapped, which the next fault maps again as it was. */
enum { P_NONE, P_ZERO, P_OWN, P_FILE };

struct mpage {
	bool mapped;
	bool split;		/* an area starts here though it could merge:
				 * left by a failed split (see m_modify) */
	unsigned char state;	/* P_* */
	unsigned char byte;	/* what its first and last bytes hold */
	unsigned id;		/* its MAP_SHARED call; 0 if private */
	unsigned long flags, pgoff;
};

extern struct model {
	unsigned long base;	/* address of page 0: mmap_min_addr */
	long npages;		/* pages in the model */
	unsigned long top;	/* where the top-down search starts:
				 * mm->free_area_cache, below base + npages */
	unsigned long start_brk, brk;
	unsigned next_id;
	struct mpage pg[MODEL_MAX_PAGES];
} model;

static inline unsigned long pg_addr(long i)
{
	return model.base + (unsigned long)i * PAGE_SIZE;
}

/* An empty model of npages at mmap_min_addr, the search below top. */
void model_init(long npages, unsigned long top, unsigned long brk);

/* The page of addr: negative below the model, npages + 1 above it. */
long pg_index(unsigned long addr);
bool mapped(long i);
/* Is page i in the same area as page i - 1? */
bool joins(long i);
/* The first page of the area of page i, and the page after its last. */
long area_start(long i);
long area_end(long i);
/* find_vma: the first page of the first area that ends above page i, or
 * -1 if none does. */
long first_area(long i);

/* What a successful mmap made, for the caller to check one that the model
 * does not hold: bottom-up at UNMAPPED_BASE, out of the window. */
struct mapping {
	unsigned long len, flags, pgoff;
};

/* The calls: each returns what Linux returns and changes the model as
 * Linux changes the address space. */
unsigned long m_mmap(unsigned long addr, unsigned long len, unsigned long prot,
		     unsigned long flags, struct mapping *out);
long m_munmap(unsigned long start, unsigned long len);
long m_mprotect(unsigned long start, unsigned long len, unsigned long prot);
long m_madvise(unsigned long start, unsigned long len, int advice);
unsigned long m_brk(unsigned long brk);
/* handle_mm_fault on page i (how: FAULT_FLAG_*). */
unsigned m_fault(long i, unsigned how);

#endif
