/*
 * The initramfs: a cpio archive in the "newc" format (what
 * `cpio -o -H newc` writes) that GRUB loads as the module named
 * "initramfs". There is no file system yet, so the archive is not
 * unpacked: its entries are looked up where they lie, in the module's
 * memory, which stays reserved for good.
 *
 * Lookups walk a path as Linux's path walk would over the unpacked tree:
 * "/bin/sh", "bin/sh", "./bin/sh" and "//bin/sh" name the same file, "."
 * and ".." work, every component before the last must be a directory
 * (else ENOTDIR) that exists (else ENOENT). Names in the archive may start
 * with "/" or "./" (an entry "." is the root). When a name appears twice,
 * the later entry wins, as unpacking would leave it; a file whose parent
 * directory has no entry cannot be reached, as it could not be unpacked.
 * Not handled here: symbolic links are returned as they are, not
 * followed (the root file system unpacked from the archive has them as
 * links, and its path walk follows them: kernel/fs/namei.c), and of the
 * names of a hard link only the one that carries the data (newc stores
 * it once, with the last name) has it.
 */
#ifndef KERNEL_FS_INITRAMFS_H
#define KERNEL_FS_INITRAMFS_H

#include "kernel/fs/fs.h"

struct initramfs_file {
	/* The name in the archive without leading "/" or "./": "bin/sh";
	 * "" for the root. */
	const char *name;
	const void *data;	/* the contents, in the archive */
	size_t size;
	unsigned mode;		/* S_IF* type and permission bits */
};

/* A parsed archive: its entries in archive order. */
struct initramfs {
	struct initramfs_file *files;
	size_t nr_files;
};

/* At boot, after mem_init: parse the module named "initramfs". Neither a
 * missing module nor a malformed archive is fatal: both are logged, and
 * the entries before a malformed one are kept. */
void initramfs_init(void);
/* Look path up in the boot initramfs: 0 and *out, or -ENOENT, -ENOTDIR,
 * -ENAMETOOLONG as a Linux path lookup would fail. */
int initramfs_lookup(const char *path, struct initramfs_file *out);
/* The archive initramfs_init parsed. */
const struct initramfs *boot_initramfs(void);

/*
 * The same on any archive (the tests build their own). initramfs_parse
 * reads the archive at [archive, archive + size), which must stay in
 * place while fs is used; it returns 0, -EINVAL if the archive is
 * malformed (logged; fs then has the entries before the bad one), or
 * -ENOMEM. A parsed archive's files[] is what a directory listing would
 * walk. initramfs_free frees the table, not the archive.
 */
int initramfs_parse(struct initramfs *fs, const void *archive, size_t size);
int initramfs_find(const struct initramfs *fs, const char *path,
		   struct initramfs_file *out);
void initramfs_free(struct initramfs *fs);

#endif
