/*
 * Memory bring-up, in the order each step makes the next possible:
 *
 *  1. memblock learns the RAM (boot memory map) and what is taken (the
 *     kernel image, boot information, modules, the symbol table).
 *  2. paging_init() builds the kernel's final page tables from memblock
 *     pages: the direct map of all RAM at PAGE_OFFSET in 2 MiB pages, and
 *     the kernel image at KERNEL_VMA with per-section protections. Loading
 *     them drops GRUB-era identity mappings: a NULL dereference now faults.
 *  3. The mem_map array (a struct page per frame) is carved from memblock
 *     and every free page goes to the buddy allocator.
 *  4. The slab allocator starts on top of it.
 */
#include <asm/memlayout.h>
#include <asm/pgtable.h>
#include "kernel/bootinfo.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "mm/init.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/memblock.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "mm/slab.h"

#define LOW_MEMORY_END 0x100000ul	/* BIOS data, VGA, option ROMs */

extern char __kernel_phys_start[], __kernel_phys_end[];
extern char __text_start[], __text_end[], __rodata_start[], __rodata_end[],
	__data_start[], __data_end[];

static struct memblock memblock;

void *early_alloc_page(void)
{
	phys_addr_t pa = memblock_phys_alloc_range(&memblock, PAGE_SIZE, PAGE_SIZE,
					LOW_MEMORY_END, BOOT_DIRECT_MAP_SIZE);

	if (!pa)
		panic("mm: out of memory for early page tables");
	return memset(phys_to_virt(pa), 0, PAGE_SIZE);
}

static void memblock_setup(const struct boot_info *bi)
{
	for (int i = 0; i < bi->nr_mem; i++) {
		const struct boot_mem_region *r = &bi->mem[i];
		phys_addr_t start = ALIGN_UP(r->base, PAGE_SIZE);
		phys_addr_t end = ALIGN_DOWN(r->base + r->size, PAGE_SIZE);

		if (r->type == BOOT_MEM_AVAILABLE && start < end)
			memblock_add(&memblock, start, end - start);
	}
	memblock_reserve(&memblock, 0, LOW_MEMORY_END);
	memblock_reserve(&memblock, (phys_addr_t)__kernel_phys_start,
			 __kernel_phys_end - __kernel_phys_start);
	for (int i = 0; i < bi->nr_reserved; i++) {
		phys_addr_t start = ALIGN_DOWN(bi->reserved[i].start, PAGE_SIZE);
		phys_addr_t end = ALIGN_UP(bi->reserved[i].end, PAGE_SIZE);

		memblock_reserve(&memblock, start, end - start);
	}
}

/* Every 2 MiB block that holds RAM, at PAGE_OFFSET + physical. */
static void map_direct(pgd_t *pgd)
{
	for (int i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *r = &memblock.memory.regions[i];
		phys_addr_t end = ALIGN_UP(r->base + r->size, PMD_SIZE);

		for (phys_addr_t pa = ALIGN_DOWN(r->base, PMD_SIZE); pa < end;
		     pa += PMD_SIZE) {
			pmd_t *pmd = pmd_walk(pgd, PAGE_OFFSET + pa, true);

			if (!pmd_present(*pmd))
				set_pmd_large(pmd, pa, PAGE_KERNEL);
		}
	}
}

static void map_section(pgd_t *pgd, char *start, char *end, pgprot_t prot)
{
	if (map_pages(pgd, (unsigned long)start, virt_to_phys(start),
		      end - start, prot))
		panic("mm: cannot map the kernel image");
}

static void paging_init(void)
{
	swapper_pg_dir = early_alloc_page();
	map_direct(swapper_pg_dir);
	map_section(swapper_pg_dir, __text_start, __text_end, PAGE_KERNEL_RX);
	map_section(swapper_pg_dir, __rodata_start, __rodata_end, PAGE_KERNEL_RO);
	map_section(swapper_pg_dir, __data_start, __data_end, PAGE_KERNEL);
	load_pgd(swapper_pg_dir);
}

static void release_free_range(phys_addr_t start, phys_addr_t end, void *arg)
{
	(void)arg;
	page_alloc_release_range(ALIGN_UP(start, PAGE_SIZE) >> PAGE_SHIFT,
				 end >> PAGE_SHIFT);
}

static void page_alloc_setup(void)
{
	unsigned long pfns = memblock_end_of_DRAM(&memblock) >> PAGE_SHIFT;
	size_t map_size = ALIGN_UP(pfns * sizeof(struct page), PAGE_SIZE);
	phys_addr_t map = memblock_phys_alloc_range(&memblock, map_size, PAGE_SIZE,
					 LOW_MEMORY_END, (phys_addr_t)pfns << PAGE_SHIFT);

	if (!map)
		panic("mm: no room for mem_map (%zu KiB)", map_size >> 10);
	page_alloc_init(phys_to_virt(map), pfns);
	memblock_for_each_free(&memblock, release_free_range, NULL);
}

static const char *mem_type_name(u32 type)
{
	static const char *const names[] = {
		[BOOT_MEM_AVAILABLE] = "available",
		[BOOT_MEM_RESERVED] = "reserved",
		[BOOT_MEM_ACPI_RECLAIMABLE] = "ACPI data",
		[BOOT_MEM_ACPI_NVS] = "ACPI NVS",
		[BOOT_MEM_BAD] = "bad RAM",
	};
	return type < ARRAY_SIZE(names) && names[type] ? names[type] : "unknown";
}

static void print_memory_map(const struct boot_info *bi)
{
	pr_info("BIOS-provided physical RAM map:\n");
	for (int i = 0; i < bi->nr_mem; i++)
		pr_info("  [mem 0x%016llx-0x%016llx] %s\n",
			(unsigned long long)bi->mem[i].base,
			(unsigned long long)(bi->mem[i].base + bi->mem[i].size - 1),
			mem_type_name(bi->mem[i].type));
}

void mem_init(const struct boot_info *bi)
{
	print_memory_map(bi);
	memblock_setup(bi);
	paging_init();
	page_alloc_setup();
	kmem_cache_init();
	mmap_init();
	pr_info("Memory: %lu KiB free of %lu KiB managed; kernel image %lu KiB, "
		"mem_map %lu KiB\n",
		nr_free_pages() << (PAGE_SHIFT - 10),
		nr_managed_pages() << (PAGE_SHIFT - 10),
		(unsigned long)(__kernel_phys_end - __kernel_phys_start) >> 10,
		(max_pfn * sizeof(struct page)) >> 10);
}
