/*
 * The initramfs: reading a newc cpio archive in place, and looking paths
 * up in it (see initramfs.h).
 *
 * A newc entry is a 110-byte header of ASCII fields ("070701", then
 * thirteen 8-digit hex numbers), the name with its NUL, padding to a
 * multiple of 4 bytes (counted from the start of the archive), the data,
 * and padding again. The entry named "TRAILER!!!" ends an archive. As in
 * Linux, archives may follow one another, with zero bytes between them;
 * the end of the data ends the last one, trailer or not.
 */
#include <asm/memlayout.h>
#include "kernel/bootinfo.h"
#include "kernel/errno.h"
#include "kernel/fs/initramfs.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

#define CPIO_MAGIC "070701"
#define CPIO_MAGIC_LEN 6
#define CPIO_FIELD_LEN 8
#define CPIO_HEADER_LEN 110
#define CPIO_TRAILER "TRAILER!!!"

/* The header's fields, in order after the magic. */
enum cpio_field {
	CPIO_INO, CPIO_MODE, CPIO_UID, CPIO_GID, CPIO_NLINK, CPIO_MTIME,
	CPIO_FILESIZE, CPIO_DEVMAJOR, CPIO_DEVMINOR, CPIO_RDEVMAJOR,
	CPIO_RDEVMINOR, CPIO_NAMESIZE, CPIO_CHECK, CPIO_NR_FIELDS
};

struct cpio_reader {
	const u8 *archive;
	size_t size, pos;	/* pos: the next header (or padding) */
	const char *error;	/* what is wrong at pos, once malformed */
};

/* Read every field of the header at h; false if one is not hex. */
static bool cpio_fields(const u8 *h, u32 field[CPIO_NR_FIELDS])
{
	h += CPIO_MAGIC_LEN;
	for (int i = 0; i < CPIO_NR_FIELDS; i++) {
		field[i] = 0;
		for (int j = 0; j < CPIO_FIELD_LEN; j++, h++) {
			int d = hex_to_bin(*h);

			if (d < 0)
				return false;
			field[i] = field[i] << 4 | d;
		}
	}
	return true;
}

static int cpio_malformed(struct cpio_reader *r, const char *error)
{
	r->error = error;
	return -EINVAL;
}

/* Archive names may start with "/" or "./" ("." is the root itself). */
static const char *normalize_name(const char *name)
{
	for (;;) {
		if (name[0] == '/')
			name++;
		else if (name[0] == '.' && name[1] == '/')
			name += 2;
		else if (name[0] == '.' && name[1] == '\0')
			name++;
		else
			return name;
	}
}

/* The entry at r->pos, if it is one; r->pos moves past it. */
static int cpio_entry(struct cpio_reader *r, struct initramfs_file *out)
{
	const u8 *h = r->archive + r->pos;
	u32 field[CPIO_NR_FIELDS];
	size_t name, data;
	const char *s;

	if (r->pos % 4)
		return cpio_malformed(r, "junk between archives");
	if (r->size - r->pos < CPIO_HEADER_LEN)
		return cpio_malformed(r, "truncated header");
	if (memcmp(h, CPIO_MAGIC, CPIO_MAGIC_LEN))
		return cpio_malformed(r, "not newc cpio (cpio -H newc)");
	if (!cpio_fields(h, field))
		return cpio_malformed(r, "header field not in hex");
	name = r->pos + CPIO_HEADER_LEN;
	if (field[CPIO_NAMESIZE] == 0 || field[CPIO_NAMESIZE] > PATH_MAX)
		return cpio_malformed(r, "bad name size");
	if (field[CPIO_NAMESIZE] > r->size - name)
		return cpio_malformed(r, "truncated name");
	s = (const char *)r->archive + name;
	if (s[field[CPIO_NAMESIZE] - 1] != '\0')
		return cpio_malformed(r, "name without NUL");
	data = ALIGN_UP(name + field[CPIO_NAMESIZE], 4);
	if (data > r->size || field[CPIO_FILESIZE] > r->size - data)
		return cpio_malformed(r, "truncated data");
	/* The last entry's padding may be cut off: nothing follows it. */
	r->pos = MIN(ALIGN_UP(data + field[CPIO_FILESIZE], 4), r->size);
	*out = (struct initramfs_file){
		.name = normalize_name(s),
		.data = r->archive + data,
		.size = field[CPIO_FILESIZE],
		.mode = field[CPIO_MODE],
	};
	return strcmp(s, CPIO_TRAILER) != 0;
}

/* The next file: 1 and *out, 0 at the end, or -EINVAL (r->error says
 * why, r->pos where). */
static int cpio_next(struct cpio_reader *r, struct initramfs_file *out)
{
	int ret;

	do {
		while (r->pos < r->size && r->archive[r->pos] == 0)
			r->pos++;
		if (r->pos == r->size)
			return 0;
		ret = cpio_entry(r, out);
	} while (ret == 0);	/* a trailer: another archive may follow */
	return ret;
}

/* Two passes over the archive: count, then fill the table. Both stop at
 * the same entry when it is malformed. */
int initramfs_parse(struct initramfs *fs, const void *archive, size_t size)
{
	struct cpio_reader r = { .archive = archive, .size = size };
	struct initramfs_file file;
	size_t n = 0;
	int ret;

	while ((ret = cpio_next(&r, &file)) > 0)
		n++;
	if (ret < 0)
		pr_err("initramfs: %s at offset %zu; %zu entries kept\n",
		       r.error, r.pos, n);
	fs->nr_files = 0;
	fs->files = n ? kmalloc(n * sizeof(*fs->files), GFP_KERNEL) : NULL;
	if (n && !fs->files)
		return -ENOMEM;
	r.pos = 0;
	while (fs->nr_files < n)
		cpio_next(&r, &fs->files[fs->nr_files++]);
	return ret;
}

void initramfs_free(struct initramfs *fs)
{
	kfree(fs->files);
	fs->files = NULL;
	fs->nr_files = 0;
}

/* When the archive has no entry for the root (no "."), it is a plain
 * directory. (Its data is empty but, like any entry's, not NULL.) */
static const struct initramfs_file default_root = {
	.name = "", .data = "", .mode = S_IFDIR | 0755,
};

/* The entry named dir, "/" and the component [comp, comp + len), or just
 * the component when dir_len is 0; the latest if there are several. */
static const struct initramfs_file *find_entry(const struct initramfs *fs,
					       const char *dir, size_t dir_len,
					       const char *comp, size_t len)
{
	for (size_t i = fs->nr_files; i-- > 0;) {
		const char *name = fs->files[i].name;

		if (dir_len) {
			if (strncmp(name, dir, dir_len) || name[dir_len] != '/')
				continue;
			name += dir_len + 1;
		}
		if (!strncmp(name, comp, len) && name[len] == '\0')
			return &fs->files[i];
	}
	return !dir_len && !len ? &default_root : NULL;
}

/* Where a component of a path leads from the directory dir; NULL if
 * nowhere. Every directory on the way exists, so ".." finds its parent. */
static const struct initramfs_file *
walk_component(const struct initramfs *fs, const struct initramfs_file *dir,
	       const char *comp, size_t len)
{
	size_t parent_len = 0;

	if (len == 1 && comp[0] == '.')
		return dir;
	if (len == 2 && comp[0] == '.' && comp[1] == '.') {
		for (size_t i = 0; dir->name[i]; i++)
			if (dir->name[i] == '/')
				parent_len = i;
		return find_entry(fs, "", 0, dir->name, parent_len);
	}
	return find_entry(fs, dir->name, strlen(dir->name), comp, len);
}

/* The checks come in the order of Linux's path walk, so that a path with
 * several problems fails as it would there. */
int initramfs_find(const struct initramfs *fs, const char *path,
		   struct initramfs_file *out)
{
	const struct initramfs_file *cur = find_entry(fs, "", 0, "", 0);
	size_t path_len = strnlen(path, PATH_MAX);

	if (path_len == PATH_MAX)
		return -ENAMETOOLONG;
	if (path_len == 0)
		return -ENOENT;
	for (const char *p = path; *p;) {
		size_t len = 0;

		if (*p == '/') {
			p++;
			continue;
		}
		while (p[len] && p[len] != '/')
			len++;
		if (!S_ISDIR(cur->mode))
			return -ENOTDIR;
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		cur = walk_component(fs, cur, p, len);
		if (!cur)
			return -ENOENT;
		p += len;
	}
	/* "file/" asks for a directory. */
	if (path[path_len - 1] == '/' && !S_ISDIR(cur->mode))
		return -ENOTDIR;
	*out = *cur;
	return 0;
}

static struct initramfs rootfs;

int initramfs_lookup(const char *path, struct initramfs_file *out)
{
	return initramfs_find(&rootfs, path, out);
}

void initramfs_init(void)
{
	for (int i = 0; i < boot_info.nr_modules; i++) {
		const struct boot_range *m = &boot_info.modules[i];

		if (strcmp(m->name, "initramfs"))
			continue;
		initramfs_parse(&rootfs, phys_to_virt(m->start),
				m->end - m->start);
		pr_info("initramfs: %zu entries in %llu bytes at %#llx\n",
			rootfs.nr_files,
			(unsigned long long)(m->end - m->start),
			(unsigned long long)m->start);
		return;
	}
	pr_info("initramfs: none (no boot module named initramfs)\n");
}

const struct initramfs *boot_initramfs(void)
{
	return &rootfs;
}
