/*
 * pmap PID...: the memory areas of each process, from /proc/PID/maps, in
 * the format of "Linux Kernel Development", chapter 15, "The Process
 * Address Space". Above them, a line "PID:   command" as procps's pmap
 * prints (the book's example has none), the command from
 * /proc/PID/cmdline, or /proc/PID/comm when that is empty, as it is for a
 * kernel thread:
 *
 *   1426:   ./example
 *   00e80000          (1212 KB)       r-xp  (03:01 208530)        /lib/tls/libc-2.3.2.so
 *   00fb2000          (8 KB)          rw-p  (00:00 0)             [ anon ]
 *   bfffe000          (8 KB)          rwxp  (00:00 0)             [ stack ]
 *   mapped: 1340 KB writable/private: 40 KB shared: 0 KB
 *
 * Each area: its start, its size, its permissions, the device and inode
 * of its file (0 for none), and the file or the kernel's name for the
 * area, spaced out. The columns are of fixed width, wide enough for
 * 64-bit addresses. mapped is all the sizes added up; writable/private
 * those of the areas both writable and private (w and p), which are
 * this process's alone; shared those of the shared ones (s).
 *
 * PID may be "self": pmap itself. The status is 1 if any process could
 * not be shown.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One line of /proc/PID/maps. */
struct area {
	unsigned long start, end;
	char perms[5];
	char dev[16];
	unsigned long inode;
	const char *path;	/* "" for an anonymous area */
};

/* Reads what fits of the file at path into buf, as a string. Returns its
 * length, or -1. */
static ssize_t read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	size_t len = 0;
	ssize_t n = 0;

	if (fd < 0)
		return -1;
	while (len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = '\0';
	return n < 0 ? -1 : (ssize_t)len;
}

/* Fills name with the command that process pid runs, or "". */
static void command_name(const char *pid, char *name, size_t size)
{
	char path[64];
	ssize_t len;

	snprintf(path, sizeof(path), "/proc/%s/cmdline", pid);
	len = read_file(path, name, size);
	/* The arguments end with NULs: make them one line. */
	for (ssize_t i = 0; i < len; i++)
		if (name[i] == '\0')
			name[i] = ' ';
	if (len <= 0) {
		snprintf(path, sizeof(path), "/proc/%s/comm", pid);
		len = read_file(path, name, size);
	}
	/* Whatever trails the last word: a NUL made a blank, comm's '\n'. */
	while (len > 0 && (name[len - 1] == ' ' || name[len - 1] == '\n'))
		len--;
	name[len < 0 ? 0 : len] = '\0';
}

/* Parses a line of maps, "start-end perms offset dev inode path", where
 * the path, which may have blanks in it, is what follows the blanks after
 * the inode. Returns false if line is not one. */
static bool parse_area(char *line, struct area *a)
{
	unsigned long offset;
	int path_at = -1;

	line[strcspn(line, "\n")] = '\0';
	if (sscanf(line, "%lx-%lx %4s %lx %15s %lu %n", &a->start, &a->end,
		   a->perms, &offset, a->dev, &a->inode, &path_at) != 6 ||
	    path_at < 0 || strlen(a->perms) != 4 || a->end < a->start)
		return false;
	a->path = line + path_at;
	return true;
}

static void print_area(const struct area *a)
{
	char start[20], size[32], file[48];
	size_t len = strlen(a->path);

	snprintf(start, sizeof(start), "%08lx", a->start);
	snprintf(size, sizeof(size), "(%lu KB)", (a->end - a->start) / 1024);
	snprintf(file, sizeof(file), "(%s %lu)", a->dev, a->inode);
	printf("%-16s  %-14s  %-4s  %-20s  ", start, size, a->perms, file);
	if (len == 0)
		printf("[ anon ]\n");
	else if (a->path[0] == '[' && a->path[len - 1] == ']')
		printf("[ %.*s ]\n", (int)len - 2, a->path + 1);
	else
		printf("%s\n", a->path);
}

/* Shows process pid's areas; returns false if it cannot. */
static bool pmap(const char *pid)
{
	char path[64], name[256];
	unsigned long long mapped = 0, writable = 0, shared = 0;
	char *line = NULL;
	size_t room = 0;
	bool ok = true;
	FILE *maps;

	snprintf(path, sizeof(path), "/proc/%s/maps", pid);
	maps = fopen(path, "r");
	if (!maps) {
		fprintf(stderr, "pmap: cannot read %s: %s\n", path,
			strerror(errno));
		return false;
	}
	command_name(pid, name, sizeof(name));
	printf("%s:%s%s\n", pid, name[0] ? "   " : "", name);
	while (getline(&line, &room, maps) > 0) {
		struct area a;
		unsigned long kb;

		if (!parse_area(line, &a)) {
			fprintf(stderr, "pmap: %s: not an area: %s\n", path,
				line);
			ok = false;
			continue;
		}
		print_area(&a);
		kb = (a.end - a.start) / 1024;
		mapped += kb;
		if (a.perms[1] == 'w' && a.perms[3] == 'p')
			writable += kb;
		if (a.perms[3] == 's')
			shared += kb;
	}
	if (ferror(maps)) {
		fprintf(stderr, "pmap: reading %s: %s\n", path,
			strerror(errno));
		ok = false;
	}
	printf("mapped: %llu KB writable/private: %llu KB shared: %llu KB\n",
	       mapped, writable, shared);
	free(line);
	fclose(maps);
	return ok;
}

/* Whether s is a process id: digits, not too many for /proc's paths. */
static bool is_pid(const char *s)
{
	size_t len = strspn(s, "0123456789");

	return len > 0 && len < 20 && s[len] == '\0';
}

int main(int argc, char **argv)
{
	int status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: pmap PID...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		char self[16];
		const char *pid = argv[i];

		/* The number rather than /proc/self, for the header. */
		if (strcmp(pid, "self") == 0) {
			snprintf(self, sizeof(self), "%d", getpid());
			pid = self;
		}
		if (!is_pid(pid)) {
			fprintf(stderr, "pmap: not a process id: '%s'\n", pid);
			status = 1;
		} else if (!pmap(pid)) {
			status = 1;
		}
	}
	return status;
}
