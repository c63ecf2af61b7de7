/*
 * The initramfs (kernel/fs/initramfs.c) on archives built here, entry by
 * entry, the way `cpio -o -H newc` writes them. In the kernel and on the
 * host (tests/host/exec.mk).
 */
#include "kernel/errno.h"
#include "kernel/fs/initramfs.h"
#include "kernel/ktest.h"
#include "kernel/lib/string.h"

#ifdef HOST_BUILD
#include "kernel/bootinfo.h"
/* The host has no boot loader, so no modules (initramfs_init reads it). */
struct boot_info boot_info;
#endif

#define DIR (S_IFDIR | 0755)
#define REG (S_IFREG | 0644)

/* An archive being built: entries are appended at size. */
struct cpio {
	char buf[8192];
	size_t size;
};

static void cpio_pad(struct cpio *c)
{
	while (c->size % 4)
		c->buf[c->size++] = '\0';
}

static void cpio_add(struct cpio *c, const char *name, unsigned mode,
		     const char *data)
{
	size_t namesize = strlen(name) + 1, len;

	data = data ? data : "";
	len = strlen(data);

	/* magic, ino, mode, uid, gid, nlink, mtime; filesize, the devices,
	 * namesize, check */
	c->size += snprintf(c->buf + c->size, sizeof(c->buf) - c->size,
			    "070701%08x%08x%08x%08x%08x%08x"
			    "%08zx%08x%08x%08x%08x%08zx%08x",
			    (unsigned)c->size, mode, 0, 0, 1, 0,
			    len, 0, 0, 0, 0, namesize, 0);
	memcpy(c->buf + c->size, name, namesize);
	c->size += namesize;
	cpio_pad(c);
	memcpy(c->buf + c->size, data, len);
	c->size += len;
	cpio_pad(c);
}

static void cpio_trailer(struct cpio *c)
{
	cpio_add(c, "TRAILER!!!", 0, NULL);
}

/* Names of 2, 4, 7 and 9 bytes with their NUL, and data of 0 to 5
 * bytes: every amount of padding after each. */
static void standard_archive(struct cpio *c)
{
	c->size = 0;
	cpio_add(c, ".", DIR, NULL);
	cpio_add(c, "bin", DIR, NULL);
	cpio_add(c, "bin/sh", S_IFREG | 0755, "#!sh");
	cpio_add(c, "etc", S_IFDIR | 0700, NULL);
	cpio_add(c, "etc/motd", REG, "hello");
	cpio_add(c, "etc/a", REG, "a");
	cpio_add(c, "etc/ab", REG, "ab");
	cpio_add(c, "etc/abc", REG, "abc");
	cpio_add(c, "etc/empty", REG, "");
	cpio_trailer(c);
}

/* Parse the archive from the end of a buffer, so that on the host ASan
 * catches any read past it. */
static int parse(struct initramfs *fs, const struct cpio *c, size_t size)
{
	static char copy[sizeof(c->buf)];
	char *at = copy + sizeof(copy) - size;

	memcpy(at, c->buf, size);
	return initramfs_parse(fs, at, size);
}

/* Does path lead to the file with this name, mode and contents? */
static bool finds(const struct initramfs *fs, const char *path,
		  const char *name, unsigned mode, const char *data)
{
	struct initramfs_file f;

	return initramfs_find(fs, path, &f) == 0 && !strcmp(f.name, name) &&
	       f.mode == mode && f.size == strlen(data) &&
	       !memcmp(f.data, data, f.size);
}

static int lookup(const struct initramfs *fs, const char *path)
{
	struct initramfs_file f;

	return initramfs_find(fs, path, &f);
}

KTEST(initramfs_finds_files_and_data)
{
	static struct cpio c;
	struct initramfs fs;

	standard_archive(&c);
	KT_ASSERT_EQ(parse(&fs, &c, c.size), 0);
	KT_EXPECT_EQ(fs.nr_files, 9);
	KT_EXPECT(finds(&fs, "/bin/sh", "bin/sh", S_IFREG | 0755, "#!sh"));
	KT_EXPECT(finds(&fs, "/etc/motd", "etc/motd", REG, "hello"));
	KT_EXPECT(finds(&fs, "/etc/a", "etc/a", REG, "a"));
	KT_EXPECT(finds(&fs, "/etc/ab", "etc/ab", REG, "ab"));
	KT_EXPECT(finds(&fs, "/etc/abc", "etc/abc", REG, "abc"));
	KT_EXPECT(finds(&fs, "/etc/empty", "etc/empty", REG, ""));
	KT_EXPECT(finds(&fs, "/etc", "etc", S_IFDIR | 0700, ""));
	KT_EXPECT(finds(&fs, "/", "", DIR, ""));
	initramfs_free(&fs);
}

KTEST(initramfs_paths_walk_like_linux)
{
	static const char *const same[] = {
		"/bin/sh", "bin/sh", "./bin/sh", "//bin//sh", "/bin/./sh",
		"/etc/../bin/sh", "/../../bin/sh", "bin/../bin/sh",
	};
	static struct cpio c;
	struct initramfs fs;

	standard_archive(&c);
	KT_ASSERT_EQ(parse(&fs, &c, c.size), 0);
	for (size_t i = 0; i < ARRAY_SIZE(same); i++)
		if (!finds(&fs, same[i], "bin/sh", S_IFREG | 0755, "#!sh"))
			ktest_fail(kt, __FILE__, __LINE__, "%s", same[i]);
	KT_EXPECT(finds(&fs, ".", "", DIR, ""));
	KT_EXPECT(finds(&fs, "/bin/", "bin", DIR, ""));
	KT_EXPECT(finds(&fs, "bin/..", "", DIR, ""));
	initramfs_free(&fs);
}

KTEST(initramfs_lookup_errors)
{
	static char long_path[PATH_MAX + 1];
	static struct cpio c;
	struct initramfs fs;

	standard_archive(&c);
	KT_ASSERT_EQ(parse(&fs, &c, c.size), 0);
	KT_EXPECT_EQ(lookup(&fs, ""), -ENOENT);
	KT_EXPECT_EQ(lookup(&fs, "/nope"), -ENOENT);
	KT_EXPECT_EQ(lookup(&fs, "/bin/nope"), -ENOENT);
	KT_EXPECT_EQ(lookup(&fs, "/nope/sh"), -ENOENT);
	KT_EXPECT_EQ(lookup(&fs, "/b"), -ENOENT);	/* a prefix of bin */
	KT_EXPECT_EQ(lookup(&fs, "/bin/sh/x"), -ENOTDIR);
	KT_EXPECT_EQ(lookup(&fs, "/bin/sh/"), -ENOTDIR);
	KT_EXPECT_EQ(lookup(&fs, "/bin/sh/.."), -ENOTDIR);
	KT_EXPECT_EQ(lookup(&fs, "/bin/sh/nope"), -ENOTDIR);
	/* A component of NAME_MAX bytes may exist; one more may not. */
	memset(long_path, 'x', NAME_MAX + 1);
	KT_EXPECT_EQ(lookup(&fs, long_path), -ENAMETOOLONG);
	long_path[NAME_MAX] = '\0';
	KT_EXPECT_EQ(lookup(&fs, long_path), -ENOENT);
	/* A path of PATH_MAX - 1 bytes may exist; one more may not. */
	memset(long_path, '/', PATH_MAX);
	KT_EXPECT_EQ(lookup(&fs, long_path), -ENAMETOOLONG);
	long_path[PATH_MAX - 1] = '\0';
	KT_EXPECT(finds(&fs, long_path, "", DIR, ""));
	initramfs_free(&fs);
}

KTEST(initramfs_names_with_slash_or_dot_slash)
{
	static struct cpio c;
	struct initramfs fs;

	c.size = 0;
	cpio_add(&c, "./bin", DIR, NULL);
	cpio_add(&c, "./bin/ls", REG, "ls");
	cpio_add(&c, "/etc", DIR, NULL);
	cpio_add(&c, "/etc/x", REG, "x");
	cpio_trailer(&c);
	KT_ASSERT_EQ(parse(&fs, &c, c.size), 0);
	KT_EXPECT(finds(&fs, "/bin/ls", "bin/ls", REG, "ls"));
	KT_EXPECT(finds(&fs, "etc/x", "etc/x", REG, "x"));
	/* No "." entry: the root is a plain directory. */
	KT_EXPECT(finds(&fs, "/", "", DIR, ""));
	initramfs_free(&fs);
}

/* Unpacking would leave the later one; a missing parent hides a file. */
KTEST(initramfs_later_entry_wins)
{
	static struct cpio c;
	struct initramfs fs;

	c.size = 0;
	cpio_add(&c, "f", REG, "old");
	cpio_add(&c, "f", REG, "new");
	cpio_add(&c, "orphan/g", REG, "g");
	cpio_trailer(&c);
	KT_ASSERT_EQ(parse(&fs, &c, c.size), 0);
	KT_EXPECT(finds(&fs, "/f", "f", REG, "new"));
	KT_EXPECT_EQ(lookup(&fs, "/orphan/g"), -ENOENT);
	initramfs_free(&fs);
}

/* Archives may follow one another, with zeroes between (cpio pads to
 * 512 bytes); the end of the data may also end an archive. */
KTEST(initramfs_concatenated_archives)
{
	static struct cpio c;
	struct initramfs fs;

	c.size = 0;
	cpio_add(&c, "one", REG, "1");
	cpio_trailer(&c);
	memset(c.buf + c.size, 0, 512 - c.size);
	c.size = 512;
	cpio_add(&c, "two", REG, "22");
	KT_ASSERT_EQ(parse(&fs, &c, c.size), 0);
	KT_EXPECT_EQ(fs.nr_files, 2);
	KT_EXPECT(finds(&fs, "one", "one", REG, "1"));
	KT_EXPECT(finds(&fs, "two", "two", REG, "22"));
	initramfs_free(&fs);
	KT_EXPECT_EQ(parse(&fs, &c, 0), 0);
	KT_EXPECT_EQ(fs.nr_files, 0);
	initramfs_free(&fs);
}

/* An archive whose third entry is spoilt at offset `at` (from its start)
 * with `bytes`; or, with bytes NULL, cut `at` bytes into it. */
static const struct bad_archive {
	const char *what;
	size_t at;
	const char *bytes;
} bad_archives[] = {
	{ "bad magic", 0, "X" },
	{ "old binary cpio", 0, "070707" },
	{ "field not in hex", 14, "g" },
	{ "name size 0", 94, "00000000" },
	{ "name size over PATH_MAX", 94, "00001001" },
	{ "name size past the end", 94, "00000fff" },
	{ "name without NUL", 110 + 4, "x" },
	{ "data size past the end", 54, "00010000" },
	{ "cut in the header", 50, NULL },
	{ "cut in the name", 112, NULL },
	{ "cut in the data", 120, NULL },
};

/* Each is reported, and the two entries before the bad one stay. */
KTEST(initramfs_malformed_keeps_entries_before)
{
	static struct cpio c;

	for (size_t i = 0; i < ARRAY_SIZE(bad_archives); i++) {
		const struct bad_archive *b = &bad_archives[i];
		struct initramfs fs;
		size_t third, size;

		c.size = 0;
		cpio_add(&c, "a", REG, "aa");
		cpio_add(&c, "b", REG, "bb");
		third = c.size;
		cpio_add(&c, "name", REG, "contents");	/* 110 + 8 + 8 */
		cpio_trailer(&c);
		size = b->bytes ? c.size : third + b->at;
		if (b->bytes)
			memcpy(c.buf + third + b->at, b->bytes,
			       strlen(b->bytes));
		if (parse(&fs, &c, size) != -EINVAL || fs.nr_files != 2 ||
		    !finds(&fs, "b", "b", REG, "bb") ||
		    lookup(&fs, "name") != -ENOENT)
			ktest_fail(kt, __FILE__, __LINE__, "%s: not rejected",
				   b->what);
		initramfs_free(&fs);
	}
}

/* After a trailer, zeroes and another archive may come, but the archive
 * must start on a multiple of 4 bytes. */
KTEST(initramfs_junk_after_trailer)
{
	static struct cpio c;
	struct initramfs fs;

	c.size = 0;
	cpio_add(&c, "a", REG, "aa");
	cpio_trailer(&c);
	memcpy(c.buf + c.size, "\0\0\0\0\0\0" "070701", 12);
	KT_EXPECT_EQ(parse(&fs, &c, c.size + 12), -EINVAL);
	KT_EXPECT_EQ(fs.nr_files, 1);
	KT_EXPECT(finds(&fs, "a", "a", REG, "aa"));
	initramfs_free(&fs);
}
