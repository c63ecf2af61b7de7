/*
 * The ELF loader (Linux's fs/binfmt_elf.c): read and check the program's
 * headers, map its PT_LOAD segments from the file, and when it names an
 * interpreter (PT_INTERP: the dynamic linker, which for musl is the C
 * library itself) load that too and start there. kernel/elf_tables.c
 * makes the stack. The result is described in kernel/binfmt.h.
 *
 * Segments are mappings of the file, MAP_PRIVATE, as mmap makes them: the
 * pages of text and read-only data are the page cache's own, shared by
 * every process running the program, and a written data page is copied
 * on its first write. Only the bss beyond the file's last page is
 * anonymous memory.
 */
#include "kernel/binfmt.h"
#include "kernel/elf.h"
#include "kernel/elf_tables.h"
#include "kernel/errno.h"
#include "kernel/fs/file.h"
#include "kernel/fs/namei.h"
#include "kernel/lib/string.h"
#include "mm/mm.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

#define ELF_MAX_PHDRS_SIZE 65536	/* Linux reads no more of them */

/* A program or interpreter file, and what the checks found out. */
struct elf_image {
	struct file *file;
	Elf64_Ehdr ehdr;
	Elf64_Phdr *phdrs;		/* e_phnum of them */
	unsigned long first, end;	/* the pages its segments span */
	unsigned long bias;		/* added to every address */
	unsigned long phdr_vaddr;	/* the headers in memory (AT_PHDR) */
	const Elf64_Phdr *interp;	/* PT_INTERP, if any */
	bool exec_stack;		/* PT_GNU_STACK asks for PF_X */
};

/* Linux's elf_read: a short read is EIO. */
static int read_exact(struct file *file, void *buf, size_t len, loff_t pos)
{
	long n = kernel_read(file, buf, len, pos);

	if (n < 0)
		return n;
	return (size_t)n == len ? 0 : -EIO;
}

/* Linux checks the magic, e_type and e_machine (ENOEXEC), then reads the
 * program headers. The class, byte order and version, which it leaves
 * alone, are checked too: ENOEXEC. */
static int check_ehdr(const Elf64_Ehdr *eh)
{
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
	    (size_t)eh->e_phnum * sizeof(Elf64_Phdr) > ELF_MAX_PHDRS_SIZE)
		return -ENOEXEC;
	return 0;
}

/* The ELF header and the program headers. A file too short for them is
 * ENOEXEC, as on Linux, which reads the first bytes and checks them, then
 * gives up on headers it cannot read. */
static int read_headers(struct elf_image *img)
{
	size_t phdrs_size;
	long n = kernel_read(img->file, &img->ehdr, sizeof(img->ehdr), 0);
	int error;

	if (n < 0)
		return n;
	if ((size_t)n < sizeof(img->ehdr))
		return -ENOEXEC;
	error = check_ehdr(&img->ehdr);
	if (error)
		return error;
	phdrs_size = img->ehdr.e_phnum * sizeof(Elf64_Phdr);
	img->phdrs = kmalloc(phdrs_size, 0);
	if (!img->phdrs)
		return -ENOMEM;
	if (read_exact(img->file, img->phdrs, phdrs_size, img->ehdr.e_phoff))
		return -ENOEXEC;
	return 0;
}

/*
 * A PT_LOAD segment must fit below TASK_SIZE (Linux: EINVAL), have its
 * address and file offset equal modulo the page size (Linux's mmap of the
 * file refuses the offset: EINVAL), have its file bytes in the file (EIO:
 * Linux maps past the end, finds out only past its point of no return
 * and kills the process with SIGSEGV),
 * and lie above the previous segment's last page: the gABI sorts them by
 * address, and segments sharing a page, which Linux lets the later one
 * override, are refused (ENOEXEC).
 */
static int check_load(struct elf_image *img, const Elf64_Phdr *ph)
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
	if (ph->p_offset > (u64)file_inode(img->file)->i_size ||
	    ph->p_filesz > file_inode(img->file)->i_size - ph->p_offset)
		return -EIO;
	if (img->end && ALIGN_DOWN(ph->p_vaddr, PAGE_SIZE) < img->end)
		return -ENOEXEC;
	if (!img->end)
		img->first = ALIGN_DOWN(ph->p_vaddr, PAGE_SIZE);
	img->end = ALIGN_UP(ph->p_vaddr + ph->p_memsz, PAGE_SIZE);
	return 0;
}

/* The program headers in memory: where PT_PHDR says, else in the
 * PT_LOAD segment whose file bytes hold them (as Linux finds them). */
static void find_phdr(struct elf_image *img, const Elf64_Phdr *ph)
{
	u64 phoff = img->ehdr.e_phoff;

	if (ph->p_type == PT_PHDR)
		img->phdr_vaddr = ph->p_vaddr;
	else if (!img->phdr_vaddr && ph->p_offset <= phoff &&
		 phoff - ph->p_offset < ph->p_filesz)
		img->phdr_vaddr = ph->p_vaddr + phoff - ph->p_offset;
}

/* Read img->file's headers and check everything about the image that can
 * fail before anything is mapped, with an ET_DYN image at dyn_bias. */
static int check_image(struct elf_image *img, unsigned long dyn_bias)
{
	int error = read_headers(img);

	if (error)
		return error;
	if (img->ehdr.e_type == ET_DYN)
		img->bias = dyn_bias;
	for (unsigned i = 0; i < img->ehdr.e_phnum; i++) {
		const Elf64_Phdr *ph = &img->phdrs[i];

		if (ph->p_type == PT_INTERP && !img->interp)
			img->interp = ph;	/* the first counts, as Linux */
		if (ph->p_type == PT_GNU_STACK)
			img->exec_stack = ph->p_flags & PF_X;
		if (ph->p_type == PT_LOAD) {
			error = check_load(img, ph);
			if (error)
				return error;
		}
		if (ph->p_type == PT_LOAD || ph->p_type == PT_PHDR)
			find_phdr(img, ph);
	}
	/* No segment: Linux would start it and let it fault at once. */
	if (!img->end)
		return -ENOEXEC;
	/* Linux's BAD_ADDR check of the entry point. */
	if (img->ehdr.e_entry >= TASK_SIZE - img->bias)
		return -EINVAL;
	return 0;
}

/* The interpreter PT_INTERP names: a path with its NUL, at most PATH_MAX
 * (ENOEXEC otherwise, as Linux), opened as a program is. */
static struct file *open_interp(const struct elf_image *prog)
{
	const Elf64_Phdr *ph = prog->interp;
	struct file *file;
	char *path;
	int error;

	if (ph->p_filesz > PATH_MAX || ph->p_filesz < 2)
		return ERR_PTR(-ENOEXEC);
	path = kmalloc(ph->p_filesz, 0);
	if (!path)
		return ERR_PTR(-ENOMEM);
	error = read_exact(prog->file, path, ph->p_filesz, ph->p_offset);
	if (!error && path[ph->p_filesz - 1])
		error = -ENOEXEC;
	file = error ? ERR_PTR(error) : open_exec(path);
	kfree(path);
	return file;
}

/* Open and check the interpreter. A file too short for an ELF header is
 * EIO, one that is not an interpreter this kernel runs ELIBBAD, Linux's
 * "accessing a corrupted shared library". */
static int check_interp(const struct elf_image *prog, struct elf_image *interp)
{
	int error;

	interp->file = open_interp(prog);
	if (IS_ERR(interp->file)) {
		error = PTR_ERR(interp->file);
		interp->file = NULL;
		return error;
	}
	if (file_inode(interp->file)->i_size < (loff_t)sizeof(Elf64_Ehdr))
		return -EIO;
	error = check_image(interp, 0);	/* placed later: place_interp */
	return error == -ENOEXEC ? -ELIBBAD : error;
}

/* An ET_DYN interpreter goes where mmap would put a mapping of its size:
 * below the stack's reserve, top-down (Linux maps its first segment with
 * the size of all of them, for the same effect). */
static int place_interp(struct mm_struct *mm, struct elf_image *interp)
{
	unsigned long addr;

	if (interp->ehdr.e_type != ET_DYN)
		return 0;
	down_write(&mm->mmap_sem);
	addr = get_unmapped_area(mm, NULL, 0, interp->end - interp->first,
				 0, 0);
	up_write(&mm->mmap_sem);
	if (IS_ERR_VALUE(addr))
		return (int)addr;
	interp->bias = addr - interp->first;
	return 0;
}

static unsigned long elf_prot(u32 p_flags)
{
	return (p_flags & PF_R ? PROT_READ : 0) |
	       (p_flags & PF_W ? PROT_WRITE : 0) |
	       (p_flags & PF_X ? PROT_EXEC : 0);
}

/* The last file page of a segment with a bss holds the file's next bytes
 * past p_filesz: they must read as zero. Its private copy is made here. */
static int padzero(struct mm_struct *mm, unsigned long file_end)
{
	unsigned long n = ALIGN_UP(file_end, PAGE_SIZE) - file_end;

	return n ? copy_to_mm(mm, file_end, page_address(zero_page()), n) : 0;
}

/*
 * A PT_LOAD segment: the file's pages holding its bytes (the first page
 * also holds the bytes before p_offset, as any mapping of the file
 * would), then anonymous memory for the bss beyond them. A read-only
 * segment with a bss keeps the file's bytes in its last page, as Linux
 * does. MAP_FIXED_NOREPLACE: a segment over the stack is EEXIST.
 */
static int map_segment(struct mm_struct *mm, const struct elf_image *img,
		       const Elf64_Phdr *ph)
{
	unsigned long vaddr = img->bias + ph->p_vaddr;
	unsigned long start = ALIGN_DOWN(vaddr, PAGE_SIZE), anon = start;
	unsigned long file_end = vaddr + ph->p_filesz;
	unsigned long end = ALIGN_UP(vaddr + ph->p_memsz, PAGE_SIZE);
	unsigned long prot = elf_prot(ph->p_flags), addr;

	if (ph->p_filesz) {
		anon = ALIGN_UP(file_end, PAGE_SIZE);
		addr = vm_mmap(mm, img->file, start, anon - start, prot,
			       MAP_PRIVATE | MAP_FIXED_NOREPLACE,
			       (ph->p_offset - (vaddr - start)) >> PAGE_SHIFT);
		if (IS_ERR_VALUE(addr))
			return (int)addr;
		if (ph->p_memsz > ph->p_filesz && (prot & PROT_WRITE) &&
		    padzero(mm, file_end))
			return -EFAULT;
	}
	if (end == anon)
		return 0;
	addr = vm_mmap(mm, NULL, anon, end - anon, prot,
		       MAP_PRIVATE | MAP_FIXED_NOREPLACE | MAP_ANONYMOUS, 0);
	return IS_ERR_VALUE(addr) ? (int)addr : 0;
}

static int map_segments(struct mm_struct *mm, const struct elf_image *img)
{
	for (unsigned i = 0; i < img->ehdr.e_phnum; i++) {
		const Elf64_Phdr *ph = &img->phdrs[i];
		int error;

		if (ph->p_type != PT_LOAD || !ph->p_memsz)
			continue;
		error = map_segment(mm, img, ph);
		if (error)
			return error;
	}
	return 0;
}

/* Linux's account of the program: code is what executable segments hold,
 * data runs from the highest segment's start to the highest file byte,
 * the heap starts at the page after the highest segment (start_code
 * stays ~0 when no segment is executable, as in Linux). */
static void set_mm_layout(struct mm_struct *mm, const struct elf_image *prog)
{
	unsigned long elf_brk = 0;

	mm->start_code = ~0ul;
	for (unsigned i = 0; i < prog->ehdr.e_phnum; i++) {
		const Elf64_Phdr *ph = &prog->phdrs[i];
		unsigned long start = prog->bias + ph->p_vaddr;
		unsigned long file_end = start + ph->p_filesz;

		if (ph->p_type != PT_LOAD || !ph->p_memsz)
			continue;
		if (ph->p_flags & PF_X) {
			mm->start_code = MIN(mm->start_code, start);
			mm->end_code = MAX(mm->end_code, file_end);
		}
		mm->start_data = MAX(mm->start_data, start);
		mm->end_data = MAX(mm->end_data, file_end);
		elf_brk = MAX(elf_brk, start + ph->p_memsz);
	}
	mm->start_brk = mm->brk = ALIGN_UP(elf_brk, PAGE_SIZE);
}

/* The program, then its interpreter if it has one. */
static int map_images(struct mm_struct *mm, const struct elf_image *prog,
		      struct elf_image *interp)
{
	int error = map_segments(mm, prog);

	if (error)
		return error;
	set_mm_layout(mm, prog);
	if (!interp->file)
		return 0;
	error = place_interp(mm, interp);
	return error ? error : map_segments(mm, interp);
}

static void put_image(struct elf_image *img)
{
	kfree(img->phdrs);
	if (img->file)
		put_exe_file(img->file);
}

/* In Linux's order: the arguments, the files, the stack, the segments,
 * the tables on the stack. */
int load_elf_binary(struct mm_struct *mm, struct file *file,
		    const char *filename, const char *const argv[],
		    const char *const envp[], struct elf_start *out)
{
	struct elf_args a = {
		.filename = filename, .argv = argv, .envp = envp,
	};
	struct elf_image prog = { .file = file }, interp = { 0 };
	struct stack_layout l;
	struct elf_auxv aux;
	int error = count_args(&a);

	if (!error)
		error = check_image(&prog, ELF_ET_DYN_BASE);
	if (!error && prog.interp)
		error = check_interp(&prog, &interp);
	if (!error) {
		lay_out_stack(&a, &l);
		error = setup_stack(mm, &l, prog.exec_stack);
	}
	if (!error)
		error = map_images(mm, &prog, &interp);
	if (!error) {
		aux = (struct elf_auxv){
			.phdr = prog.bias + prog.phdr_vaddr,
			.phnum = prog.ehdr.e_phnum,
			.entry = prog.bias + prog.ehdr.e_entry,
			.base = interp.file ? interp.bias : 0,
		};
		error = create_elf_tables(mm, &a, &l, &aux);
		out->entry = interp.file ? interp.bias + interp.ehdr.e_entry
					 : aux.entry;
		out->sp = l.sp;
	}
	prog.file = NULL;	/* the caller's */
	put_image(&prog);
	put_image(&interp);
	return error;
}
