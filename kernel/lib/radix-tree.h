/*
 * A radix tree: a sparse array from unsigned long indices to pointers,
 * as in Linux 2.6, where it holds each file's page cache (the book's
 * address_space->page_tree). Nodes have 64 slots; the tree has as many
 * levels as its largest index needs and makes nodes on first use, so a
 * huge, sparsely used file costs only what is touched.
 *
 * No lock: its users (the page cache) run on one CPU without kernel
 * preemption, so nothing comes between finding a slot empty and filling
 * it (Linux takes the mapping's tree_lock).
 */
#ifndef KERNEL_LIB_RADIX_TREE_H
#define KERNEL_LIB_RADIX_TREE_H

#include "kernel/types.h"

struct radix_tree_root {
	unsigned int height;	/* levels of nodes above the items */
	void *rnode;		/* the top node; at height 0, item 0 itself */
};

/* The slot holding index, or NULL if no slot was ever made for it. */
void **radix_tree_lookup_slot(struct radix_tree_root *root,
			      unsigned long index);
/* The slot of index, with the nodes on the way made if missing; NULL
 * when out of memory. */
void **radix_tree_create(struct radix_tree_root *root, unsigned long index);
/* Empty every slot from index first on, passing each item to free_item,
 * and free the nodes that are left empty. first == 0 empties the tree. */
void radix_tree_truncate(struct radix_tree_root *root, unsigned long first,
			 void (*free_item)(void *item));

#endif
