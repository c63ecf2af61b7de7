/*
 * The ELF loader (Linux's fs/binfmt_elf.c): check the image, lay out and
 * fill the stack, map the segments. See kernel/binfmt.h for the result.
 *
 * The new address space is not the one the CPU runs on, so everything is
 * written into it with access_remote_vm, through its own page tables.
 */
#include "kernel/binfmt.h"
#include "kernel/elf.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "mm/gup.h"
#include "mm/mm.h"

#define ELF_PLATFORM "x86_64"
#define USER_HZ 100	/* AT_CLKTCK: times() ticks, whatever HZ is */
#define AUXV_ENTRIES 18	/* (type, value) pairs, with AT_NULL */
#define ELF_MAX_PHDRS_SIZE 65536	/* Linux reads no more of them */

/* What the checks found out about the image. */
struct elf_image {
	const u8 *data;
	size_t size;
	Elf64_Ehdr ehdr;
	unsigned long bias;	/* added to every address: 0 for ET_EXEC */
	unsigned long phdr_addr;	/* the headers in memory (AT_PHDR) */
	bool exec_stack;	/* PT_GNU_STACK asks for PF_X */
};

/* The headers are copied out: the image need not be aligned (a file in
 * the initramfs is 4-byte aligned). */
static void get_phdr(const struct elf_image *img, unsigned i, Elf64_Phdr *ph)
{
	memcpy(ph, img->data + img->ehdr.e_phoff + i * sizeof(*ph),
	       sizeof(*ph));
}

/* Linux checks the magic, e_type and e_machine (ENOEXEC), then reads the
 * program headers (EIO if the read comes up short). The class, byte order
 * and version, which it leaves alone, are checked too: ENOEXEC. */
static int check_ehdr(const Elf64_Ehdr *eh, size_t size)
{
	size_t phdrs_size = (size_t)eh->e_phnum * sizeof(Elf64_Phdr);

	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_ident[EI_VERSION] != EV_CURRENT ||
	    eh->e_version != EV_CURRENT)
		return -ENOEXEC;
	if ((eh->e_type != ET_EXEC && eh->e_type != ET_DYN) ||
	    eh->e_machine != EM_X86_64)
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 ||
	    phdrs_size > ELF_MAX_PHDRS_SIZE)
		return -ENOEXEC;
	if (eh->e_phoff > size || phdrs_size > size - eh->e_phoff)
		return -EIO;
	return 0;
}

/*
 * A PT_LOAD segment must fit below TASK_SIZE (Linux: EINVAL), have its
 * address and file offset equal modulo the page size (Linux's mmap of the
 * file refuses the offset: EINVAL), have its file bytes in the file (Linux
 * would map past the end and fault later; here it is the short read, EIO),
 * and lie above the previous segment's last page: the gABI sorts them by
 * address, and segments sharing a page, which Linux lets the later one
 * override, are refused (ENOEXEC). *below is where the next may start.
 */
static int check_load(const struct elf_image *img, const Elf64_Phdr *ph,
		      unsigned long *below)
{
	unsigned long start = img->bias + ph->p_vaddr;

	if (ph->p_filesz > ph->p_memsz)
		return -EINVAL;
	if (!ph->p_memsz)
		return 0;	/* nothing to map: Linux skips it too */
	if (ph->p_vaddr >= TASK_SIZE || ph->p_memsz > TASK_SIZE ||
	    start + ph->p_memsz > TASK_SIZE)
		return -EINVAL;
	if ((ph->p_vaddr - ph->p_offset) % PAGE_SIZE)
		return -EINVAL;
	if (ph->p_offset > img->size || ph->p_filesz > img->size - ph->p_offset)
		return -EIO;
	if (ALIGN_DOWN(start, PAGE_SIZE) < *below)
		return -ENOEXEC;
	*below = ALIGN_UP(start + ph->p_memsz, PAGE_SIZE);
	return 0;
}

/* The program headers in memory: where PT_PHDR says, else in the
 * PT_LOAD segment whose file bytes hold them (as Linux finds them). */
static void find_phdr_addr(struct elf_image *img, const Elf64_Phdr *ph)
{
	u64 phoff = img->ehdr.e_phoff;

	if (ph->p_type == PT_PHDR)
		img->phdr_addr = img->bias + ph->p_vaddr;
	else if (!img->phdr_addr && ph->p_offset <= phoff &&
		 phoff - ph->p_offset < ph->p_filesz)
		img->phdr_addr = img->bias + ph->p_vaddr + phoff - ph->p_offset;
}

/* Everything about the image that can fail before anything is mapped. */
static int check_image(struct elf_image *img)
{
	unsigned long below = 0;
	int loads = 0, error;

	if (img->size < sizeof(img->ehdr))
		return -ENOEXEC;
	memcpy(&img->ehdr, img->data, sizeof(img->ehdr));
	error = check_ehdr(&img->ehdr, img->size);
	if (error)
		return error;
	img->bias = img->ehdr.e_type == ET_DYN ? ELF_ET_DYN_BASE : 0;
	for (unsigned i = 0; i < img->ehdr.e_phnum; i++) {
		Elf64_Phdr ph;

		get_phdr(img, i, &ph);
		/* Dynamically linked: the interpreter (ld.so) should be
		 * loaded too, and run first. Not yet. */
		if (ph.p_type == PT_INTERP)
			return -ENOEXEC;
		if (ph.p_type == PT_GNU_STACK)
			img->exec_stack = ph.p_flags & PF_X;
		if (ph.p_type == PT_LOAD) {
			error = check_load(img, &ph, &below);
			if (error)
				return error;
			loads += ph.p_memsz != 0;
		}
		if (ph.p_type == PT_LOAD || ph.p_type == PT_PHDR)
			find_phdr_addr(img, &ph);
	}
	/* Linux would start it and let it fault at once. */
	if (!loads)
		return -ENOEXEC;
	/* Linux's BAD_ADDR check of the entry point. */
	if (img->ehdr.e_entry >= TASK_SIZE - img->bias)
		return -EINVAL;
	return 0;
}

/* The argument and environment strings, counted first. */
struct exec_args {
	const char *filename;
	const char *const *argv, *const *envp;
	int argc, envc;
	size_t arg_bytes, env_bytes;	/* the strings with their NULs */
};

static int count_strings(const char *const v[], size_t *bytes)
{
	int n = 0;

	*bytes = 0;
	for (; v && v[n]; n++)
		*bytes += strlen(v[n]) + 1;
	return n;
}

/* E2BIG beyond ARG_MAX (binfmt.h says what counts). Linux finds it while
 * copying the strings, before it looks at the file: so here too. */
static int count_args(struct exec_args *a)
{
	size_t total;

	a->argc = count_strings(a->argv, &a->arg_bytes);
	a->envc = count_strings(a->envp, &a->env_bytes);
	total = strlen(a->filename) + 1 + a->arg_bytes + a->env_bytes +
		((size_t)a->argc + a->envc) * sizeof(void *);
	return total > ARG_MAX ? -E2BIG : 0;
}

/* Where things go on the new stack (the picture is in binfmt.h). */
struct stack_layout {
	unsigned long execfn, env, arg;		/* the strings */
	unsigned long platform, random;
	unsigned long sp;			/* argc, the vectors, auxv */
};

static void lay_out_stack(const struct exec_args *a, struct stack_layout *l)
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

/* The stack area: what exec writes, and STACK_EXPAND below it. */
static int setup_stack(struct mm_struct *mm, const struct elf_image *img,
		       const struct stack_layout *l)
{
	unsigned long start = ALIGN_DOWN(l->sp, PAGE_SIZE) - STACK_EXPAND;
	unsigned long prot = PROT_READ | PROT_WRITE |
			     (img->exec_stack ? PROT_EXEC : 0);
	unsigned long addr = vm_mmap(mm, NULL, start, STACK_TOP - start, prot,
				     MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS |
				     MAP_GROWSDOWN, 0);

	return IS_ERR_VALUE(addr) ? (int)addr : 0;
}

/* 0 or -EFAULT (only running out of memory can stop it here). */
static int copy_to_mm(struct mm_struct *mm, unsigned long addr,
		      const void *src, size_t len)
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
		    const struct elf_image *img, const struct stack_layout *l)
{
	const unsigned long auxv[] = {
		AT_HWCAP, 0,	/* programs ask CPUID themselves */
		AT_PAGESZ, PAGE_SIZE,
		AT_CLKTCK, USER_HZ,
		AT_PHDR, img->phdr_addr,
		AT_PHENT, sizeof(Elf64_Phdr),
		AT_PHNUM, img->ehdr.e_phnum,
		AT_BASE, 0,	/* where the interpreter is: there is none */
		AT_FLAGS, 0,
		AT_ENTRY, img->bias + img->ehdr.e_entry,
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

/* Fill the stack as l lays it out, and note in mm where things are. */
static int create_elf_tables(struct mm_struct *mm, const struct elf_image *img,
			     const struct exec_args *a,
			     const struct stack_layout *l)
{
	unsigned long str = l->arg, vec = l->sp + sizeof(unsigned long);
	u8 random[16];

	get_random_bytes(random, sizeof(random));
	if (put_word(mm, l->sp, a->argc) ||
	    put_vector(mm, a->argv, a->argc, &str, &vec) ||
	    put_vector(mm, a->envp, a->envc, &str, &vec) ||
	    put_auxv(mm, vec, img, l) ||
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

static unsigned long elf_prot(u32 p_flags)
{
	return (p_flags & PF_R ? PROT_READ : 0) |
	       (p_flags & PF_W ? PROT_WRITE : 0) |
	       (p_flags & PF_X ? PROT_EXEC : 0);
}

/*
 * A PT_LOAD segment: anonymous private memory over its pages, writable
 * while its bytes are copied in, then with its own permissions. Like a
 * mapping of the file, the first page also holds the file's bytes before
 * p_offset. Past p_filesz all is zero because nothing wrote it: pages
 * fault in zeroed, and those never touched (the .bss) stay unallocated.
 * MAP_FIXED_NOREPLACE, as in Linux: a segment over the stack is EEXIST.
 */
static int map_segment(struct mm_struct *mm, const struct elf_image *img,
		       const Elf64_Phdr *ph)
{
	unsigned long vaddr = img->bias + ph->p_vaddr;
	unsigned long start = ALIGN_DOWN(vaddr, PAGE_SIZE);
	unsigned long len = ALIGN_UP(vaddr + ph->p_memsz, PAGE_SIZE) - start;
	unsigned long prot = elf_prot(ph->p_flags);
	unsigned long addr;

	addr = vm_mmap(mm, NULL, start, len,
		       prot | (ph->p_filesz ? PROT_WRITE : 0),
		       MAP_PRIVATE | MAP_FIXED_NOREPLACE | MAP_ANONYMOUS, 0);
	if (IS_ERR_VALUE(addr))
		return (int)addr;
	if (!ph->p_filesz)
		return 0;
	if (copy_to_mm(mm, start, img->data + ph->p_offset - (vaddr - start),
		       vaddr - start + ph->p_filesz))
		return -EFAULT;
	return prot & PROT_WRITE ? 0 : do_mprotect(mm, start, len, prot);
}

/* Linux's account of the program: code is what executable segments hold,
 * data runs from the highest segment's start to the highest file byte,
 * the heap starts at the page after the highest segment (start_code
 * stays ~0 when no segment is executable, as in Linux). */
static int map_segments(struct mm_struct *mm, const struct elf_image *img)
{
	unsigned long elf_brk = 0;

	mm->start_code = ~0ul;
	for (unsigned i = 0; i < img->ehdr.e_phnum; i++) {
		unsigned long start, file_end;
		Elf64_Phdr ph;
		int error;

		get_phdr(img, i, &ph);
		if (ph.p_type != PT_LOAD || !ph.p_memsz)
			continue;
		error = map_segment(mm, img, &ph);
		if (error)
			return error;
		start = img->bias + ph.p_vaddr;
		file_end = start + ph.p_filesz;
		if (ph.p_flags & PF_X) {
			mm->start_code = MIN(mm->start_code, start);
			mm->end_code = MAX(mm->end_code, file_end);
		}
		mm->start_data = MAX(mm->start_data, start);
		mm->end_data = MAX(mm->end_data, file_end);
		elf_brk = MAX(elf_brk, start + ph.p_memsz);
	}
	mm->start_brk = mm->brk = ALIGN_UP(elf_brk, PAGE_SIZE);
	return 0;
}

/* In Linux's order: the arguments, the file, the stack, the segments. */
int load_elf_binary(struct mm_struct *mm, const void *image, size_t size,
		    const char *filename, const char *const argv[],
		    const char *const envp[], struct elf_start *out)
{
	struct exec_args a = {
		.filename = filename, .argv = argv, .envp = envp,
	};
	struct elf_image img = { .data = image, .size = size };
	struct stack_layout l;
	int error;

	error = count_args(&a);
	if (!error)
		error = check_image(&img);
	if (error)
		return error;
	lay_out_stack(&a, &l);
	error = setup_stack(mm, &img, &l);
	if (!error)
		error = create_elf_tables(mm, &img, &a, &l);
	if (!error)
		error = map_segments(mm, &img);
	if (error)
		return error;
	out->entry = img.bias + img.ehdr.e_entry;
	out->sp = l.sp;
	return 0;
}
