/*
 * The new program's stack: the area, and the tables exec writes at its
 * top (Linux's setup_arg_pages and create_elf_tables). The layout is
 * drawn in kernel/binfmt.h.
 *
 * The new address space is not the one the CPU runs on, so everything is
 * written into it with access_remote_vm, through its own page tables.
 */
#include "kernel/binfmt.h"
#include "kernel/elf.h"
#include "kernel/elf_tables.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "mm/gup.h"
#include "mm/mm.h"

#define ELF_PLATFORM "x86_64"
#define USER_HZ 100	/* AT_CLKTCK: times() ticks, whatever HZ is */
#define AUXV_ENTRIES 18	/* (type, value) pairs, with AT_NULL */

static int count_strings(const char *const v[], size_t *bytes)
{
	int n = 0;

	*bytes = 0;
	for (; v && v[n]; n++)
		*bytes += strlen(v[n]) + 1;
	return n;
}

/* binfmt.h says what counts towards ARG_MAX. */
int count_args(struct elf_args *a)
{
	size_t total;

	a->argc = count_strings(a->argv, &a->arg_bytes);
	a->envc = count_strings(a->envp, &a->env_bytes);
	total = strlen(a->filename) + 1 + a->arg_bytes + a->env_bytes +
		((size_t)a->argc + a->envc) * sizeof(void *);
	return total > ARG_MAX ? -E2BIG : 0;
}

void lay_out_stack(const struct elf_args *a, struct stack_layout *l)
{
	size_t words = 1 + (a->argc + 1) + (a->envc + 1) + 2 * AUXV_ENTRIES;
	unsigned long p = STACK_TOP - sizeof(void *);

	l->execfn = p -= strlen(a->filename) + 1;
	l->env = p -= a->env_bytes;
	l->arg = p -= a->arg_bytes;
	l->platform = p -= sizeof(ELF_PLATFORM);
	l->random = p -= 16;
	l->sp = ALIGN_DOWN(p - words * sizeof(unsigned long), 16);
}

int setup_stack(struct mm_struct *mm, const struct stack_layout *l,
		bool exec_stack)
{
	unsigned long start = ALIGN_DOWN(l->sp, PAGE_SIZE) - STACK_EXPAND;
	unsigned long prot = PROT_READ | PROT_WRITE |
			     (exec_stack ? PROT_EXEC : 0);
	unsigned long addr = vm_mmap(mm, NULL, start, STACK_TOP - start, prot,
				     MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS |
				     MAP_GROWSDOWN, 0);

	return IS_ERR_VALUE(addr) ? (int)addr : 0;
}

/* Only running out of memory can make it fail. */
int copy_to_mm(struct mm_struct *mm, unsigned long addr, const void *src,
	       size_t len)
{
	const size_t chunk = 1ul << 30;	/* access_remote_vm takes an int */

	for (size_t done = 0; done < len; done += chunk) {
		int n = (int)MIN(len - done, chunk);

		/* It only reads the buffer when writing to mm. */
		if (access_remote_vm(mm, addr + done, (u8 *)src + done, n,
				     FOLL_WRITE) != n)
			return -EFAULT;
	}
	return 0;
}

static int put_word(struct mm_struct *mm, unsigned long addr,
		    unsigned long value)
{
	return copy_to_mm(mm, addr, &value, sizeof(value));
}

/* argv or envp: the n strings of v from *str upwards, a pointer to each
 * from *vec upwards, then NULL; both move past what they got. */
static int put_vector(struct mm_struct *mm, const char *const v[], int n,
		      unsigned long *str, unsigned long *vec)
{
	for (int i = 0; i < n; i++) {
		size_t len = strlen(v[i]) + 1;

		if (copy_to_mm(mm, *str, v[i], len) || put_word(mm, *vec, *str))
			return -EFAULT;
		*str += len;
		*vec += sizeof(unsigned long);
	}
	*vec += sizeof(unsigned long);	/* past the NULL */
	return put_word(mm, *vec - sizeof(unsigned long), 0);
}

/* In Linux's order. */
static int put_auxv(struct mm_struct *mm, unsigned long addr,
		    const struct elf_auxv *aux, const struct stack_layout *l)
{
	const unsigned long auxv[] = {
		AT_HWCAP, 0,	/* programs ask CPUID themselves */
		AT_PAGESZ, PAGE_SIZE,
		AT_CLKTCK, USER_HZ,
		AT_PHDR, aux->phdr,
		AT_PHENT, sizeof(Elf64_Phdr),
		AT_PHNUM, aux->phnum,
		AT_BASE, aux->base,
		AT_FLAGS, 0,
		AT_ENTRY, aux->entry,
		AT_UID, 0, AT_EUID, 0, AT_GID, 0, AT_EGID, 0,	/* root */
		AT_SECURE, 0,
		AT_RANDOM, l->random,
		AT_EXECFN, l->execfn,
		AT_PLATFORM, l->platform,
		AT_NULL, 0,
	};

	BUILD_BUG_ON(sizeof(auxv) != 2 * AUXV_ENTRIES * sizeof(auxv[0]));
	return copy_to_mm(mm, addr, auxv, sizeof(auxv));
}

/* AT_RANDOM's bytes seed the C library's stack protector and pointer
 * guard. With no entropy pool yet, the time-stamp counter stirred with
 * splitmix64 makes them differ from program to program: not secret. */
static void get_random_bytes(void *buf, size_t len)
{
	static u64 state;

	for (u8 *p = buf; len;) {
		u64 z = state += 0x9e3779b97f4a7c15ull + __builtin_ia32_rdtsc();
		size_t n = MIN(len, sizeof(z));

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
		z ^= z >> 31;
		memcpy(p, &z, n);
		p += n;
		len -= n;
	}
}

int create_elf_tables(struct mm_struct *mm, const struct elf_args *a,
		      const struct stack_layout *l, const struct elf_auxv *aux)
{
	unsigned long str = l->arg, vec = l->sp + sizeof(unsigned long);
	u8 random[16];

	get_random_bytes(random, sizeof(random));
	if (put_word(mm, l->sp, a->argc) ||
	    put_vector(mm, a->argv, a->argc, &str, &vec) ||
	    put_vector(mm, a->envp, a->envc, &str, &vec) ||
	    put_auxv(mm, vec, aux, l) ||
	    copy_to_mm(mm, l->execfn, a->filename, strlen(a->filename) + 1) ||
	    copy_to_mm(mm, l->platform, ELF_PLATFORM, sizeof(ELF_PLATFORM)) ||
	    copy_to_mm(mm, l->random, random, sizeof(random)))
		return -EFAULT;
	mm->arg_start = l->arg;
	mm->arg_end = mm->env_start = l->env;
	mm->env_end = l->execfn;
	mm->start_stack = l->sp;
	return 0;
}
