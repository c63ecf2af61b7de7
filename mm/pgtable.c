/*
 * Walking the four levels pgd -> pud -> pmd -> pte, allocating tables on
 * the way down when asked, and freeing the ones a removal leaves empty.
 */
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "mm/internal.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"

pgd_t *swapper_pg_dir;
static unsigned long pgtable_pages;

static void *alloc_table(void)
{
	struct page *page;

	if (!mem_map)		/* still booting: no page allocator yet */
		return early_alloc_page();
	page = alloc_page(__GFP_ZERO);
	if (!page)
		return NULL;
	set_page_flag(page, PG_pgtable);
	pgtable_pages++;
	return page_address(page);
}

static void free_table(void *table)
{
	struct page *page = virt_to_page(table);

	if (test_page_flag(page, PG_reserved))	/* from early boot: keep */
		return;
	clear_page_flag(page, PG_pgtable);
	pgtable_pages--;
	free_page(page);
}

static bool table_empty(const void *table)
{
	const pteval_t *e = table;

	for (int i = 0; i < PTRS_PER_TABLE; i++)
		if (e[i])
			return false;
	return true;
}

unsigned long nr_pgtable_pages(void)
{
	return pgtable_pages;
}

/*
 * Every address space copies the kernel half of swapper_pg_dir at creation
 * and never looks again, so after boot no new kernel-half pgd entry may
 * appear: it would be missing from every existing address space.
 */
static bool may_add_pgd_entry(unsigned long addr)
{
	return pgd_index(addr) < KERNEL_PGD_BOUNDARY || !mem_map;
}

pgd_t *pgd_alloc(void)
{
	pgd_t *pgd = alloc_table();

	if (pgd)
		memcpy(pgd + KERNEL_PGD_BOUNDARY,
		       swapper_pg_dir + KERNEL_PGD_BOUNDARY,
		       (PTRS_PER_TABLE - KERNEL_PGD_BOUNDARY) * sizeof(pgd_t));
	return pgd;
}

void pgd_free(pgd_t *pgd)
{
	for (int i = 0; i < KERNEL_PGD_BOUNDARY; i++)
		BUG_ON(!pgd_none(pgd[i]));
	free_table(pgd);
}

/* Each level: if the entry is empty, allocate the table below (or fail). */
#define DESCEND(lvl, entry, next_t)                                      \
	do {                                                             \
		if (lvl##_none(*(entry))) {                              \
			next_t *t = alloc ? alloc_table() : NULL;        \
			if (!t)                                          \
				return NULL;                             \
			lvl##_populate(entry, t);                        \
		}                                                        \
	} while (0)

pmd_t *pmd_walk(pgd_t *pgd_base, unsigned long addr, bool alloc)
{
	pgd_t *pgd = pgd_offset_pgd(pgd_base, addr);
	pud_t *pud;

	if (pgd_none(*pgd) && alloc && WARN_ON(!may_add_pgd_entry(addr)))
		return NULL;
	DESCEND(pgd, pgd, pud_t);
	pud = pud_offset(pgd, addr);
	DESCEND(pud, pud, pmd_t);
	return pmd_offset(pud, addr);
}

pte_t *page_walk(pgd_t *pgd, unsigned long addr, bool alloc)
{
	pmd_t *pmd = pmd_walk(pgd, addr, alloc);

	if (!pmd || pmd_large(*pmd))
		return NULL;
	DESCEND(pmd, pmd, pte_t);
	return pte_offset_kernel(pmd, addr);
}

/*
 * Ranges are [start, end) with end == 0 meaning the top of the address
 * space, so loops stop at addr != end rather than addr < end: the last page
 * of memory has end = 0 once the addition wraps.
 */
int map_pages(pgd_t *pgd, unsigned long addr, phys_addr_t pa, size_t size,
	      pgprot_t prot)
{
	unsigned long start = addr, end = addr + size;

	BUG_ON(!IS_ALIGNED(addr | pa | size, PAGE_SIZE));
	BUG_ON(end && end < start);
	for (; addr != end; addr += PAGE_SIZE, pa += PAGE_SIZE) {
		pte_t *pte = page_walk(pgd, addr, true);
		int err = !pte ? -ENOMEM : !pte_none(*pte) ? -EEXIST : 0;

		if (err) {
			unmap_pages(pgd, start, addr, NULL, NULL);
			return err;
		}
		set_pte(pte, pfn_pte(pa >> PAGE_SHIFT, prot));
	}
	return 0;
}

/* The end of the block of size `size` containing addr, capped at end. */
static unsigned long block_end(unsigned long addr, unsigned long end,
			       unsigned long size)
{
	unsigned long next = (addr & ~(size - 1)) + size;
	return next - 1 < end - 1 ? next : end;	/* -1: survives wrap at 2^64 */
}

/*
 * A walk over the entries of a range: visit calls fn on each entry that
 * maps something; with clear set, it also empties the range and frees the
 * tables that end up empty (not the kernel half's pud tables, which every
 * address space's pgd shares). Missing tables are skipped whole.
 */
struct range_walk {
	pte_fn_t *fn;		/* may be NULL */
	void *data;
	bool clear;
};

static void walk_pte_table(pmd_t *pmd, unsigned long addr, unsigned long end,
			   const struct range_walk *w)
{
	pte_t *table = pmd_table(*pmd);

	for (; addr != end; addr += PAGE_SIZE) {
		pte_t *pte = &table[pte_index(addr)];

		if (pte_none(*pte))
			continue;
		if (w->fn)
			w->fn(pte, addr, w->data);
		if (w->clear)
			pte_clear(pte);
	}
	if (w->clear && table_empty(table)) {
		pmd_clear(pmd);
		free_table(table);
	}
}

static void walk_pmd_table(pud_t *pud, unsigned long addr, unsigned long end,
			   const struct range_walk *w)
{
	pmd_t *table = pud_table(*pud);

	for (unsigned long next; addr != end; addr = next) {
		pmd_t *pmd = &table[pmd_index(addr)];

		next = block_end(addr, end, PMD_SIZE);
		if (pmd_large(*pmd)) {
			/* 2 MiB pages (the direct map) are never split, and
			 * only ever removed whole */
			BUG_ON(!w->clear || w->fn);
			BUG_ON(!IS_ALIGNED(addr | next, PMD_SIZE));
			pmd_clear(pmd);
		} else if (pmd_present(*pmd)) {
			walk_pte_table(pmd, addr, next, w);
		}
	}
	if (w->clear && table_empty(table)) {
		pud_clear(pud);
		free_table(table);
	}
}

static void walk_pud_table(pgd_t *pgd, unsigned long addr, unsigned long end,
			   const struct range_walk *w)
{
	pud_t *table = pgd_table(*pgd);
	bool user_slot = pgd_index(addr) < KERNEL_PGD_BOUNDARY;

	for (unsigned long next; addr != end; addr = next) {
		pud_t *pud = &table[pud_index(addr)];

		next = block_end(addr, end, PUD_SIZE);
		if (pud_present(*pud))
			walk_pmd_table(pud, addr, next, w);
	}
	if (w->clear && user_slot && table_empty(table)) {
		pgd_clear(pgd);
		free_table(table);
	}
}

static void walk_range(pgd_t *pgd, unsigned long start, unsigned long end,
		       const struct range_walk *w)
{
	for (unsigned long next, addr = start; addr != end; addr = next) {
		pgd_t *entry = pgd_offset_pgd(pgd, addr);

		next = block_end(addr, end, PGDIR_SIZE);
		if (pgd_present(*entry))
			walk_pud_table(entry, addr, next, w);
	}
}

void walk_pages(pgd_t *pgd, unsigned long start, unsigned long end,
		pte_fn_t *fn, void *data)
{
	walk_range(pgd, start, end,
		   &(struct range_walk){ .fn = fn, .data = data });
}

void unmap_pages(pgd_t *pgd, unsigned long start, unsigned long end,
		 pte_fn_t *fn, void *data)
{
	walk_range(pgd, start, end,
		   &(struct range_walk){ .fn = fn, .data = data, .clear = true });
}

struct protection_change {
	pgprot_t prot;
	unsigned long changed;
};

static void change_pte_protection(pte_t *pte, unsigned long addr, void *data)
{
	struct protection_change *pc = data;
	pte_t new = pte_modify(*pte, pc->prot);

	(void)addr;
	if (new.pte != pte->pte) {
		set_pte(pte, new);
		pc->changed++;
	}
}

unsigned long change_protection(pgd_t *pgd, unsigned long start,
				unsigned long end, pgprot_t prot)
{
	struct protection_change pc = { .prot = prot };

	walk_range(pgd, start, end,
		   &(struct range_walk){ .fn = change_pte_protection, .data = &pc });
	return pc.changed;
}

bool page_table_lookup(pgd_t *pgd, unsigned long addr, phys_addr_t *pa,
		       pte_t *entry)
{
	pmd_t *pmd = pmd_walk(pgd, addr, false);
	pte_t *pte;

	if (!pmd || !pmd_present(*pmd))
		return false;
	if (pmd_large(*pmd)) {
		*pa = ((phys_addr_t)pmd_large_pfn(*pmd) << PAGE_SHIFT) +
		      (addr & (PMD_SIZE - 1));
		*entry = (pte_t){ pmd->pmd };
		return true;
	}
	pte = pte_offset_kernel(pmd, addr);
	if (!pte_present(*pte))
		return false;
	*pa = ((phys_addr_t)pte_pfn(*pte) << PAGE_SHIFT) + (addr & ~PAGE_MASK);
	*entry = *pte;
	return true;
}
