/* The ELF64 structures the kernel reads (System V gABI; the names are the
 * standard's). */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H

#include "kernel/types.h"

typedef struct {
	u32 sh_name, sh_type;
	u64 sh_flags, sh_addr, sh_offset, sh_size;
	u32 sh_link, sh_info;
	u64 sh_addralign, sh_entsize;
} Elf64_Shdr;

typedef struct {
	u32 st_name;
	u8 st_info, st_other;
	u16 st_shndx;
	u64 st_value, st_size;
} Elf64_Sym;

#define SHT_SYMTAB 2
#define STT_FUNC 2
#define ELF64_ST_TYPE(info) ((info) & 0xf)

#endif
