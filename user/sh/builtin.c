/*
 * The built-in commands, which must run in the shell itself: exit [N],
 * and cd [DIR], to $HOME, or / if there is no HOME, when DIR is missing.
 * A cd that fails says why and has status 1, as in bash (dash's is 2).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

static int builtin_cd(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getenv("HOME");

	if (argc > 2) {
		fprintf(stderr, "sh: usage: cd [DIR]\n");
		return 2;
	}
	if (!dir || !*dir)
		dir = "/";
	if (chdir(dir) < 0) {
		fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	return 0;
}

static int builtin_exit(int argc, char **argv)
{
	char *end;
	long code = argc > 1 ? strtol(argv[1], &end, 10) : last_status;

	if (argc > 2 || (argc > 1 && (*end || end == argv[1]))) {
		fprintf(stderr, "sh: usage: exit [N]\n");
		exit(2);
	}
	exit((int)(code & 0xff));
}

static const struct {
	const char *name;
	builtin_fn *run;
} builtins[] = {
	{ "cd", builtin_cd },
	{ "exit", builtin_exit },
};

builtin_fn *find_builtin(const char *name)
{
	for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (strcmp(builtins[i].name, name) == 0)
			return builtins[i].run;
	return NULL;
}
