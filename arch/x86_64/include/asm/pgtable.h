/*
 * x86-64 four-level page-table entries. The generic names are Linux's:
 *
 *   pgd (PML4)  ->  pud (PDPT)  ->  pmd (PD)  ->  pte (PT)  ->  4 KiB frame
 *   bits 47..39     38..30          29..21        20..12        11..0
 *
 * mm/ reads and builds entries only through this header, so it never
 * touches a bit by hand, and a host build of mm/ can put a model of the
 * page tables in its place.
 */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

#include <asm/cpu.h>
#include <asm/memlayout.h>
#include "kernel/types.h"

#define PGDIR_SHIFT 39
#define PUD_SHIFT 30
#define PMD_SHIFT 21
#define PTRS_PER_TABLE 512
#define PMD_SIZE (1ul << PMD_SHIFT)
#define PUD_SIZE (1ul << PUD_SHIFT)
#define PGDIR_SIZE (1ul << PGDIR_SHIFT)

/* The hardware bits of an entry (Intel SDM vol. 3, 4.5). */
#define _PAGE_PRESENT (1ull << 0)
#define _PAGE_RW (1ull << 1)
#define _PAGE_USER (1ull << 2)
#define _PAGE_PWT (1ull << 3)
#define _PAGE_PCD (1ull << 4)
#define _PAGE_ACCESSED (1ull << 5)
#define _PAGE_DIRTY (1ull << 6)
#define _PAGE_PSE (1ull << 7)	/* in a pmd: maps a 2 MiB page */
#define _PAGE_GLOBAL (1ull << 8)
#define _PAGE_NX (1ull << 63)
/* Software: a user page the area forbids all access to (PROT_NONE). The
 * hardware sees no _PAGE_PRESENT and faults on any access, but the entry
 * still owns its frame, so the kernel must treat it as present. Global
 * pages are kernel pages, so the bit is free in user entries. */
#define _PAGE_PROTNONE _PAGE_GLOBAL
#define PTE_PFN_MASK 0x000ffffffffff000ull

typedef u64 pteval_t;
typedef struct { pteval_t pgd; } pgd_t;
typedef struct { pteval_t pud; } pud_t;
typedef struct { pteval_t pmd; } pmd_t;
typedef struct { pteval_t pte; } pte_t;
typedef struct { pteval_t pgprot; } pgprot_t;

#define __pgprot(v) ((pgprot_t){ (v) })
#define pgprot_val(p) ((p).pgprot)

/* Kernel mappings are global: they survive CR3 reloads (CR4.PGE). */
#define PAGE_KERNEL __pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
			     _PAGE_DIRTY | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL_RO __pgprot(_PAGE_PRESENT | _PAGE_ACCESSED | \
				_PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL_RX __pgprot(_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_GLOBAL)
/* User pages (not global: each address space has its own). */
#define PAGE_SHARED __pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | \
			     _PAGE_ACCESSED | _PAGE_NX)
#define PAGE_SHARED_EXEC __pgprot(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | \
				  _PAGE_ACCESSED)
#define PAGE_READONLY __pgprot(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | \
			       _PAGE_NX)
#define PAGE_READONLY_EXEC __pgprot(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)
/* Private writable pages start read-only: a write makes a private copy. */
#define PAGE_COPY PAGE_READONLY
#define PAGE_COPY_EXEC PAGE_READONLY_EXEC
#define PAGE_NONE __pgprot(_PAGE_PROTNONE | _PAGE_ACCESSED)
/* Intermediate entries allow everything; the leaf entry decides. */
#define _PAGE_TABLE (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)

/* Indices into each level for a virtual address. */
static inline unsigned pgd_index(unsigned long a) { return (a >> PGDIR_SHIFT) & 511; }
static inline unsigned pud_index(unsigned long a) { return (a >> PUD_SHIFT) & 511; }
static inline unsigned pmd_index(unsigned long a) { return (a >> PMD_SHIFT) & 511; }
static inline unsigned pte_index(unsigned long a) { return (a >> PAGE_SHIFT) & 511; }
/* The first pgd entry of the kernel half. */
#define KERNEL_PGD_BOUNDARY 256

/* Leaf entries. */
static inline pte_t pfn_pte(unsigned long pfn, pgprot_t prot)
{
	return (pte_t){ ((pteval_t)pfn << PAGE_SHIFT) | pgprot_val(prot) };
}
static inline unsigned long pte_pfn(pte_t pte) { return (pte.pte & PTE_PFN_MASK) >> PAGE_SHIFT; }
static inline bool pte_none(pte_t pte) { return pte.pte == 0; }
static inline bool pte_present(pte_t pte) { return pte.pte & (_PAGE_PRESENT | _PAGE_PROTNONE); }
static inline bool pte_protnone(pte_t pte)
{
	return (pte.pte & (_PAGE_PRESENT | _PAGE_PROTNONE)) == _PAGE_PROTNONE;
}
static inline bool pte_write(pte_t pte) { return pte.pte & _PAGE_RW; }
static inline bool pte_exec(pte_t pte) { return !(pte.pte & _PAGE_NX); }
static inline bool pte_user(pte_t pte) { return pte.pte & _PAGE_USER; }
static inline bool pte_global(pte_t pte) { return pte.pte & _PAGE_GLOBAL; }
static inline bool pte_dirty(pte_t pte) { return pte.pte & _PAGE_DIRTY; }
/* What a change of protection keeps: the frame, what the CPU recorded
 * (accessed, dirty) and the caching mode. */
#define _PAGE_CHG_MASK (PTE_PFN_MASK | _PAGE_ACCESSED | _PAGE_DIRTY | \
			_PAGE_PCD | _PAGE_PWT)
static inline pte_t pte_modify(pte_t pte, pgprot_t prot)
{
	return (pte_t){ (pte.pte & _PAGE_CHG_MASK) |
			(pgprot_val(prot) & ~_PAGE_CHG_MASK) };
}
static inline pte_t pte_mkwrite(pte_t pte) { return (pte_t){ pte.pte | _PAGE_RW }; }
static inline pte_t pte_wrprotect(pte_t pte) { return (pte_t){ pte.pte & ~_PAGE_RW }; }
static inline pte_t pte_mkdirty(pte_t pte) { return (pte_t){ pte.pte | _PAGE_DIRTY }; }
static inline void set_pte(pte_t *ptep, pte_t pte) { *(volatile pteval_t *)&ptep->pte = pte.pte; }
static inline void pte_clear(pte_t *ptep) { set_pte(ptep, (pte_t){ 0 }); }

/* Table entries: each points to the next level's table by physical address. */
#define DEFINE_TABLE_ENTRY(lvl, next_t)                                         \
	static inline bool lvl##_none(lvl##_t e) { return e.lvl == 0; }           \
	static inline bool lvl##_present(lvl##_t e) { return e.lvl & _PAGE_PRESENT; } \
	static inline next_t *lvl##_table(lvl##_t e)                              \
	{                                                                         \
		return phys_to_virt(e.lvl & PTE_PFN_MASK);                        \
	}                                                                         \
	static inline void lvl##_populate(lvl##_t *e, next_t *table)              \
	{                                                                         \
		*(volatile pteval_t *)&e->lvl = virt_to_phys(table) | _PAGE_TABLE; \
	}                                                                         \
	static inline void lvl##_clear(lvl##_t *e) { *(volatile pteval_t *)&e->lvl = 0; }
DEFINE_TABLE_ENTRY(pgd, pud_t)
DEFINE_TABLE_ENTRY(pud, pmd_t)
DEFINE_TABLE_ENTRY(pmd, pte_t)
#undef DEFINE_TABLE_ENTRY

/* A pmd can instead map a 2 MiB page directly (used for the direct map). */
static inline bool pmd_large(pmd_t e) { return e.pmd & _PAGE_PSE; }
static inline void set_pmd_large(pmd_t *e, phys_addr_t pa, pgprot_t prot)
{
	*(volatile pteval_t *)&e->pmd = pa | pgprot_val(prot) | _PAGE_PSE;
}
static inline unsigned long pmd_large_pfn(pmd_t e)
{
	return (e.pmd & PTE_PFN_MASK & ~(PMD_SIZE - 1)) >> PAGE_SHIFT;
}

/* Walking down: the entry for address a in the table below an entry. */
static inline pgd_t *pgd_offset_pgd(pgd_t *pgd_base, unsigned long a) { return pgd_base + pgd_index(a); }
static inline pud_t *pud_offset(pgd_t *pgd, unsigned long a) { return pgd_table(*pgd) + pud_index(a); }
static inline pmd_t *pmd_offset(pud_t *pud, unsigned long a) { return pud_table(*pud) + pmd_index(a); }
static inline pte_t *pte_offset_kernel(pmd_t *pmd, unsigned long a) { return pmd_table(*pmd) + pte_index(a); }

/* Make pgd the active address space. */
static inline void load_pgd(pgd_t *pgd)
{
	write_cr3(virt_to_phys(pgd));
}

#endif
