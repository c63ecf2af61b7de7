/*
 * /proc/meminfo: the system's memory, in Linux's format and order. Only
 * the lines this kernel can fill truly are there; programs that read
 * meminfo look lines up by name, so the others are simply missing.
 */
#include "kernel/fs/proc/internal.h"
#include "mm/page_alloc.h"
#include "mm/pagemap.h"
#include "mm/pgtable.h"

/* A count of pages as Linux's show_val_kb prints it: the label padded to
 * 16 columns, the kB right aligned in 8. */
static void show_val_kb(struct seq_file *m, const char *label,
			unsigned long pages)
{
	seq_printf(m, "%-16s%8lu kB\n", label, pages << (PAGE_SHIFT - 10));
}

/*
 * MemTotal is what the page allocator manages (RAM less the kernel and
 * what boot reserved), as on Linux. MemAvailable, what could be had
 * without swapping, is MemFree: no memory in use here can be reclaimed
 * (the page cache is the files themselves: ramfs). Cached is every page
 * of every page cache, shared anonymous memory's included, which Shmem
 * counts again, as Linux does. There are no block devices, so no
 * buffers, and no swap.
 */
void meminfo_proc_show(struct seq_file *m, __unused struct task_struct *task)
{
	unsigned long free = nr_free_pages();

	show_val_kb(m, "MemTotal:", nr_managed_pages());
	show_val_kb(m, "MemFree:", free);
	show_val_kb(m, "MemAvailable:", free);
	show_val_kb(m, "Buffers:", 0);
	show_val_kb(m, "Cached:", nr_file_pages());
	show_val_kb(m, "SwapCached:", 0);
	show_val_kb(m, "SwapTotal:", 0);
	show_val_kb(m, "SwapFree:", 0);
	show_val_kb(m, "Shmem:", nr_shmem_pages());
	show_val_kb(m, "PageTables:", nr_pgtable_pages());
}
