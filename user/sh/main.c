/*
 * sh: a small shell for aspace. It reads command lines from standard input
 * (prompt "$ ") or runs the one given with -c, splits each into words
 * (words.c), and runs the program named by the first word, found through
 * PATH, in a child process; then waits for it. $? is the last status:
 * the exit code, or 128 + the signal that killed the program. The only
 * built-in command is exit [N]. End of input ends the shell.
 *
 *   sh            read commands from standard input
 *   sh -c LINE    run one command line; exit with its status
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sh.h"

#define DEFAULT_PATH "/bin:/usr/local/bin"

static int last_status;

/* Never returns: runs argv[0] in this process, looking it up in PATH
 * unless it names a file with a slash. */
static void exec_program(char **argv)
{
	extern char **environ;
	const char *path = getenv("PATH");
	char file[LINE_MAX_LEN + 256];
	int error = ENOENT;

	if (strchr(argv[0], '/')) {
		execve(argv[0], argv, environ);
		error = errno;
	} else {
		for (char *dirs = strdup(path ? path : DEFAULT_PATH), *dir;
		     (dir = strsep(&dirs, ":"));) {
			snprintf(file, sizeof(file), "%s/%s", dir, argv[0]);
			execve(file, argv, environ);
			/* Not there: try the next directory. Anything else,
			 * like a file we may not run, is worth reporting. */
			if (errno != ENOENT)
				error = errno;
		}
	}
	fprintf(stderr, "sh: %s: %s\n", argv[0],
		error == ENOENT ? "not found" : strerror(error));
	_exit(error == ENOENT ? 127 : 126);
}

static int run_program(char **argv)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "sh: fork: %s\n", strerror(errno));
		return 2;
	}
	if (pid == 0)
		exec_program(argv);
	if (waitpid(pid, &status, 0) < 0) {
		fprintf(stderr, "sh: waitpid: %s\n", strerror(errno));
		return 2;
	}
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);

		/* As other shells: no news for an interrupt or a closed pipe. */
		if (sig != SIGINT && sig != SIGPIPE)
			fprintf(stderr, "%s\n", strsignal(sig));
		return 128 + sig;
	}
	return WEXITSTATUS(status);
}

static void builtin_exit(int argc, char **argv)
{
	char *end;
	long code = argc > 1 ? strtol(argv[1], &end, 10) : last_status;

	if (argc > 2 || (argc > 1 && (*end || end == argv[1]))) {
		fprintf(stderr, "sh: usage: exit [N]\n");
		exit(2);
	}
	exit((int)(code & 0xff));
}

/* Runs one command line; returns its status. */
static int run_line(const char *line)
{
	static struct words w;
	const char *error = split_words(line, last_status, &w);

	if (error) {
		fprintf(stderr, "sh: %s\n", error);
		return 2;
	}
	if (w.argc == 0)
		return last_status;
	if (strcmp(w.argv[0], "exit") == 0)
		builtin_exit(w.argc, w.argv);
	return run_program(w.argv);
}

/* Reads one line, without its newline, a byte at a time: what follows the
 * line stays unread for the programs we run. Returns false at the end of
 * the input. A line too long is cut short, and the rest skipped. */
static bool read_line(char *line, size_t size)
{
	size_t n = 0;
	char c;

	while (read(0, &c, 1) == 1) {
		if (c == '\n') {
			line[n] = '\0';
			return true;
		}
		if (n < size - 1)
			line[n++] = c;
	}
	line[n] = '\0';
	return n > 0;
}

int main(int argc, char **argv)
{
	static char line[LINE_MAX_LEN + 2];

	if (argc == 3 && strcmp(argv[1], "-c") == 0)
		return run_line(argv[2]);
	if (argc != 1) {
		fprintf(stderr, "usage: sh [-c LINE]\n");
		return 2;
	}
	for (;;) {
		fputs("$ ", stderr);
		if (!read_line(line, sizeof(line)))
			break;
		last_status = run_line(line);
	}
	return last_status;
}
