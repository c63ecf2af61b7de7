/*
 * Splitting a command line into words and operators, with the quoting
 * rules of sh kept small: blanks separate words; '...' keeps its
 * characters as they are; "..." keeps them too, except for $? and a
 * backslash before " \ or $; outside quotes a backslash keeps the next
 * character, whatever it is. $? outside single quotes is the status of
 * the last command.
 *
 * The operators are | < > >>, and the last three with a descriptor's
 * digit 0, 1 or 2 just before them, as in 2>; < and > also with &0, &1
 * or &2 after them, as in 2>&1. They end a word, as blanks do, unless
 * quoted: echo a|b is a pipeline, echo "a|b" is not.
 */
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "sh.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static bool ends_word(char c)
{
	return c == '\0' || is_blank(c) || c == '|' || c == '<' || c == '>';
}

/* Copies one word from s to *out, advancing *out; returns where the word
 * ends in s, or NULL if a quote is never closed. */
static const char *scan_word(const char *s, int status, char **out)
{
	char quote = 0;

	for (; *s && (quote || !ends_word(*s)); s++) {
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

/* Fills in t if s starts with an operator; returns where the operator
 * ends in s, or NULL if there is none. */
static const char *scan_operator(const char *s, struct token *t)
{
	int fd = -1;

	/* Only a digit that starts a token names a descriptor: in
	 * "echo a2>f" the 2 belongs to the word. */
	if (*s >= '0' && *s <= '2' && (s[1] == '<' || s[1] == '>'))
		fd = *s++ - '0';
	if (*s == '|' && fd < 0) {
		t->kind = PIPE;
		return s + 1;
	}
	if (*s != '<' && *s != '>')
		return NULL;
	t->kind = REDIRECT;
	t->fd = fd >= 0 ? fd : *s == '<' ? 0 : 1;
	t->from = -1;
	if (s[1] == '&' && s[2] >= '0' && s[2] <= '2') {
		t->from = s[2] - '0';
		return s + 3;
	}
	if (*s == '<') {
		t->flags = O_RDONLY;
		return s + 1;
	}
	if (s[1] == '>') {
		t->flags = O_WRONLY | O_CREAT | O_APPEND;
		return s + 2;
	}
	t->flags = O_WRONLY | O_CREAT | O_TRUNC;
	return s + 1;
}

const char *split_words(const char *line, int status, struct tokens *t)
{
	char *out = t->text;

	if (strlen(line) > LINE_MAX_LEN)
		return "line too long";
	t->n = 0;
	for (;;) {
		struct token *token;
		const char *end;

		while (is_blank(*line))
			line++;
		if (!*line)
			return NULL;
		if (t->n == MAX_TOKENS)
			return "too many words";
		token = &t->token[t->n++];
		token->text = out;
		end = scan_operator(line, token);
		/* Not a file named "&...": a copy of a descriptor gone wrong. */
		if (end && token->kind == REDIRECT && *end == '&')
			return "syntax error: >& and <& take 0, 1 or 2";
		if (end) {
			memcpy(out, line, end - line);
			out += end - line;
			line = end;
		} else {
			token->kind = WORD;
			line = scan_word(line, status, &out);
			if (!line)
				return "unterminated quote";
		}
		*out++ = '\0';
	}
}
