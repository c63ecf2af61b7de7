/*
 * /proc/vmstat: counters of the memory system, one "name value" line
 * each, as Linux's. First Linux's own names for the counts this kernel
 * keeps too, then the page faults by how they were resolved
 * (vm_fault_events, mm/mm.h), which Linux does not count: each is named
 * after its enum mm_fault_kind, MM_FAULT_X as fault_x. One fault may
 * count twice (a stack growth, then the new page), so they do not add
 * up to a number of faults.
 */
#include "kernel/fs/proc/internal.h"
#include "mm/mm.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"

static const char *const fault_kind_names[] = {
	[MM_FAULT_ZERO_PAGE] = "fault_zero_page",
	[MM_FAULT_ANON] = "fault_anon",
	[MM_FAULT_COW_COPY] = "fault_cow_copy",
	[MM_FAULT_COW_REUSE] = "fault_cow_reuse",
	[MM_FAULT_FILE] = "fault_file",
	[MM_FAULT_STACK_GROW] = "fault_stack_grow",
};

void vmstat_show(struct seq_file *m, __unused struct task_struct *task)
{
	BUILD_BUG_ON(ARRAY_SIZE(fault_kind_names) != NR_MM_FAULT_KINDS);
	seq_printf(m, "nr_free_pages %lu\n", nr_free_pages());
	seq_printf(m, "nr_page_table_pages %lu\n", nr_pgtable_pages());
	for (int k = 0; k < NR_MM_FAULT_KINDS; k++)
		seq_printf(m, "%s %lu\n", fault_kind_names[k],
			   vm_fault_events[k]);
}
