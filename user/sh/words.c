/*
 * Splitting a command line into words, with the quoting rules of sh kept
 * small: blanks separate words; '...' keeps its characters as they are;
 * "..." keeps them too, except for $? and a backslash before " \ or $;
 * outside quotes a backslash keeps the next character, whatever it is.
 * $? outside single quotes is the status of the last command.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "sh.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Copies one word from s to *out, advancing *out; returns where the word
 * ends in s, or NULL if a quote is never closed. */
static const char *scan_word(const char *s, int status, char **out)
{
	char quote = 0;

	for (; *s && (quote || !is_blank(*s)); s++) {
		if (quote == '\'') {
			if (*s == '\'')
				quote = 0;
			else
				*(*out)++ = *s;
		} else if (*s == '$' && s[1] == '?') {
			*out += sprintf(*out, "%d", status);
			s++;
		} else if (*s == '\\' && s[1] &&
			   (!quote || strchr("\"\\$", s[1]))) {
			*(*out)++ = *++s;
		} else if (*s == quote) {
			quote = 0;
		} else if (!quote && (*s == '\'' || *s == '"')) {
			quote = *s;
		} else {
			*(*out)++ = *s;
		}
	}
	return quote ? NULL : s;
}

const char *split_words(const char *line, int status, struct words *w)
{
	char *out = w->text;

	if (strlen(line) > LINE_MAX_LEN)
		return "line too long";
	w->argc = 0;
	for (;;) {
		while (is_blank(*line))
			line++;
		if (!*line)
			break;
		if (w->argc == MAX_WORDS)
			return "too many words";
		w->argv[w->argc++] = out;
		line = scan_word(line, status, &out);
		if (!line)
			return "unterminated quote";
		*out++ = '\0';
	}
	w->argv[w->argc] = NULL;
	return NULL;
}
