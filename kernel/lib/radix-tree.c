/* The radix tree of kernel/lib/radix-tree.h. */
#include "kernel/lib/radix-tree.h"
#include "mm/slab.h"

#define RADIX_TREE_MAP_SHIFT 6
#define RADIX_TREE_MAP_SIZE (1ul << RADIX_TREE_MAP_SHIFT)
#define RADIX_TREE_MAP_MASK (RADIX_TREE_MAP_SIZE - 1)

struct radix_tree_node {
	void *slots[RADIX_TREE_MAP_SIZE];	/* nodes below, or items */
};

/* The largest index a tree of this height can hold. */
static unsigned long radix_tree_maxindex(unsigned int height)
{
	unsigned int bits = height * RADIX_TREE_MAP_SHIFT;

	return bits < 8 * sizeof(unsigned long) ? (1ul << bits) - 1 : ~0ul;
}

/* Add levels on top until the tree reaches index: the old top becomes
 * slot 0 of a new one. An empty tree just counts the levels. */
static int radix_tree_extend(struct radix_tree_root *root,
			     unsigned long index)
{
	while (index > radix_tree_maxindex(root->height)) {
		if (root->rnode) {
			struct radix_tree_node *node =
				kzalloc(sizeof(*node), GFP_KERNEL);

			if (!node)
				return -1;
			node->slots[0] = root->rnode;
			root->rnode = node;
		}
		root->height++;
	}
	return 0;
}

/* The walk from the root to index's slot; with create, the nodes on the
 * way are made if missing (Linux's __radix_tree_create). Nodes made
 * before a failure stay in the tree, empty, until it is truncated. */
static void **radix_tree_walk(struct radix_tree_root *root,
			      unsigned long index, bool create)
{
	void **slot = &root->rnode;

	for (unsigned int h = root->height; h > 0; h--) {
		struct radix_tree_node *node = *slot;
		unsigned int shift = (h - 1) * RADIX_TREE_MAP_SHIFT;

		if (!node && create)
			node = *slot = kzalloc(sizeof(*node), GFP_KERNEL);
		if (!node)
			return NULL;
		slot = &node->slots[(index >> shift) & RADIX_TREE_MAP_MASK];
	}
	return slot;
}

void **radix_tree_lookup_slot(struct radix_tree_root *root,
			      unsigned long index)
{
	if (index > radix_tree_maxindex(root->height))
		return NULL;
	return radix_tree_walk(root, index, false);
}

void **radix_tree_create(struct radix_tree_root *root, unsigned long index)
{
	if (radix_tree_extend(root, index))
		return NULL;
	return radix_tree_walk(root, index, true);
}

/* Empty the slots of the subtree at *slot (height levels of nodes,
 * covering indices from base on) whose index is first or more; free
 * the subtree's top node too if it ends up empty. */
static void truncate_subtree(void **slot, unsigned int height,
			     unsigned long base, unsigned long first,
			     void (*free_item)(void *item))
{
	struct radix_tree_node *node = *slot;
	unsigned long span;
	bool empty = true;

	if (!node)
		return;
	if (!height) {
		if (base >= first) {
			free_item(node);
			*slot = NULL;
		}
		return;
	}
	span = 1ul << ((height - 1) * RADIX_TREE_MAP_SHIFT);
	for (unsigned long i = 0; i < RADIX_TREE_MAP_SIZE; i++) {
		unsigned long start = base + i * span;

		/* Subtrees wholly below first keep everything. */
		if (start + (span - 1) >= first)
			truncate_subtree(&node->slots[i], height - 1, start,
					 first, free_item);
		if (node->slots[i])
			empty = false;
	}
	if (empty) {
		kfree(node);
		*slot = NULL;
	}
}

void radix_tree_truncate(struct radix_tree_root *root, unsigned long first,
			 void (*free_item)(void *item))
{
	truncate_subtree(&root->rnode, root->height, 0, first, free_item);
	if (!root->rnode)
		root->height = 0;
}
