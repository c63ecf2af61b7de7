/* Splitting the command line and dispatching options to their handlers. */
#include "kernel/cmdline.h"
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

void parse_cmdline(const char *cmdline)
{
	char *s = scratch;

	if (strlcpy(saved, cmdline, sizeof(saved)) >= sizeof(saved))
		pr_warn("cmdline: truncated to %zu bytes\n", sizeof(saved) - 1);
	strlcpy(scratch, saved, sizeof(scratch));
	while (*s) {
		char *start;

		while (*s == ' ')
			s++;
		start = s;
		while (*s && *s != ' ')
			s++;
		if (*s)
			*s++ = '\0';
		if (*start)
			handle_option(start);
	}
}

const char *saved_command_line(void)
{
	return saved;
}
