/*
 * What the boot loader told us, copied out of the multiboot2 information
 * structure (kernel/multiboot2.c) into plain fixed-size tables, so that the
 * rest of the kernel never parses boot-loader formats.
 */
#ifndef KERNEL_BOOTINFO_H
#define KERNEL_BOOTINFO_H

#include "kernel/types.h"

enum boot_mem_type {
	BOOT_MEM_AVAILABLE = 1,	/* usable RAM */
	BOOT_MEM_RESERVED = 2,
	BOOT_MEM_ACPI_RECLAIMABLE = 3,
	BOOT_MEM_ACPI_NVS = 4,
	BOOT_MEM_BAD = 5,
};

struct boot_mem_region {
	phys_addr_t base;
	u64 size;
	u32 type;
};

struct boot_range {
	phys_addr_t start, end;	/* [start, end) */
	char name[32];
};

#define BOOT_MAX_REGIONS 64
#define BOOT_MAX_RANGES 16

struct boot_info {
	char cmdline[512];
	char loader_name[64];
	struct boot_mem_region mem[BOOT_MAX_REGIONS];
	int nr_mem;
	/* Memory the loader filled that must survive boot: the information
	 * structure itself, modules, and ELF sections loaded for us. */
	struct boot_range reserved[BOOT_MAX_RANGES];
	int nr_reserved;
	struct boot_range modules[BOOT_MAX_RANGES];
	int nr_modules;
	/* The kernel's own ELF section headers (for the symbol table). */
	const void *elf_shdrs;
	u32 elf_num, elf_entsize;
};

extern struct boot_info boot_info;

void boot_info_parse(u32 magic, phys_addr_t info);

#endif
