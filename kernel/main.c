/*
 * kernel_main: where boot/entry.asm arrives, in long mode on the boot
 * stack, with the multiboot2 magic and boot information address.
 */
#include <asm/irqflags.h>
#include "kernel/arch.h"
#include "kernel/bootinfo.h"
#include "kernel/cmdline.h"
#include "kernel/crashtest.h"
#include "kernel/fs/fs.h"
#include "kernel/fs/initramfs.h"
#include "kernel/kallsyms.h"
#include "kernel/lib/string.h"
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "mm/init.h"

#define KERNEL_NAME "aspace"
#define KERNEL_VERSION "0.1"

static const char *ktest_filter;	/* NULL: no tests requested */

static int set_ktest(const char *value)
{
	ktest_filter = value ? value : "";
	return 0;
}
KERNEL_PARAM("ktest", set_ktest,
	     "ktest[=prefix]: run the in-kernel tests, then exit QEMU");

static int set_loglevel(const char *value)
{
	unsigned long level;

	if (!value || !parse_ulong(value, &level) || level > 8)
		return -1;
	console_loglevel = (int)level;
	return 0;
}
KERNEL_PARAM("loglevel", set_loglevel,
	     "loglevel=N: print messages of level < N on the console (0-8)");

static const char *init_path = "/bin/sh";

static int set_init(const char *value)
{
	if (!value || value[0] != '/')
		return -1;
	init_path = value;
	return 0;
}
KERNEL_PARAM("init", set_init,
	     "init=/path: the first program (default /bin/sh); words after "
	     "\"--\" on the command line are its arguments");

/* The environment init starts with, as Linux gives it. */
static const char *const init_envp[] = {
	"HOME=/", "TERM=linux", "PATH=/bin:/usr/local/bin", NULL,
};

/* pid 1 starts as a kernel thread and becomes the first user process:
 * when this returns, ret_from_fork enters the program exec loaded. */
static int kernel_init(void *unused)
{
	const char *argv[MAX_INIT_ARGS + 2] = { init_path };
	const char *const *args = cmdline_init_args();
	int err;

	(void)unused;
	current->pgrp = current->session = current->pid;	/* setsid() */
	if ((err = console_open_for_init()))
		panic("cannot open /dev/console (error %d)", err);
	for (int i = 0; args[i]; i++)
		argv[i + 1] = args[i];
	err = kernel_execve(init_path, argv, init_envp);
	if (err)
		panic("cannot run init %s (error %d); pass init=/path", init_path,
		      err);
	return 0;
}

static __noreturn void run_tests(void)
{
	int failed = ktest_run_all(ktest_filter);
	arch_exit(failed ? EXIT_FAILURE_CODE : EXIT_SUCCESS_CODE);
}

void kernel_main(u32 magic, u32 boot_info_phys)
{
	arch_console_init();
	arch_early_init();
	boot_info_parse(magic, boot_info_phys);
	printk("\n" KERNEL_NAME " " KERNEL_VERSION
	       " (x86-64): a teaching kernel for the process address space\n");
	pr_info("Boot loader: %s; command line: %s\n", boot_info.loader_name,
		boot_info.cmdline);
	parse_cmdline(boot_info.cmdline);
	kallsyms_init(&boot_info);
	mem_init(&boot_info);
	initramfs_init();
	vfs_init();	/* before any task is forked: they copy its fs */
	arch_process_init();
	sched_init();
	fork_init();
	arch_timer_init();
	arch_console_irq_init();
	local_irq_enable();

	if (crashtest_requested())
		crashtest_run();
	if (ktest_filter)
		run_tests();
	if (kernel_thread(kernel_init, NULL, "init") != 1)
		panic("cannot start init");
	cpu_idle();
}
