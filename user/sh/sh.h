/* sh: a small shell. See main.c. */
#ifndef SH_H
#define SH_H

/* The longest command line, and the most words in one. */
#define LINE_MAX_LEN 1024
#define MAX_WORDS 64

struct words {
	int argc;
	char *argv[MAX_WORDS + 1];	/* NULL-terminated, for execve */
	/* Each word with its NUL takes at most twice the characters it came
	 * from: even "$?", which becomes at most three digits. */
	char text[2 * LINE_MAX_LEN + 2];
};

/* Splits line into w's words, $? becoming status. Returns NULL, or what
 * is wrong with the line. */
const char *split_words(const char *line, int status, struct words *w);

#endif
