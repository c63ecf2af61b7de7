/*
 * Running a pipeline: one child process per command, each one's standard
 * output the next one's standard input, through a pipe. A child then
 * does its command's redirections, so that "a > f | b" writes to f, as
 * in sh, and runs the command. The shell waits for all of them; the
 * status is the last one's.
 *
 * A built-in command alone is the exception: it runs in the shell itself,
 * since cd must change the shell's own directory. So does a command that
 * is nothing but redirections. In a pipeline a builtin runs in its child,
 * as in other shells: "cd / | true" changes nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sh.h"

#define DEFAULT_PATH "/bin:/usr/local/bin"

static void warn(const char *what)
{
	fprintf(stderr, "sh: %s: %s\n", what, strerror(errno));
}

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

/* Opens each redirection's file onto its descriptor, or copies another
 * descriptor onto it, in order: "> a > b" leaves a empty and writes to b,
 * "> f 2>&1" sends both outputs to f, as in sh. Returns false, having
 * said why, if one cannot be done. */
static bool redirect(const struct command *c)
{
	for (int i = 0; i < c->nredirects; i++) {
		const struct redirect *r = &c->redirects[i];
		int fd;

		if (!r->file) {
			if (dup2(r->from, r->fd) < 0) {
				warn("dup2");
				return false;
			}
			continue;
		}
		fd = open(r->file, r->flags, 0666);
		if (fd < 0) {
			warn(r->file);
			return false;
		}
		if (fd != r->fd) {
			if (dup2(fd, r->fd) < 0) {
				warn("dup2");
				close(fd);
				return false;
			}
			close(fd);
		}
	}
	return true;
}

/* Whether c is a builtin, or, with no words, nothing but redirections:
 * either way there is no program to run. */
static bool is_builtin(const struct command *c)
{
	return c->argc == 0 || find_builtin(c->argv[0]);
}

/* Runs the builtin c names, or, if c has no words, nothing. */
static int run_builtin(const struct command *c)
{
	return c->argc ? find_builtin(c->argv[0])(c->argc, c->argv) : 0;
}

/* Runs c in the shell, with its redirections only while it runs: the
 * shell's descriptors 0-2 are kept above 10 and put back after. */
static int run_here(const struct command *c)
{
	int saved[3];
	int status = 1;
	bool saved_all = true;

	if (c->nredirects == 0)
		return run_builtin(c);
	for (int fd = 0; fd < 3; fd++) {
		saved[fd] = fcntl(fd, F_DUPFD_CLOEXEC, 10);
		/* EBADF: it was closed, and is closed again after. */
		if (saved[fd] < 0 && errno != EBADF)
			saved_all = false;
	}
	if (!saved_all)
		warn("fcntl");
	else if (redirect(c))
		status = run_builtin(c);
	for (int fd = 0; fd < 3; fd++) {
		if (saved[fd] >= 0) {
			dup2(saved[fd], fd);
			close(saved[fd]);
		} else if (saved_all) {
			close(fd);
		}
	}
	return status;
}

/* In a child, never returns: runs c with standard input in and output
 * out, where either may be -1 to keep the shell's. */
static void run_child(const struct command *c, int in, int out)
{
	if ((in >= 0 && dup2(in, 0) < 0) || (out >= 0 && dup2(out, 1) < 0)) {
		warn("dup2");
		_exit(2);
	}
	if (!redirect(c))
		_exit(1);
	if (is_builtin(c))
		exit(run_builtin(c));
	exec_program(c->argv);
}

/* The status $? shows for a child's wait status. */
static int exit_status(int status)
{
	if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);

		/* As other shells: no news for an interrupt or a closed pipe. */
		if (sig != SIGINT && sig != SIGPIPE)
			fprintf(stderr, "%s\n", strsignal(sig));
		return 128 + sig;
	}
	return WEXITSTATUS(status);
}

/* Waits for the n children; returns the last one's status. */
static int wait_all(const pid_t *pid, int n)
{
	int status = 2;	/* if there are none */

	for (int i = 0; i < n; i++) {
		int wstatus;

		if (waitpid(pid[i], &wstatus, 0) < 0) {
			warn("waitpid");
			status = 2;
		} else {
			status = exit_status(wstatus);
		}
	}
	return status;
}

static void close_open(int fd)
{
	if (fd >= 0)
		close(fd);
}

int run_pipeline(const struct pipeline *p)
{
	pid_t pid[MAX_COMMANDS];
	int started, status;
	int in = -1;	/* the read end of the pipe from the last command */
	const struct command *c = &p->command[0];

	if (p->n == 1 && is_builtin(c))
		return run_here(c);
	fflush(stdout);	/* or each child would print it again */
	for (started = 0; started < p->n; started++) {
		/* Close-on-exec: a program keeps only the ends dup2 gives
		 * it, or a reader would never see the end of its input. */
		int pipefd[2] = { -1, -1 };

		if (started < p->n - 1 && pipe2(pipefd, O_CLOEXEC) < 0) {
			warn("pipe");
			break;
		}
		pid[started] = fork();
		if (pid[started] == 0)
			run_child(&p->command[started], in, pipefd[1]);
		close_open(in);
		close_open(pipefd[1]);
		in = pipefd[0];
		if (pid[started] < 0) {
			warn("fork");
			break;
		}
	}
	close_open(in);
	status = wait_all(pid, started);
	/* A pipeline cut short fails, whatever its first commands did. */
	return started == p->n ? status : 2;
}
