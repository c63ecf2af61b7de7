/*
 * sh: a small shell for aspace. It reads command lines from standard input
 * (prompt "$ ") or runs the one given with -c, splits each into words and
 * operators (words.c), groups them into a pipeline of commands with their
 * redirections (parse.c) and runs it (run.c): each program, found through
 * PATH, in a child process; then waits for them. $? is the last status:
 * the last command's exit code, or 128 + the signal that killed it; 2 for
 * a syntax error, 1 for a file a redirection cannot open. The built-in
 * commands are cd [DIR] and exit [N] (builtin.c). End of input ends the
 * shell.
 *
 *   a | b | c      a's output is b's input, b's is c's
 *   < f            standard input from the file f
 *   > f, >> f      standard output to f, emptied first, or added to
 *   2> f, 2>> f    the same for standard error (and 0<, 1>, 1>>)
 *   2>&1, >&2      a descriptor made a copy of another: of 0, 1 or 2
 *
 *   sh            read commands from standard input
 *   sh -c LINE    run one command line; exit with its status
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

int last_status;

/* Runs one command line; returns its status. */
static int run_line(const char *line)
{
	static struct tokens t;
	static struct pipeline p;
	const char *error = split_words(line, last_status, &t);

	if (!error && t.n == 0)
		return last_status;
	if (!error)
		error = parse_pipeline(&t, &p);
	if (error) {
		fprintf(stderr, "sh: %s\n", error);
		return 2;
	}
	return run_pipeline(&p);
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
