/*
 * /proc/vmstat: counters of the memory system, one "name value" line
 * each, as Linux's. First those Linux keeps too, under its names:
 *
 *   nr_free_pages	free pages
 *   nr_file_pages	pages in the page cache of every file (meminfo's
 *			Cached), shared anonymous memory's included
 *   nr_shmem		those that hold shared anonymous memory
 *   nr_page_table_pages pages holding page tables
 *   pgfault		page faults handled, each once (handle_mm_fault):
 *			from the CPU, in user mode or in a user copy, and
 *			those the kernel makes itself (MAP_POPULATE, another
 *			process's memory); whether they map a page or end in
 *			SIGBUS or out of memory. Not those refused first: no
 *			area holds the address, or it forbids the access.
 *   pgmajfault		those on a file mapping whose page was not in the
 *			page cache yet: on a disk they would wait for a read.
 *			Linux counts them on ramfs too, where the page is
 *			only zeroed, as here; shmem's never are (Linux's only
 *			when swapping in).
 *
 * Then counts Linux does not keep:
 *
 *   mmap_cache_hits	find_vma calls that the one-entry cache of the
 *   mmap_cache_misses	book's kernel (mm->mmap_cache) answered, and those
 *			that searched the tree, over every address space
 *			(mm_struct keeps them per mm). Linux replaced the
 *			cache by a per-thread one, counted only in debug
 *			kernels (vmacache_find_calls, vmacache_find_hits),
 *			and then dropped it.
 *   fault_*		page faults by how they were resolved
 *			(vm_fault_events, mm/mm.h), each named after its
 *			enum mm_fault_kind, MM_FAULT_X as fault_x. One fault
 *			may count twice (a stack growth, then the new page; a
 *			file page, then its private copy) or not at all (it
 *			failed, or found its page already there), so they do
 *			not add up to pgfault.
 */
#include "kernel/fs/proc/internal.h"
#include "mm/mm.h"
#include "mm/page_alloc.h"
#include "mm/pagemap.h"
#include "mm/pgtable.h"

static const char *const vm_event_names[] = {
	[PGFAULT] = "pgfault",
	[PGMAJFAULT] = "pgmajfault",
	[MMAP_CACHE_HIT] = "mmap_cache_hits",
	[MMAP_CACHE_MISS] = "mmap_cache_misses",
};

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
	BUILD_BUG_ON(ARRAY_SIZE(vm_event_names) != NR_VM_EVENT_ITEMS);
	BUILD_BUG_ON(ARRAY_SIZE(fault_kind_names) != NR_MM_FAULT_KINDS);
	seq_printf(m, "nr_free_pages %lu\n", nr_free_pages());
	seq_printf(m, "nr_file_pages %lu\n", nr_file_pages());
	seq_printf(m, "nr_shmem %lu\n", nr_shmem_pages());
	seq_printf(m, "nr_page_table_pages %lu\n", nr_pgtable_pages());
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++)
		seq_printf(m, "%s %lu\n", vm_event_names[i], vm_events[i]);
	for (int k = 0; k < NR_MM_FAULT_KINDS; k++)
		seq_printf(m, "%s %lu\n", fault_kind_names[k],
			   vm_fault_events[k]);
}
