/*
 * What the VFS says about files: stat and fstat, paths relative to a
 * directory's descriptor (openat, fstatat), a file that outlives its name,
 * and the devices every system has (/dev/null, /dev/zero, /dev/console).
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cases.h"
#include "ut.h"

static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_dev == b->st_dev;
}

/* Type, size, mode, links, and an inode number that stays the file's. */
int file_stat(void)
{
	static char data[4000];
	const char *f;
	struct stat st, fst, other, dir;
	int fd;

	if (ut_tmpdir())
		return 1;
	f = tmp_path("f");
	if (FAILED(fd = open(f, O_RDWR | O_CREAT, 0600)) ||
	    write_file(tmp_path("g"), "", 0) || FAILED(fstat(fd, &fst)) ||
	    FAILED(stat(tmp_path("g"), &other)) ||
	    FAILED(stat(tmp_path("."), &dir)))
		return 1;
	if (!S_ISREG(fst.st_mode) || (fst.st_mode & 07777) != 0600 ||
	    fst.st_size != 0 || fst.st_nlink != 1)
		return ut_fail("a new file: mode %o, size %lld, %lu links; "
			       "expected 100600, 0, 1", fst.st_mode,
			       (long long)fst.st_size,
			       (unsigned long)fst.st_nlink);
	if (fst.st_ino == 0 || fst.st_ino == other.st_ino)
		return ut_fail("two files: inode numbers %lu and %lu",
			       (unsigned long)fst.st_ino,
			       (unsigned long)other.st_ino);
	if (!S_ISDIR(dir.st_mode) || dir.st_dev != fst.st_dev)
		return ut_fail("the directory: mode %o, or not on the files' "
			       "device", dir.st_mode);
	/* The size is where the last write ended, not where lseek went. */
	if (write(fd, data, sizeof(data)) != sizeof(data) ||
	    lseek(fd, 1000, SEEK_CUR) != sizeof(data) + 1000)
		return ut_fail("write and lseek: %s", strerror(errno));
	close(fd);
	/* The path, and another open of it, give the same file. */
	if (FAILED(stat(f, &st)) || FAILED(fd = open(f, O_RDONLY)) ||
	    FAILED(fstat(fd, &fst)))
		return 1;
	if (!same_file(&st, &fst) || st.st_size != sizeof(data))
		return ut_fail("stat: inode %lu, size %lld; reopened, inode "
			       "%lu: expected the same inode, size %zu",
			       (unsigned long)st.st_ino, (long long)st.st_size,
			       (unsigned long)fst.st_ino, sizeof(data));
	close(fd);
	return 0;
}

/* openat and fstatat resolve a relative path from a directory's
 * descriptor, and ignore it for an absolute path. */
int file_openat(void)
{
	struct stat by_path, by_dirfd;
	int dirfd, fd, bad = 0;

	if (ut_tmpdir() || FAILED(mkdir(tmp_path("sub"), 0755)) ||
	    FAILED(dirfd = open(tmp_path("sub"), O_RDONLY | O_DIRECTORY)))
		return 1;
	if (FAILED(fd = openat(dirfd, "g", O_WRONLY | O_CREAT, 0600)))
		return 1;
	close(fd);
	if (FAILED(stat(tmp_path("sub/g"), &by_path)) ||
	    FAILED(fstatat(dirfd, "g", &by_dirfd, 0)))
		return 1;
	if (!same_file(&by_path, &by_dirfd))
		return ut_fail("fstatat(dirfd, \"g\") is not sub/g");
	if (FAILED(fstatat(dirfd, "../sub/./g", &by_dirfd, 0)) ||
	    !same_file(&by_path, &by_dirfd))
		return ut_fail("fstatat(dirfd, \"../sub/./g\") is not sub/g");
	/* With dirfd closed: an error for a relative path, and nothing
	 * to the absolute one. */
	close(dirfd);
	bad |= EXPECT_ERRNO(openat(dirfd, "g", O_RDONLY), EBADF);
	if (FAILED(fd = openat(dirfd, tmp_path("sub/g"), O_RDONLY)))
		return 1;
	bad |= EXPECT_ERRNO(openat(fd, "g", O_RDONLY), ENOTDIR);
	bad |= EXPECT_ERRNO(fstatat(fd, "g", &by_dirfd, 0), ENOTDIR);
	close(fd);
	return bad;
}

/* A file whose name is gone lives on while it is open: it reads and
 * writes, has no links, and a new file of that name is another file. */
int file_unlink_open(void)
{
	const char *f;
	struct stat old, new;
	char buf[8];
	int fd, bad = 0;

	if (ut_tmpdir())
		return 1;
	f = tmp_path("f");
	if (write_file(f, "data", 4) ||
	    FAILED(fd = open(f, O_RDWR)) || FAILED(unlink(f)))
		return 1;
	bad |= EXPECT_ERRNO(stat(f, &new), ENOENT);
	bad |= EXPECT_ERRNO(open(f, O_RDONLY), ENOENT);
	if (FAILED(fstat(fd, &old)))
		return 1;
	if (old.st_nlink != 0)
		return ut_fail("st_nlink %lu after unlink, expected 0",
			       (unsigned long)old.st_nlink);
	if (read(fd, buf, 4) != 4 || memcmp(buf, "data", 4) != 0 ||
	    write(fd, "more", 4) != 4 || pread(fd, buf, 8, 0) != 8 ||
	    memcmp(buf, "datamore", 8) != 0)
		return ut_fail("the unlinked file does not read and write as "
			       "before");
	if (write_file(f, "x", 1) || FAILED(stat(f, &new)))
		return 1;
	if (same_file(&old, &new) || new.st_size != 1)
		return ut_fail("a new file of the unlinked one's name is the "
			       "old one");
	close(fd);
	return bad;
}

static int expect_chardev(const char *path)
{
	struct stat st;

	if (FAILED(stat(path, &st)))
		return 1;
	if (!S_ISCHR(st.st_mode))
		return ut_fail("%s: mode %o, not a character device", path,
			       st.st_mode);
	return 0;
}

/* /dev/null swallows writes and reads at EOF; /dev/zero reads zeros. The
 * console is only looked at: on the host it is the machine's. */
int dev_files(void)
{
	char buf[100] = "";
	int fd, bad = 0;

	bad |= expect_chardev("/dev/null") | expect_chardev("/dev/zero") |
	       expect_chardev("/dev/console");
	if (FAILED(fd = open("/dev/null", O_RDWR)))
		return 1;
	if (write(fd, buf, sizeof(buf)) != sizeof(buf) ||
	    read(fd, buf, sizeof(buf)) != 0)
		return ut_fail("/dev/null: writes not all taken, or reads not 0");
	close(fd);
	if (FAILED(fd = open("/dev/zero", O_RDWR)))
		return 1;
	memset(buf, 'x', sizeof(buf));
	if (read(fd, buf, sizeof(buf)) != sizeof(buf) ||
	    find_not(buf, sizeof(buf), 0) >= 0)
		return ut_fail("/dev/zero: a read gave other than 100 zeros");
	if (write(fd, buf, sizeof(buf)) != sizeof(buf))
		return ut_fail("/dev/zero: writes not all taken");
	close(fd);
	return bad;
}
