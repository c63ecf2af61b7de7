/*
 * kernel_main: where boot/entry.asm arrives, in long mode on the boot
 * stack, with the multiboot2 magic and boot information address.
 */
#include <asm/irqflags.h>
#include "kernel/arch.h"
#include "kernel/bootinfo.h"
#include "kernel/cmdline.h"
#include "kernel/crashtest.h"
#include "kernel/kallsyms.h"
#include "kernel/lib/string.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/sysrq.h"
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
	arch_timer_init();
	local_irq_enable();

	if (crashtest_requested())
		crashtest_run();
	if (ktest_filter)
		run_tests();
	pr_info("No user space yet. Keys are SysRq commands: h for help, "
		"o to power off.\n");
	for (;;) {
		int key = arch_console_getc();

		if (key < 0)
			arch_idle();	/* the tick wakes us to look again */
		else
			handle_sysrq(key);
	}
}
