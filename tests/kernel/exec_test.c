/*
 * Loading programs (kernel/binfmt_elf.c), in the kernel and on the host
 * (tests/host/exec.mk). The programs are built here: an ELF header,
 * program headers, and bytes that are a pattern of their file offset, so
 * that any byte loaded can be checked. They become files with no name,
 * whose pages are in the page cache as a file system's would be.
 * Helpers: tests/kernel/mm_test.h.
 */
#include "kernel/binfmt.h"
#include "kernel/elf.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/file.h"
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "mm/gup.h"
#include "mm/pagemap.h"
#include "tests/kernel/mm_test.h"

/*
 * The standard program, laid out as a linker would:
 *   file 0x0000: headers and code -> 0x400000 r-x, 0x1800 bytes
 *   file 0x2010: data, 0x100 bytes -> 0x403010 rw-, then bss to 0x406010
 */
#define TEXT 0x400000ul
#define TEXT_SIZE 0x1800ul
#define DATA 0x403010ul
#define DATA_OFFSET 0x2010ul
#define DATA_FILESZ 0x100ul
#define DATA_MEMSZ 0x3000ul
#define DATA_END 0x404000ul	/* the page after the data's file bytes */
#define BRK 0x407000ul		/* the page after the bss */
#define ENTRY (TEXT + 0x100)
#define IMAGE_SIZE (DATA_OFFSET + DATA_FILESZ)
/* The file goes on past the data (a symbol table, say): the bss must not
 * show those bytes. */
#define FILE_SIZE (IMAGE_SIZE + 0x100)
#define FILENAME "/bin/prog"
enum { PH_PHDR, PH_TEXT, PH_DATA, PH_STACK, NR_PHDRS };
/* A private mapping of a file opened for reading has the flags of
 * anonymous memory: every VM_MAY* bit. */
#define FILE_RX ANON_RX
#define FILE_RW ANON_RW

static const Elf64_Phdr standard_phdrs[NR_PHDRS] = {
	[PH_PHDR] = { .p_type = PT_PHDR, .p_flags = PF_R,
		      .p_offset = sizeof(Elf64_Ehdr),
		      .p_vaddr = TEXT + sizeof(Elf64_Ehdr),
		      .p_filesz = NR_PHDRS * sizeof(Elf64_Phdr),
		      .p_memsz = NR_PHDRS * sizeof(Elf64_Phdr) },
	[PH_TEXT] = { .p_type = PT_LOAD, .p_flags = PF_R | PF_X,
		      .p_vaddr = TEXT, .p_filesz = TEXT_SIZE,
		      .p_memsz = TEXT_SIZE, .p_align = PAGE_SIZE },
	[PH_DATA] = { .p_type = PT_LOAD, .p_flags = PF_R | PF_W,
		      .p_offset = DATA_OFFSET, .p_vaddr = DATA,
		      .p_filesz = DATA_FILESZ, .p_memsz = DATA_MEMSZ,
		      .p_align = PAGE_SIZE },
	[PH_STACK] = { .p_type = PT_GNU_STACK, .p_flags = PF_R | PF_W },
};

static const char *const test_argv[] = { "prog", "-x", "hello world", NULL };
static const char *const test_envp[] = { "HOME=/", "TERM=vt100", NULL };

static u8 image[3 * PAGE_SIZE];

static Elf64_Ehdr *ehdr(void)
{
	return (Elf64_Ehdr *)image;
}

static Elf64_Phdr *phdr(int i)
{
	return (Elf64_Phdr *)(image + sizeof(Elf64_Ehdr)) + i;
}

static u8 file_byte(size_t offset)
{
	return (u8)(offset * 7 + offset / 251 + 1);
}

static void build_image(void)
{
	for (size_t i = 0; i < sizeof(image); i++)
		image[i] = file_byte(i);
	*ehdr() = (Elf64_Ehdr){
		.e_ident = { 0x7f, 'E', 'L', 'F', ELFCLASS64, ELFDATA2LSB,
			     EV_CURRENT },
		.e_type = ET_EXEC, .e_machine = EM_X86_64,
		.e_version = EV_CURRENT, .e_entry = ENTRY,
		.e_phoff = sizeof(Elf64_Ehdr), .e_ehsize = sizeof(Elf64_Ehdr),
		.e_phentsize = sizeof(Elf64_Phdr), .e_phnum = NR_PHDRS,
	};
	memcpy(phdr(0), standard_phdrs, sizeof(standard_phdrs));
}

static const struct file_operations image_fops = {
	.mmap = generic_file_mmap,
};
static struct super_block image_sb;

/* A program file holding the first size bytes of image, opened for
 * reading as open_exec opens one; NULL if out of memory. */
static struct file *image_file(size_t size)
{
	struct inode *inode = new_inode(&image_sb, S_IFREG | 0755);
	struct file *file;

	if (!inode)
		return NULL;
	file = alloc_file_pseudo(inode, O_RDONLY, &image_fops);
	iput(inode);
	if (IS_ERR(file))
		return NULL;
	if (filemap_write_kernel(file, image, size, 0) != (long)size) {
		fput(file);
		return NULL;
	}
	return file;
}

static int load_file(struct mm_struct *mm, struct file *file,
		     const char *const argv[], const char *const envp[],
		     struct elf_start *start)
{
	return file ? load_elf_binary(mm, file, FILENAME, argv, envp, start)
		    : -ENOMEM;
}

static int load_args(struct mm_struct *mm, size_t size,
		     const char *const argv[], const char *const envp[],
		     struct elf_start *start)
{
	struct file *file = image_file(size);
	int error = load_file(mm, file, argv, envp, start);

	if (file)
		fput(file);
	return error;
}

static int load(struct mm_struct *mm, struct elf_start *start)
{
	return load_args(mm, FILE_SIZE, test_argv, test_envp, start);
}

/* A new address space with the program in image loaded; NULL (and a
 * failure) if it would not load. */
static struct mm_struct *exec_image(struct ktest_state *kt,
				    struct elf_start *start)
{
	struct mm_struct *mm = mm_alloc();

	if (KT_EXPECT_NOT_NULL(mm) && !KT_EXPECT_EQ(load(mm, start), 0)) {
		mmput(mm);
		mm = NULL;
	}
	return mm;
}

static unsigned long peek(struct mm_struct *mm, unsigned long addr)
{
	unsigned long v = 0xbad;

	access_remote_vm(mm, addr, &v, sizeof(v), 0);
	return v;
}

/* Does mm hold len bytes at addr equal to want (zeroes if NULL)? */
static bool holds(struct mm_struct *mm, unsigned long addr, const void *want,
		  size_t len)
{
	u8 buf[256];

	for (size_t done = 0, n; done < len; done += n) {
		n = MIN(len - done, sizeof(buf));
		if (access_remote_vm(mm, addr + done, buf, n, 0) != (int)n)
			return false;
		for (size_t i = 0; i < n; i++)
			if (buf[i] != (want ? ((const u8 *)want)[done + i] : 0))
				return false;
	}
	return true;
}

static bool holds_string(struct mm_struct *mm, unsigned long addr,
			 const char *s)
{
	return holds(mm, addr, s, strlen(s) + 1);
}

static unsigned long stack_bottom(unsigned long sp)
{
	return ALIGN_DOWN(sp, PAGE_SIZE) - STACK_EXPAND;
}

/* ---- a good program ---- */

KTEST(exec_maps_segments_and_stack)
{
	struct mm_struct *mm;
	struct elf_start start;

	build_image();
	mm = exec_image(kt, &start);
	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(start.entry, ENTRY);
	KT_EXPECT_EQ(start.sp % 16, 0);
	KT_EXPECT_AREAS(mm, { TEXT, TEXT + 2 * PAGE_SIZE, FILE_RX },
			{ DATA & PAGE_MASK, DATA_END, FILE_RW },
			{ DATA_END, BRK, ANON_RW },
			{ stack_bottom(start.sp), STACK_TOP,
			  ANON_RW | VM_GROWSDOWN });
	KT_EXPECT_EQ(mm->start_code, TEXT);
	KT_EXPECT_EQ(mm->end_code, TEXT + TEXT_SIZE);
	KT_EXPECT_EQ(mm->start_data, DATA);
	KT_EXPECT_EQ(mm->end_data, DATA + DATA_FILESZ);
	KT_EXPECT_EQ(mm->start_brk, BRK);
	KT_EXPECT_EQ(mm->brk, BRK);
	KT_EXPECT_EQ(mm->start_stack, start.sp);
	/* The heap grows from there. */
	KT_EXPECT_EQ(do_brk(mm, BRK + PAGE_SIZE), BRK + PAGE_SIZE);
	mmput(mm);
}

/* The file's bytes from the start of each segment's first page to the
 * end of its last, as any mapping of the file shows them, but zeroes in
 * the data's last page after p_filesz and in the bss. Only the data page
 * that had to be zeroed is the process's own (and the stack): the rest is
 * the page cache's, and the bss is never allocated. */
KTEST(exec_maps_file_bss_untouched)
{
	unsigned long stack_pages, data_page = DATA & PAGE_MASK;
	struct mm_struct *mm;
	struct elf_start start;

	build_image();
	mm = exec_image(kt, &start);
	KT_ASSERT_NOT_NULL(mm);
	stack_pages = (STACK_TOP - ALIGN_DOWN(start.sp, PAGE_SIZE)) / PAGE_SIZE;
	KT_EXPECT_EQ(mm->rss, 1 + stack_pages);
	KT_EXPECT(holds(mm, TEXT, image, 2 * PAGE_SIZE));
	KT_EXPECT(holds(mm, data_page, image + (DATA_OFFSET & PAGE_MASK),
			DATA - data_page + DATA_FILESZ));
	KT_EXPECT(holds(mm, DATA + DATA_FILESZ, NULL,
			BRK - DATA - DATA_FILESZ));
	/* Reading mapped the text's two page-cache pages, and the zero page
	 * (which rss does not count) in the bss. */
	KT_EXPECT_EQ(mm->rss, 2 + 1 + stack_pages);
	for (unsigned long a = DATA_END; a < BRK; a += PAGE_SIZE)
		KT_EXPECT(page_at(mm, a, NULL) == zero_page());
	mmput(mm);
}

/* exec reads headers at offsets the file gives: one that is negative as
 * a loff_t is EINVAL, and must not put pages in the cache. */
KTEST(exec_kernel_read_refuses_negative_offset)
{
	struct file *file;
	unsigned long pages;
	u8 buf[8];

	build_image();
	file = image_file(FILE_SIZE);
	KT_ASSERT_NOT_NULL(file);
	pages = file->f_mapping->nrpages;
	KT_EXPECT_EQ(kernel_read(file, buf, sizeof(buf), -1), -EINVAL);
	KT_EXPECT_EQ(file->f_mapping->nrpages, pages);
	fput(file);
}

/* Two processes running one program share its text: the same frame, the
 * file's, read-only (a write is SIGSEGV); each has its own data page. */
KTEST(exec_text_shared_data_private)
{
	struct file *file = image_file(FILE_SIZE);
	struct mm_struct *mm[2];
	struct elf_start start;
	struct page *text[2], *data[2];
	pte_t pte;

	build_image();
	KT_ASSERT_NOT_NULL(file);
	for (int i = 0; i < 2; i++) {
		mm[i] = mm_alloc();
		KT_ASSERT_NOT_NULL(mm[i]);
		KT_EXPECT_EQ(load_file(mm[i], file, test_argv, test_envp,
				       &start), 0);
		KT_EXPECT_EQ(fault_at(mm[i], TEXT, 0), 0);
		text[i] = page_at(mm[i], TEXT, &pte);
		KT_EXPECT(!pte_write(pte) && pte_exec(pte));
		KT_EXPECT_EQ(fault_at(mm[i], TEXT, FAULT_FLAG_WRITE),
			     VM_FAULT_SIGSEGV);
		data[i] = page_at(mm[i], DATA, NULL);
	}
	KT_EXPECT(text[0] && text[0] == text[1]);
	KT_EXPECT(text[0] == find_get_page(file->f_mapping, 0));
	if (text[0])
		put_page(text[0]);	/* find_get_page's reference */
	KT_EXPECT(data[0] && data[1] && data[0] != data[1]);
	KT_EXPECT(data[0] && data[0]->mapping == NULL);
	mmput(mm[0]);
	mmput(mm[1]);
	fput(file);
}

#define ANY (~0ul)	/* a pointer, checked on its own */

static const unsigned long expected_auxv[][2] = {
	{ AT_HWCAP, 0 }, { AT_PAGESZ, PAGE_SIZE }, { AT_CLKTCK, 100 },
	{ AT_PHDR, TEXT + sizeof(Elf64_Ehdr) },
	{ AT_PHENT, sizeof(Elf64_Phdr) }, { AT_PHNUM, NR_PHDRS },
	{ AT_BASE, 0 }, { AT_FLAGS, 0 }, { AT_ENTRY, ENTRY },
	{ AT_UID, 0 }, { AT_EUID, 0 }, { AT_GID, 0 }, { AT_EGID, 0 },
	{ AT_SECURE, 0 }, { AT_RANDOM, ANY }, { AT_EXECFN, ANY },
	{ AT_PLATFORM, ANY }, { AT_NULL, 0 },
};

/* argv or envp at *p: each pointer leads to its string, and the strings
 * follow one another from first; then NULL. */
static void expect_vector(struct ktest_state *kt, struct mm_struct *mm,
			  unsigned long *p, const char *const v[],
			  unsigned long first)
{
	for (int i = 0; v[i]; i++, *p += 8) {
		KT_EXPECT_EQ(peek(mm, *p), first);
		KT_EXPECT(holds_string(mm, first, v[i]));
		first += strlen(v[i]) + 1;
	}
	KT_EXPECT_EQ(peek(mm, *p), 0);
	*p += 8;
}

/* The value of the auxv entry of this type on the stack at sp (past argc,
 * argv and envp); 0 if there is none. */
static unsigned long auxv_value(struct mm_struct *mm, unsigned long sp,
				unsigned long type)
{
	unsigned long auxv = sp + 8 * (peek(mm, sp) + 2);

	while (peek(mm, auxv))
		auxv += 8;
	for (auxv += 8; peek(mm, auxv) != AT_NULL; auxv += 16)
		if (peek(mm, auxv) == type)
			return peek(mm, auxv + 8);
	return 0;
}

KTEST(exec_lays_out_stack)
{
	struct mm_struct *mm;
	unsigned long p, random, platform, execfn;
	struct elf_start start;

	build_image();
	mm = exec_image(kt, &start);
	KT_ASSERT_NOT_NULL(mm);
	p = start.sp;
	KT_EXPECT_EQ(peek(mm, p), 3);
	p += 8;
	expect_vector(kt, mm, &p, test_argv, mm->arg_start);
	expect_vector(kt, mm, &p, test_envp, mm->env_start);
	for (size_t i = 0; i < ARRAY_SIZE(expected_auxv); i++) {
		KT_EXPECT_EQ(peek(mm, p + 16 * i), expected_auxv[i][0]);
		if (expected_auxv[i][1] != ANY)
			KT_EXPECT_EQ(peek(mm, p + 16 * i + 8),
				     expected_auxv[i][1]);
	}
	random = auxv_value(mm, start.sp, AT_RANDOM);
	platform = auxv_value(mm, start.sp, AT_PLATFORM);
	execfn = auxv_value(mm, start.sp, AT_EXECFN);
	/* Upwards: auxv, random bytes, platform, arguments, environment,
	 * file name, a zero word at the top. */
	KT_EXPECT_LE(p + sizeof(expected_auxv), random);
	KT_EXPECT_EQ(random + 16, platform);
	KT_EXPECT(holds_string(mm, platform, "x86_64"));
	KT_EXPECT_LE(platform + sizeof("x86_64"), mm->arg_start);
	KT_EXPECT_EQ(mm->arg_end, mm->env_start);
	KT_EXPECT_EQ(mm->env_end, execfn);
	KT_EXPECT(holds_string(mm, execfn, FILENAME));
	KT_EXPECT_EQ(execfn + sizeof(FILENAME), STACK_TOP - 8);
	KT_EXPECT_EQ(peek(mm, STACK_TOP - 8), 0);
	mmput(mm);
}

KTEST(exec_stack_aligned_whatever_the_arguments)
{
	const char *const args[] = { "a", "bb", "ccc", "dddd", "eeeee", NULL };

	for (int n = 0; n <= 5; n++) {
		struct mm_struct *mm = mm_alloc();
		struct elf_start start;

		KT_ASSERT_NOT_NULL(mm);
		build_image();
		KT_EXPECT_EQ(load_args(mm, FILE_SIZE, args + 5 - n, NULL,
				       &start), 0);
		KT_EXPECT_EQ(start.sp % 16, 0);
		KT_EXPECT_EQ(peek(mm, start.sp), n);
		/* The NULLs that end argv and envp. */
		KT_EXPECT_EQ(peek(mm, start.sp + 8 * (n + 1)), 0);
		KT_EXPECT_EQ(peek(mm, start.sp + 8 * (n + 2)), 0);
		mmput(mm);
	}
}

KTEST(exec_random_bytes_differ)
{
	u8 bytes[2][16];

	for (int i = 0; i < 2; i++) {
		struct mm_struct *mm;
		struct elf_start start;

		build_image();
		mm = exec_image(kt, &start);
		KT_ASSERT_NOT_NULL(mm);
		access_remote_vm(mm, auxv_value(mm, start.sp, AT_RANDOM),
				 bytes[i], 16, 0);
		mmput(mm);
	}
	KT_EXPECT(memcmp(bytes[0], bytes[1], 16) != 0);
}

/* A static PIE is linked at 0 and moves to ELF_ET_DYN_BASE. */
KTEST(exec_pie_at_et_dyn_base)
{
	struct mm_struct *mm;
	const unsigned long base = 0x555555554000ul;
	struct elf_start start;

	KT_EXPECT_EQ(ELF_ET_DYN_BASE, base);
	build_image();
	ehdr()->e_type = ET_DYN;
	ehdr()->e_entry -= TEXT;
	for (int i = PH_PHDR; i <= PH_DATA; i++)
		phdr(i)->p_vaddr -= TEXT;
	mm = exec_image(kt, &start);
	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(start.entry, base + ENTRY - TEXT);
	KT_EXPECT_AREAS(mm, { base, base + 2 * PAGE_SIZE, FILE_RX },
			{ base + (DATA & PAGE_MASK) - TEXT,
			  base + DATA_END - TEXT, FILE_RW },
			{ base + DATA_END - TEXT, base + BRK - TEXT, ANON_RW },
			{ stack_bottom(start.sp), STACK_TOP,
			  ANON_RW | VM_GROWSDOWN });
	KT_EXPECT_EQ(auxv_value(mm, start.sp, AT_PHDR),
		     base + sizeof(Elf64_Ehdr));
	KT_EXPECT_EQ(auxv_value(mm, start.sp, AT_ENTRY), start.entry);
	KT_EXPECT_EQ(mm->start_brk, base + BRK - TEXT);
	mmput(mm);
}

/* Without PT_PHDR, the headers are found in the segment holding them. */
KTEST(exec_phdr_found_in_load_segment)
{
	struct mm_struct *mm;
	struct elf_start start;

	build_image();
	phdr(PH_PHDR)->p_type = 0;	/* PT_NULL */
	mm = exec_image(kt, &start);
	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(auxv_value(mm, start.sp, AT_PHDR),
		     TEXT + sizeof(Elf64_Ehdr));
	mmput(mm);
}

KTEST(exec_stack_executable_on_request)
{
	struct mm_struct *mm;
	struct elf_start start;

	build_image();
	phdr(PH_STACK)->p_flags |= PF_X;
	mm = exec_image(kt, &start);
	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_AREAS(mm, { TEXT, TEXT + 2 * PAGE_SIZE, FILE_RX },
			{ DATA & PAGE_MASK, DATA_END, FILE_RW },
			{ DATA_END, BRK, ANON_RW },
			{ stack_bottom(start.sp), STACK_TOP,
			  ANON(PROT_RW | PROT_EXEC) | VM_GROWSDOWN });
	mmput(mm);
}

/* ---- bad programs ---- */

/* A field of the standard image to overwrite, by its offset and width. */
struct patch {
	size_t offset, width;
	u64 value;
};
#define EH(field, v) { offsetof(Elf64_Ehdr, field), \
		       sizeof(((Elf64_Ehdr *)0)->field), (v) }
#define PH(i, field, v) { sizeof(Elf64_Ehdr) + (i) * sizeof(Elf64_Phdr) + \
			  offsetof(Elf64_Phdr, field), \
			  sizeof(((Elf64_Phdr *)0)->field), (v) }

/* "/no/ld" and two NULs as a little-endian word: a path where there is
 * no file. */
#define INTERP_PATH 0x646c2f6f6e2full

static const struct bad_image {
	const char *what;
	struct patch patch[4];	/* width 0: none */
	size_t size;		/* of the file; 0: FILE_SIZE */
	int error;
} bad_images[] = {
	{ "one byte", {}, 1, -ENOEXEC },
	{ "shorter than its header", {}, sizeof(Elf64_Ehdr) - 1, -ENOEXEC },
	{ "bad magic", { EH(e_ident[1], 'e') }, 0, -ENOEXEC },
	{ "32-bit class", { EH(e_ident[EI_CLASS], 1) }, 0, -ENOEXEC },
	{ "big-endian", { EH(e_ident[EI_DATA], 2) }, 0, -ENOEXEC },
	{ "ident version 0", { EH(e_ident[EI_VERSION], 0) }, 0, -ENOEXEC },
	{ "e_version 0", { EH(e_version, 0) }, 0, -ENOEXEC },
	{ "relocatable", { EH(e_type, 1) }, 0, -ENOEXEC },
	{ "core dump", { EH(e_type, 4) }, 0, -ENOEXEC },
	{ "i386", { EH(e_machine, 3) }, 0, -ENOEXEC },
	{ "phentsize 32", { EH(e_phentsize, 32) }, 0, -ENOEXEC },
	{ "no program headers", { EH(e_phnum, 0) }, 0, -ENOEXEC },
	{ "over 64 KiB of headers", { EH(e_phnum, 1171) }, 0, -ENOEXEC },
	{ "headers past the end", { EH(e_phoff, FILE_SIZE - 100) }, 0,
	  -ENOEXEC },
	{ "headers at 2^64 - 1", { EH(e_phoff, ~0ull) }, 0, -ENOEXEC },
	{ "cut in the headers", {}, 100, -ENOEXEC },
	{ "cut in the data", {}, IMAGE_SIZE - 1, -EIO },
	{ "data offset past the end",
	  { PH(PH_DATA, p_offset, 0x10010) }, 0, -EIO },
	{ "filesz > memsz", { PH(PH_TEXT, p_memsz, TEXT_SIZE - 1) }, 0,
	  -EINVAL },
	{ "offset and address differ in the page",
	  { PH(PH_DATA, p_offset, DATA_OFFSET - 8) }, 0, -EINVAL },
	{ "in the kernel half",
	  { PH(PH_DATA, p_vaddr, 0xffff888000000010ull) }, 0, -EINVAL },
	{ "reaching past TASK_SIZE",
	  { PH(PH_DATA, p_vaddr, TASK_SIZE - PAGE_SIZE + 0x10) }, 0, -EINVAL },
	{ "memsz wraps around", { PH(PH_DATA, p_memsz, ~0ull) }, 0, -EINVAL },
	{ "entry in the kernel half", { EH(e_entry, ~0ull) }, 0, -EINVAL },
	{ "sharing a page with the one before",
	  { PH(PH_DATA, p_vaddr, TEXT + PAGE_SIZE + 0x10) }, 0, -ENOEXEC },
	{ "below the one before", { PH(PH_DATA, p_vaddr, 0x300010) }, 0,
	  -ENOEXEC },
	{ "interpreter path empty", { PH(PH_STACK, p_type, PT_INTERP) }, 0,
	  -ENOEXEC },
	{ "interpreter path not NUL-terminated",
	  { PH(PH_STACK, p_type, PT_INTERP), PH(PH_STACK, p_offset, 0x200),
	    PH(PH_STACK, p_filesz, 8) }, 0, -ENOEXEC },
	{ "interpreter missing",
	  { PH(PH_STACK, p_type, PT_INTERP), PH(PH_STACK, p_offset, 0x200),
	    PH(PH_STACK, p_filesz, 8), { 0x200, 8, INTERP_PATH } }, 0,
	  -ENOENT },
	{ "nothing to load", { PH(PH_TEXT, p_type, 0), PH(PH_DATA, p_type, 0) },
	  0, -ENOEXEC },
	{ "below mmap_min_addr", { PH(PH_TEXT, p_vaddr, 0x1000) }, 0, -EPERM },
	{ "over the stack",
	  { PH(PH_DATA, p_vaddr, STACK_TOP - 4 * PAGE_SIZE + 0x10) }, 0,
	  -EEXIST },
};

/* Each fails as Linux would, and the address space it was loading into
 * gives back every frame it got. */
KTEST(exec_rejects_bad_images)
{
	for (size_t i = 0; i < ARRAY_SIZE(bad_images); i++) {
		const struct bad_image *b = &bad_images[i];
		unsigned long free_before = nr_free_pages();
		struct mm_struct *mm = mm_alloc();
		struct elf_start start;
		int error;

		KT_ASSERT_NOT_NULL(mm);
		build_image();
		for (size_t j = 0; j < ARRAY_SIZE(b->patch); j++)
			memcpy(image + b->patch[j].offset, &b->patch[j].value,
			       b->patch[j].width);
		error = load_args(mm, b->size ? b->size : FILE_SIZE,
				  test_argv, test_envp, &start);
		if (error != b->error)
			ktest_fail(kt, __FILE__, __LINE__,
				   "%s: got %d, expected %d", b->what, error,
				   b->error);
		mmput(mm);
		if (nr_free_pages() != free_before)
			ktest_fail(kt, __FILE__, __LINE__,
				   "%s: %lu frames leaked", b->what,
				   free_before - nr_free_pages());
	}
}

/*
 * The arguments may take ARG_MAX: their strings, the environment's, the
 * file name's, and a pointer for each argument. 31 strings of a page
 * and one that takes the rest fit; a byte more is E2BIG.
 */
KTEST(exec_arguments_up_to_arg_max)
{
	static char page[PAGE_SIZE];
	const char *args[33] = { NULL };
	size_t used = sizeof(FILENAME) + 32 * sizeof(char *) + 31 * PAGE_SIZE;
	size_t last = ARG_MAX - used - 1;	/* its length, without NUL */

	memset(page, 'a', sizeof(page) - 1);
	for (int i = 0; i < 31; i++)
		args[i] = page;
	for (int extra = 0; extra <= 1; extra++) {
		struct mm_struct *mm = mm_alloc();
		struct elf_start start;

		KT_ASSERT_NOT_NULL(mm);
		args[31] = page + PAGE_SIZE - 1 - last - extra;
		build_image();
		KT_EXPECT_EQ(load_args(mm, FILE_SIZE, args, NULL, &start),
			     extra ? -E2BIG : 0);
		if (!extra) {
			KT_EXPECT_EQ(peek(mm, start.sp), 32);
			KT_EXPECT(holds_string(mm, peek(mm, start.sp + 32 * 8),
					       args[31]));
			KT_EXPECT_EQ(mm->env_end - mm->arg_start,
				     31 * PAGE_SIZE + last + 1);
		}
		mmput(mm);
	}
}
