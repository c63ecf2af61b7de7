/*
 * Reading the multiboot2 boot information (the Multiboot2 Specification,
 * section 3.6): a header followed by 8-byte-aligned tags, ended by a tag of
 * type 0. GRUB places it in low memory, which the boot page tables map.
 */
#include <asm/memlayout.h>
#include "kernel/bootinfo.h"
#include "kernel/elf.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"

#define MB2_BOOT_MAGIC 0x36d76289

enum mb2_tag_type {
	MB2_TAG_END = 0,
	MB2_TAG_CMDLINE = 1,
	MB2_TAG_LOADER_NAME = 2,
	MB2_TAG_MODULE = 3,
	MB2_TAG_MMAP = 6,
	MB2_TAG_ELF_SECTIONS = 9,
};

struct mb2_tag {
	u32 type, size;
};

struct mb2_mmap_entry {
	u64 base, size;
	u32 type, reserved;
};

struct boot_info boot_info;

static void add_range(struct boot_range *table, int *n, phys_addr_t start,
		      phys_addr_t end, const char *name)
{
	if (*n == BOOT_MAX_RANGES)
		panic("boot: more than %d boot ranges", BOOT_MAX_RANGES);
	table[*n].start = start;
	table[*n].end = end;
	strlcpy(table[*n].name, name, sizeof(table[*n].name));
	(*n)++;
}

static void parse_mmap(const struct mb2_tag *tag)
{
	const u32 *hdr = (const u32 *)(tag + 1);	/* entry_size, version */
	const u8 *p = (const u8 *)(hdr + 2), *end = (const u8 *)tag + tag->size;

	for (; p + sizeof(struct mb2_mmap_entry) <= end; p += hdr[0]) {
		const struct mb2_mmap_entry *e = (const void *)p;
		struct boot_mem_region *r = &boot_info.mem[boot_info.nr_mem];

		if (boot_info.nr_mem == BOOT_MAX_REGIONS) {
			pr_warn("boot: memory map truncated at %d regions\n",
				BOOT_MAX_REGIONS);
			return;
		}
		r->base = e->base;
		r->size = e->size;
		r->type = e->type;
		boot_info.nr_mem++;
	}
}

/* GRUB loads the sections that are not part of the program image (debug
 * information, the symbol and string tables) into free memory and records
 * where. Of those, the kernel keeps only the symbol table and its strings
 * (kernel/kallsyms.c); the rest may be overwritten. */
static void parse_elf_sections(const struct mb2_tag *tag)
{
	const u32 *hdr = (const u32 *)(tag + 1);	/* num, entsize, shndx */
	const u8 *shdrs = (const u8 *)(hdr + 3);

	boot_info.elf_shdrs = shdrs;
	boot_info.elf_num = hdr[0];
	boot_info.elf_entsize = hdr[1];
	for (u32 i = 0; i < hdr[0]; i++) {
		const Elf64_Shdr *sh = (const void *)(shdrs + i * hdr[1]);
		const Elf64_Shdr *str;

		if (sh->sh_type != SHT_SYMTAB || sh->sh_link >= hdr[0])
			continue;
		str = (const void *)(shdrs + sh->sh_link * hdr[1]);
		add_range(boot_info.reserved, &boot_info.nr_reserved,
			  sh->sh_addr, sh->sh_addr + sh->sh_size, "symbols");
		add_range(boot_info.reserved, &boot_info.nr_reserved,
			  str->sh_addr, str->sh_addr + str->sh_size,
			  "symbol names");
	}
}

static void parse_module(const struct mb2_tag *tag)
{
	const u32 *mod = (const u32 *)(tag + 1);	/* start, end, name */
	const char *name = (const char *)(mod + 2);

	add_range(boot_info.modules, &boot_info.nr_modules, mod[0], mod[1], name);
	add_range(boot_info.reserved, &boot_info.nr_reserved, mod[0], mod[1],
		  "module");
}

/* Until paging_init, only the first 1 GiB is mapped: check before reading. */
static void check_boot_mapped(phys_addr_t start, u64 size)
{
	if (start + size > BOOT_DIRECT_MAP_SIZE)
		panic("boot: boot information at %#llx lies above the boot map",
		      (unsigned long long)start);
}

void boot_info_parse(u32 magic, phys_addr_t info)
{
	const u8 *p = (const u8 *)phys_to_virt(info) + 8;
	u32 total;

	if (magic != MB2_BOOT_MAGIC)	/* entry.asm checked; be sure anyway */
		panic("boot: not loaded by a multiboot2 loader (magic %#x)", magic);
	check_boot_mapped(info, 8);
	total = *(const u32 *)phys_to_virt(info);
	check_boot_mapped(info, total);
	add_range(boot_info.reserved, &boot_info.nr_reserved, info,
		  info + total, "boot information");

	for (;;) {
		const struct mb2_tag *tag = (const void *)p;
		const char *str = (const char *)(tag + 1);

		switch (tag->type) {
		case MB2_TAG_END:
			return;
		case MB2_TAG_CMDLINE:
			strlcpy(boot_info.cmdline, str, sizeof(boot_info.cmdline));
			break;
		case MB2_TAG_LOADER_NAME:
			strlcpy(boot_info.loader_name, str,
				sizeof(boot_info.loader_name));
			break;
		case MB2_TAG_MODULE:
			parse_module(tag);
			break;
		case MB2_TAG_MMAP:
			parse_mmap(tag);
			break;
		case MB2_TAG_ELF_SECTIONS:
			parse_elf_sections(tag);
			break;
		}
		p += ALIGN_UP(tag->size, 8u);
	}
}
