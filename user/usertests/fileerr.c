/*
 * The errors of path lookup and of file descriptors: a missing file, a
 * regular file used as a directory and the reverse, descriptors that are
 * closed or open the wrong way, bad pointers, names too long. Bad pointers
 * go through raw syscall(): musl copies a struct stat through a buffer of
 * its own, and would fault itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "cases.h"
#include "ut.h"

int file_enoent_enotdir(void)
{
	const char *f, *missing;
	struct stat st;
	int bad = 0;

	if (ut_tmpdir())
		return 1;
	f = tmp_path("f");
	missing = tmp_path("missing");
	if (write_file(f, "x", 1))
		return 1;
	bad |= EXPECT_ERRNO(open(missing, O_RDONLY), ENOENT);
	bad |= EXPECT_ERRNO(stat(missing, &st), ENOENT);
	bad |= EXPECT_ERRNO(open(tmp_path("missing/f"), O_RDWR | O_CREAT,
				 0600), ENOENT);
	bad |= EXPECT_ERRNO(open("", O_RDONLY), ENOENT);
	/* A regular file in the middle of a path, or before a final '/'. */
	bad |= EXPECT_ERRNO(open(tmp_path("f/g"), O_RDONLY), ENOTDIR);
	bad |= EXPECT_ERRNO(open(tmp_path("f/g"), O_RDWR | O_CREAT, 0600),
			    ENOTDIR);
	bad |= EXPECT_ERRNO(stat(tmp_path("f/g"), &st), ENOTDIR);
	bad |= EXPECT_ERRNO(stat(tmp_path("f/"), &st), ENOTDIR);
	bad |= EXPECT_ERRNO(mkdir(tmp_path("f/d"), 0755), ENOTDIR);
	return bad;
}

/* A directory opens only to read, and read() refuses it. */
int file_eisdir(void)
{
	const char *dir;
	char buf[16];
	int fd, bad = 0;

	if (ut_tmpdir())
		return 1;
	dir = tmp_path(".");
	bad |= EXPECT_ERRNO(open(dir, O_WRONLY), EISDIR);
	bad |= EXPECT_ERRNO(open(dir, O_RDWR), EISDIR);
	bad |= EXPECT_ERRNO(open(dir, O_WRONLY | O_CREAT, 0600), EISDIR);
	if (FAILED(fd = open(dir, O_RDONLY)))
		return 1;
	bad |= EXPECT_ERRNO(read(fd, buf, sizeof(buf)), EISDIR);
	close(fd);
	return bad;
}

/* Descriptors that are not open, or not open for what is asked. */
int file_ebadf(void)
{
	const char *f;
	struct stat st;
	char c = 0;
	int rd, wr, closed, bad = 0;

	if (ut_tmpdir())
		return 1;
	f = tmp_path("f");
	if (write_file(f, "x", 1) ||
	    FAILED(rd = open(f, O_RDONLY)) || FAILED(wr = open(f, O_WRONLY)) ||
	    FAILED(closed = open(f, O_RDONLY)) || FAILED(close(closed)))
		return 1;
	bad |= EXPECT_ERRNO(write(rd, &c, 1), EBADF);
	bad |= EXPECT_ERRNO(pwrite(rd, &c, 1, 0), EBADF);
	bad |= EXPECT_ERRNO(read(wr, &c, 1), EBADF);
	bad |= EXPECT_ERRNO(read(closed, &c, 1), EBADF);
	bad |= EXPECT_ERRNO(write(closed, &c, 1), EBADF);
	bad |= EXPECT_ERRNO(fstat(closed, &st), EBADF);
	bad |= EXPECT_ERRNO(close(closed), EBADF);
	bad |= EXPECT_ERRNO(read(-1, &c, 1), EBADF);
	bad |= EXPECT_ERRNO(close(-1), EBADF);
	bad |= EXPECT_ERRNO(fstat(1 << 20, &st), EBADF);
	return bad;
}

/* Pointers no call can use: not mapped, in the kernel half, NULL. */
static int efault_for_each(int (*check)(void *bad, const char *what))
{
	char *hole = unmapped_page();

	if (!hole)
		return 1;
	return check(NULL, "NULL") | check(opaque(1), "1") |
	       check(hole, "an unmapped page") |
	       check(opaque(0xffff800000000000), "a kernel address");
}

/* Made before the hole: tmp_path allocates, and could map it again. */
static int fd_for_efault;
static const char *path_for_efault;

/* read, write and pread; the path of open, openat and stat; the buffer
 * of stat and fstat. The bad write must not grow the file. */
static int check_efault(void *p, const char *what)
{
	const char *f = path_for_efault;
	char st[256];	/* larger than the kernel's struct stat */
	int fd = fd_for_efault, bad = 0;

	bad |= EXPECT_ERRNO(syscall(SYS_read, fd, p, 16), EFAULT);
	bad |= EXPECT_ERRNO(syscall(SYS_pread64, fd, p, 16, 0), EFAULT);
	bad |= EXPECT_ERRNO(syscall(SYS_write, fd, p, 16), EFAULT);
	bad |= EXPECT_ERRNO(syscall(SYS_open, p, O_RDONLY), EFAULT);
	bad |= EXPECT_ERRNO(syscall(SYS_openat, AT_FDCWD, p, O_RDONLY), EFAULT);
	bad |= EXPECT_ERRNO(syscall(SYS_stat, p, st), EFAULT);
	bad |= EXPECT_ERRNO(syscall(SYS_stat, f, p), EFAULT);
	bad |= EXPECT_ERRNO(syscall(SYS_newfstatat, AT_FDCWD, f, p, 0), EFAULT);
	bad |= EXPECT_ERRNO(syscall(SYS_fstat, fd, p), EFAULT);
	bad |= EXPECT_ERRNO(syscall(SYS_mkdir, p, 0755), EFAULT);
	bad |= EXPECT_ERRNO(syscall(SYS_unlink, p), EFAULT);
	if (bad)
		ut_fail("(the bad pointer was %s)", what);
	return bad;
}

int file_efault(void)
{
	struct stat st;

	if (ut_tmpdir())
		return 1;
	path_for_efault = tmp_path("f");
	if (write_file(path_for_efault, "0123456789abcdef", 16) ||
	    FAILED(fd_for_efault = open(path_for_efault, O_RDWR)))
		return 1;
	if (efault_for_each(check_efault) || FAILED(fstat(fd_for_efault, &st)))
		return 1;
	if (st.st_size != 16)
		return ut_fail("writes from bad pointers changed the size to "
			       "%lld", (long long)st.st_size);
	return 0;
}

#define NAME_MAX_LEN 255	/* a path component's limit, NAME_MAX */
#define PATH_MAX_LEN 4095	/* a path's, PATH_MAX less its NUL */

/* A component of 255 bytes is allowed, of 256 not; a path of 4095 bytes
 * is allowed, of 4096 not, even made of slashes that add no component. */
int file_name_too_long(void)
{
	static char name[NAME_MAX_LEN + 2], path[PATH_MAX_LEN + 2];
	struct stat st;
	int bad = 0;

	if (ut_tmpdir())
		return 1;
	memset(name, 'n', NAME_MAX_LEN);
	if (write_file(tmp_path(name), "x", 1) || FAILED(stat(tmp_path(name), &st)))
		return 1;
	name[NAME_MAX_LEN] = 'n';
	bad |= EXPECT_ERRNO(open(tmp_path(name), O_RDWR | O_CREAT, 0600),
			    ENAMETOOLONG);
	bad |= EXPECT_ERRNO(stat(tmp_path(name), &st), ENAMETOOLONG);
	bad |= EXPECT_ERRNO(mkdir(tmp_path(name), 0755), ENAMETOOLONG);

	strcpy(path, tmp_path("."));
	memset(path + strlen(path), '/', PATH_MAX_LEN - strlen(path));
	if (FAILED(stat(path, &st)) || !S_ISDIR(st.st_mode))
		return ut_fail("a path of %d bytes does not reach the directory",
			       PATH_MAX_LEN);
	path[PATH_MAX_LEN] = '/';
	bad |= EXPECT_ERRNO(stat(path, &st), ENAMETOOLONG);
	bad |= EXPECT_ERRNO(open(path, O_RDONLY), ENAMETOOLONG);
	return bad;
}

/* Mode bits: a file of mode 0444 cannot be opened to write. On aspace
 * only: the host runs the tests as root, whom Linux lets write anyway. */
int file_eacces(void)
{
	const char *f;
	int fd, bad = 0;

	if (ut_tmpdir())
		return 1;
	f = tmp_path("f");
	if (FAILED(fd = open(f, O_WRONLY | O_CREAT, 0444)))
		return 1;
	/* The creator's descriptor may write, whatever the mode. */
	if (write(fd, "x", 1) != 1)
		return ut_fail("the creating open cannot write: %s",
			       strerror(errno));
	close(fd);
	bad |= EXPECT_ERRNO(open(f, O_WRONLY), EACCES);
	bad |= EXPECT_ERRNO(open(f, O_RDWR), EACCES);
	bad |= EXPECT_ERRNO(open(f, O_WRONLY | O_TRUNC), EACCES);
	if (FAILED(fd = open(f, O_RDONLY)))
		return 1;
	close(fd);
	return bad;
}

/* A copy of the program /bin/sleep, made executable, at path: 0, or 1
 * after saying why. */
static int copy_sleep(const char *path)
{
	static char buf[1 << 20];
	ssize_t n;
	int fd = open("/bin/sleep", O_RDONLY);

	if (FAILED(fd))
		return 1;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (FAILED(n) || write_file(path, buf, n) || FAILED(chmod(path, 0755)))
		return 1;
	return 0;
}

/* Whether process pid runs the program at path yet: its exe leads there. */
static bool runs(pid_t pid, const char *path)
{
	char exe[32], text[256];
	ssize_t n;

	snprintf(exe, sizeof(exe), "/proc/%d/exe", (int)pid);
	n = readlink(exe, text, sizeof(text) - 1);
	return n > 0 && (text[n] = '\0', strcmp(text, path) == 0);
}

/* A program that runs cannot be opened for writing (not even to truncate
 * it), and a file open for writing cannot be run: ETXTBSY both ways, as
 * Linux's deny_write_access has it, until the other side lets go. */
int file_etxtbsy(void)
{
	const char *prog;
	struct stat st;
	pid_t pid;
	int fd, bad = 0;

	if (ut_tmpdir())
		return 1;
	prog = tmp_path("sleep");
	if (copy_sleep(prog) || FAILED(fd = open(prog, O_WRONLY)))
		return 1;
	pid = ut_fork();
	if (pid == 0) {
		execl(prog, prog, "1", (char *)NULL);
		_exit(errno);
	}
	if (!exited_with(ut_wait(pid), ETXTBSY))
		bad |= ut_fail("exec of a file open for writing: not ETXTBSY");
	close(fd);
	pid = ut_fork();
	if (pid == 0) {
		execl(prog, prog, "1", (char *)NULL);
		_exit(errno);
	}
	while (pid > 0 && !runs(pid, prog))
		sleep_ms(10);
	bad |= EXPECT_ERRNO(open(prog, O_WRONLY), ETXTBSY);
	bad |= EXPECT_ERRNO(open(prog, O_RDWR | O_TRUNC), ETXTBSY);
	if (FAILED(stat(prog, &st)) || st.st_size == 0)
		bad |= ut_fail("the running program was truncated");
	if (!exited_with(ut_wait(pid), 0))
		bad |= ut_fail("the program did not run");
	if (FAILED(fd = open(prog, O_WRONLY)))
		return 1;
	close(fd);
	return bad;
}
