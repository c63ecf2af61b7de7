/*
 * Page sharing, counted in frames with sysinfo (aspace only, as frames.c).
 * Programs are mapped from the page cache, so processes running the same
 * program read its text from the same frames, and dynamically linked
 * programs read the C library from the same frames.
 *
 * Each case starts several instances of /bin/pageshare (static) or
 * /bin/pageshare-dyn (dynamic); each reports how many pages of files it
 * maps, then on request reads a byte of every one. Free frames counted
 * around the two steps show:
 *   - starting an instance costs its own pages (page tables, kernel
 *     stack, the stack and data pages written), far fewer than the file
 *     pages it maps: they were not copied;
 *   - reading all its file pages costs at most the page tables that map
 *     them: the frames are the page cache's, there before it started.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cases.h"
#include "ut.h"

#define INSTANCES 3
/* Page tables that mapping the file pages may add: a table each for the
 * program's areas and the C library's, and one above each. */
#define TABLE_SLACK 4

struct instance {
	pid_t pid;
	int to, from;	/* its standard input and output */
};

/* A line from fd, without its newline; 0, or 1 after saying why. */
static int read_line(int fd, char *buf, size_t size)
{
	size_t n = 0;

	while (n + 1 < size && read(fd, buf + n, 1) == 1) {
		if (buf[n] == '\n') {
			buf[n] = '\0';
			return 0;
		}
		n++;
	}
	return ut_fail("pageshare said no line (%zu bytes)", n);
}

/* O_CLOEXEC: a later instance must not hold this one's input open. */
static int start_instance(const char *path, struct instance *in)
{
	int down[2], up[2];

	if (FAILED(pipe2(down, O_CLOEXEC)) || FAILED(pipe2(up, O_CLOEXEC)))
		return 1;
	in->pid = ut_fork();
	if (in->pid < 0)
		return 1;
	if (in->pid == 0) {
		dup2(down[0], 0);
		dup2(up[1], 1);
		execl(path, path, (char *)NULL);
		_exit(127);
	}
	close(down[0]);
	close(up[1]);
	in->to = down[1];
	in->from = up[0];
	return 0;
}

/* Start one more instance and have it read its file pages; 0 if neither
 * step cost frames for those pages. */
static int run_instance(const char *path, struct instance *in, int i)
{
	long before = free_pages(), started, touched, mapped;
	char line[64];

	if (start_instance(path, in) || read_line(in->from, line, sizeof(line)))
		return 1;
	if (sscanf(line, "mapped %ld", &mapped) != 1)
		return ut_fail("pageshare said \"%s\"", line);
	started = free_pages();
	if (write(in->to, "\n", 1) != 1 ||
	    read_line(in->from, line, sizeof(line)))
		return 1;
	touched = free_pages();
	ut_diag("%s #%d: %ld file pages; %ld frames to start, %ld to read "
		"them all", path, i + 1, mapped, before - started,
		started - touched);
	if (started - touched > TABLE_SLACK)
		return ut_fail("reading its file pages took frames: "
			       "not the page cache's");
	if (before - started >= mapped / 2)
		return ut_fail("starting took frames for its file pages");
	return 0;
}

static int share(const char *path)
{
	struct instance in[INSTANCES];
	int failed = 0;

	for (int i = 0; i < INSTANCES; i++)
		in[i] = (struct instance){ .pid = -1, .to = -1, .from = -1 };
	for (int i = 0; i < INSTANCES && !failed; i++)
		failed = run_instance(path, &in[i], i);
	for (int i = 0; i < INSTANCES; i++) {
		close(in[i].to);	/* it exits when its input ends */
		close(in[i].from);
		if (in[i].pid > 0 && !exited_with(ut_wait(in[i].pid), 0))
			failed = ut_fail("pageshare #%d did not exit 0", i + 1);
	}
	return failed;
}

int text_shared(void)
{
	return share("/bin/pageshare");
}

int libc_shared(void)
{
	return share("/bin/pageshare-dyn");
}
