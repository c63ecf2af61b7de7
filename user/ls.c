/*
 * ls [-l] [-a] [PATH...]: list each directory's names, sorted byte by
 * byte as in the C locale, one a line; a file is listed by its name.
 * With no PATH, the current directory. -a: names starting with '.' too.
 * -l: before each name its mode, as -rw-r--r--, its link count and its
 * size; no owner and no date, to stay small, and fixed-width columns.
 *
 * Simpler than GNU ls: the operands are listed in the order given, each
 * directory under a "PATH:" line when there are several; -l shows a
 * symbolic link, but not where it points. As GNU ls, the status is 2 if
 * an operand cannot be listed, 1 if only something inside one cannot.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool all, long_format;
static int status;

static void fail(int level)
{
	if (status < level)
		status = level;
}

static char type_char(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR: return 'd';
	case S_IFLNK: return 'l';
	case S_IFCHR: return 'c';
	case S_IFBLK: return 'b';
	case S_IFIFO: return 'p';
	case S_IFSOCK: return 's';
	default: return '-';
	}
}

/* Fills s with the ten characters of mode, as -rwxr-xr-x, and a NUL. */
static void mode_string(mode_t mode, char s[11])
{
	static const char rwx[] = "rwxrwxrwx";

	s[0] = type_char(mode);
	for (int i = 0; i < 9; i++)
		s[i + 1] = mode & (0400 >> i) ? rwx[i] : '-';
	/* Set-id and sticky bits take the place of an x: lower case if the
	 * x is there too, upper case if not. */
	if (mode & S_ISUID)
		s[3] = s[3] == 'x' ? 's' : 'S';
	if (mode & S_ISGID)
		s[6] = s[6] == 'x' ? 's' : 'S';
	if (mode & S_ISVTX)
		s[9] = s[9] == 'x' ? 't' : 'T';
	s[10] = '\0';
}

/* name is in the directory dirfd (or relative to the working directory:
 * AT_FDCWD); -l shows where a symbolic link leads, as "name -> text". */
static void print_entry(int dirfd, const char *name, const struct stat *st)
{
	char mode[11], text[4096];
	ssize_t len = -1;

	if (!long_format) {
		printf("%s\n", name);
		return;
	}
	mode_string(st->st_mode, mode);
	if (S_ISLNK(st->st_mode))
		len = readlinkat(dirfd, name, text, sizeof(text) - 1);
	printf("%s %3lu %10lld %s%s%.*s\n", mode, (unsigned long)st->st_nlink,
	       (long long)st->st_size, name, len < 0 ? "" : " -> ",
	       len < 0 ? 0 : (int)len, text);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads all of d's names that are to be listed, sorted; sets *n. */
static char **read_names(DIR *d, const char *path, size_t *n)
{
	char **names = NULL;
	size_t room = 0;
	struct dirent *e;

	*n = 0;
	/* readdir returns NULL at the end and on an error: errno tells. */
	while ((errno = 0, e = readdir(d))) {
		if (e->d_name[0] == '.' && !all)
			continue;
		if (*n == room) {
			room = room ? 2 * room : 64;
			names = realloc(names, room * sizeof(*names));
		}
		if (!names || !(names[*n] = strdup(e->d_name))) {
			perror("ls");
			exit(2);
		}
		(*n)++;
	}
	if (errno) {
		fprintf(stderr, "ls: reading directory '%s': %s\n", path,
			strerror(errno));
		fail(1);
	}
	qsort(names, *n, sizeof(*names), compare_names);
	return names;
}

static void list_dir(const char *path)
{
	DIR *d = opendir(path);
	char **names;
	size_t n;

	if (!d) {
		fprintf(stderr, "ls: cannot open directory '%s': %s\n", path,
			strerror(errno));
		fail(2);
		return;
	}
	names = read_names(d, path, &n);
	for (size_t i = 0; i < n; i++) {
		struct stat st;

		/* Only -l needs more than the name. */
		if (long_format &&
		    fstatat(dirfd(d), names[i], &st, AT_SYMLINK_NOFOLLOW) < 0) {
			fprintf(stderr, "ls: cannot access '%s/%s': %s\n",
				path, names[i], strerror(errno));
			fail(1);
		} else {
			print_entry(dirfd(d), names[i], &st);
		}
		free(names[i]);
	}
	free(names);
	closedir(d);
}

/* Lists one operand; header: print "path:" above a directory's names. */
static void list(const char *path, bool header, bool first)
{
	struct stat st;
	/* As GNU ls: -l shows a symbolic link itself, else what it names. */
	int r = long_format ? lstat(path, &st) : stat(path, &st);

	if (r < 0) {
		fprintf(stderr, "ls: cannot access '%s': %s\n", path,
			strerror(errno));
		fail(2);
		return;
	}
	if (!S_ISDIR(st.st_mode)) {
		print_entry(AT_FDCWD, path, &st);
		return;
	}
	if (header)
		printf("%s%s:\n", first ? "" : "\n", path);
	list_dir(path);
}

int main(int argc, char **argv)
{
	int opt;

	while ((opt = getopt(argc, argv, "la")) != -1) {
		if (opt == 'l') {
			long_format = true;
		} else if (opt == 'a') {
			all = true;
		} else {
			fprintf(stderr, "usage: ls [-l] [-a] [PATH...]\n");
			return 2;
		}
	}
	if (optind == argc)
		list(".", false, true);
	for (int i = optind; i < argc; i++)
		list(argv[i], argc - optind > 1, i == optind);
	if (fflush(stdout) != 0)
		fail(2);
	return status;
}
