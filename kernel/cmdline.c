/* Splitting the command line and dispatching options to their handlers. */
#include "kernel/cmdline.h"
#include "kernel/types.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"

#define CMDLINE_MAX 512

extern const struct kernel_param __start_kparams[], __stop_kparams[];

static char saved[CMDLINE_MAX];
static char scratch[CMDLINE_MAX];	/* split in place; handlers keep values */

static const struct kernel_param *find_param(const char *name)
{
	for (const struct kernel_param *p = __start_kparams;
	     p < __stop_kparams; p++)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

static void handle_option(char *opt)
{
	char *value = strchr(opt, '=');
	const struct kernel_param *p;

	if (value)
		*value++ = '\0';
	p = find_param(opt);
	if (!p)
		pr_warn("cmdline: unknown option '%s' ignored\n", opt);
	else if (p->setup(value))
		pr_warn("cmdline: bad value for '%s' ignored (%s)\n", opt,
			p->help);
}

/*
 * The next word of *s, split in place: words are separated by spaces,
 * double quotes group spaces into a word, and a backslash makes the next
 * character an ordinary one; quotes and backslashes are removed. This
 * undoes what GRUB does to each word of its multiboot2 line: it puts a
 * backslash before each backslash, ' and ", and double quotes around a
 * word with spaces. NULL at the end.
 */
static char *next_word(char **s)
{
	char *p = *s, *word, *out;
	bool quoted = false;

	while (*p == ' ')
		p++;
	if (!*p)
		return NULL;
	word = out = p;
	for (; *p && (quoted || *p != ' '); p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (*p == '\\' && p[1])
			*out++ = *++p;
		else
			*out++ = *p;
	}
	*s = *p ? p + 1 : p;
	*out = '\0';
	return word;
}

static const char *init_args[MAX_INIT_ARGS + 1];

void parse_cmdline(const char *cmdline)
{
	char *s = scratch, *word;
	int nr_init_args = 0;

	if (strlcpy(saved, cmdline, sizeof(saved)) >= sizeof(saved))
		pr_warn("cmdline: truncated to %zu bytes\n", sizeof(saved) - 1);
	strlcpy(scratch, saved, sizeof(scratch));
	while ((word = next_word(&s)) && strcmp(word, "--") != 0)
		handle_option(word);
	while ((word = next_word(&s)) && nr_init_args < MAX_INIT_ARGS)
		init_args[nr_init_args++] = word;
	if (word)
		pr_warn("cmdline: more than %d arguments for init\n",
			MAX_INIT_ARGS);
}

const char *const *cmdline_init_args(void)
{
	return init_args;
}

const char *saved_command_line(void)
{
	return saved;
}
