/*
 * Grouping tokens into a pipeline: commands separated by |, each one
 * words and redirections in any order ("> f echo hi" is echo hi > f).
 * A command may be redirections alone, like "> f", which makes f empty;
 * it may not be nothing at all, as in "| b", "a | | b" or "a |".
 */
#include <stdio.h>
#include "sh.h"

/* The syntax error of the token at i, which is past the end for "a >". */
static const char *unexpected(const struct tokens *t, int i)
{
	static char message[48];

	if (i == t->n)
		return "syntax error: unexpected end of line";
	/* Never a word: words are welcome anywhere. */
	snprintf(message, sizeof(message), "syntax error: unexpected '%s'",
		 t->token[i].text);
	return message;
}

const char *parse_pipeline(const struct tokens *t, struct pipeline *p)
{
	char **argv = p->argv;
	struct redirect *redirect = p->redirect;
	int i = 0;

	p->n = 0;
	for (;;) {
		struct command *c = &p->command[p->n++];

		c->argc = 0;
		c->argv = argv;
		c->nredirects = 0;
		c->redirects = redirect;
		for (; i < t->n && t->token[i].kind != PIPE; i++) {
			const struct token *token = &t->token[i];

			if (token->kind == WORD) {
				*argv++ = token->text;
				c->argc++;
				continue;
			}
			*redirect = (struct redirect){
				token->fd, token->flags, NULL, token->from
			};
			if (token->from < 0) {
				if (i + 1 == t->n || t->token[i + 1].kind != WORD)
					return unexpected(t, i + 1);
				redirect->file = t->token[++i].text;
			}
			redirect++;
			c->nredirects++;
		}
		*argv++ = NULL;
		if (c->argc == 0 && c->nredirects == 0)
			return unexpected(t, i);
		if (i == t->n)
			return NULL;
		i++;	/* past the | */
	}
}
