/*
 * Red-black trees, the balanced binary search trees Linux keeps memory
 * areas in (mm->mm_rb): lookup, insertion and removal in O(log n).
 *
 * The tree is intrusive, as Linux's is: it stores no keys and allocates
 * nothing. The caller embeds a struct rb_node in its own structure, gets
 * back from the node with rb_entry() (container_of), and does every
 * comparison itself, so one implementation serves any key.
 *
 * The rules, which keep the longest path from the root to a leaf at most
 * twice as long as the shortest one (so the height is at most
 * 2 log2(n + 1)):
 *   1. every node is red or black, and the root is black;
 *   2. a red node has no red child;
 *   3. every path from a node down to a missing child (NULL, counted as a
 *      black leaf) passes the same number of black nodes: the node's
 *      "black height".
 *
 * Inserting: walk down from the root comparing keys to find the NULL link
 * where the new node belongs, hang it there, then let the tree rebalance:
 *
 *	struct rb_node **link = &root->rb_node, *parent = NULL;
 *
 *	while (*link) {
 *		parent = *link;
 *		if (new->key < rb_entry(parent, struct thing, rb)->key)
 *			link = &parent->rb_left;
 *		else
 *			link = &parent->rb_right;
 *	}
 *	rb_link_node(&new->rb, parent, link);
 *	rb_insert_color(&new->rb, root);
 *
 * Searching is the same walk, stopping at an equal key. In-order walks use
 * rb_first/rb_next (or rb_last/rb_prev).
 */
#ifndef KERNEL_LIB_RBTREE_H
#define KERNEL_LIB_RBTREE_H

#include "kernel/compiler.h"
#include "kernel/types.h"

enum rb_color { RB_RED, RB_BLACK };

/* The two sides of a node: the indexes of rb_child[]. */
enum { RB_LEFT, RB_RIGHT };

struct rb_node {
	struct rb_node *rb_parent;	/* NULL for the root */
	/*
	 * The two children under two names: rb_left and rb_right for code
	 * that walks the tree by key, rb_child[RB_LEFT or RB_RIGHT] for the
	 * rebalancing code, which handles each case and its mirror image
	 * at once by naming a side with a variable.
	 */
	union {
		struct {
			struct rb_node *rb_left;
			struct rb_node *rb_right;
		};
		struct rb_node *rb_child[2];
	};
	/* A field of its own rather than a bit hidden in rb_parent: the
	 * tree costs 8 more bytes a node and reads plainly. */
	enum rb_color rb_color;
};

struct rb_root {
	struct rb_node *rb_node;	/* the root node, NULL if empty */
};

#define RB_ROOT ((struct rb_root){ NULL })
#define RB_EMPTY_ROOT(root) ((root)->rb_node == NULL)
#define rb_entry(ptr, type, member) container_of(ptr, type, member)

/* Hang node, with no children, at *link, which is one of parent's child
 * pointers (or the root's, parent NULL). The tree is not yet balanced:
 * call rb_insert_color (or rb_insert_augmented) next. */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **link)
{
	node->rb_parent = parent;
	node->rb_left = node->rb_right = NULL;
	node->rb_color = RB_RED;
	*link = node;
}

/* Rebalance after rb_link_node hung node in the tree. */
void rb_insert_color(struct rb_node *node, struct rb_root *root);
/* Take node out of the tree and rebalance. */
void rb_erase(struct rb_node *node, struct rb_root *root);

/* The smallest and largest nodes, NULL if the tree is empty. */
struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
/* The neighbours of node in key order, NULL past either end. */
struct rb_node *rb_next(struct rb_node *node);
struct rb_node *rb_prev(struct rb_node *node);

/*
 * Augmented trees. Each node may also keep a value that summarises its
 * whole subtree, such as the largest free gap below any memory area in it
 * (what lets mmap find room in O(log n)), or the largest of some per-node
 * value. The user supplies one function that recomputes a node's value
 * from the node itself and the values of its children (NULL children
 * contribute nothing):
 *
 *	static void update(struct rb_node *rb)
 *	{
 *		struct thing *t = rb_entry(rb, struct thing, rb);
 *
 *		t->subtree_max = MAX(t->value, MAX(max_of(rb->rb_left),
 *						   max_of(rb->rb_right)));
 *	}
 *
 * and uses the _augmented calls below in place of the plain ones. The
 * tree calls update(node) only when node's children are up to date:
 *   - rb_insert_augmented: on the new node and every ancestor, bottom up,
 *     before rebalancing (they all gained a descendant);
 *   - rb_erase_augmented: after unlinking, on every node from the removed
 *     position's parent to the root (they all lost a descendant; this
 *     includes the successor that took the erased node's place);
 *   - on each rotation, which only rearranges two nodes x and y: on the
 *     one that went down, then on the one that went up. The subtree they
 *     head holds the same nodes as before, so nothing above changes.
 * Before inserting, set the node's own data (what update reads); its
 * augmented value need not be initialised. After changing a node's own
 * data while it is in the tree (a memory area grows), call rb_propagate.
 * Other nodes whose own data an insertion or erasure changes (the area
 * just above a new one has a smaller gap below it) need rb_propagate too.
 */
typedef void rb_augment_fn(struct rb_node *node);

void rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			 rb_augment_fn *update);
void rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			rb_augment_fn *update);
/* Recompute node's augmented value, then each ancestor's up to the root. */
void rb_propagate(struct rb_node *node, rb_augment_fn *update);

/*
 * Check rules 1 to 3 and that every child's rb_parent points back to its
 * parent, for tests. Returns the root's black height (0 for an empty
 * tree), or the first broken rule found as a negative RB_INVALID_* value.
 * Key order and augmented values are for the caller to check: only it
 * knows them.
 */
enum {
	RB_INVALID_RED_ROOT = -1,
	RB_INVALID_RED_RED = -2,
	RB_INVALID_BLACK_HEIGHT = -3,
	RB_INVALID_PARENT = -4,
};
int rb_validate(const struct rb_root *root);

#endif
