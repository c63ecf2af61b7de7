/*
 * Building and changing four-level page tables (the entry formats live in
 * asm/pgtable.h). These functions change entries only; the caller flushes
 * the TLB for what it changed (mm/tlb.h), once per operation, because only
 * the caller knows the whole range it is changing.
 */
#ifndef MM_PGTABLE_H
#define MM_PGTABLE_H

#include <asm/pgtable.h>
#include "kernel/types.h"

/* The kernel's own page tables (Linux's name): every address space shares
 * their kernel half. */
extern pgd_t *swapper_pg_dir;

/* A new top-level table for an address space: an empty user half and the
 * kernel half shared with swapper_pg_dir. NULL when out of memory. */
pgd_t *pgd_alloc(void);
/* The user half must already be unmapped. */
void pgd_free(pgd_t *pgd);

/* The pte for addr, allocating missing tables if alloc is set; NULL if a
 * table is missing (or cannot be allocated), or addr lies in a 2 MiB page. */
pte_t *page_walk(pgd_t *pgd, unsigned long addr, bool alloc);
/* The pmd for addr, allocating missing tables if alloc is set. */
pmd_t *pmd_walk(pgd_t *pgd, unsigned long addr, bool alloc);

/* Map [addr, addr+size) to physical [pa, pa+size) in 4 KiB pages. All of
 * the range must be unmapped (else -EEXIST); -ENOMEM when a table cannot
 * be allocated. On failure nothing stays mapped. */
int map_pages(pgd_t *pgd, unsigned long addr, phys_addr_t pa, size_t size,
	      pgprot_t prot);
/* What a range operation does with each entry that maps something (a
 * present or PROT_NONE page), given its address. */
typedef void pte_fn_t(pte_t *pte, unsigned long addr, void *data);
/* Call fn on every entry in [start, end) that maps something. */
void walk_pages(pgd_t *pgd, unsigned long start, unsigned long end,
		pte_fn_t *fn, void *data);
/* Clear every entry in [start, end), first calling fn (unless NULL) on
 * each that maps something, and free the page-table pages that become
 * empty (below the top level of the kernel half, which all address spaces
 * share). Holes cost nothing: missing tables are skipped whole. */
void unmap_pages(pgd_t *pgd, unsigned long start, unsigned long end,
		 pte_fn_t *fn, void *data);
/* Give every page mapped in [start, end) the protection prot, keeping its
 * frame and accessed/dirty bits; returns how many entries changed (the
 * caller flushes the TLB if any did). */
unsigned long change_protection(pgd_t *pgd, unsigned long start,
				unsigned long end, pgprot_t prot);
/* Where addr is mapped (4 KiB or 2 MiB pages): true, *pa and the entry
 * (for a 2 MiB page, its pmd read as a pte: the bits tested by pte_*()
 * mean the same), or false. */
bool page_table_lookup(pgd_t *pgd, unsigned long addr, phys_addr_t *pa,
		       pte_t *entry);

/* Page-table pages allocated since boot and not freed (tests use it). */
unsigned long nr_pgtable_pages(void);

#endif
