/*
 * /proc (kernel/fs/proc/): the text its files show, on address spaces
 * made by hand, compared byte for byte with what Linux prints for the
 * same areas; the text buffer; and the root directory's names and
 * listing. The process directories need processes, which the tests do
 * not have: the usertests read them.
 */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/proc/internal.h"
#include "kernel/fs/proc/proc.h"
#include "kernel/lib/string.h"
#include "mm/pagemap.h"
#include "mm/slab.h"
#include "tests/kernel/mm_test.h"

/* The text made so far, as a string (the buffer keeps no terminator). */
static const char *seq_text(struct seq_file *m)
{
	seq_putc(m, '\0');
	m->count--;
	return m->buf;
}

static bool expect_text(struct ktest_state *kt, const char *file, int line,
			struct seq_file *m, const char *want)
{
	const char *got = m->buf ? seq_text(m) : "";

	if (!strcmp(got, want))
		return true;
	ktest_fail(kt, file, line, "got:\n%s\nexpected:\n%s", got, want);
	return false;
}
#define KT_EXPECT_TEXT(m, want) expect_text(kt, __FILE__, __LINE__, m, want)

/* Where s first occurs in text, or NULL (the kernel has no strstr). */
static const char *find_text(const char *text, const char *s)
{
	for (; *text; text++)
		if (!strncmp(text, s, strlen(s)))
			return text;
	return NULL;
}

static void seq_free(struct seq_file *m)
{
	kfree(m->buf);
	*m = (struct seq_file){ 0 };
}

/* Lines without a name end with a space after the inode; a name starts
 * after 73 characters (the padding of Linux's seq_setwidth(72) and
 * seq_pad). Shared anonymous memory is Linux's deleted /dev/zero. */
KTEST(proc_maps_lines_are_linux_format)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW),
					     AREA(3, 4, ANON_RX),
					     AREA(4, 5, ANON_NONE),
					     AREA(5, 6, SHARED_RW));
	struct seq_file m = { 0 };

	KT_ASSERT_NOT_NULL(mm);
	show_maps(&m, mm);
	KT_EXPECT_EQ(m.error, 0);
	KT_EXPECT_TEXT(&m,
		"40000000-40002000 rw-p 00000000 00:00 0 \n"
		"40003000-40004000 r-xp 00000000 00:00 0 \n"
		"40004000-40005000 ---p 00000000 00:00 0 \n"
		"40005000-40006000 rw-s 00000000 00:00 0"
		"                                  /dev/zero (deleted)\n");
	seq_free(&m);
	mmput(mm);
}

/* Linux's tests: the heap is an area overlapping [start_brk, brk), not
 * one just touching it; the stack is the area holding start_stack, its
 * ends included. */
KTEST(proc_maps_names_heap_and_stack)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW),
					     AREA(2, 4, ANON_RX),
					     AREA(5, 6, ANON_RW),
					     AREA(1000, 1002, STACK_RW));
	struct seq_file m = { 0 };

	KT_ASSERT_NOT_NULL(mm);
	mm->start_brk = PG(2);
	mm->brk = PG(3) + 100;
	mm->start_stack = PG(1002);
	show_maps(&m, mm);
	KT_EXPECT_TEXT(&m,
		"40000000-40002000 rw-p 00000000 00:00 0 \n"
		"40002000-40004000 r-xp 00000000 00:00 0"
		"                                  [heap]\n"
		"40005000-40006000 rw-p 00000000 00:00 0 \n"
		"403e8000-403ea000 rw-p 00000000 00:00 0"
		"                                  [stack]\n");
	seq_free(&m);
	mmput(mm);
}

/* A dentry for name under parent, in the tree, with an inode of sb. */
static struct dentry *make_name(struct dentry *parent, const char *name,
				struct super_block *sb, umode_t mode)
{
	struct dentry *dentry = d_alloc(parent, name, strlen(name));
	struct inode *inode = new_inode(sb, mode);

	if (!dentry || !inode) {
		kfree(inode);
		if (dentry)
			dput(dentry);
		return NULL;
	}
	d_instantiate(dentry, inode);
	d_add_to_tree(dentry);
	return dentry;
}

/* A file area shows its offset, its file system's device, the inode
 * number and the path; once the name is unlinked, " (deleted)" after it.
 * A newline in the name is escaped. */
KTEST(proc_maps_file_lines)
{
	struct super_block sb = { .s_dev = MKDEV(8, 2) };
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, ANON_RO),
					     AREA(2, 3, ANON_RO));
	struct dentry *root = NULL, *lib, *libc, *odd;
	struct inode *inode = new_inode(&sb, S_IFDIR | 0755);
	struct file *file, *odd_file;
	struct seq_file m = { 0 };

	KT_ASSERT_NOT_NULL(mm);
	KT_ASSERT(inode && (root = d_make_root(inode)));
	lib = make_name(root, "lib", &sb, S_IFDIR | 0755);
	KT_ASSERT_NOT_NULL(lib);
	libc = make_name(lib, "libc.so", &sb, S_IFREG | 0755);
	odd = make_name(root, "a\nb", &sb, S_IFREG | 0644);
	KT_ASSERT(libc && odd);
	libc->d_inode->i_ino = 1234;
	odd->d_inode->i_ino = 99;
	file = dentry_open(libc, O_RDONLY);
	odd_file = dentry_open(odd, O_RDONLY);
	KT_ASSERT(!IS_ERR(file) && !IS_ERR(odd_file));
	/* The areas take the references; the offsets in pages are what
	 * mmap would have set. */
	mm->mmap->vm_file = file;
	mm->mmap->vm_pgoff = 3;
	mm->mmap->vm_next->vm_file = odd_file;
	mm->mmap->vm_next->vm_pgoff = 0;
	show_maps(&m, mm);
	KT_EXPECT_TEXT(&m,
		"40000000-40001000 r--p 00003000 08:02 1234"
		"                               /lib/libc.so\n"
		"40002000-40003000 r--p 00000000 08:02 99"
		"                                 /a\\012b\n");
	seq_free(&m);
	d_delete(libc);
	show_maps(&m, mm);
	KT_EXPECT_TEXT(&m,
		"40000000-40001000 r--p 00003000 08:02 1234"
		"                               /lib/libc.so (deleted)\n"
		"40002000-40003000 r--p 00000000 08:02 99"
		"                                 /a\\012b\n");
	seq_free(&m);
	mmput(mm);
	dput(libc);
	d_delete(odd);
	dput(odd);
	d_delete(lib);
	dput(lib);
	dput(root);
}

/* The Vm lines of status: Linux's layout, and its sums over the areas:
 * text from start_code to end_code in whole pages, the other executable
 * areas as libraries, data (private writable), stack (grows down). */
KTEST(proc_status_vm_lines)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 3, ANON_RX),
					     AREA(3, 6, ANON_RW),
					     AREA(7, 8, SHARED_RW),
					     AREA(1000, 1001, STACK_RW));
	struct seq_file m = { 0 };

	KT_ASSERT_NOT_NULL(mm);
	KT_ASSERT(store_byte(kt, mm, PG(4), 1));
	mm->start_code = PG(0) + 0x10;
	mm->end_code = PG(1) + 5;
	task_mem(&m, mm);
	KT_EXPECT_TEXT(&m,
		"VmSize:\t      32 kB\n"
		"VmLck:\t       0 kB\n"
		"VmPin:\t       0 kB\n"
		"VmRSS:\t       4 kB\n"
		"VmData:\t      12 kB\n"
		"VmStk:\t       4 kB\n"
		"VmExe:\t       8 kB\n"
		"VmLib:\t       4 kB\n"
		"VmSwap:\t       0 kB\n");
	seq_free(&m);
	mmput(mm);
}

/* The buffer grows past a page without losing what it held; seq_pad
 * pads to the width set, or writes just its character past it. */
KTEST(proc_seq_file_grows_and_pads)
{
	struct seq_file m = { 0 };

	for (int i = 0; i < 1000; i++)
		seq_printf(&m, "%04d\n", i);
	KT_EXPECT_EQ(m.error, 0);
	KT_ASSERT_EQ(m.count, 5000ul);
	KT_EXPECT(!memcmp(m.buf, "0000\n0001\n", 10));
	KT_EXPECT(!memcmp(m.buf + 4995, "0999\n", 5));
	seq_free(&m);
	seq_setwidth(&m, 6);
	seq_puts(&m, "ab");
	seq_pad(&m, '|');
	seq_setwidth(&m, 2);
	seq_puts(&m, "long");
	seq_pad(&m, '|');
	seq_escape(&m, "x\ty", "\t");
	KT_EXPECT_TEXT(&m, "ab    |long|x\\011y");
	seq_free(&m);
}

/* Labels padded to 16 columns, the kB right aligned in 8. */
KTEST(proc_meminfo_format)
{
	struct seq_file m = { 0 };
	const char *text;
	char want[64];

	meminfo_proc_show(&m, NULL);
	text = seq_text(&m);
	snprintf(want, sizeof(want), "MemTotal:       %8lu kB\n",
		 nr_managed_pages() << (PAGE_SHIFT - 10));
	KT_EXPECT(!strncmp(text, want, strlen(want)));
	KT_EXPECT(find_text(text, "\nBuffers:               0 kB\n"));
	KT_EXPECT(find_text(text, "\nSwapTotal:             0 kB\n"));
	seq_free(&m);
}

typedef void show_fn(struct seq_file *m, struct task_struct *task);

/* The number after name and blanks at the start of line (meminfo's
 * "Cached:    12 kB", vmstat's "pgfault 3"), or -1ul if it is not there. */
static unsigned long line_value(const char *line, const char *name)
{
	const char *p = line + strlen(name);
	unsigned long value;

	if (strncmp(line, name, strlen(name)) || *p != ' ')
		return -1ul;
	while (*p == ' ')
		p++;
	return parse_ulong(p, &value) ? value : -1ul;
}

static const char *next_line(const char *line)
{
	const char *newline = strchr(line, '\n');

	return newline ? newline + 1 : "";
}

/* The number on name's line of show's text, or -1ul if none has it. */
static unsigned long proc_value(show_fn *show, const char *name)
{
	struct seq_file m = { 0 };
	unsigned long value = -1ul;

	show(&m, NULL);
	for (const char *line = seq_text(&m); *line && value == -1ul;
	     line = next_line(line))
		value = line_value(line, name);
	seq_free(&m);
	return value;
}

/* Linux's lines, in Linux's order, each as its show_val_kb prints them;
 * Cached and Shmem are the page cache's counts. */
KTEST(proc_meminfo_lines_in_linux_order)
{
	static const char *const labels[] = {
		"MemTotal:", "MemFree:", "MemAvailable:", "Buffers:",
		"Cached:", "SwapCached:", "SwapTotal:", "SwapFree:",
		"Shmem:", "PageTables:",
	};
	struct seq_file m = { 0 };
	const char *line;
	char want[64];

	meminfo_proc_show(&m, NULL);
	line = seq_text(&m);
	for (size_t i = 0; i < ARRAY_SIZE(labels); i++) {
		snprintf(want, sizeof(want), "%-16s%8lu kB\n", labels[i],
			 line_value(line, labels[i]));
		if (strncmp(line, want, strlen(want))) {
			ktest_fail(kt, __FILE__, __LINE__,
				   "line %zu is not %s", i + 1, want);
			break;
		}
		line += strlen(want);
	}
	KT_EXPECT_EQ(*line, '\0');
	seq_free(&m);
	KT_EXPECT_EQ(proc_value(meminfo_proc_show, "Cached:"),
		     nr_file_pages() << (PAGE_SHIFT - 10));
	KT_EXPECT_EQ(proc_value(meminfo_proc_show, "Shmem:"),
		     nr_shmem_pages() << (PAGE_SHIFT - 10));
}

/* What Cached and Shmem say, in kB, and vmstat's page counts. */
struct cache_lines {
	unsigned long cached_kb, shmem_kb, file_pages, shmem_pages;
};

static struct cache_lines cache_lines(void)
{
	return (struct cache_lines){
		.cached_kb = proc_value(meminfo_proc_show, "Cached:"),
		.shmem_kb = proc_value(meminfo_proc_show, "Shmem:"),
		.file_pages = proc_value(vmstat_show, "nr_file_pages"),
		.shmem_pages = proc_value(vmstat_show, "nr_shmem"),
	};
}

/* Do the lines say pages, and shmem of them, more than before? */
static bool expect_cache_lines(struct ktest_state *kt, int line,
			       const struct cache_lines *before,
			       unsigned long pages, unsigned long shmem)
{
	struct cache_lines now = cache_lines();
	unsigned long kb = PAGE_SIZE / 1024;

	if (now.cached_kb - before->cached_kb == pages * kb &&
	    now.file_pages - before->file_pages == pages &&
	    now.shmem_kb - before->shmem_kb == shmem * kb &&
	    now.shmem_pages - before->shmem_pages == shmem)
		return true;
	ktest_fail(kt, __FILE__, line,
		   "Cached +%ld kB, nr_file_pages +%ld, Shmem +%ld kB, "
		   "nr_shmem +%ld; expected %lu pages, %lu of shmem",
		   (long)(now.cached_kb - before->cached_kb),
		   (long)(now.file_pages - before->file_pages),
		   (long)(now.shmem_kb - before->shmem_kb),
		   (long)(now.shmem_pages - before->shmem_pages), pages, shmem);
	return false;
}
#define KT_EXPECT_CACHE_LINES(before, pages, shmem) \
	expect_cache_lines(kt, __LINE__, before, pages, shmem)

/* A file's pages raise Cached as they enter its cache and lower it as
 * truncation and the file's end remove them; shared anonymous memory's
 * count in Shmem too. */
KTEST(proc_meminfo_cached_follows_page_cache)
{
	struct cache_lines before = cache_lines();
	struct super_block sb = { 0 };
	struct inode *inode = new_inode(&sb, S_IFREG | 0644);
	struct mm_struct *mm;

	KT_ASSERT_NOT_NULL(inode);
	for (unsigned long i = 0; i < 3; i++) {
		struct page *page = find_or_create_page(inode->i_mapping, i);

		if (KT_EXPECT_NOT_NULL(page))
			put_page(page);
	}
	KT_EXPECT_CACHE_LINES(&before, 3, 0);
	truncate_inode_pages(inode->i_mapping, PAGE_SIZE);
	KT_EXPECT_CACHE_LINES(&before, 1, 0);
	iput(inode);
	KT_EXPECT_CACHE_LINES(&before, 0, 0);
	mm = MM_WITH_AREAS(AREA(0, 2, SHARED_RW));
	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(fault_at(mm, PG(0), 0), 0);
	KT_EXPECT_EQ(fault_at(mm, PG(1), FAULT_FLAG_WRITE), 0);
	KT_EXPECT_CACHE_LINES(&before, 2, 2);
	mmput(mm);
	KT_EXPECT_CACHE_LINES(&before, 0, 0);
}

/* The fault counters go up with faults: pgfault once for each, the kinds
 * as they were resolved; find_vma's cache with each lookup. */
KTEST(proc_vmstat_counts_faults)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 1, ANON_RW));
	unsigned long anon = proc_value(vmstat_show, "fault_anon");
	unsigned long faults = proc_value(vmstat_show, "pgfault");
	unsigned long hits, misses;
	struct seq_file m = { 0 };

	KT_ASSERT_NOT_NULL(mm);
	KT_ASSERT(store_byte(kt, mm, PG(0), 1));
	KT_EXPECT_EQ(proc_value(vmstat_show, "fault_anon"), anon + 1);
	KT_EXPECT_EQ(proc_value(vmstat_show, "pgfault"), faults + 1);
	KT_EXPECT_EQ(proc_value(vmstat_show, "pgmajfault"),
		     vm_events[PGMAJFAULT]);
	hits = proc_value(vmstat_show, "mmap_cache_hits");
	misses = proc_value(vmstat_show, "mmap_cache_misses");
	KT_EXPECT_NOT_NULL(find_vma(mm, PG(0)));
	KT_EXPECT_NULL(find_vma(mm, PG(1)));
	KT_EXPECT_EQ(proc_value(vmstat_show, "mmap_cache_hits"), hits + 1);
	KT_EXPECT_EQ(proc_value(vmstat_show, "mmap_cache_misses"), misses + 1);
	vmstat_show(&m, NULL);
	KT_EXPECT(!strncmp(seq_text(&m), "nr_free_pages ", 14));
	seq_free(&m);
	mmput(mm);
}

/* A lookup in /proc's root as the path walk makes it: a fresh dentry,
 * filled in or refused. */
static struct dentry *proc_lookup(struct dentry *root, const char *name,
				  int *err)
{
	struct dentry *dentry = d_alloc(root, name, strlen(name));

	if (!dentry) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = root->d_inode->i_op->lookup(root->d_inode, dentry);
	if (*err) {
		dput(dentry);
		return NULL;
	}
	return dentry;
}

/* The root's files open with their text made; names that are no
 * process are not found. The tests run before any process exists, so
 * "self" (the idle task's) and "1" are not there either. */
KTEST(proc_root_lookup_and_open)
{
	struct dentry *root = proc_root_init(), *meminfo;
	struct seq_file *m;
	struct file *file;
	int err;

	KT_ASSERT_NOT_NULL(root);
	meminfo = proc_lookup(root, "meminfo", &err);
	KT_ASSERT_NOT_NULL(meminfo);
	KT_EXPECT_EQ(meminfo->d_inode->i_mode, S_IFREG | 0444);
	file = dentry_open(meminfo, O_RDONLY);
	KT_ASSERT(!IS_ERR(file));
	m = file->private_data;
	KT_EXPECT(m->count > 0 && !strncmp(m->buf, "MemTotal:", 9));
	KT_EXPECT_EQ(seq_lseek(file, 5, SEEK_SET), 5);
	KT_EXPECT_EQ(seq_lseek(file, 3, SEEK_CUR), 8);
	KT_EXPECT_EQ(seq_lseek(file, -9, SEEK_CUR), -EINVAL);
	KT_EXPECT_EQ(seq_lseek(file, 0, SEEK_END), -EINVAL);
	fput(file);
	dput(meminfo);
	for (const char *const *name = (const char *const[]){
		     "self", "1", "0", "01", "-1", "1x", "99999999999", "maps",
		     NULL }; *name; name++) {
		KT_EXPECT_NULL(proc_lookup(root, *name, &err));
		KT_EXPECT_EQ(err, -ENOENT);
	}
	dput(root);
}

/* A listing that takes two names per call: getdents64 with a small
 * buffer. */
struct listing {
	struct dir_context ctx;
	char names[8][16];
	int n, room;
};

static bool take_name(struct dir_context *ctx, const char *name, size_t len,
		      unsigned long ino, unsigned type)
{
	struct listing *l = (struct listing *)ctx;

	(void)ino;
	(void)type;
	if (!l->room || l->n == 8)
		return false;
	l->room--;
	snprintf(l->names[l->n++], 16, "%.*s", (int)len, name);
	return true;
}

/* ".", "..", "self", the fixed entries; no processes (there are none
 * yet). Each call goes on where the last one stopped. */
KTEST(proc_root_readdir_resumes)
{
	struct dentry *root = proc_root_init();
	struct listing l = { .ctx.emit = take_name };
	static const char *const want[] = { ".", "..", "self", "meminfo",
					    "vmstat" };
	struct file *file;

	KT_ASSERT_NOT_NULL(root);
	file = dentry_open(root, O_RDONLY | O_DIRECTORY);
	KT_ASSERT(!IS_ERR(file));
	for (int calls = 0; calls < 5; calls++) {
		l.room = 2;
		KT_EXPECT_EQ(file->f_op->iterate(file, &l.ctx), 0);
	}
	KT_ASSERT_EQ(l.n, 5);
	for (int i = 0; i < 5; i++)
		KT_EXPECT(!strcmp(l.names[i], want[i]));
	fput(file);
	dput(root);
}
