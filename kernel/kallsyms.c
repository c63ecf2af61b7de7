/* Looking up kernel symbols in the ELF symbol table GRUB loaded. */
#include <asm/memlayout.h>
#include "kernel/bootinfo.h"
#include "kernel/elf.h"
#include "kernel/kallsyms.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"

static const Elf64_Sym *symtab;
static size_t nr_syms;
static const char *strtab;

static const Elf64_Shdr *section(const struct boot_info *bi, u32 i)
{
	return (const void *)((const u8 *)bi->elf_shdrs + i * bi->elf_entsize);
}

void kallsyms_init(const struct boot_info *bi)
{
	for (u32 i = 0; i < bi->elf_num; i++) {
		const Elf64_Shdr *sh = section(bi, i);

		if (sh->sh_type != SHT_SYMTAB || sh->sh_link >= bi->elf_num)
			continue;
		symtab = phys_to_virt(sh->sh_addr);
		nr_syms = sh->sh_size / sizeof(Elf64_Sym);
		strtab = phys_to_virt(section(bi, sh->sh_link)->sh_addr);
		return;
	}
	pr_warn("kallsyms: no symbol table from the boot loader; "
		"backtraces will show bare addresses\n");
}

/* A linear scan: symbols are needed only for reports and tests, and the
 * table is a few thousand entries. */
const char *kallsyms_lookup(unsigned long addr, unsigned long *offset)
{
	for (size_t i = 0; i < nr_syms; i++) {
		const Elf64_Sym *s = &symtab[i];

		if (ELF64_ST_TYPE(s->st_info) == STT_FUNC &&
		    addr >= s->st_value && addr < s->st_value + s->st_size) {
			*offset = addr - s->st_value;
			return strtab + s->st_name;
		}
	}
	return NULL;
}

unsigned long kallsyms_lookup_name(const char *name)
{
	for (size_t i = 0; i < nr_syms; i++)
		if (ELF64_ST_TYPE(symtab[i].st_info) == STT_FUNC &&
		    strcmp(strtab + symtab[i].st_name, name) == 0)
			return symtab[i].st_value;
	return 0;
}

/* lookup_addr is the address whose function we name; addr is printed. */
static size_t print_symbol(char *buf, size_t size, unsigned long addr,
			   unsigned long lookup_addr)
{
	unsigned long offset;
	const char *name = kallsyms_lookup(lookup_addr, &offset);
	int n = name ? snprintf(buf, size, "%s+0x%lx", name,
				offset + (addr - lookup_addr))
		     : snprintf(buf, size, "0x%lx", addr);

	return MIN((size_t)n, size ? size - 1 : 0);
}

size_t sprint_symbol(char *buf, size_t size, unsigned long addr)
{
	return print_symbol(buf, size, addr, addr);
}

/* A call to a function that never returns can be the last instruction of
 * its caller, so the return address may lie just past the caller's end:
 * name the function holding the call instruction, addr - 1. */
size_t sprint_backtrace(char *buf, size_t size, unsigned long addr)
{
	return print_symbol(buf, size, addr, addr - 1);
}
