/* The ELF64 structures the kernel reads (System V gABI and its x86-64
 * supplement; the names are the standard's). */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H

#include "kernel/types.h"

#define EI_NIDENT 16

typedef struct {
	u8 e_ident[EI_NIDENT];
	u16 e_type, e_machine;
	u32 e_version;
	u64 e_entry, e_phoff, e_shoff;
	u32 e_flags;
	u16 e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} Elf64_Ehdr;

typedef struct {
	u32 p_type, p_flags;
	u64 p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
} Elf64_Phdr;

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

/* e_ident[] */
#define ELFMAG "\177ELF"
#define SELFMAG 4
#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define ELFCLASS64 2
#define ELFDATA2LSB 1		/* little-endian */
#define EV_CURRENT 1		/* also e_version */

#define ET_EXEC 2		/* e_type: a program at fixed addresses */
#define ET_DYN 3		/* position independent: shared object or PIE */
#define EM_X86_64 62		/* e_machine */

/* p_type */
#define PT_LOAD 1		/* a segment to map */
#define PT_INTERP 3		/* the dynamic linker's path */
#define PT_PHDR 6		/* the program headers themselves */
#define PT_GNU_STACK 0x6474e551	/* p_flags: the stack's permissions */

/* p_flags */
#define PF_X 0x1
#define PF_W 0x2
#define PF_R 0x4

/* The auxiliary vector: what the kernel tells a new program on its stack,
 * after the environment, as (type, value) pairs (Linux's values, from its
 * uapi linux/auxvec.h and asm/auxvec.h). */
#define AT_NULL 0		/* the end of the vector */
#define AT_PHDR 3		/* the program headers in memory */
#define AT_PHENT 4		/* the size of one */
#define AT_PHNUM 5		/* how many */
#define AT_PAGESZ 6
#define AT_BASE 7		/* where the interpreter was loaded */
#define AT_FLAGS 8
#define AT_ENTRY 9		/* the program's entry point */
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_PLATFORM 15		/* a string naming the CPU */
#define AT_HWCAP 16		/* CPU feature bits */
#define AT_CLKTCK 17		/* times() ticks a second */
#define AT_SECURE 23		/* set-user-ID: be careful */
#define AT_RANDOM 25		/* 16 random bytes */
#define AT_EXECFN 31		/* the file name given to execve */

#define SHT_SYMTAB 2
#define STT_FUNC 2
#define ELF64_ST_TYPE(info) ((info) & 0xf)

#endif
