/*
 * Directories: mkdir, rmdir, unlink and their errors, link counts, the
 * entries getdents64 lists (through opendir and readdir, and raw), and the
 * working directory that relative paths start from.
 */
#define _GNU_SOURCE	/* DT_REG, DT_DIR */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "cases.h"
#include "ut.h"

static long nlink_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long)st.st_nlink : -1;
}

/* A directory has two links, its name and its "."; each subdirectory's
 * ".." adds one. */
static int expect_nlink(const char *path, long want)
{
	long n = nlink_of(path);

	if (n != want)
		return ut_fail("%s has %ld links, expected %ld", path, n, want);
	return 0;
}

int dir_mkdir_rmdir(void)
{
	const char *top, *d;
	int bad = 0;

	if (ut_tmpdir())
		return 1;
	top = tmp_path(".");
	d = tmp_path("d");
	if (write_file(tmp_path("f"), "x", 1) ||
	    expect_nlink(top, 2) || FAILED(mkdir(d, 0755)))
		return 1;
	bad |= expect_nlink(d, 2) | expect_nlink(top, 3);
	bad |= EXPECT_ERRNO(mkdir(d, 0755), EEXIST);
	bad |= EXPECT_ERRNO(mkdir(tmp_path("f"), 0755), EEXIST);
	bad |= EXPECT_ERRNO(mkdir(tmp_path("no/d"), 0755), ENOENT);
	if (FAILED(mkdir(tmp_path("d/e"), 0755)) ||
	    write_file(tmp_path("d/g"), "x", 1))
		return 1;
	bad |= expect_nlink(d, 3);
	bad |= EXPECT_ERRNO(rmdir(d), ENOTEMPTY);
	bad |= EXPECT_ERRNO(rmdir(tmp_path("f")), ENOTDIR);
	bad |= EXPECT_ERRNO(rmdir(tmp_path("missing")), ENOENT);
	if (FAILED(rmdir(tmp_path("d/e"))))
		return 1;
	bad |= expect_nlink(d, 2);
	bad |= EXPECT_ERRNO(rmdir(d), ENOTEMPTY);	/* g is still there */
	if (FAILED(unlink(tmp_path("d/g"))) || FAILED(rmdir(d)))
		return 1;
	bad |= expect_nlink(top, 2);
	return bad | EXPECT_ERRNO(open(d, O_RDONLY), ENOENT);
}

/* unlink is for files (EISDIR for a directory, as Linux has it; POSIX
 * says EPERM); unlinkat does both, with AT_REMOVEDIR for directories. */
int dir_unlink(void)
{
	int dirfd, bad = 0;

	if (ut_tmpdir() || write_file(tmp_path("f"), "x", 1) ||
	    write_file(tmp_path("g"), "x", 1) || FAILED(mkdir(tmp_path("d"), 0755)) ||
	    FAILED(dirfd = open(tmp_path("."), O_RDONLY | O_DIRECTORY)))
		return 1;
	if (FAILED(unlink(tmp_path("f"))))
		return 1;
	bad |= EXPECT_ERRNO(unlink(tmp_path("f")), ENOENT);
	bad |= EXPECT_ERRNO(unlink(tmp_path("d")), EISDIR);
	bad |= EXPECT_ERRNO(unlink(tmp_path("g/x")), ENOTDIR);
	bad |= EXPECT_ERRNO(unlinkat(dirfd, "d", 0), EISDIR);
	bad |= EXPECT_ERRNO(unlinkat(dirfd, "g", AT_REMOVEDIR), ENOTDIR);
	if (FAILED(unlinkat(dirfd, "g", 0)) ||
	    FAILED(unlinkat(dirfd, "d", AT_REMOVEDIR)))
		return 1;
	bad |= EXPECT_ERRNO(open(tmp_path("g"), O_RDONLY), ENOENT);
	bad |= EXPECT_ERRNO(open(tmp_path("d"), O_RDONLY), ENOENT);
	close(dirfd);
	return bad;
}

/* Names that are not plain ones, with Linux's answers: ".", ".." and "/"
 * cannot be unlinked (EISDIR) nor the root removed (EBUSY); O_CREAT of a
 * directory is EISDIR; trailing slashes may repeat. */
int dir_odd_names(void)
{
	int bad = 0;

	if (ut_tmpdir() || FAILED(mkdir(tmp_path("d"), 0755)))
		return 1;
	bad |= EXPECT_ERRNO(open(tmp_path("d"), O_CREAT | O_RDONLY, 0644),
			    EISDIR);
	bad |= EXPECT_ERRNO(unlink(tmp_path(".")), EISDIR);
	bad |= EXPECT_ERRNO(unlink(tmp_path("d/..")), EISDIR);
	bad |= EXPECT_ERRNO(unlink("/"), EISDIR);
	bad |= EXPECT_ERRNO(rmdir("/"), EBUSY);
	bad |= EXPECT_ERRNO(unlink(tmp_path("missing/")), ENOENT);
	if (FAILED(mkdir(tmp_path("e//"), 0755)) ||
	    FAILED(rmdir(tmp_path("e//"))))
		return 1;
	return bad;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

#define MAX_LISTED 256

/* The names in path, sorted (the order is the file system's), joined by
 * spaces into out; each entry's d_type must be that of what it names. */
static int list_dir(const char *path, char *out, size_t len)
{
	static char *names[MAX_LISTED];
	char full[512];
	struct dirent *d;
	struct stat st;
	int n = 0, bad = 0;
	DIR *dir = opendir(path);

	if (!dir)
		return ut_fail("opendir(%s): %s", path, strerror(errno));
	while (n < MAX_LISTED && (d = readdir(dir))) {
		names[n++] = strdup(d->d_name);
		snprintf(full, sizeof(full), "%s/%s", path, d->d_name);
		if (stat(full, &st) != 0 ||
		    d->d_type != (S_ISDIR(st.st_mode) ? DT_DIR : DT_REG) ||
		    (strcmp(d->d_name, "..") != 0 && d->d_ino != st.st_ino))
			bad = ut_fail("%s: d_type %d or d_ino not the file's",
				      d->d_name, d->d_type);
	}
	closedir(dir);
	qsort(names, (size_t)n, sizeof(names[0]), compare_names);
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		snprintf(out + strlen(out), len - strlen(out), "%s%s",
			 i ? " " : "", names[i]);
		free(names[i]);
	}
	return bad;
}

static int expect_listing(const char *path, const char *want)
{
	static char got[4096];

	if (list_dir(path, got, sizeof(got)))
		return 1;
	if (strcmp(got, want) != 0)
		return ut_fail("%s lists \"%s\", expected \"%s\"", path, got, want);
	return 0;
}

#define MANY 150

/* A new directory lists . and .. only; then what is made in it, and not
 * what is removed. Then enough entries for several getdents64 calls. */
int dir_list(void)
{
	static char want[8 + MANY * sizeof(" file000")];
	char name[16];

	if (ut_tmpdir() || FAILED(mkdir(tmp_path("d"), 0755)) ||
	    expect_listing(tmp_path("d"), ". .."))
		return 1;
	if (write_file(tmp_path("d/b"), "", 0) || write_file(tmp_path("d/a"), "", 0) ||
	    FAILED(mkdir(tmp_path("d/c"), 0755)) ||
	    expect_listing(tmp_path("d"), ". .. a b c"))
		return 1;
	if (FAILED(unlink(tmp_path("d/a"))) || FAILED(rmdir(tmp_path("d/c"))) ||
	    expect_listing(tmp_path("d"), ". .. b"))
		return 1;
	if (FAILED(mkdir(tmp_path("e"), 0755)))
		return 1;
	strcpy(want, ". ..");
	for (int i = 0; i < MANY; i++) {
		snprintf(name, sizeof(name), "e/file%03d", i);
		if (write_file(tmp_path(name), "", 0))
			return 1;
		strcat(want, " ");
		strcat(want, name + 2);
	}
	return expect_listing(tmp_path("e"), want);
}

/* getdents64 itself: on a file, into a buffer too small for one entry, or
 * into memory that is not there. */
int dir_getdents_errors(void)
{
	char buf[1024], *hole;
	int dirfd, fd, bad = 0;

	if (ut_tmpdir() || write_file(tmp_path("f"), "x", 1) ||
	    FAILED(fd = open(tmp_path("f"), O_RDONLY)) ||
	    FAILED(dirfd = open(tmp_path("."), O_RDONLY | O_DIRECTORY)) ||
	    !(hole = unmapped_page()))
		return 1;
	bad |= EXPECT_ERRNO(syscall(SYS_getdents64, fd, buf, sizeof(buf)),
			    ENOTDIR);
	bad |= EXPECT_ERRNO(syscall(SYS_getdents64, dirfd, buf, 1), EINVAL);
	bad |= EXPECT_ERRNO(syscall(SYS_getdents64, dirfd, hole, sizeof(buf)),
			    EFAULT);
	close(fd);
	bad |= EXPECT_ERRNO(syscall(SYS_getdents64, fd, buf, sizeof(buf)),
			    EBADF);
	/* Having refused, it still reads from the start. */
	if (syscall(SYS_getdents64, dirfd, buf, sizeof(buf)) <= 0)
		return ut_fail("getdents64 after the errors: %s", strerror(errno));
	return bad;
}

static int expect_cwd(const char *want)
{
	char buf[512];

	if (!getcwd(buf, sizeof(buf)))
		return ut_fail("getcwd: %s", strerror(errno));
	if (strcmp(buf, want) != 0)
		return ut_fail("getcwd gave %s, expected %s", buf, want);
	return 0;
}

/* Relative paths start from the working directory; "." and ".." are
 * followed, and ".." of the root is the root. */
int dir_cwd(void)
{
	char top[512], small[2];
	struct stat st;
	int bad = 0;

	if (ut_tmpdir() || FAILED(chdir(tmp_path("."))))
		return 1;
	snprintf(top, sizeof(top), "%s", tmp_path(""));
	top[strlen(top) - 1] = '\0';	/* "/tmp/ut-PID", no '/' at the end */
	if (expect_cwd(top) || write_file("rel", "x", 1) ||
	    FAILED(stat(tmp_path("rel"), &st)) || FAILED(mkdir("sub", 0755)) ||
	    FAILED(chdir("sub")) || expect_cwd(tmp_path("sub")))
		return 1;
	bad |= EXPECT_ERRNO(stat("rel", &st), ENOENT);
	if (FAILED(stat("../sub/./../rel", &st)) || FAILED(chdir("..")) ||
	    expect_cwd(top))
		return 1;
	bad |= EXPECT_ERRNO(chdir("rel"), ENOTDIR);
	bad |= EXPECT_ERRNO(chdir("missing"), ENOENT);
	bad |= EXPECT_ERRNO(syscall(SYS_getcwd, small, sizeof(small)), ERANGE);
	bad |= expect_cwd(top);		/* the failed calls changed nothing */
	if (FAILED(chdir("/")) || expect_cwd("/") || FAILED(chdir("..")) ||
	    expect_cwd("/") || FAILED(stat(tmp_path("rel") + 1, &st)))
		return 1;
	return bad;
}

static int child_moves(void *top)
{
	if (expect_cwd(top) || FAILED(chdir("sub")))
		return 1;
	return expect_cwd(tmp_path("sub"));
}

/* A child starts in its parent's working directory, and moving it does
 * not move the parent. */
int dir_cwd_fork(void)
{
	char top[512];
	int status;

	if (ut_tmpdir() || FAILED(mkdir(tmp_path("sub"), 0755)) ||
	    FAILED(chdir(tmp_path("."))) || !getcwd(top, sizeof(top)))
		return 1;
	status = run_child(child_moves, top);
	if (!exited_with(status, 0))
		return ut_fail("the child %s", describe_status(status));
	return expect_cwd(top);
}
