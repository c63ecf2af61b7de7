/*
 * Creating and removing mappings: get_unmapped_area, do_mmap, do_munmap
 * and brk, with Linux's x86-64 layout and error codes.
 *
 * The layout, top down: the stack just below TASK_SIZE, then room for it
 * to grow, then mmap's area, filled from free_area_cache downwards, then
 * (far below) the heap above the program.
 */
#include "kernel/fs/fdtable.h"
#include "kernel/panic.h"
#include "mm/internal.h"
#include "mm/mm.h"
#include "mm/pgtable.h"
#include "mm/tlb.h"

int sysctl_max_map_count = DEFAULT_MAX_MAP_COUNT;
/* Debian's value: no mapping at or near NULL, so that a kernel bug that
 * follows a NULL pointer cannot be steered by user memory. */
unsigned long mmap_min_addr = 65536;
unsigned long stack_guard_gap = 256ul << PAGE_SHIFT;

/* What Linux reserves below TASK_SIZE for the stack when the stack limit
 * is its default (8 MiB, less than this minimum) and without address
 * space randomization. */
#define MMAP_STACK_ROOM (128ul << 20)
/* Where the bottom-up search starts when the top-down one finds nothing. */
#define TASK_UNMAPPED_BASE ALIGN_UP(TASK_SIZE / 3, PAGE_SIZE)

void arch_pick_mmap_layout(struct mm_struct *mm)
{
	mm->free_area_cache = TASK_SIZE - MMAP_STACK_ROOM;
}

/* Indexed by the area's VM_READ | VM_WRITE | VM_EXEC | VM_SHARED. x86
 * pages that can be written or executed can also be read. */
static const pgprot_t protection_map[16] = {
	[VM_NONE] = PAGE_NONE,
	[VM_READ] = PAGE_READONLY,
	[VM_WRITE] = PAGE_COPY,
	[VM_WRITE | VM_READ] = PAGE_COPY,
	[VM_EXEC] = PAGE_READONLY_EXEC,
	[VM_EXEC | VM_READ] = PAGE_READONLY_EXEC,
	[VM_EXEC | VM_WRITE] = PAGE_COPY_EXEC,
	[VM_EXEC | VM_WRITE | VM_READ] = PAGE_COPY_EXEC,
	[VM_SHARED] = PAGE_NONE,
	[VM_SHARED | VM_READ] = PAGE_READONLY,
	[VM_SHARED | VM_WRITE] = PAGE_SHARED,
	[VM_SHARED | VM_WRITE | VM_READ] = PAGE_SHARED,
	[VM_SHARED | VM_EXEC] = PAGE_READONLY_EXEC,
	[VM_SHARED | VM_EXEC | VM_READ] = PAGE_READONLY_EXEC,
	[VM_SHARED | VM_EXEC | VM_WRITE] = PAGE_SHARED_EXEC,
	[VM_SHARED | VM_EXEC | VM_WRITE | VM_READ] = PAGE_SHARED_EXEC,
};

pgprot_t vm_get_page_prot(unsigned long vm_flags)
{
	return protection_map[vm_flags & (VM_ACCESS_FLAGS | VM_SHARED)];
}

/*
 * Searching the gaps. A free range of len bytes inside [low, high), as
 * high as possible (top down) or as low as possible. The gap below each
 * area runs from the end of the area before it to vm_start_gap(area).
 */
struct gap_search {
	unsigned long len, low, high;
	bool topdown;
};

#define NO_FIT ((unsigned long)-ENOMEM)

static unsigned long fit_in_gap(const struct gap_search *s,
				unsigned long gap_start, unsigned long gap_end)
{
	unsigned long lo = MAX(gap_start, s->low), hi = MIN(gap_end, s->high);

	if (hi <= lo || hi - lo < s->len)
		return NO_FIT;
	return s->topdown ? hi - s->len : lo;
}

/*
 * The subtree's gaps in the preferred order: the higher side first top
 * down. rb_subtree_gap prunes subtrees with no gap large enough; the
 * bounds prune those wholly above high or below low (the right subtree's
 * gaps all start at or above vma->vm_end, the left's end at or below this
 * area's gap_start). What remains is one path down, plus the two paths
 * along low and high: O(log n).
 */
static unsigned long search_subtree(struct rb_node *rb,
				    const struct gap_search *s)
{
	struct vm_area_struct *vma;
	unsigned long gap_start, found;
	bool try_right, try_left;

	if (!rb)
		return NO_FIT;
	vma = rb_entry(rb, struct vm_area_struct, vm_rb);
	if (vma->rb_subtree_gap < s->len)
		return NO_FIT;
	gap_start = vma->vm_prev ? vma->vm_prev->vm_end : 0;
	try_right = vma->vm_end <= s->high - s->len;
	try_left = gap_start >= s->low + s->len;

	found = (s->topdown ? try_right : try_left) ?
		search_subtree(s->topdown ? rb->rb_right : rb->rb_left, s) : NO_FIT;
	if (found == NO_FIT)
		found = fit_in_gap(s, gap_start, vm_start_gap(vma));
	if (found == NO_FIT && (s->topdown ? try_left : try_right))
		found = search_subtree(s->topdown ? rb->rb_left : rb->rb_right, s);
	return found;
}

/* The gap above the last area is not in the tree: it comes first top
 * down, last bottom up. */
static unsigned long unmapped_area(struct mm_struct *mm,
				   const struct gap_search *s)
{
	unsigned long found = NO_FIT;

	if (s->len > s->high || s->high - s->len < s->low)
		return NO_FIT;
	if (s->topdown)
		found = fit_in_gap(s, mm->highest_vm_end, TASK_SIZE);
	if (found == NO_FIT)
		found = search_subtree(mm->mm_rb.rb_node, s);
	if (found == NO_FIT && !s->topdown)
		found = fit_in_gap(s, mm->highest_vm_end, TASK_SIZE);
	return found;
}

/* A hint is taken if the whole range is free and allowed. */
static bool hint_fits(struct mm_struct *mm, unsigned long addr,
		      unsigned long len)
{
	struct vm_area_struct *vma;

	if (addr < mmap_min_addr || addr > TASK_SIZE - len)
		return false;
	vma = find_vma(mm, addr);
	return !vma || addr + len <= vm_start_gap(vma);
}

unsigned long get_unmapped_area(struct mm_struct *mm, struct file *file,
				unsigned long addr, unsigned long len,
				unsigned long pgoff, unsigned long flags)
{
	struct gap_search s = {
		.len = len, .low = mmap_min_addr,
		.high = mm->free_area_cache, .topdown = true,
	};

	(void)file;	/* file mappings need no colouring on x86 */
	(void)pgoff;
	if (len > TASK_SIZE - mmap_min_addr)
		return -ENOMEM;
	if (!(flags & MAP_FIXED)) {
		addr = ALIGN_DOWN(addr, PAGE_SIZE);	/* x86 rounds hints down */
		if (addr && hint_fits(mm, addr, len))
			return addr;
		addr = unmapped_area(mm, &s);
		if (addr == NO_FIT) {
			/* Below the mmap base is full: try above it. */
			s = (struct gap_search){ .len = len,
				.low = TASK_UNMAPPED_BASE, .high = TASK_SIZE };
			addr = unmapped_area(mm, &s);
		}
		if (IS_ERR_VALUE(addr))
			return addr;
	}
	if (addr > TASK_SIZE - len)
		return -ENOMEM;
	if (!IS_ALIGNED(addr, PAGE_SIZE))
		return -EINVAL;
	if (addr < mmap_min_addr)
		return -EPERM;	/* only CAP_SYS_RAWIO may, which nobody has */
	return addr;
}

/* A write-notified area gets a private area's protection: writable
 * pages read-only. do_wp_page then calls page_mkwrite before it makes a
 * page writable. */
void vma_set_page_prot(struct vm_area_struct *vma)
{
	unsigned long vm_flags = vma->vm_flags;

	if (vma_wants_writenotify(vma))
		vm_flags &= ~VM_SHARED;
	vma->vm_page_prot = vm_get_page_prot(vm_flags);
}

/* PROT_* and MAP_* to vm_flags (Linux's calc_vm_prot_bits and
 * calc_vm_flag_bits). */
static unsigned long calc_vm_flags(unsigned long prot, unsigned long flags)
{
	unsigned long vm_flags = VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;

	BUILD_BUG_ON(PROT_READ != VM_READ || PROT_WRITE != VM_WRITE ||
		     PROT_EXEC != VM_EXEC);
	vm_flags |= prot & VM_ACCESS_FLAGS;
	if (flags & MAP_GROWSDOWN)
		vm_flags |= VM_GROWSDOWN;
	if (flags & MAP_LOCKED)
		vm_flags |= VM_LOCKED;
	if (flags & MAP_NORESERVE)
		vm_flags |= VM_NORESERVE;
	return vm_flags;
}

/* Account for and link a new range [addr, addr + len), already free. */
static unsigned long mmap_region(struct mm_struct *mm, struct file *file,
				 unsigned long addr, unsigned long len,
				 unsigned long vm_flags, unsigned long pgoff)
{
	unsigned long end = addr + len;
	struct vm_area_struct *prev, *vma;

	if (accountable_mapping(vm_flags))
		vm_flags |= VM_ACCOUNT;
	find_vma_prev(mm, addr, &prev);
	vma = vma_merge(mm, prev, addr, end, vm_flags, file, pgoff);
	if (!vma) {
		vma = vm_area_alloc(mm);
		if (!vma)
			return -ENOMEM;
		vma->vm_start = addr;
		vma->vm_end = end;
		vma->vm_flags = vm_flags;
		vma->vm_pgoff = pgoff;
		if (file) {
			/* The area holds the file open, however the
			 * descriptor fares; mmap sets up its vm_ops. */
			int error = file->f_op->mmap(file, vma);

			if (error) {
				vm_area_free(vma);
				return error;
			}
			vma->vm_file = get_file(file);
		} else if ((vm_flags & VM_SHARED) && shmem_zero_setup(vma)) {
			vm_area_free(vma);
			return -ENOMEM;
		}
		vma_set_page_prot(vma);
		vma_link(mm, vma);
	}
	mm->total_vm += len >> PAGE_SHIFT;
	if (vm_flags & VM_LOCKED)
		mm->locked_vm += len >> PAGE_SHIFT;
	return addr;
}

/*
 * A stack area grows down on demand, to STACK_LIMIT in all, but never to
 * within stack_guard_gap of an accessible area below it: that gap is what
 * turns a runaway recursion into a fault instead of a write over other
 * memory.
 */
int expand_stack(struct vm_area_struct *vma, unsigned long address)
{
	struct vm_area_struct *prev = vma->vm_prev;
	unsigned long grow;

	mmap_assert_write_locked(vma->vm_mm);
	address &= PAGE_MASK;
	if (!(vma->vm_flags & VM_GROWSDOWN) || address >= vma->vm_start)
		return -EINVAL;
	if (address < mmap_min_addr || vma->vm_end - address > STACK_LIMIT)
		return -ENOMEM;
	/* An inaccessible area below (a PROT_NONE guard) is no obstacle. */
	if (prev && !(prev->vm_flags & VM_GROWSDOWN) &&
	    (prev->vm_flags & VM_ACCESS_FLAGS) &&
	    (address < prev->vm_end || address - prev->vm_end < stack_guard_gap))
		return -ENOMEM;
	grow = (vma->vm_start - address) >> PAGE_SHIFT;
	vma_adjust(vma, address, vma->vm_end, vma->vm_pgoff - grow);
	vma->vm_mm->total_vm += grow;
	if (vma->vm_flags & VM_LOCKED)
		vma->vm_mm->locked_vm += grow;
	return 0;
}

/* Replace what [addr, addr + len) holds (MAP_FIXED) with the new area,
 * and populate it if asked. */
static unsigned long map_range(struct mm_struct *mm, struct file *file,
			       unsigned long addr, unsigned long len,
			       unsigned long vm_flags, unsigned long flags,
			       unsigned long pgoff)
{
	if (find_vma_intersection(mm, addr, addr + len)) {
		int error = do_munmap(mm, addr, len);

		if (error)
			return error;
	}
	addr = mmap_region(mm, file, addr, len, vm_flags, pgoff);
	if (!IS_ERR_VALUE(addr) && ((vm_flags & VM_LOCKED) ||
	    (flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE))
		mm_populate(mm, addr, len);	/* failure is not mmap's */
	if (CONFIG_DEBUG_VM)
		validate_mm(mm);
	return addr;
}

/*
 * A file mapping: what the file was opened for bounds what the area may
 * ever allow. A shared mapping of a file not open for writing can never
 * become writable (no VM_MAYWRITE), so it is not really shared either:
 * Linux keeps only VM_MAYSHARE, which /proc shows as "s".
 */
static unsigned long mmap_file_checked(struct mm_struct *mm,
				       struct file *file, unsigned long addr,
				       unsigned long len,
				       unsigned long vm_flags,
				       unsigned long flags, unsigned long pgoff)
{
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
		if ((vm_flags & VM_WRITE) && !(file->f_mode & FMODE_WRITE))
			return -EACCES;
		vm_flags |= VM_SHARED | VM_MAYSHARE;
		if (!(file->f_mode & FMODE_WRITE))
			vm_flags &= ~(VM_MAYWRITE | VM_SHARED);
		/* fall through */
	case MAP_PRIVATE:
		if (!(file->f_mode & FMODE_READ))
			return -EACCES;
		if (!file->f_op->mmap)
			return -ENODEV;
		if (vm_flags & VM_GROWSDOWN)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}
	return map_range(mm, file, addr, len, vm_flags, flags, pgoff);
}

/* The order of the checks is Linux's, so that a call with several
 * problems fails with the same error. */
unsigned long do_mmap(struct mm_struct *mm, struct file *file,
		      unsigned long addr, unsigned long len, unsigned long prot,
		      unsigned long flags, unsigned long pgoff)
{
	unsigned long vm_flags;

	mmap_assert_write_locked(mm);
	if (!len)
		return -EINVAL;
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	if (!(flags & MAP_FIXED)) {
		/* A hint in the first page means no hint. */
		addr = ALIGN_DOWN(addr, PAGE_SIZE);
		if (addr && addr < mmap_min_addr)
			addr = mmap_min_addr;
	}
	len = ALIGN_UP(len, PAGE_SIZE);
	if (!len)
		return -ENOMEM;
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;
	if (mm->map_count > sysctl_max_map_count)
		return -ENOMEM;

	addr = get_unmapped_area(mm, file, addr, len, pgoff, flags);
	if (IS_ERR_VALUE(addr))
		return addr;
	if ((flags & MAP_FIXED_NOREPLACE) &&
	    find_vma_intersection(mm, addr, addr + len))
		return -EEXIST;

	vm_flags = calc_vm_flags(prot, flags);
	if (file)
		return mmap_file_checked(mm, file, addr, len, vm_flags, flags,
					 pgoff);
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
		if (vm_flags & VM_GROWSDOWN)
			return -EINVAL;
		vm_flags |= VM_SHARED | VM_MAYSHARE;
		pgoff = 0;
		break;
	case MAP_PRIVATE:
		/* The offset of anonymous memory is its address: touching
		 * areas then always continue each other (vma_merge). */
		pgoff = addr >> PAGE_SHIFT;
		break;
	default:
		return -EINVAL;
	}

	return map_range(mm, file, addr, len, vm_flags, flags, pgoff);
}

/* Take the areas from vma up to end off the list and the tree, unmap
 * their pages and free them. */
static void remove_vmas(struct mm_struct *mm, struct vm_area_struct *vma,
			unsigned long start, unsigned long end)
{
	struct mmu_gather tlb;

	tlb_gather_mmu(&tlb, mm);
	unmap_page_range(&tlb, start, end);
	tlb_finish_mmu(&tlb);
	while (vma && vma->vm_start < end) {
		struct vm_area_struct *next = vma->vm_next;

		mm->total_vm -= vma_pages(vma);
		if (vma->vm_flags & VM_LOCKED)
			mm->locked_vm -= vma_pages(vma);
		vma_unlink(mm, vma);
		remove_vma(vma);
		vma = next;
	}
}

int do_munmap(struct mm_struct *mm, unsigned long start, size_t len)
{
	struct vm_area_struct *vma, *last;
	unsigned long end;
	int error;

	mmap_assert_write_locked(mm);
	if (!IS_ALIGNED(start, PAGE_SIZE) || start > TASK_SIZE ||
	    len > TASK_SIZE - start)
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (!len)
		return -EINVAL;
	end = start + len;

	vma = find_vma(mm, start);
	if (!vma || vma->vm_start >= end)
		return 0;
	if (start > vma->vm_start) {
		/* Splitting both ends of one area adds an area, which the
		 * limit may forbid; splitting one end does not, once the
		 * middle is gone. */
		if (end < vma->vm_end && mm->map_count >= sysctl_max_map_count)
			return -ENOMEM;
		error = __split_vma(mm, vma, start, false);
		if (error)
			return error;
	}
	last = find_vma(mm, end);
	if (last && last->vm_start < end) {
		error = __split_vma(mm, last, end, true);
		if (error)
			return error;
	}
	remove_vmas(mm, find_vma(mm, start), start, end);
	if (CONFIG_DEBUG_VM)
		validate_mm(mm);
	return 0;
}

unsigned long vm_mmap(struct mm_struct *mm, struct file *file,
		      unsigned long addr, unsigned long len, unsigned long prot,
		      unsigned long flags, unsigned long pgoff)
{
	down_write(&mm->mmap_sem);
	addr = do_mmap(mm, file, addr, len, prot, flags, pgoff);
	up_write(&mm->mmap_sem);
	return addr;
}

int vm_munmap(struct mm_struct *mm, unsigned long start, size_t len)
{
	int error;

	down_write(&mm->mmap_sem);
	error = do_munmap(mm, start, len);
	up_write(&mm->mmap_sem);
	return error;
}

/* What the mmap system call does before do_mmap: find the file. There is
 * no file table yet, so every descriptor is a bad one. */
unsigned long ksys_mmap_pgoff(struct mm_struct *mm, unsigned long addr,
			      unsigned long len, unsigned long prot,
			      unsigned long flags, int fd, unsigned long pgoff)
{
	struct file *file = NULL;
	unsigned long ret;

	if (!(flags & MAP_ANONYMOUS) && !(file = fget(fd)))
		return -EBADF;
	flags &= ~(MAP_EXECUTABLE | MAP_DENYWRITE);
	ret = vm_mmap(mm, file, addr, len, prot, flags, pgoff);
	if (file)
		fput(file);
	return ret;
}

/* The heap grows as one anonymous area (vma_merge extends the last). */
static int brk_grow(struct mm_struct *mm, unsigned long addr,
		    unsigned long end)
{
	unsigned long vm_flags = VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT;

	if (mm->map_count > sysctl_max_map_count)
		return -ENOMEM;
	addr = mmap_region(mm, NULL, addr, end - addr, vm_flags,
			   addr >> PAGE_SHIFT);
	return IS_ERR_VALUE(addr) ? (int)addr : 0;
}

/* The heap may not come closer than a page to the area above it (or the
 * guard gap of a stack). */
static bool brk_room(struct mm_struct *mm, unsigned long oldbrk,
		     unsigned long newbrk)
{
	struct vm_area_struct *next = find_vma(mm, oldbrk);

	return !next || newbrk + PAGE_SIZE <= vm_start_gap(next);
}

/* Move the break under mmap_sem; returns the break after. */
static unsigned long brk_locked(struct mm_struct *mm, unsigned long brk)
{
	unsigned long newbrk = ALIGN_UP(brk, PAGE_SIZE);
	unsigned long oldbrk = ALIGN_UP(mm->brk, PAGE_SIZE);
	int error = 0;

	if (brk < mm->start_brk || brk > TASK_SIZE)
		return mm->brk;
	if (newbrk < oldbrk)		/* shrinking always may */
		error = do_munmap(mm, newbrk, oldbrk - newbrk);
	else if (newbrk > oldbrk)
		error = brk_room(mm, oldbrk, newbrk) ?
			brk_grow(mm, oldbrk, newbrk) : -ENOMEM;
	if (!error)
		mm->brk = brk;
	return mm->brk;
}

unsigned long do_brk(struct mm_struct *mm, unsigned long brk)
{
	down_write(&mm->mmap_sem);
	brk = brk_locked(mm, brk);
	if (CONFIG_DEBUG_VM)
		validate_mm(mm);
	up_write(&mm->mmap_sem);
	return brk;
}
