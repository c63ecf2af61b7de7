/* Boot-time services: symbols and backtraces, the tick, the log, the
 * command line. */
#include <asm/irqflags.h>
#include "kernel/arch.h"
#include "kernel/bootinfo.h"
#include "kernel/cmdline.h"
#include "kernel/kallsyms.h"
#include "kernel/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"
#include "kernel/sysrq.h"
#include "kernel/timer.h"
#include "mm/page_alloc.h"

void kernel_main(u32 magic, u32 boot_info_phys);

#define TRACE_MAX 8
static unsigned long trace[TRACE_MAX];
static int trace_len;

static __noinline void ktest_bt_inner(void)
{
	trace_len = arch_stack_trace(NULL, trace, TRACE_MAX);
}

static __noinline void ktest_bt_middle(void)
{
	ktest_bt_inner();
}

static __noinline void ktest_bt_outer(void)
{
	ktest_bt_middle();
}

static bool names(unsigned long addr, const char *expected)
{
	char buf[64];

	sprint_backtrace(buf, sizeof(buf), addr);
	return strncmp(buf, expected, strlen(expected)) == 0 &&
	       buf[strlen(expected)] == '+';
}

KTEST(backtrace_names_callers)
{
	ktest_bt_outer();
	KT_ASSERT(trace_len >= 4);
	KT_EXPECT(names(trace[0], "ktest_bt_inner"));
	KT_EXPECT(names(trace[1], "ktest_bt_middle"));
	KT_EXPECT(names(trace[2], "ktest_bt_outer"));
	KT_EXPECT(names(trace[3], "ktest_fn_backtrace_names_callers"));
}

KTEST(kallsyms_lookup_round_trip)
{
	unsigned long addr = kallsyms_lookup_name("kernel_main");
	unsigned long offset = 0;
	char buf[64];

	KT_EXPECT_EQ(addr, (unsigned long)kernel_main);
	KT_EXPECT(strcmp(kallsyms_lookup(addr + 3, &offset), "kernel_main") == 0);
	KT_EXPECT_EQ(offset, 3);
	KT_EXPECT_EQ(kallsyms_lookup_name("no_such_function"), 0);
	sprint_symbol(buf, sizeof(buf), addr + 0x10);
	KT_EXPECT(strcmp(buf, "kernel_main+0x10") == 0);
}

KTEST(timer_ticks)
{
	unsigned long start = jiffies;

	KT_ASSERT(!irqs_disabled());
	/* Each idle wakes on an interrupt; the tick is one of them. */
	for (int i = 0; i < 1000 && jiffies < start + 3; i++)
		arch_idle();
	KT_EXPECT_GE(jiffies, start + 3);
}

/* Whether some line of the log ring has this level and starts with text. */
static bool log_has_line(int level, const char *text)
{
	static char log[1 << 16];
	char prefix[8];
	size_t n = log_buf_read(log, sizeof(log) - 1);

	log[n] = '\0';
	snprintf(prefix, sizeof(prefix), "<%d>[", level);
	for (char *line = log; *line; line++) {
		char *end = strchr(line, '\n');

		if (!end)
			break;
		*end = '\0';
		if (strncmp(line, prefix, strlen(prefix)) == 0 &&
		    strchr(line, ']') &&
		    strncmp(strchr(line, ']') + 2, text, strlen(text)) == 0)
			return true;
		line = end;
	}
	return false;
}

KTEST(printk_keeps_log)
{
	printk(KERN_DEBUG "ktest: a marker for the log %d\n", 4242);
	/* Debug messages skip the console but stay in the log, with level. */
	KT_EXPECT(log_has_line(7, "ktest: a marker for the log 4242"));
	KT_EXPECT(!log_has_line(6, "ktest: a marker for the log 4242"));
}

/* The test command line carries no_such_option=1 (see the Makefile). */
KTEST(cmdline_reports_unknown_option)
{
	KT_EXPECT(log_has_line(4, "cmdline: unknown option 'no_such_option' ignored"));
}

/* The saved command line is GRUB's, whole: the test ISO's (Makefile). */
/* The test ISO's command line ends with: -- one "two words" \'q\'\"
 * (GRUB script: the last word is 'q'"). GRUB adds its own quotes and
 * backslashes, which the kernel must undo. */
KTEST(cmdline_words_after_dashes_are_init_args)
{
	const char *const *args = cmdline_init_args();

	KT_ASSERT(args[0] && args[1] && args[2]);
	KT_EXPECT(strcmp(args[0], "one") == 0);
	KT_EXPECT(strcmp(args[1], "two words") == 0);
	KT_EXPECT(strcmp(args[2], "'q'\"") == 0);
	KT_EXPECT(args[3] == NULL);
}

KTEST(cmdline_saved)
{
	KT_EXPECT(strcmp(saved_command_line(), boot_info.cmdline) == 0);
	KT_EXPECT(strncmp(saved_command_line(),
			  "ktest panic=exit no_such_option=1 -- ", 37) == 0);
}

KTEST(sysrq_show_mem_tasks_and_help)
{
	handle_sysrq('m');
	KT_EXPECT(log_has_line(6, "Mem-Info:"));
	handle_sysrq('t');	/* the tests run in the boot thread, pid 0 */
	KT_EXPECT(log_has_line(6, "    0     0     0 running     "));
	handle_sysrq('?');	/* not a command: the help says what is */
	KT_EXPECT(log_has_line(6, "SysRq : HELP : show-memory-usage(m)"));
}

static bool frames_reserved(const struct boot_range *r)
{
	for (phys_addr_t pa = ALIGN_DOWN(r->start, PAGE_SIZE); pa < r->end;
	     pa += PAGE_SIZE)
		if (!test_page_flag(pfn_to_page(pa >> PAGE_SHIFT), PG_reserved))
			return false;
	return true;
}

/* The test ISO carries four test modules (tests/kernel/modules/, see the
 * Makefile) and then the initramfs: GRUB loads them, and the allocator
 * must never hand out their frames, nor those of the symbol table.
 * (Booting with four modules once overflowed the boot ranges when every
 * debug section took one.) */
KTEST(boot_modules_and_symbols_stay_reserved)
{
	static const char *const names[] = { "alpha", "beta", "delta", "gamma" };

	KT_ASSERT_EQ(boot_info.nr_modules, 5);
	for (int i = 0; i < 4; i++) {
		const struct boot_range *m = &boot_info.modules[i];

		KT_EXPECT(strcmp(m->name, names[i]) == 0);
		KT_EXPECT(strncmp(phys_to_virt(m->start), names[i],
				  strlen(names[i])) == 0);
	}
	KT_EXPECT(strcmp(boot_info.modules[4].name, "initramfs") == 0);
	for (int i = 0; i < 5; i++)
		KT_EXPECT(frames_reserved(&boot_info.modules[i]));
	for (int i = 0; i < boot_info.nr_reserved; i++)
		KT_EXPECT(frames_reserved(&boot_info.reserved[i]));
}
