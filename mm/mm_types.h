/*
 * The process address space: the memory descriptor (struct mm_struct) and
 * its memory areas (struct vm_area_struct), with the fields and names of
 * "The Process Address Space" (Linux Kernel Development, ch. 15) that mean
 * something in this kernel. docs/book-map.md points from the book to here.
 * The operations on them are declared in mm/mm.h.
 */
#ifndef MM_MM_TYPES_H
#define MM_MM_TYPES_H

#include <asm/pgtable.h>
#include "kernel/lib/rbtree.h"
#include "kernel/list.h"
#include "kernel/rwsem.h"
#include "kernel/spinlock.h"
#include "kernel/types.h"

struct mm_struct;
struct file;
struct vm_fault;

/*
 * A memory area: the interval [vm_start, vm_end) of one address space, all
 * of whose pages have the same permissions and backing. The areas of an mm
 * never overlap; each is linked both in address order on the vm_next list
 * and in the red-black tree mm_rb (a "threaded tree"): the list for walking
 * everything in order, the tree for finding the area of an address in
 * O(log n).
 */
struct vm_area_struct {
	struct mm_struct *vm_mm;	/* the address space we belong to */
	unsigned long vm_start;		/* first address, inclusive */
	unsigned long vm_end;		/* first address after, exclusive */
	struct vm_area_struct *vm_next, *vm_prev;	/* address order */
	pgprot_t vm_page_prot;		/* page-table protection for our pages */
	unsigned long vm_flags;		/* VM_* (mm/mm.h) */
	struct rb_node vm_rb;		/* node in mm->mm_rb */
	/* Largest free gap below any area in this subtree, including the gap
	 * just below this one: what lets get_unmapped_area skip whole
	 * subtrees that have no room (the tree's augmented value). */
	unsigned long rb_subtree_gap;
	const struct vm_operations_struct *vm_ops;
	unsigned long vm_pgoff;		/* offset in vm_file, in pages */
	struct file *vm_file;		/* the mapped file, or NULL */
	void *vm_private_data;
};

/* What a memory area's backing does at the events of its life. */
struct vm_operations_struct {
	void (*open)(struct vm_area_struct *area);	/* area copied or split */
	void (*close)(struct vm_area_struct *area);	/* area removed */
	/* A page of the area is needed: provide it (returns VM_FAULT_*). */
	int (*fault)(struct vm_area_struct *area, struct vm_fault *vmf);
	/* A read-only page is about to become writable. */
	int (*page_mkwrite)(struct vm_area_struct *area, struct vm_fault *vmf);
	/* Access to the area's memory by another process (ptrace, /proc). */
	int (*access)(struct vm_area_struct *area, unsigned long addr,
		      void *buf, int len, int write);
};

/* The kinds of page fault the handler resolves, counted per mm and in
 * all (vm_fault_events): what /proc and the tests read. */
enum mm_fault_kind {
	MM_FAULT_ZERO_PAGE,	/* a read mapped the shared zero page */
	MM_FAULT_ANON,		/* a new zeroed page */
	MM_FAULT_COW_COPY,	/* a write copied a shared page */
	MM_FAULT_COW_REUSE,	/* a write found the page ours alone */
	MM_FAULT_FILE,		/* vm_ops->fault supplied the page */
	MM_FAULT_STACK_GROW,	/* the stack grew down to the address */
	NR_MM_FAULT_KINDS
};

/* The memory descriptor. */
struct mm_struct {
	struct vm_area_struct *mmap;		/* list of memory areas */
	struct rb_root mm_rb;			/* red-black tree of areas */
	struct vm_area_struct *mmap_cache;	/* last area find_vma found */
	/* Where get_unmapped_area's top-down search starts (later kernels
	 * call it mmap_base). The book's kernel moved it after every search
	 * to avoid re-walking the list; here the gaps kept in the tree make
	 * the search O(log n), so it stays where mm_alloc put it. */
	unsigned long free_area_cache;
	unsigned long highest_vm_end;		/* vm_end of the last area: the
						 * gap above it is not in the tree */
	pgd_t *pgd;				/* page global directory */
	int mm_users;				/* tasks using the address space */
	int mm_count;				/* references to the struct; all
						 * users together count as one */
	int map_count;				/* number of memory areas */
	struct rw_semaphore mmap_sem;		/* guards the areas */
	spinlock_t page_table_lock;		/* guards the page tables */
	struct list_head mmlist;		/* all mms, from init_mm */
	unsigned long start_code, end_code;	/* the program's text */
	unsigned long start_data, end_data;	/* its initialised data */
	unsigned long start_brk, brk;		/* the heap */
	unsigned long start_stack;		/* the initial stack pointer */
	unsigned long arg_start, arg_end;	/* argv strings */
	unsigned long env_start, env_end;	/* environment strings */
	struct file *exe_file;			/* the program (/proc/PID/exe),
						 * with a reference */
	unsigned long rss;			/* pages resident */
	unsigned long total_vm;			/* pages mapped */
	unsigned long locked_vm;		/* pages mapped VM_LOCKED */
	unsigned long cpu_vm_mask;		/* CPUs that may cache its TLB
						 * entries: lazy TLB, shootdown */
	unsigned long flags;
	/* How often find_vma's one-entry cache answered: for /proc, tests. */
	unsigned long mmap_cache_hits, mmap_cache_misses;
	unsigned long faults[NR_MM_FAULT_KINDS];
};

#endif
