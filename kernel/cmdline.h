/*
 * The kernel command line (from GRUB): space-separated "name" or
 * "name=value" options, then optionally "--" and arguments for init. Code that takes an option registers a handler
 * beside itself with KERNEL_PARAM, as Linux's __setup does; an option no
 * handler claims is reported and ignored.
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include "kernel/compiler.h"

struct kernel_param {
	const char *name;
	/* value is NULL for a bare "name"; return nonzero if it is invalid */
	int (*setup)(const char *value);
	const char *help;
};

#define KERNEL_PARAM(pname, fn, helptext)                                \
	static const struct kernel_param __kparam_##fn __used            \
		__section("kparams") __aligned(8) = { pname, fn, helptext }

/* Hand each option to its handler; the string is copied. Words after a
 * "--" are not options but arguments for init, as on Linux. Double
 * quotes group words ("name=a b" with the quotes around it, say). */
void parse_cmdline(const char *cmdline);
/* The arguments for init, NULL-terminated. */
#define MAX_INIT_ARGS 32
const char *const *cmdline_init_args(void);
/* The command line as GRUB passed it. */
const char *saved_command_line(void);

#endif
