/* The SysRq commands. */
#include "kernel/arch.h"
#include "kernel/crashtest.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "kernel/sysrq.h"
#include "mm/page_alloc.h"

struct sysrq_key_op {
	char key;
	void (*handler)(void);
	const char *help;
};

static void sysrq_show_help(void);

static void sysrq_show_mem(void)
{
	printk("Mem-Info:\n");
	printk("  free %lu pages (%lu KiB) of %lu managed\n", nr_free_pages(),
	       nr_free_pages() << (PAGE_SHIFT - 10), nr_managed_pages());
	printk("  free blocks by order:");
	for (unsigned order = 0; order < MAX_ORDER; order++)
		printk(" %u:%lu", order, nr_free_blocks(order));
	printk("\n");
}

static const char *task_state_name(const struct task_struct *p)
{
	static const char *const names[] = { "running", "sleeping",
					     "disk sleep", "dead" };

	if (p->exit_state == EXIT_ZOMBIE)
		return "zombie";
	return names[p->state];
}

/* What every task is doing: the first thing to look at when the system
 * seems stuck. */
static void sysrq_show_tasks(void)
{
	struct task_struct *p;

	printk("  pid  tgid  ppid state       mm                 comm\n");
	list_for_each_entry(p, &task_list, tasks)
		printk("%5d %5d %5d %-11s %-18p %s%s\n", p->pid, p->tgid,
		       p->parent->tgid, task_state_name(p), (void *)p->mm,
		       p->comm, p == current ? " (current)" : "");
}

static void sysrq_power_off(void)
{
	printk("Power down.\n");
	arch_exit(EXIT_SUCCESS_CODE);
}

static const struct sysrq_key_op sysrq_ops[] = {
	{ 'h', sysrq_show_help, "help" },
	{ 'm', sysrq_show_mem, "show-memory-usage(m)" },
	{ 't', sysrq_show_tasks, "show-task-states(t)" },
	{ 'c', crashtest_run, "crash(c)" },
	{ 'o', sysrq_power_off, "poweroff(o)" },
};

static void sysrq_show_help(void)
{
	printk("SysRq : HELP :");
	for (unsigned i = 1; i < ARRAY_SIZE(sysrq_ops); i++)
		printk(" %s", sysrq_ops[i].help);
	printk("\n");
}

void handle_sysrq(int key)
{
	for (unsigned i = 0; i < ARRAY_SIZE(sysrq_ops); i++) {
		if (sysrq_ops[i].key == key) {
			sysrq_ops[i].handler();
			return;
		}
	}
	sysrq_show_help();
}
