/*
 * A process's address space as /proc shows it (Linux's
 * fs/proc/task_mmu.c): its areas in PID/maps, and the sizes in the Vm
 * lines of PID/status. Both walk the areas under mmap_sem, holding the
 * mm with a user reference (get_task_mm) so that its areas cannot go
 * meanwhile.
 */
#include "kernel/fs/proc/internal.h"
#include "kernel/sched.h"
#include "mm/mm.h"

/* The area holding the initial stack pointer: the main thread's stack.
 * (Linux, too, does not try to tell which area other threads use.) */
static bool is_stack(const struct vm_area_struct *vma)
{
	return vma->vm_start <= vma->vm_mm->start_stack &&
	       vma->vm_end >= vma->vm_mm->start_stack;
}

/* What an area with no file is called, or NULL. The heap is an area
 * overlapping [start_brk, brk): Linux's vma_is_initial_heap since 6.x
 * (before, an area merely touching it, such as the bss below an empty
 * heap, was named too). */
static const char *anon_vma_name(const struct vm_area_struct *vma)
{
	const struct mm_struct *mm = vma->vm_mm;

	if (vma->vm_start < mm->brk && vma->vm_end > mm->start_brk)
		return "[heap]";
	if (is_stack(vma))
		return "[stack]";
	return NULL;
}

/* The name of a file area. Only shared anonymous memory maps a file with
 * no name (mm/shmem.c): Linux's is a deleted /dev/zero on an internal
 * file system, and it shows as such. */
static void show_file_name(struct seq_file *m, struct file *file)
{
	if (file->f_dentry)
		seq_file_path(m, file, "\n");
	else
		seq_puts(m, "/dev/zero (deleted)");
}

/*
 * One line of maps, byte for byte Linux's:
 *
 *   start-end perms offset major:minor inode name
 *
 * the addresses and offset in hex (8 digits at least), perms r, w, x and
 * s (shared) or p (private), the offset in the file (0 without one), the
 * file's device and inode number (0 without one). The line up to there
 * ends with a space. A name, when there is one, comes after 73
 * characters: the line padded with spaces to 72 (Linux's
 * 25 + 6 * sizeof(void *) - 1), then one more space.
 */
static void show_map_vma(struct seq_file *m, struct vm_area_struct *vma)
{
	unsigned long flags = vma->vm_flags;
	struct file *file = vma->vm_file;
	/* shmem's files have no inode: their device and number are 0. */
	struct inode *inode = file ? file_inode(file) : NULL;
	unsigned long long pgoff = 0;
	const char *name = NULL;

	if (file)
		pgoff = (unsigned long long)vma->vm_pgoff << PAGE_SHIFT;
	seq_setwidth(m, 25 + sizeof(void *) * 6 - 1);
	seq_printf(m, "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %lu ",
		   vma->vm_start, vma->vm_end,
		   flags & VM_READ ? 'r' : '-',
		   flags & VM_WRITE ? 'w' : '-',
		   flags & VM_EXEC ? 'x' : '-',
		   flags & VM_MAYSHARE ? 's' : 'p',
		   pgoff,
		   inode ? MAJOR(inode->i_sb->s_dev) : 0,
		   inode ? MINOR(inode->i_sb->s_dev) : 0,
		   inode ? inode->i_ino : 0);
	if (file) {
		seq_pad(m, ' ');
		show_file_name(m, file);
	} else if ((name = anon_vma_name(vma))) {
		seq_pad(m, ' ');
		seq_puts(m, name);
	}
	seq_putc(m, '\n');
}

void show_maps(struct seq_file *m, struct mm_struct *mm)
{
	down_read(&mm->mmap_sem);
	for (struct vm_area_struct *vma = mm->mmap; vma; vma = vma->vm_next)
		show_map_vma(m, vma);
	up_read(&mm->mmap_sem);
}

/* Empty for a kernel thread or a zombie, which have no address space. */
void proc_pid_maps(struct seq_file *m, struct task_struct *task)
{
	struct mm_struct *mm = get_task_mm(task);

	if (mm) {
		show_maps(m, mm);
		mmput(mm);
	}
}

/*
 * The Vm lines of status, as Linux's task_mem prints them: kB, right
 * aligned in 8 columns. Linux keeps running counts of the pages in each
 * kind of area (exec_vm, stack_vm, data_vm); here they are added up from
 * the areas, by Linux's rules: executable and neither writable nor a
 * stack, a stack (grows down), data (writable, private, not a stack).
 * VmExe is the program's text, VmLib the other executable areas.
 *
 * Left out, as nothing here counts them: VmPeak and VmHWM (high-water
 * marks), RssAnon, RssFile and RssShmem (rss is one count), VmPTE
 * (page tables per mm). VmPin and VmSwap are 0: nothing pins pages,
 * and there is no swap.
 */
void task_mem(struct seq_file *m, struct mm_struct *mm)
{
	unsigned long exec_vm = 0, stack_vm = 0, data_vm = 0, text, lib;
	const unsigned shift = PAGE_SHIFT - 10;		/* pages to kB */

	down_read(&mm->mmap_sem);
	for (struct vm_area_struct *vma = mm->mmap; vma; vma = vma->vm_next) {
		unsigned long flags = vma->vm_flags;

		if ((flags & (VM_EXEC | VM_WRITE | VM_GROWSDOWN)) == VM_EXEC)
			exec_vm += vma_pages(vma);
		else if (flags & VM_GROWSDOWN)
			stack_vm += vma_pages(vma);
		else if ((flags & (VM_WRITE | VM_SHARED)) == VM_WRITE)
			data_vm += vma_pages(vma);
	}
	up_read(&mm->mmap_sem);
	/* As Linux: whole pages, and no check that lib is not negative. */
	text = (ALIGN_UP(mm->end_code, PAGE_SIZE) -
		(mm->start_code & PAGE_MASK)) >> 10;
	lib = (exec_vm << shift) - text;
	seq_printf(m,
		   "VmSize:\t%8lu kB\n"
		   "VmLck:\t%8lu kB\n"
		   "VmPin:\t%8lu kB\n"
		   "VmRSS:\t%8lu kB\n"
		   "VmData:\t%8lu kB\n"
		   "VmStk:\t%8lu kB\n"
		   "VmExe:\t%8lu kB\n"
		   "VmLib:\t%8lu kB\n"
		   "VmSwap:\t%8lu kB\n",
		   mm->total_vm << shift, mm->locked_vm << shift, 0ul,
		   mm->rss << shift, data_vm << shift, stack_vm << shift,
		   text, lib, 0ul);
}
