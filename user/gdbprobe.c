/*
 * gdbprobe [PROGRAM [ARG...]]: prints what the kernel says about this
 * process's memory, calls mmap, and then runs PROGRAM, if given.
 *
 * It is what the gdb suite (tests/runner/gdb.py) holds the gdb helpers
 * to: the suite boots usertests.iso with this program as init and
 * /bin/usertests as PROGRAM, and stops in do_mmap when the mmap comes.
 * There gdb's vmas, pmap, mm and frames must show what the kernel told
 * this program just before, on the console, each part after a line
 * "@@ probe-NAME":
 *
 *   probe-pmap    pmap PID (user/pmap.c), run as a child and waited for
 *   probe-maps    /proc/self/maps
 *   probe-status  /proc/self/status
 *   probe-vmstat  /proc/vmstat
 *   probe-mmap    nothing: the mmap comes next
 *
 * So nothing may change the address space or its counters between the
 * printing and the mmap. The files are read after pmap has exited, so
 * that its fork is over, into a buffer written beforehand (a first write
 * to a page maps it, which VmRSS would count), and everything is printed
 * with write(2), where stdio would fill a buffer of its own first. The
 * kernel makes a /proc file's text at open, into memory it frees at
 * close: the files stay open until exec closes them, so that the free
 * pages at the mmap are those /proc/vmstat counted.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

/* A /proc file, read whole: a few KB. */
static char text[16 * 1024];

static void say(const char *s)
{
	write(STDOUT_FILENO, s, strlen(s));
}

/* The part's heading, which the gdb suite looks for. */
static void heading(const char *part)
{
	say("@@ probe-");
	say(part);
	say("\n");
}

/* Prints the file at path, read whole into text first, and leaves it
 * open until exec (see above); 0, or 1 after saying why not. */
static int show_file(const char *part, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	ssize_t n;

	if (fd < 0) {
		perror(path);
		return 1;
	}
	while ((n = read(fd, text + len, sizeof(text) - len)) > 0)
		len += n;
	if (n < 0) {
		perror(path);
		return 1;
	}
	heading(part);
	write(STDOUT_FILENO, text, len);
	return 0;
}

/* pmap on this process, as a child; 0 if it exited 0. */
static int run_pmap(void)
{
	char pid[16];
	int status;
	pid_t child;

	snprintf(pid, sizeof(pid), "%d", getpid());
	heading("pmap");
	child = fork();
	if (child < 0) {
		perror("gdbprobe: fork");
		return 1;
	}
	if (child == 0) {
		execl("/bin/pmap", "pmap", pid, (char *)NULL);
		perror("gdbprobe: /bin/pmap");
		_exit(127);
	}
	if (waitpid(child, &status, 0) != child) {
		perror("gdbprobe: waitpid");
		return 1;
	}
	return !WIFEXITED(status) || WEXITSTATUS(status) != 0;
}

int main(int argc, char **argv)
{
	if (run_pmap())
		return 1;
	memset(text, 0, sizeof(text));
	if (show_file("maps", "/proc/self/maps") ||
	    show_file("status", "/proc/self/status") ||
	    show_file("vmstat", "/proc/vmstat"))
		return 1;
	heading("mmap");
	if (mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
	    MAP_FAILED) {
		perror("gdbprobe: mmap");
		return 1;
	}
	if (argc < 2)
		return 0;
	execv(argv[1], argv + 1);
	perror(argv[1]);
	return 1;
}
