/*
 * /proc/self/maps, which must read exactly as Linux writes it: one line a
 * mapping, `start-end perms offset major:minor inode` and, for a file or a
 * special area, its name from column 74 on. A case reserves an area of
 * PROT_NONE pages, maps and changes pieces of it with MAP_FIXED, so that
 * the layout is known, and compares the lines within the area with what
 * Linux shows: with page numbers in the area for addresses, and for a
 * file's device, inode and path (which differ between systems, but are
 * checked against stat first) the words dev, ino and the file's name.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include "cases.h"
#include "ut.h"

struct map_line {
	unsigned long start, end;
	char perms[5];
	unsigned long long offset;
	unsigned major, minor;
	unsigned long inode;
	const char *name;	/* "" if none */
};

static char maps[1 << 16];

/* Reads /proc/self/maps into maps: 0, or 1 after saying why. */
static int read_maps(void)
{
	size_t len = 0;
	ssize_t n;
	int fd = open("/proc/self/maps", O_RDONLY);

	if (fd < 0)
		return ut_fail("open /proc/self/maps: %s", strerror(errno));
	while ((n = read(fd, maps + len, sizeof(maps) - 1 - len)) > 0)
		len += (size_t)n;
	close(fd);
	maps[len] = '\0';
	if (n < 0)
		return ut_fail("read /proc/self/maps: %s", strerror(errno));
	if (len == 0 || maps[len - 1] != '\n')
		return ut_fail("/proc/self/maps is empty or ends mid-line");
	return 0;
}

/* The line as Linux prints it: the name, if any, padded to column 74. */
static void render(const struct map_line *m, char *out, size_t size)
{
	int n = snprintf(out, size, "%08lx-%08lx %s %08llx %02x:%02x %lu ",
			 m->start, m->end, m->perms, m->offset, m->major,
			 m->minor, m->inode);

	if (m->name[0])
		snprintf(out + n, size - (size_t)n, "%*s %s",
			 n < 72 ? 72 - n : 0, "", m->name);
}

/* Parses one line (NUL-terminated, without its newline); 0, or 1 after
 * saying how it differs from Linux's format. */
static int parse_line(char *line, struct map_line *m)
{
	char again[512];
	int end = 0;

	if (sscanf(line, "%lx-%lx %4s %llx %x:%x %lu %n", &m->start, &m->end,
		   m->perms, &m->offset, &m->major, &m->minor, &m->inode,
		   &end) != 7 || end == 0)
		return ut_fail("not a maps line: \"%s\"", line);
	m->name = line + end;
	render(m, again, sizeof(again));
	if (strcmp(again, line) != 0)
		return ut_fail("\"%s\" is not in Linux's format: \"%s\"", line,
			       again);
	if (m->start >= m->end || m->start % PAGE_SIZE || m->end % PAGE_SIZE)
		return ut_fail("\"%s\": not a range of whole pages", line);
	if (!strchr("r-", m->perms[0]) || !strchr("w-", m->perms[1]) ||
	    !strchr("x-", m->perms[2]) || !strchr("ps", m->perms[3]))
		return ut_fail("\"%s\": bad permissions", line);
	return 0;
}

/* Calls fn for each line of maps, parsed; stops at the first that fails. */
static int for_each_line(int (*fn)(const struct map_line *m, void *arg),
			 void *arg)
{
	static char line[512];
	struct map_line m;

	for (char *p = maps, *nl; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		snprintf(line, sizeof(line), "%.*s", (int)(nl - p), p);
		if (parse_line(line, &m) || fn(&m, arg))
			return 1;
	}
	return 0;
}

static int check_order(const struct map_line *m, void *prev_end)
{
	unsigned long *prev = prev_end;

	if (m->start < *prev)
		return ut_fail("%08lx-%08lx starts before the line above ends",
			       m->start, m->end);
	*prev = m->end;
	if (m->inode == 0 && !m->name[0] &&
	    (m->offset || m->major || m->minor))
		return ut_fail("%08lx-%08lx: anonymous, but offset or device "
			       "not 0", m->start, m->end);
	return 0;
}

/* Every line of the whole file is in the format, in address order. */
int maps_format(void)
{
	unsigned long prev_end = 0;

	if (read_maps())
		return 1;
	return for_each_line(check_order, &prev_end);
}

#define AREA_PAGES 32

static char *area;		/* the reserved pages */
static struct stat mapped_file;	/* the file some of them map */

static char *page(int n)
{
	return area + (long)n * PAGE_SIZE;
}

/* The area, reserved with a page more on each side, so that a neighbour
 * merging with its first or last page could not matter. */
static int reserve_area(void)
{
	char *p = map_anon((AREA_PAGES + 2) * PAGE_SIZE, PROT_NONE);

	area = p ? p + PAGE_SIZE : NULL;
	return !p;
}

static int map_fixed(int first, int pages, int prot, int flags, int fd,
		     int file_page)
{
	void *p = mmap(page(first), (size_t)pages * PAGE_SIZE, prot,
		       flags | MAP_FIXED, fd, (off_t)file_page * PAGE_SIZE);

	if (p != page(first))
		return ut_fail("mmap at page %d: %s", first, strerror(errno));
	return 0;
}

static int anon_at(int first, int pages, int prot)
{
	if (map_fixed(first, pages, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0))
		return 1;
	if (prot & PROT_WRITE)	/* give its pages memory, as a program would */
		memset(page(first), 1, (size_t)pages * PAGE_SIZE);
	return 0;
}

static int protect(int first, int pages, int prot)
{
	if (mprotect(page(first), (size_t)pages * PAGE_SIZE, prot) == 0)
		return 0;
	return ut_fail("mprotect of pages %d-%d: %s", first, first + pages,
		       strerror(errno));
}

struct collected {
	char text[4096];
	bool bad;
};

/* A line within the area, in the offset form; a file's details checked
 * against mapped_file and replaced. */
static int collect(const struct map_line *m, void *arg)
{
	struct collected *c = arg;
	unsigned long lo = (unsigned long)page(0);
	unsigned long hi = (unsigned long)page(AREA_PAGES);
	unsigned long start = m->start < lo ? lo : m->start;
	unsigned long end = m->end > hi ? hi : m->end;
	char dev[16], ino[24];
	const char *name = m->name;

	if (start >= end)
		return 0;
	snprintf(dev, sizeof(dev), "%02x:%02x", m->major, m->minor);
	snprintf(ino, sizeof(ino), "%lu", m->inode);
	if (m->inode) {
		const char *path = tmp_path("m");
		size_t len = strlen(path);

		if (m->inode != mapped_file.st_ino ||
		    m->major != major(mapped_file.st_dev) ||
		    m->minor != minor(mapped_file.st_dev) ||
		    strncmp(name, path, len) != 0)
			c->bad = ut_fail("%s %s %s: not the file %s (%lu)", dev,
					 ino, name, path,
					 (unsigned long)mapped_file.st_ino);
		else
			name += len - 1;	/* "m", and what follows */
		strcpy(dev, "dev");
		strcpy(ino, "ino");
	}
	snprintf(c->text + strlen(c->text), sizeof(c->text) - strlen(c->text),
		 "%ld-%ld %s %08llx %s %s%s%s\n", (long)(start - lo) / PAGE_SIZE,
		 (long)(end - lo) / PAGE_SIZE, m->perms, m->offset, dev, ino,
		 name[0] ? " " : "", name);
	return 0;
}

/* The area's lines are want (lines separated by '\n'); each line that
 * differs is shown. */
static int expect_area(const char *want)
{
	static struct collected got;
	const char *w = want, *g = got.text;
	int line = 0;

	got.text[0] = '\0';
	got.bad = false;
	if (read_maps() || for_each_line(collect, &got))
		return 1;
	if (strcmp(got.text, want) == 0)
		return got.bad;
	while (*w || *g) {
		int wl = (int)strcspn(w, "\n"), gl = (int)strcspn(g, "\n");

		line++;
		if (wl != gl || strncmp(w, g, (size_t)wl) != 0)
			ut_fail("line %d: \"%.*s\", expected \"%.*s\"", line, gl,
				g, wl, w);
		w += wl + (w[wl] == '\n');
		g += gl + (g[gl] == '\n');
	}
	return 1;
}

#define RW (PROT_READ | PROT_WRITE)

/* Anonymous mappings merge, split and merge again as on Linux; what
 * mmap, mprotect and munmap left is in the comments, in pages. */
int maps_anon_layout(void)
{
	if (reserve_area() ||
	    /* Two alike side by side: one line, 1-5. */
	    anon_at(1, 2, RW) || anon_at(3, 2, RW) ||
	    /* The middle page of three made read-only: three lines. */
	    anon_at(8, 3, RW) || protect(9, 1, PROT_READ) ||
	    /* The same, then made writable again: one line again. */
	    anon_at(12, 3, RW) || protect(13, 1, PROT_READ) ||
	    protect(13, 1, RW) ||
	    /* The middle page unmapped: two lines, and a hole at 17. */
	    anon_at(16, 3, RW) || FAILED(munmap(page(17), PAGE_SIZE)) ||
	    /* Unmapped and mapped again: one line. */
	    anon_at(20, 3, RW) || FAILED(munmap(page(21), PAGE_SIZE)) ||
	    anon_at(21, 1, RW) ||
	    /* The permissions asked for, though x86 cannot refuse to read
	     * a page that it may write or execute. */
	    anon_at(24, 1, PROT_READ | PROT_EXEC) || anon_at(25, 1, PROT_WRITE) ||
	    anon_at(26, 1, PROT_EXEC) ||
	    /* Reserved pages made writable next to 1-5 join it: 1-7. */
	    protect(5, 2, RW))
		return 1;
	return expect_area("0-1 ---p 00000000 00:00 0\n"
			   "1-7 rw-p 00000000 00:00 0\n"
			   "7-8 ---p 00000000 00:00 0\n"
			   "8-9 rw-p 00000000 00:00 0\n"
			   "9-10 r--p 00000000 00:00 0\n"
			   "10-11 rw-p 00000000 00:00 0\n"
			   "11-12 ---p 00000000 00:00 0\n"
			   "12-15 rw-p 00000000 00:00 0\n"
			   "15-16 ---p 00000000 00:00 0\n"
			   "16-17 rw-p 00000000 00:00 0\n"
			   "18-19 rw-p 00000000 00:00 0\n"
			   "19-20 ---p 00000000 00:00 0\n"
			   "20-23 rw-p 00000000 00:00 0\n"
			   "23-24 ---p 00000000 00:00 0\n"
			   "24-25 r-xp 00000000 00:00 0\n"
			   "25-26 -w-p 00000000 00:00 0\n"
			   "26-27 --xp 00000000 00:00 0\n"
			   "27-32 ---p 00000000 00:00 0\n");
}

/* A 4-page file mapped into the area; its line shows which page of the
 * file each mapping starts at. */
static int open_mapped_file(void)
{
	int fd;

	if (ut_tmpdir() ||
	    (fd = open_pattern_file("m", 4 * PAGE_SIZE, 1, O_RDWR)) < 0)
		return -1;
	if (FAILED(fstat(fd, &mapped_file)))
		return -1;
	return fd;
}

int maps_file_layout(void)
{
	const int private = MAP_PRIVATE, shared = MAP_SHARED;
	int fd = open_mapped_file();

	if (fd < 0 || reserve_area() ||
	    /* Pages 0-1 of the file, then page 2 after them: one line. */
	    map_fixed(1, 2, PROT_READ, private, fd, 0) ||
	    map_fixed(3, 1, PROT_READ, private, fd, 2) ||
	    /* Page 3, then page 1 after it: not in step, two lines. */
	    map_fixed(6, 1, PROT_READ, private, fd, 3) ||
	    map_fixed(7, 1, PROT_READ, private, fd, 1) ||
	    /* Shared, the middle page made writable: three lines. */
	    map_fixed(10, 3, PROT_READ, shared, fd, 0) || protect(11, 1, RW) ||
	    /* Private, the middle page made PROT_NONE and readable again:
	     * one line. */
	    map_fixed(15, 3, PROT_READ, private, fd, 1) ||
	    protect(16, 1, PROT_NONE) || protect(16, 1, PROT_READ) ||
	    /* Private and written: still the file's line. Then anonymous
	     * memory next to it, alike but for the file: two lines. */
	    map_fixed(20, 2, RW, private, fd, 2) || anon_at(22, 1, RW) ||
	    /* The first page of three unmapped: the rest from page 1. */
	    map_fixed(25, 3, PROT_READ, shared, fd, 0) ||
	    FAILED(munmap(page(25), PAGE_SIZE)))
		return 1;
	memset(page(20), 'w', 2 * PAGE_SIZE);
	return expect_area("0-1 ---p 00000000 00:00 0\n"
			   "1-4 r--p 00000000 dev ino m\n"
			   "4-6 ---p 00000000 00:00 0\n"
			   "6-7 r--p 00003000 dev ino m\n"
			   "7-8 r--p 00001000 dev ino m\n"
			   "8-10 ---p 00000000 00:00 0\n"
			   "10-11 r--s 00000000 dev ino m\n"
			   "11-12 rw-s 00001000 dev ino m\n"
			   "12-13 r--s 00002000 dev ino m\n"
			   "13-15 ---p 00000000 00:00 0\n"
			   "15-18 r--p 00001000 dev ino m\n"
			   "18-20 ---p 00000000 00:00 0\n"
			   "20-22 rw-p 00002000 dev ino m\n"
			   "22-23 rw-p 00000000 00:00 0\n"
			   "23-25 ---p 00000000 00:00 0\n"
			   "26-28 r--s 00001000 dev ino m\n"
			   "28-32 ---p 00000000 00:00 0\n");
}

/* A mapped file whose name is gone is shown as such. */
int maps_deleted_file(void)
{
	int fd = open_mapped_file();

	if (fd < 0 || reserve_area() ||
	    map_fixed(1, 2, PROT_READ, MAP_SHARED, fd, 1) ||
	    FAILED(close(fd)) || FAILED(unlink(tmp_path("m"))))
		return 1;
	return expect_area("0-1 ---p 00000000 00:00 0\n"
			   "1-3 r--s 00001000 dev ino m (deleted)\n"
			   "3-32 ---p 00000000 00:00 0\n");
}

struct special {
	unsigned long brk_start, brk_end;	/* pages that must be heap */
	unsigned long stack_addr;
	bool heap, stack, beyond;
};

static int find_special(const struct map_line *m, void *arg)
{
	struct special *s = arg;
	bool normal = strcmp(m->perms, "rw-p") == 0 && m->offset == 0 &&
		      m->inode == 0 && m->major == 0 && m->minor == 0;

	if (strcmp(m->name, "[heap]") == 0)
		s->heap = normal && m->start <= s->brk_start &&
			  m->end == s->brk_end;
	if (strcmp(m->name, "[stack]") == 0)
		s->stack = normal && m->start <= s->stack_addr &&
			   m->end > s->stack_addr;
	if (m->start < s->brk_end && m->end > s->brk_start)
		s->beyond = true;
	return 0;
}

static unsigned long page_up(unsigned long addr)
{
	return (addr + PAGE_SIZE - 1) & ~(unsigned long)(PAGE_SIZE - 1);
}

/* The break, grown, is the end of the [heap] line; shrunk back, its pages
 * are gone. The stack we run on is the [stack] line. */
int maps_heap_stack(void)
{
	unsigned long brk = (unsigned long)syscall(SYS_brk, 0);
	unsigned long grown = brk + 3 * PAGE_SIZE;
	struct special s = { .brk_start = brk, .brk_end = page_up(grown),
			     .stack_addr = (unsigned long)&s };

	if ((unsigned long)syscall(SYS_brk, grown) != grown)
		return ut_fail("brk could not grow by 3 pages");
	if (read_maps() || for_each_line(find_special, &s))
		return 1;
	if (!s.heap || !s.stack)
		return ut_fail("no [heap] line that ends at the break, or no "
			       "[stack] line around the stack: %s%s",
			       s.heap ? "" : "heap ", s.stack ? "" : "stack");
	if ((unsigned long)syscall(SYS_brk, brk) != brk)
		return ut_fail("brk could not shrink back");
	s.brk_start = page_up(brk);
	s.beyond = false;
	if (read_maps() || for_each_line(find_special, &s))
		return 1;
	if (s.beyond)
		return ut_fail("after brk shrank, its pages are still mapped");
	return 0;
}
