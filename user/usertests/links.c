/*
 * Symbolic links: symlink and readlink, lstat and AT_SYMLINK_NOFOLLOW,
 * the path walk through links (relative and absolute texts, links on the
 * way, loops and ELOOP, O_NOFOLLOW), links that lead nowhere, unlink of a
 * link, getdents64's DT_LNK, and /proc/self.
 */
#define _GNU_SOURCE	/* DT_LNK */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "cases.h"
#include "ut.h"

/* 0 if path is a link whose text is want, else 1 after saying what. */
static int expect_link(const char *path, const char *want)
{
	char buf[256];
	ssize_t n = readlink(path, buf, sizeof(buf));

	if (n < 0)
		return ut_fail("readlink(%s): %s", path, strerror(errno));
	if ((size_t)n != strlen(want) || memcmp(buf, want, n) != 0)
		return ut_fail("readlink(%s) gave \"%.*s\", expected \"%s\"",
			       path, (int)n, buf, want);
	return 0;
}

/* 0 if reading path (following links) gives want, else 1. */
static int expect_contents(const char *path, const char *want)
{
	char buf[64];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return ut_fail("open(%s): %s", path, strerror(errno));
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n != (ssize_t)strlen(want) || memcmp(buf, want, n) != 0)
		return ut_fail("%s reads %zd bytes, not \"%s\"", path, n, want);
	return 0;
}

/* 0 if lstat says path is a link with a text of len bytes. */
static int expect_lstat_link(int dirfd, const char *path, off_t len)
{
	struct stat st;

	if (FAILED(fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW)))
		return 1;
	if (st.st_mode != (S_IFLNK | 0777) || st.st_size != len ||
	    st.st_nlink != 1)
		return ut_fail("lstat(%s): mode %o, size %lld, %lu links; "
			       "expected 120777, %lld, 1", path, st.st_mode,
			       (long long)st.st_size,
			       (unsigned long)st.st_nlink, (long long)len);
	return 0;
}

/* A link holds its text, whatever the umask; lstat and
 * AT_SYMLINK_NOFOLLOW see the link, stat the file it leads to. readlink
 * gives the text without a NUL, cut to the buffer. */
int link_symlink_readlink(void)
{
	char buf[8] = "xxxxxxx";
	struct stat st;
	int dirfd, bad = 0;

	umask(077);
	if (ut_tmpdir() || write_file(tmp_path("f"), "data", 4) ||
	    FAILED(symlink("f", tmp_path("l"))) ||
	    FAILED(symlink("some/longer/text", tmp_path("long"))) ||
	    FAILED(dirfd = open(tmp_path("."), O_RDONLY | O_DIRECTORY)))
		return 1;
	bad |= expect_link(tmp_path("l"), "f");
	bad |= expect_lstat_link(AT_FDCWD, tmp_path("l"), 1);
	bad |= expect_lstat_link(dirfd, "long", 16);
	if (FAILED(lstat(tmp_path("long"), &st)) || !S_ISLNK(st.st_mode))
		bad |= ut_fail("lstat does not see a link");
	if (FAILED(stat(tmp_path("l"), &st)) || !S_ISREG(st.st_mode) ||
	    st.st_size != 4 || FAILED(fstatat(dirfd, "l", &st, 0)) ||
	    !S_ISREG(st.st_mode))
		bad |= ut_fail("stat and fstatat do not follow the link");
	if (syscall(SYS_readlinkat, dirfd, "long", buf, 4) != 4 ||
	    memcmp(buf, "somexxx", 8) != 0)
		bad |= ut_fail("readlinkat into 4 bytes gave \"%s\"", buf);
	bad |= EXPECT_ERRNO(readlink(tmp_path("f"), buf, sizeof(buf)), EINVAL);
	bad |= EXPECT_ERRNO(readlink(tmp_path("."), buf, sizeof(buf)), EINVAL);
	bad |= EXPECT_ERRNO(readlink(tmp_path("no"), buf, sizeof(buf)), ENOENT);
	bad |= EXPECT_ERRNO(symlink("g", tmp_path("l")), EEXIST);
	close(dirfd);
	return bad;
}

/* A relative text starts in the link's directory, an absolute one at
 * the root; links before the last component are followed too, and ".."
 * after a link leaves the directory it led to. */
int link_follow(void)
{
	char top[256], cwd[256];
	int fd, bad = 0;

	if (ut_tmpdir() || FAILED(mkdir(tmp_path("d"), 0755)) ||
	    FAILED(mkdir(tmp_path("d/sub"), 0755)) ||
	    write_file(tmp_path("d/f"), "in d", 4) ||
	    FAILED(symlink("d", tmp_path("ld"))) ||
	    FAILED(symlink("../f", tmp_path("d/sub/up"))) ||
	    FAILED(symlink(tmp_path("d/f"), tmp_path("abs"))) ||
	    FAILED(symlink("ld/sub/up", tmp_path("chain"))))
		return 1;
	bad |= expect_contents(tmp_path("ld/f"), "in d");
	bad |= expect_contents(tmp_path("d/sub/up"), "in d");
	bad |= expect_contents(tmp_path("ld/sub/up"), "in d");
	bad |= expect_contents(tmp_path("abs"), "in d");
	bad |= expect_contents(tmp_path("chain"), "in d");
	bad |= expect_contents(tmp_path("ld/../d/f"), "in d");
	/* Writing through a link writes the file. */
	if (FAILED(fd = open(tmp_path("abs"), O_WRONLY | O_TRUNC)) ||
	    write(fd, "new", 3) != 3)
		return 1;
	close(fd);
	bad |= expect_contents(tmp_path("d/f"), "new");
	/* The working directory is where the link led. */
	snprintf(top, sizeof(top), "%s", tmp_path("d"));
	if (FAILED(chdir(tmp_path("ld"))) || !getcwd(cwd, sizeof(cwd)))
		return 1;
	if (strcmp(cwd, top) != 0)
		bad |= ut_fail("getcwd after chdir(ld) gave %s, expected %s",
			       cwd, top);
	return bad | expect_contents("sub/up", "new");
}

/* A link that leads nowhere: lstat sees it, everything else finds
 * nothing; open with O_CREAT makes the file it names, unless O_EXCL or
 * O_NOFOLLOW refuse; no new name may take its place. */
int link_dangling(void)
{
	struct stat st;
	int fd, bad = 0;

	if (ut_tmpdir() || FAILED(symlink("missing", tmp_path("dang"))) ||
	    FAILED(symlink("nodir/x", tmp_path("deep"))) ||
	    FAILED(symlink("newdir/", tmp_path("slash"))))
		return 1;
	bad |= EXPECT_ERRNO(open(tmp_path("dang"), O_RDONLY), ENOENT);
	bad |= EXPECT_ERRNO(stat(tmp_path("dang"), &st), ENOENT);
	bad |= expect_lstat_link(AT_FDCWD, tmp_path("dang"), 7);
	bad |= EXPECT_ERRNO(open(tmp_path("dang"), O_WRONLY | O_CREAT | O_EXCL,
				 0600), EEXIST);
	bad |= EXPECT_ERRNO(open(tmp_path("dang"),
				 O_WRONLY | O_CREAT | O_NOFOLLOW, 0600), ELOOP);
	bad |= EXPECT_ERRNO(mkdir(tmp_path("dang"), 0755), EEXIST);
	bad |= EXPECT_ERRNO(symlink("x", tmp_path("dang")), EEXIST);
	bad |= EXPECT_ERRNO(open(tmp_path("deep"), O_WRONLY | O_CREAT, 0600),
			    ENOENT);
	bad |= EXPECT_ERRNO(open(tmp_path("slash"), O_WRONLY | O_CREAT, 0600),
			    EISDIR);
	if (FAILED(fd = open(tmp_path("dang"), O_WRONLY | O_CREAT, 0600)) ||
	    write(fd, "made", 4) != 4)
		return 1;
	close(fd);
	if (FAILED(lstat(tmp_path("missing"), &st)) || !S_ISREG(st.st_mode))
		return ut_fail("O_CREAT through the link made no file");
	bad |= expect_contents(tmp_path("dang"), "made");
	return bad | expect_link(tmp_path("dang"), "missing");
}

#define CHAIN 40	/* Linux's MAXSYMLINKS */

/* A walk follows at most 40 links, then fails with ELOOP: a link to
 * itself, two links to each other, and a chain one link too long. */
int link_eloop(void)
{
	char name[16], target[16];
	struct stat st;
	int bad = 0;

	if (ut_tmpdir() || write_file(tmp_path("f"), "end", 3) ||
	    FAILED(symlink("loop", tmp_path("loop"))) ||
	    FAILED(symlink("b", tmp_path("a"))) ||
	    FAILED(symlink("a", tmp_path("b"))))
		return 1;
	/* c0 -> f, c1 -> c0, ...: reaching f from cN follows N + 1 links. */
	for (int i = 0; i <= CHAIN; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		if (i)
			snprintf(target, sizeof(target), "c%d", i - 1);
		else
			strcpy(target, "f");
		if (FAILED(symlink(target, tmp_path(name))))
			return 1;
	}
	bad |= EXPECT_ERRNO(open(tmp_path("loop"), O_RDONLY), ELOOP);
	bad |= EXPECT_ERRNO(stat(tmp_path("loop"), &st), ELOOP);
	bad |= EXPECT_ERRNO(open(tmp_path("loop/x"), O_RDONLY), ELOOP);
	bad |= EXPECT_ERRNO(mkdir(tmp_path("loop/x"), 0755), ELOOP);
	bad |= EXPECT_ERRNO(open(tmp_path("loop"), O_RDONLY | O_CREAT, 0600),
			    ELOOP);
	bad |= EXPECT_ERRNO(stat(tmp_path("a"), &st), ELOOP);
	bad |= expect_lstat_link(AT_FDCWD, tmp_path("loop"), 4);
	bad |= expect_contents(tmp_path("c39"), "end");
	bad |= EXPECT_ERRNO(open(tmp_path("c40"), O_RDONLY), ELOOP);
	return bad;
}

/* O_NOFOLLOW refuses a link that is the last component (ELOOP), not one
 * on the way, nor one with a '/' after it, which must be followed. */
int link_nofollow(void)
{
	int fd, bad = 0;

	if (ut_tmpdir() || FAILED(mkdir(tmp_path("d"), 0755)) ||
	    write_file(tmp_path("d/f"), "x", 1) ||
	    FAILED(symlink("d", tmp_path("ld"))) ||
	    FAILED(symlink("d/f", tmp_path("lf"))))
		return 1;
	bad |= EXPECT_ERRNO(open(tmp_path("lf"), O_RDONLY | O_NOFOLLOW), ELOOP);
	bad |= EXPECT_ERRNO(open(tmp_path("ld"), O_RDONLY | O_NOFOLLOW),
			    ELOOP);
	bad |= EXPECT_ERRNO(open(tmp_path("ld"),
				 O_RDONLY | O_NOFOLLOW | O_DIRECTORY), ENOTDIR);
	bad |= EXPECT_ERRNO(open(tmp_path("lf/"), O_RDONLY), ENOTDIR);
	if (FAILED(fd = open(tmp_path("ld/f"), O_RDONLY | O_NOFOLLOW)))
		return 1;
	close(fd);
	if (FAILED(fd = open(tmp_path("ld/"), O_RDONLY | O_NOFOLLOW)))
		return 1;
	close(fd);
	if (FAILED(fd = open(tmp_path("ld"), O_RDONLY | O_DIRECTORY)))
		return 1;
	close(fd);
	return bad;
}

/* unlink removes the link, never what it leads to; rmdir refuses a link
 * to a directory, and "link/" is not a name unlink takes. */
int link_unlink(void)
{
	struct stat st;
	int dirfd, bad = 0;

	if (ut_tmpdir() || FAILED(mkdir(tmp_path("d"), 0755)) ||
	    write_file(tmp_path("f"), "x", 1) ||
	    FAILED(symlink("f", tmp_path("lf"))) ||
	    FAILED(symlink("d", tmp_path("ld"))) ||
	    FAILED(symlink("gone", tmp_path("dang"))) ||
	    FAILED(dirfd = open(tmp_path("."), O_RDONLY | O_DIRECTORY)))
		return 1;
	bad |= EXPECT_ERRNO(rmdir(tmp_path("ld")), ENOTDIR);
	bad |= EXPECT_ERRNO(rmdir(tmp_path("ld/")), ENOTDIR);
	bad |= EXPECT_ERRNO(unlink(tmp_path("ld/")), ENOTDIR);
	bad |= EXPECT_ERRNO(unlink(tmp_path("lf/")), ENOTDIR);
	bad |= EXPECT_ERRNO(unlink(tmp_path("d/")), EISDIR);
	bad |= EXPECT_ERRNO(unlink(tmp_path("gone/")), ENOENT);
	if (FAILED(unlink(tmp_path("lf"))) || FAILED(unlink(tmp_path("ld"))) ||
	    FAILED(unlinkat(dirfd, "dang", 0)))
		return 1;
	bad |= EXPECT_ERRNO(lstat(tmp_path("lf"), &st), ENOENT);
	bad |= EXPECT_ERRNO(lstat(tmp_path("dang"), &st), ENOENT);
	if (FAILED(stat(tmp_path("f"), &st)) || FAILED(stat(tmp_path("d"), &st)))
		return ut_fail("unlink of a link removed what it led to");
	close(dirfd);
	return bad;
}

/* The d_type and d_ino of name in the listing of dir; 0 if found. */
static int find_entry(const char *dir, const char *name, unsigned char *type,
		      ino_t *ino)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return ut_fail("opendir(%s): %s", dir, strerror(errno));
	while ((e = readdir(d)) && strcmp(e->d_name, name) != 0)
		;
	if (e) {
		*type = e->d_type;
		*ino = e->d_ino;
	}
	closedir(d);
	return e ? 0 : ut_fail("%s does not list %s", dir, name);
}

/* getdents64 calls a link DT_LNK, with the link's own inode number. */
int link_getdents(void)
{
	unsigned char type;
	struct stat st;
	ino_t ino;

	if (ut_tmpdir() || FAILED(mkdir(tmp_path("d"), 0755)) ||
	    FAILED(symlink("d", tmp_path("l"))) ||
	    FAILED(lstat(tmp_path("l"), &st)) ||
	    find_entry(tmp_path("."), "l", &type, &ino))
		return 1;
	if (type != DT_LNK || ino != st.st_ino)
		return ut_fail("l: d_type %d, d_ino %lu; expected %d, %lu",
			       type, (unsigned long)ino, DT_LNK,
			       (unsigned long)st.st_ino);
	return 0;
}

/* Whether /proc/self is a link to our own pid's directory. */
static int proc_self_is_me(void *arg)
{
	char pid[16];

	(void)arg;
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	return expect_link("/proc/self", pid);
}

/* /proc/self is a link whose text is the reader's pid, so each process
 * finds its own directory through it. */
int link_proc_self(void)
{
	char path[32], buf[16];
	struct stat self, mine;
	unsigned char type;
	ino_t ino;
	int status, bad = proc_self_is_me(NULL);

	status = run_child(proc_self_is_me, NULL);
	if (!exited_with(status, 0))
		bad |= ut_fail("in a child: %s", describe_status(status));
	snprintf(path, sizeof(path), "/proc/%d", (int)getpid());
	if (FAILED(lstat("/proc/self", &self)) || !S_ISLNK(self.st_mode) ||
	    (self.st_mode & 07777) != 0777)
		bad |= ut_fail("lstat(/proc/self): mode %o", self.st_mode);
	if (FAILED(stat("/proc/self", &self)) || FAILED(stat(path, &mine)) ||
	    self.st_ino != mine.st_ino || !S_ISDIR(self.st_mode))
		bad |= ut_fail("/proc/self does not lead to %s", path);
	bad |= EXPECT_ERRNO(readlink("/proc/self/", buf, sizeof(buf)), EINVAL);
	bad |= EXPECT_ERRNO(open("/proc/self", O_RDONLY | O_NOFOLLOW), ELOOP);
	if (find_entry("/proc", "self", &type, &ino))
		return 1;
	if (type != DT_LNK)
		bad |= ut_fail("/proc lists self with d_type %d", type);
	return bad;
}

/* /proc/self/exe is a link to the program running: an absolute path that
 * leads to the file usertests was started from, listed as DT_LNK. */
int link_proc_exe(void)
{
	struct stat exe, text, program;
	char buf[4096];
	unsigned char type;
	ino_t ino;
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	if (FAILED(n))
		return 1;
	buf[n] = '\0';
	if (buf[0] != '/')
		return ut_fail("/proc/self/exe is \"%s\": not a full path", buf);
	if (FAILED(stat("/proc/self/exe", &exe)) || FAILED(stat(buf, &text)) ||
	    FAILED(stat(ut_program, &program)))
		return 1;
	if (exe.st_ino != program.st_ino || text.st_ino != program.st_ino)
		return ut_fail("/proc/self/exe does not lead to %s", ut_program);
	if (find_entry("/proc/self", "exe", &type, &ino))
		return 1;
	return type == DT_LNK ? 0 : ut_fail("exe listed with d_type %d", type);
}

/* The errors of symlink and readlink, in Linux's order. */
int link_errors(void)
{
	char buf[16], long_name[300];
	int fd, closed, bad = 0;

	if (ut_tmpdir() || write_file(tmp_path("f"), "x", 1) ||
	    FAILED(symlink("f", tmp_path("l"))) ||
	    FAILED(fd = open(tmp_path("f"), O_RDONLY)) ||
	    FAILED(closed = dup(fd)) || FAILED(close(closed)))
		return 1;
	memset(long_name, 'n', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	bad |= EXPECT_ERRNO(symlink("", tmp_path("e")), ENOENT);
	bad |= EXPECT_ERRNO(symlink("x", tmp_path("new/")), ENOENT);
	bad |= EXPECT_ERRNO(symlink("x", tmp_path("f/")), EEXIST);
	bad |= EXPECT_ERRNO(symlink("x", tmp_path(".")), EEXIST);
	bad |= EXPECT_ERRNO(symlink("x", tmp_path("nodir/x")), ENOENT);
	bad |= EXPECT_ERRNO(symlink("x", tmp_path("f/x")), ENOTDIR);
	bad |= EXPECT_ERRNO(symlink("x", tmp_path(long_name)), ENAMETOOLONG);
	bad |= EXPECT_ERRNO(symlink(opaque(8), tmp_path("e")), EFAULT);
	bad |= EXPECT_ERRNO(symlink("x", opaque(8)), EFAULT);
	bad |= EXPECT_ERRNO(syscall(SYS_readlink, tmp_path("l"), buf, 0), EINVAL);
	bad |= EXPECT_ERRNO(syscall(SYS_readlink, tmp_path("no"), buf, -1),
			    EINVAL);
	bad |= EXPECT_ERRNO(readlink(tmp_path("l"), opaque(8), 4), EFAULT);
	bad |= EXPECT_ERRNO(readlink("", buf, sizeof(buf)), ENOENT);
	bad |= EXPECT_ERRNO(readlinkat(fd, "", buf, sizeof(buf)), ENOENT);
	bad |= EXPECT_ERRNO(readlinkat(closed, "", buf, sizeof(buf)), EBADF);
	bad |= EXPECT_ERRNO(readlinkat(closed, "l", buf, sizeof(buf)), EBADF);
	bad |= EXPECT_ERRNO(readlinkat(fd, "l", buf, sizeof(buf)), ENOTDIR);
	close(fd);
	return bad;
}
