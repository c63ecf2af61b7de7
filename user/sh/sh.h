/* sh: a small shell. See main.c. */
#ifndef SH_H
#define SH_H

/* The longest command line, the most words and operators in one, and so
 * the most commands a pipeline can have ("a | b" is three tokens). */
#define LINE_MAX_LEN 1024
#define MAX_TOKENS 64
#define MAX_COMMANDS (MAX_TOKENS / 2 + 1)

/* What words.c makes of a line: words, and the operators between them. */
enum token_kind { WORD, PIPE, REDIRECT };

struct token {
	enum token_kind kind;
	char *text;	/* a word's text; an operator as written, for errors */
	int fd;		/* REDIRECT: the descriptor it redirects */
	int flags;	/* REDIRECT: how to open the file, for open() */
	int from;	/* REDIRECT: the descriptor to copy (2>&1), or -1 */
};

struct tokens {
	int n;
	struct token token[MAX_TOKENS];
	/* Each token with its NUL takes at most twice the characters it came
	 * from: even "$?", which becomes at most three digits. */
	char text[2 * LINE_MAX_LEN + 2];
};

/* What parse.c makes of the tokens: commands joined by pipes. */
struct redirect {
	int fd;
	int flags;
	const char *file;	/* or NULL, to copy descriptor from */
	int from;
};

struct command {
	int argc;
	char **argv;	/* NULL-terminated, for execve */
	int nredirects;
	struct redirect *redirects;	/* to be done in this order */
};

struct pipeline {
	int n;
	struct command command[MAX_COMMANDS];
	/* Room for all commands' argv and redirects, handed out in order. */
	char *argv[MAX_TOKENS + MAX_COMMANDS];
	struct redirect redirect[MAX_TOKENS];
};

typedef int builtin_fn(int argc, char **argv);

/* The status of the last command line, $?. */
extern int last_status;

/* words.c: splits line into t's tokens, $? becoming status. Returns NULL,
 * or what is wrong with the line. */
const char *split_words(const char *line, int status, struct tokens *t);

/* parse.c: groups t's tokens into p's commands. Returns NULL, or what is
 * wrong with them. */
const char *parse_pipeline(const struct tokens *t, struct pipeline *p);

/* run.c: runs p and waits for it; returns its status. */
int run_pipeline(const struct pipeline *p);

/* builtin.c: the built-in command called name, or NULL. */
builtin_fn *find_builtin(const char *name);

#endif
