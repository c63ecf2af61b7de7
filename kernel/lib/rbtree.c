/*
 * Red-black trees: rebalancing after insertion and erasure, in-order
 * steps, and a validator for tests. rbtree.h states the rules and the
 * interface.
 *
 * Every rebalancing case has a mirror image, according to which side of
 * its parent a node hangs on. The code handles both at once: it calls one
 * side dir (RB_LEFT or RB_RIGHT) and the other !dir, and reaches children
 * as rb_child[dir] and rb_child[!dir]. The comments describe the case
 * with dir == RB_LEFT.
 */
#include "kernel/lib/rbtree.h"

BUILD_BUG_ON(offsetof(struct rb_node, rb_left) !=
	     offsetof(struct rb_node, rb_child[RB_LEFT]));
BUILD_BUG_ON(offsetof(struct rb_node, rb_right) !=
	     offsetof(struct rb_node, rb_child[RB_RIGHT]));

/* Missing children are black leaves (rule 3). */
static bool is_red(const struct rb_node *node)
{
	return node && node->rb_color == RB_RED;
}

/* The side of parent that node hangs on. */
static int side(const struct rb_node *node, const struct rb_node *parent)
{
	return parent->rb_right == node ? RB_RIGHT : RB_LEFT;
}

static void set_parent(struct rb_node *node, struct rb_node *parent)
{
	if (node)
		node->rb_parent = parent;
}

/* Make new hang where old did: under parent, or as the root. */
static void replace_child(struct rb_node *old, struct rb_node *new,
			  struct rb_node *parent, struct rb_root *root)
{
	if (parent)
		parent->rb_child[side(old, parent)] = new;
	else
		root->rb_node = new;
}

/*
 * Rotate at x towards dir: x's child on the other side, y, takes x's
 * place, and x becomes y's child on side dir. y's inner subtree b crosses
 * over to x. With dir == RB_LEFT:
 *
 *	    x                 y
 *	   / \               / \
 *	  a   y      =>     x   c
 *	     / \           / \
 *	    b   c         a   b
 *
 * The in-order sequence stays a x b y c, so keys stay sorted. Only x and
 * y have new subtrees, so only their augmented values change: x first,
 * since it is now y's child. The subtree as a whole holds the same
 * nodes, so nothing above needs updating.
 */
static void rotate(struct rb_node *x, int dir, struct rb_root *root,
		   rb_augment_fn *update)
{
	struct rb_node *y = x->rb_child[!dir];
	struct rb_node *b = y->rb_child[dir];

	x->rb_child[!dir] = b;
	set_parent(b, x);
	replace_child(x, y, x->rb_parent, root);
	y->rb_parent = x->rb_parent;
	y->rb_child[dir] = x;
	x->rb_parent = y;
	update(x);
	update(y);
}

void rb_propagate(struct rb_node *node, rb_augment_fn *update)
{
	for (; node; node = node->rb_parent)
		update(node);
}

/*
 * The new node is red, so no path's black count changed (rule 3 holds).
 * What may be broken is rule 2, between node and a red parent, or rule 1
 * if node is the root. Each pass of the loop either repairs rule 2 or
 * moves the red-red pair two levels up.
 */
void rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			 rb_augment_fn *update)
{
	struct rb_node *parent, *gparent, *uncle;
	int dir;

	rb_propagate(node, update);
	while (is_red(parent = node->rb_parent)) {
		/* A red node is never the root: gparent exists, and is
		 * black by rule 2. dir is the side parent hangs on. */
		gparent = parent->rb_parent;
		dir = side(parent, gparent);
		uncle = gparent->rb_child[!dir];
		if (is_red(uncle)) {
			/*
			 * Case 1: red uncle. Move gparent's black down to
			 * both its children: every path through gparent
			 * still passes one black, and node's parent is now
			 * black. But gparent is red and its own parent may
			 * be too: go on from gparent.
			 */
			parent->rb_color = uncle->rb_color = RB_BLACK;
			gparent->rb_color = RB_RED;
			node = gparent;
			continue;
		}
		if (node == parent->rb_child[!dir]) {
			/*
			 * Case 2: black uncle, node on the inner side
			 * (parent's right while parent is gparent's left).
			 * Rotating node above parent puts the red pair on
			 * the outer side for case 3; both are red, so no
			 * black count changes.
			 */
			rotate(parent, dir, root, update);
			node = parent;
			parent = node->rb_parent;
		}
		/*
		 * Case 3: black uncle, node on the outer side. Rotate parent
		 * above gparent and swap their colours: black parent now
		 * heads the subtree, over red node and red gparent. Every
		 * path through the subtree passes one black at its top as
		 * before (the uncle's paths included, now under gparent),
		 * and no red node has a red child. Done.
		 */
		rotate(gparent, !dir, root, update);
		parent->rb_color = RB_BLACK;
		gparent->rb_color = RB_RED;
		break;
	}
	/* Case 1 may have painted the root red. Painting it black adds one
	 * black to every path alike, so rule 3 still holds. */
	root->rb_node->rb_color = RB_BLACK;
}

/*
 * A black position was removed under parent, so the paths through node
 * (which took its place and may be NULL) pass one black too few: node is
 * "doubly black". A red node absorbs the deficit by turning black; so
 * does the root, where every path is short alike. Otherwise the sibling's
 * side, which has a black to spare, lends one, or the deficit moves up.
 */
static void erase_fixup(struct rb_node *node, struct rb_node *parent,
			struct rb_root *root, rb_augment_fn *update)
{
	struct rb_node *sibling;
	int dir;

	while (node != root->rb_node && !is_red(node)) {
		/* Even when node is NULL the sibling is not (its side has
		 * a black to match the removed one), so side() can tell
		 * which of parent's children node is. */
		dir = side(node, parent);
		sibling = parent->rb_child[!dir];
		if (is_red(sibling)) {
			/*
			 * Case 1: red sibling, so parent and the sibling's
			 * children are black. Rotate the sibling above
			 * parent and swap their colours: no black count
			 * changes, and node's new sibling is one of those
			 * black children, for the cases below.
			 */
			sibling->rb_color = RB_BLACK;
			parent->rb_color = RB_RED;
			rotate(parent, dir, root, update);
			sibling = parent->rb_child[!dir];
		}
		if (!is_red(sibling->rb_left) && !is_red(sibling->rb_right)) {
			/*
			 * Case 2: black sibling with black children.
			 * Painting the sibling red takes a black from its
			 * side's paths too: now the whole of parent's
			 * subtree is one short. Move the deficit up.
			 */
			sibling->rb_color = RB_RED;
			node = parent;
			parent = node->rb_parent;
			continue;
		}
		if (!is_red(sibling->rb_child[!dir])) {
			/*
			 * Case 3: only the sibling's inner child is red.
			 * Rotate it above the sibling and swap their
			 * colours: no black count changes, and the new
			 * sibling has a red outer child, for case 4.
			 */
			sibling->rb_child[dir]->rb_color = RB_BLACK;
			sibling->rb_color = RB_RED;
			rotate(sibling, !dir, root, update);
			sibling = parent->rb_child[!dir];
		}
		/*
		 * Case 4: the sibling's outer child is red. Rotate the
		 * sibling above parent; it takes parent's colour, and
		 * parent and the outer child turn black. node's paths now
		 * also pass black parent: the lost black is back. The
		 * sibling's old paths lost its black at the top but gained
		 * the outer child's, and those through its inner child
		 * (now parent's) pass parent's black in place of the
		 * sibling's. Done.
		 */
		sibling->rb_color = parent->rb_color;
		parent->rb_color = RB_BLACK;
		sibling->rb_child[!dir]->rb_color = RB_BLACK;
		rotate(parent, dir, root, update);
		return;
	}
	if (node)
		node->rb_color = RB_BLACK;
}

/* The node furthest down on side dir of node's subtree. */
static struct rb_node *extreme(struct rb_node *node, int dir)
{
	while (node && node->rb_child[dir])
		node = node->rb_child[dir];
	return node;
}

/* Put new, which is out of the tree, in old's place: parent, children,
 * colour. */
static void take_place(struct rb_node *new, struct rb_node *old,
		       struct rb_root *root)
{
	*new = *old;
	replace_child(old, new, old->rb_parent, root);
	set_parent(new->rb_left, new);
	set_parent(new->rb_right, new);
}

/*
 * Only a position with at most one child can be cut out of a tree: its
 * child, if any, moves up into it. So when node has two children, the
 * position cut out is its successor's (the leftmost node of its right
 * subtree, which has no left child), and the successor then takes node's
 * place and colour. Either way the position that disappears had the
 * colour of the node that was in it: if black, its paths are one short.
 */
void rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			rb_augment_fn *update)
{
	struct rb_node *cut = node, *child, *parent;
	enum rb_color lost;

	if (node->rb_left && node->rb_right)
		cut = extreme(node->rb_right, RB_LEFT);
	child = cut->rb_left ? cut->rb_left : cut->rb_right;
	parent = cut->rb_parent;
	lost = cut->rb_color;
	replace_child(cut, child, parent, root);
	set_parent(child, parent);
	if (cut != node) {
		take_place(cut, node, root);
		if (parent == node)
			parent = cut;
	}
	rb_propagate(parent, update);
	if (lost == RB_BLACK)
		erase_fixup(child, parent, root, update);
}

static void no_augment(__unused struct rb_node *node)
{
}

void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	rb_insert_augmented(node, root, no_augment);
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	rb_erase_augmented(node, root, no_augment);
}

/*
 * The neighbour of node towards dir (RB_RIGHT: the next one). If node has
 * a subtree on that side, it is that subtree's nearest node, furthest
 * down on the other side. If not, it is the first ancestor whose subtree
 * on the other side holds node: climb while node is on side dir.
 */
static struct rb_node *step(struct rb_node *node, int dir)
{
	if (node->rb_child[dir])
		return extreme(node->rb_child[dir], !dir);
	while (node->rb_parent && node == node->rb_parent->rb_child[dir])
		node = node->rb_parent;
	return node->rb_parent;
}

struct rb_node *rb_first(const struct rb_root *root)
{
	return extreme(root->rb_node, RB_LEFT);
}

struct rb_node *rb_last(const struct rb_root *root)
{
	return extreme(root->rb_node, RB_RIGHT);
}

struct rb_node *rb_next(struct rb_node *node)
{
	return step(node, RB_RIGHT);
}

struct rb_node *rb_prev(struct rb_node *node)
{
	return step(node, RB_LEFT);
}

/* The black height of node's subtree, or a negative RB_INVALID_*. */
static int validate(const struct rb_node *node, const struct rb_node *parent)
{
	int left, right;

	if (!node)
		return 0;
	if (node->rb_parent != parent)
		return RB_INVALID_PARENT;
	if (is_red(node) && (is_red(node->rb_left) || is_red(node->rb_right)))
		return RB_INVALID_RED_RED;
	left = validate(node->rb_left, node);
	if (left < 0)
		return left;
	right = validate(node->rb_right, node);
	if (right < 0)
		return right;
	if (left != right)
		return RB_INVALID_BLACK_HEIGHT;
	return left + (node->rb_color == RB_BLACK);
}

int rb_validate(const struct rb_root *root)
{
	if (is_red(root->rb_node))
		return RB_INVALID_RED_ROOT;
	return validate(root->rb_node, NULL);
}
