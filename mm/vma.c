/*
 * The set of memory areas of an address space: a sorted list and a
 * red-black tree over the same areas (a "threaded tree"), plus the
 * one-entry cache of the last area found.
 *
 * Each tree node also keeps rb_subtree_gap, the largest free gap just
 * below any area of its subtree. get_unmapped_area (mm/mmap.c) follows
 * it down the tree to the highest gap that fits, skipping every subtree
 * whose largest gap is too small: O(log n) instead of a walk of the list.
 */
#include "kernel/fs/file.h"
#include "kernel/panic.h"
#include "mm/internal.h"
#include "mm/mm.h"

static struct vm_area_struct *rb_to_vma(struct rb_node *rb)
{
	return rb ? rb_entry(rb, struct vm_area_struct, vm_rb) : NULL;
}

/* The free gap just below vma: from the end of the area before it (or
 * address 0) to its start, less the guard gap below a stack. */
static unsigned long vma_compute_gap(const struct vm_area_struct *vma)
{
	unsigned long gap_start = vma->vm_prev ? vma->vm_prev->vm_end : 0;
	unsigned long gap_end = vm_start_gap(vma);

	return gap_end > gap_start ? gap_end - gap_start : 0;
}

static unsigned long subtree_gap(struct rb_node *rb)
{
	return rb ? rb_to_vma(rb)->rb_subtree_gap : 0;
}

/* The tree's augment callback (kernel/lib/rbtree.h). */
static void vma_gap_callback(struct rb_node *rb)
{
	struct vm_area_struct *vma = rb_to_vma(rb);

	vma->rb_subtree_gap = MAX(vma_compute_gap(vma),
				  MAX(subtree_gap(rb->rb_left),
				      subtree_gap(rb->rb_right)));
}

/* vma's own gap changed (it or the area before it moved): fix the path
 * to the root. */
static void vma_gap_update(struct vm_area_struct *vma)
{
	rb_propagate(&vma->vm_rb, vma_gap_callback);
}

/* The end of vma changed: the gap above it belongs to the next area, or,
 * above the last area, to nobody in the tree. */
static void vma_end_changed(struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (vma->vm_next)
		vma_gap_update(vma->vm_next);
	else
		mm->highest_vm_end = vma->vm_end;
}

/* The area that will come before a new area starting at addr: the last
 * one starting below addr. Also returns where the new node hangs. */
static struct vm_area_struct *find_vma_links(struct mm_struct *mm,
					     unsigned long addr,
					     struct rb_node **parent_out,
					     struct rb_node ***link_out)
{
	struct rb_node **link = &mm->mm_rb.rb_node, *parent = NULL;
	struct vm_area_struct *prev = NULL;

	while (*link) {
		struct vm_area_struct *vma = rb_to_vma(*link);

		parent = *link;
		if (addr < vma->vm_start) {
			link = &parent->rb_left;
		} else {
			prev = vma;
			link = &parent->rb_right;
		}
	}
	*parent_out = parent;
	*link_out = link;
	return prev;
}

void vma_link(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct rb_node *parent, **link;
	struct vm_area_struct *prev = find_vma_links(mm, vma->vm_start,
						     &parent, &link);
	struct vm_area_struct *next = prev ? prev->vm_next : mm->mmap;

	/* The list first: the gap callback reads vm_prev. */
	vma->vm_prev = prev;
	vma->vm_next = next;
	if (prev)
		prev->vm_next = vma;
	else
		mm->mmap = vma;
	if (next)
		next->vm_prev = vma;

	rb_link_node(&vma->vm_rb, parent, link);
	rb_insert_augmented(&vma->vm_rb, &mm->mm_rb, vma_gap_callback);
	vma_end_changed(mm, vma);
	mm->map_count++;
}

void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = vma->vm_prev, *next = vma->vm_next;

	rb_erase_augmented(&vma->vm_rb, &mm->mm_rb, vma_gap_callback);
	if (prev)
		prev->vm_next = next;
	else
		mm->mmap = next;
	if (next) {
		next->vm_prev = prev;
		vma_gap_update(next);	/* its gap now reaches down to prev */
	} else {
		mm->highest_vm_end = prev ? prev->vm_end : 0;
	}
	if (mm->mmap_cache == vma)
		mm->mmap_cache = NULL;
	mm->map_count--;
}

void vma_adjust(struct vm_area_struct *vma, unsigned long start,
		unsigned long end, unsigned long pgoff)
{
	bool start_moved = vma->vm_start != start;
	bool end_moved = vma->vm_end != end;

	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_pgoff = pgoff;
	if (start_moved)
		vma_gap_update(vma);
	if (end_moved)
		vma_end_changed(vma->vm_mm, vma);
}

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = mm->mmap_cache, *found = NULL;
	struct rb_node *rb = mm->mm_rb.rb_node;

	if (vma && vma->vm_start <= addr && addr < vma->vm_end) {
		mm->mmap_cache_hits++;
		count_vm_event(MMAP_CACHE_HIT);
		return vma;
	}
	mm->mmap_cache_misses++;
	count_vm_event(MMAP_CACHE_MISS);
	/* Descend towards addr, remembering the lowest area seen that ends
	 * above it: the answer unless one further down ends above it too. */
	while (rb) {
		vma = rb_to_vma(rb);
		if (vma->vm_end > addr) {
			found = vma;
			if (vma->vm_start <= addr)
				break;
			rb = rb->rb_left;
		} else {
			rb = rb->rb_right;
		}
	}
	if (found)
		mm->mmap_cache = found;
	return found;
}

struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	*pprev = vma ? vma->vm_prev : rb_to_vma(rb_last(&mm->mm_rb));
	return vma;
}

/*
 * Merging. Two areas that touch can be one when everything about them is
 * the same, and the second continues the first's backing: the same file
 * (or none) at the next page offset. Anonymous private areas take their
 * offset from their address (do_mmap), so touching ones always continue
 * each other; areas whose operations must see each piece close (vm_ops
 * with close) are kept apart.
 */
static bool is_mergeable_vma(const struct vm_area_struct *vma,
			     unsigned long vm_flags, const struct file *file)
{
	return vma->vm_flags == vm_flags && vma->vm_file == file &&
	       !(vma->vm_ops && vma->vm_ops->close);
}

/* Can [.., end) with pgoff at its end's page be appended to vma? */
static bool can_vma_merge_after(const struct vm_area_struct *vma,
				unsigned long vm_flags,
				const struct file *file, unsigned long pgoff)
{
	return is_mergeable_vma(vma, vm_flags, file) &&
	       vma->vm_pgoff + vma_pages(vma) == pgoff;
}

/* Can a range ending at vma, whose own end is page pgoff, precede vma? */
static bool can_vma_merge_before(const struct vm_area_struct *vma,
				 unsigned long vm_flags,
				 const struct file *file, unsigned long pgoff)
{
	return is_mergeable_vma(vma, vm_flags, file) && vma->vm_pgoff == pgoff;
}

/* An area that a neighbour grew over: nothing of it is gone but the
 * structure (mergeable areas have no close to call). */
static void remove_merged(struct mm_struct *mm, struct vm_area_struct *vma)
{
	vma_unlink(mm, vma);
	if (vma->vm_file)
		fput(vma->vm_file);
	vm_area_free(vma);
}

/*
 * The cases, with P = prev, N = next, A = the range, X = an area beyond
 * (Linux numbers them the same way in its mm/mmap.c):
 *
 *	   AAAA              AAAA               AAAA
 *	PPPP    NNNN     PPPPNNNNXXXX      PPPPPPNNNNNN
 *	a hole: 1,2,3    all of N: 6,7,8   part of N: 4 (P's tail), 5 (N's head)
 *
 *	1, 6: P + A + N (+ X) become one P
 *	2, 7: P grows over A        (7: N, all of A, goes)
 *	5:    P grows over A, N shrinks from below
 *	3, 8: N (or X) grows down over A   (8: N goes)
 *	4:    A is P's tail: P shrinks, N grows down
 */
struct vm_area_struct *vma_merge(struct mm_struct *mm,
				 struct vm_area_struct *prev, unsigned long addr,
				 unsigned long end, unsigned long vm_flags,
				 struct file *file, unsigned long pgoff)
{
	unsigned long pglen = (end - addr) >> PAGE_SHIFT;
	struct vm_area_struct *area = prev ? prev->vm_next : mm->mmap;
	struct vm_area_struct *next = area;
	bool merge_prev, merge_next, area_in_range;

	if (vm_flags & VM_SPECIAL)
		return NULL;
	area_in_range = area && area->vm_start < end;	/* cases 4..8 */
	if (area_in_range && area->vm_end == end)	/* cases 6, 7, 8 */
		next = area->vm_next;
	merge_prev = prev && prev->vm_end == addr &&
		     can_vma_merge_after(prev, vm_flags, file, pgoff);
	merge_next = next && next->vm_start == end &&
		     can_vma_merge_before(next, vm_flags, file, pgoff + pglen);

	if (merge_prev) {
		unsigned long new_end = merge_next ? next->vm_end : end;

		if (area_in_range) {
			if (area->vm_end == end)		/* 6, 7 */
				remove_merged(mm, area);
			else					/* 5 */
				vma_adjust(area, end, area->vm_end,
					   area->vm_pgoff + pglen);
		}
		if (merge_next)					/* 1, 6 */
			remove_merged(mm, next);
		vma_adjust(prev, prev->vm_start, new_end, prev->vm_pgoff);
		return prev;
	}
	if (merge_next) {
		if (area_in_range)				/* 8 */
			remove_merged(mm, area);
		else if (prev && prev->vm_end > addr)		/* 4 */
			vma_adjust(prev, prev->vm_start, addr, prev->vm_pgoff);
		vma_adjust(next, addr, next->vm_end, next->vm_pgoff - pglen);
		return next;
	}
	return NULL;
}

int __split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		unsigned long addr, bool new_below)
{
	struct vm_area_struct *new = vm_area_alloc(mm);
	unsigned long pgoff_at_addr =
		vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);

	if (!new)
		return -ENOMEM;
	*new = *vma;
	if (new->vm_file)
		get_file(new->vm_file);
	if (new_below) {
		new->vm_end = addr;
		vma_adjust(vma, addr, vma->vm_end, pgoff_at_addr);
	} else {
		new->vm_start = addr;
		new->vm_pgoff = pgoff_at_addr;
		vma_adjust(vma, vma->vm_start, addr, vma->vm_pgoff);
	}
	if (new->vm_ops && new->vm_ops->open)
		new->vm_ops->open(new);
	vma_link(mm, new);
	return 0;
}

int split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
	      unsigned long addr, bool new_below)
{
	if (mm->map_count >= sysctl_max_map_count)
		return -ENOMEM;
	return __split_vma(mm, vma, addr, new_below);
}

int vma_modify_flags(struct mm_struct *mm, struct vm_area_struct *prev,
		     struct vm_area_struct **pvma, unsigned long start,
		     unsigned long end, unsigned long vm_flags)
{
	struct vm_area_struct *vma = *pvma, *merged;
	unsigned long pgoff =
		vma->vm_pgoff + ((start - vma->vm_start) >> PAGE_SHIFT);
	int error;

	merged = vma_merge(mm, prev, start, end, vm_flags, vma->vm_file, pgoff);
	if (merged) {
		*pvma = merged;
		return 0;
	}
	if (start != vma->vm_start) {
		error = split_vma(mm, vma, start, true);
		if (error)
			return error;
	}
	if (end != vma->vm_end) {
		error = split_vma(mm, vma, end, false);
		if (error)
			return error;
	}
	vma->vm_flags = vm_flags;
	vma_set_page_prot(vma);
	return 0;
}

/* validate_mm's complaint: which invariant, for which area. */
static __noreturn void bad_mm(const struct mm_struct *mm,
			      const struct vm_area_struct *vma,
			      const char *problem)
{
	if (vma)
		printk(KERN_EMERG "bad mm %p: area %p [%#lx, %#lx) flags %#lx\n",
		       (const void *)mm, (const void *)vma, vma->vm_start,
		       vma->vm_end, vma->vm_flags);
	panic("validate_mm: %s", problem);
}

/* One area, in list order after prev: its own invariants and its
 * agreement with its tree node. */
static void validate_vma(const struct mm_struct *mm,
			 const struct vm_area_struct *vma,
			 const struct vm_area_struct *prev, struct rb_node *rb)
{
	if (vma->vm_mm != mm)
		bad_mm(mm, vma, "area belongs to another mm");
	if (vma->vm_prev != prev)
		bad_mm(mm, vma, "vm_prev is not the area before");
	if (rb_to_vma(rb) != vma)
		bad_mm(mm, vma, "the list and the tree differ in order");
	if (vma->vm_start >= vma->vm_end || vma->vm_end > TASK_SIZE ||
	    !IS_ALIGNED(vma->vm_start | vma->vm_end, PAGE_SIZE))
		bad_mm(mm, vma, "bad bounds");
	if (prev && prev->vm_end > vma->vm_start)
		bad_mm(mm, vma, "overlaps the area before");
	if (vma->rb_subtree_gap != MAX(vma_compute_gap(vma),
				       MAX(subtree_gap(rb->rb_left),
					   subtree_gap(rb->rb_right))))
		bad_mm(mm, vma, "rb_subtree_gap is stale");
}

void validate_mm(struct mm_struct *mm)
{
	struct vm_area_struct *vma, *prev = NULL;
	struct rb_node *rb = rb_first(&mm->mm_rb);
	bool cache_found = mm->mmap_cache == NULL;
	int count = 0;

	if (rb_validate(&mm->mm_rb) < 0)
		bad_mm(mm, NULL, "the red-black tree is broken");
	for (vma = mm->mmap; vma; prev = vma, vma = vma->vm_next) {
		if (!rb)
			bad_mm(mm, vma, "area on the list but not in the tree");
		validate_vma(mm, vma, prev, rb);
		cache_found |= vma == mm->mmap_cache;
		rb = rb_next(rb);
		count++;
	}
	if (rb)
		bad_mm(mm, rb_to_vma(rb), "area in the tree but not on the list");
	if (count != mm->map_count)
		bad_mm(mm, NULL, "map_count differs from the number of areas");
	if (mm->highest_vm_end != (prev ? prev->vm_end : 0))
		bad_mm(mm, prev, "highest_vm_end is not the last area's end");
	if (!cache_found)
		bad_mm(mm, mm->mmap_cache, "mmap_cache is not one of the areas");
}
