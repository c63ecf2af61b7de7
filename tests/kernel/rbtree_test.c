/*
 * Tests of the red-black tree (kernel/lib/rbtree.c), in the kernel and on
 * the host. The tree holds items whose key is their index in items[]; the
 * reference it is checked against is present[], which says which keys
 * are in. After every operation (or every few, in the long runs) check()
 * validates the rules, walks the tree both ways comparing with present[],
 * and, for augmented trees, checks every node's augmented values.
 * tests/host/rbtree_stress.c runs rbtest_random_ops at a larger scale.
 */
#include "kernel/ktest.h"
#include "kernel/lib/rbtree.h"

/* Keys are below MAX_KEYS: small in the kernel, whose tests must run fast
 * under QEMU and whose .bss holds items[]; larger for the host's stress
 * test. */
#ifdef HOST_BUILD
#define MAX_KEYS (1u << 16)
#else
#define MAX_KEYS 4096u
#endif

struct item {
	struct rb_node rb;
	u32 key;
	u32 value;		/* per-node data of the augmented tree */
	/* Augmented values: what the VMA tree keeps is a maximum (of free
	 * gaps). The size catches more mistakes: a maximum recomputed from
	 * a stale child that held the same nodes comes out right by luck. */
	u32 subtree_max;	/* the largest value in the subtree */
	u32 subtree_size;	/* how many nodes the subtree has */
};

static struct item items[MAX_KEYS];	/* items[k].key == k */
static bool present[MAX_KEYS];
static u32 nr_keys;			/* keys in use: below this */
static u32 nr_present;
static struct rb_root tree;
static rb_augment_fn *augment;		/* NULL: a plain tree */

static u64 rng_state;

/* xorshift64: a fixed sequence, so that a failure repeats. */
static u32 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (u32)(rng_state >> 32);
}

static struct item *to_item(struct rb_node *node)
{
	return rb_entry(node, struct item, rb);
}

static u32 max_of(struct rb_node *node)
{
	return node ? to_item(node)->subtree_max : 0;
}

static u32 size_of(struct rb_node *node)
{
	return node ? to_item(node)->subtree_size : 0;
}

/* What it->subtree_max and it->subtree_size must be, given its
 * children's. */
static u32 subtree_max(struct item *it)
{
	return MAX(it->value,
		   MAX(max_of(it->rb.rb_left), max_of(it->rb.rb_right)));
}

static u32 subtree_size(struct item *it)
{
	return 1 + size_of(it->rb.rb_left) + size_of(it->rb.rb_right);
}

static void update_augmented(struct rb_node *node)
{
	struct item *it = to_item(node);

	it->subtree_max = subtree_max(it);
	it->subtree_size = subtree_size(it);
}

/* An empty tree over keys [0, n), with fresh random values. */
static void reset(u32 n, rb_augment_fn *aug)
{
	rng_state = 0x2545f4914f6cdd1dull;
	tree = RB_ROOT;
	augment = aug;
	nr_keys = n;
	nr_present = 0;
	for (u32 k = 0; k < n; k++) {
		items[k].key = k;
		items[k].value = rng();
		present[k] = false;
	}
}

/* The caller's half of insertion: find the link by key (rbtree.h). */
static void insert(struct item *it)
{
	struct rb_node **link = &tree.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		if (it->key < to_item(parent)->key)
			link = &parent->rb_left;
		else
			link = &parent->rb_right;
	}
	rb_link_node(&it->rb, parent, link);
	if (augment)
		rb_insert_augmented(&it->rb, &tree, augment);
	else
		rb_insert_color(&it->rb, &tree);
	present[it->key] = true;
	nr_present++;
}

static void erase(struct item *it)
{
	if (augment)
		rb_erase_augmented(&it->rb, &tree, augment);
	else
		rb_erase(&it->rb, &tree);
	present[it->key] = false;
	nr_present--;
}

static struct item *search(u32 key)
{
	struct rb_node *node = tree.rb_node;

	while (node && to_item(node)->key != key) {
		if (key < to_item(node)->key)
			node = node->rb_left;
		else
			node = node->rb_right;
	}
	return node ? to_item(node) : NULL;
}

/* Walk the whole tree forward (rb_first, rb_next) or backward (rb_last,
 * rb_prev): it must meet exactly the present keys, in that order. */
static bool check_walk(struct ktest_state *kt, bool forward)
{
	struct rb_node *node = forward ? rb_first(&tree) : rb_last(&tree);

	for (u32 i = 0; i < nr_keys; i++) {
		u32 key = forward ? i : nr_keys - 1 - i;

		if (!present[key])
			continue;
		if (!KT_EXPECT_NOT_NULL(node) ||
		    !KT_EXPECT_EQ(to_item(node)->key, key))
			return false;
		node = forward ? rb_next(node) : rb_prev(node);
	}
	return KT_EXPECT_NULL(node);
}

/* Every node's augmented values agree with its own and its children's,
 * so by induction from the leaves each is right for its subtree. */
static bool check_augmented(struct ktest_state *kt)
{
	struct rb_node *node;

	for (node = rb_first(&tree); node; node = rb_next(node)) {
		struct item *it = to_item(node);

		if (!KT_EXPECT_EQ(it->subtree_max, subtree_max(it)) ||
		    !KT_EXPECT_EQ(it->subtree_size, subtree_size(it)))
			return false;
	}
	return KT_EXPECT_EQ(size_of(tree.rb_node), nr_present);
}

static bool check(struct ktest_state *kt)
{
	int black_height = rb_validate(&tree);

	if (!KT_EXPECT_GE(black_height, 0))
		return false;
	/* A subtree of black height h holds at least 2^h - 1 nodes (rules
	 * 2 and 3): this is what keeps the tree's height logarithmic. */
	if (!KT_EXPECT_GE((u64)nr_present + 1, 1ull << black_height))
		return false;
	return check_walk(kt, true) && check_walk(kt, false) &&
	       (!augment || check_augmented(kt));
}

enum order { ASCENDING, DESCENDING, RANDOM };

static u32 order[MAX_KEYS];

/* Fill order[0..n) with the keys [0, n) in the given order. */
static void make_order(u32 n, enum order how)
{
	for (u32 i = 0; i < n; i++)
		order[i] = how == DESCENDING ? n - 1 - i : i;
	for (u32 i = n; how == RANDOM && i > 1; i--) {	/* Fisher-Yates */
		u32 j = rng() % i, t = order[i - 1];

		order[i - 1] = order[j];
		order[j] = t;
	}
}

/* Insert keys [0, n) in one order, then erase them in another, checking
 * the tree after every step. */
static void insert_then_erase(struct ktest_state *kt, u32 n, enum order in,
			      enum order out, rb_augment_fn *aug)
{
	reset(n, aug);
	make_order(n, in);
	for (u32 i = 0; i < n; i++) {
		insert(&items[order[i]]);
		if (!check(kt))
			return;
	}
	make_order(n, out);
	for (u32 i = 0; i < n; i++) {
		erase(&items[order[i]]);
		if (!check(kt))
			return;
	}
	KT_EXPECT(RB_EMPTY_ROOT(&tree));
}

KTEST(rbtree_empty_and_single_node)
{
	reset(1, NULL);
	KT_EXPECT(RB_EMPTY_ROOT(&tree));
	KT_EXPECT_NULL(rb_first(&tree));
	KT_EXPECT_NULL(rb_last(&tree));
	KT_EXPECT_EQ(rb_validate(&tree), 0);
	insert(&items[0]);
	KT_EXPECT_EQ(rb_validate(&tree), 1);	/* the root is black */
	KT_EXPECT(rb_first(&tree) == &items[0].rb);
	KT_EXPECT(rb_last(&tree) == &items[0].rb);
	KT_EXPECT_NULL(rb_next(&items[0].rb));
	KT_EXPECT_NULL(rb_prev(&items[0].rb));
	erase(&items[0]);
	KT_EXPECT(RB_EMPTY_ROOT(&tree));
}

KTEST(rbtree_insert_ascending_erase_descending)
{
	insert_then_erase(kt, 1000, ASCENDING, DESCENDING, NULL);
}

KTEST(rbtree_insert_descending_erase_ascending)
{
	insert_then_erase(kt, 1000, DESCENDING, ASCENDING, NULL);
}

KTEST(rbtree_insert_and_erase_random)
{
	insert_then_erase(kt, 1000, RANDOM, RANDOM, NULL);
}

KTEST(rbtree_augmented_insert_and_erase_random)
{
	insert_then_erase(kt, 1000, RANDOM, RANDOM, update_augmented);
}

/* The kinds of node erasure treats differently. */
enum shape { ROOT, LEAF, ONE_CHILD, SUCCESSOR_IS_CHILD, SUCCESSOR_DEEPER,
	     NR_SHAPES };

static enum shape shape_of(struct rb_node *node)
{
	if (!node->rb_parent)
		return ROOT;
	if (!node->rb_left && !node->rb_right)
		return LEAF;
	if (!node->rb_left || !node->rb_right)
		return ONE_CHILD;
	return node->rb_right->rb_left ? SUCCESSOR_DEEPER : SUCCESSOR_IS_CHILD;
}

/* The first node in key order of the given shape, NULL if none. */
static struct rb_node *find_shape(enum shape want)
{
	struct rb_node *node = rb_first(&tree);

	while (node && shape_of(node) != want)
		node = rb_next(node);
	return node;
}

/* Erase nodes of each shape in turn (any node when there is none of the
 * wanted shape) until the tree is empty; each shape must have come up. */
KTEST(rbtree_erase_every_shape)
{
	u32 erased[NR_SHAPES] = { 0 };

	reset(500, update_augmented);
	make_order(500, RANDOM);
	for (u32 i = 0; i < 500; i++)
		insert(&items[order[i]]);
	for (u32 i = 0; !RB_EMPTY_ROOT(&tree); i++) {
		struct rb_node *node = find_shape(i % NR_SHAPES);

		if (!node)
			node = rb_first(&tree);
		erased[shape_of(node)]++;
		erase(to_item(node));
		if (!check(kt))
			return;
	}
	for (int s = 0; s < NR_SHAPES; s++)
		KT_EXPECT_GE(erased[s], 10);
}

/* A red node whose parent is not the root, or NULL. */
static struct rb_node *find_deep_red(void)
{
	struct rb_node *node = rb_first(&tree);

	while (node && !(node->rb_color == RB_RED &&
			 node->rb_parent->rb_parent))
		node = rb_next(node);
	return node;
}

/* Each kind of damage is reported as such, and undoing it heals the
 * tree. */
KTEST(rbtree_validate_catches_broken_trees)
{
	struct rb_node *red, *leaf, *parent;

	reset(100, NULL);
	for (u32 k = 0; k < 100; k++)
		insert(&items[k]);
	KT_ASSERT(check(kt));

	tree.rb_node->rb_color = RB_RED;
	KT_EXPECT_EQ(rb_validate(&tree), RB_INVALID_RED_ROOT);
	tree.rb_node->rb_color = RB_BLACK;

	red = find_deep_red();
	KT_ASSERT_NOT_NULL(red);
	red->rb_parent->rb_color = RB_RED;
	KT_EXPECT_EQ(rb_validate(&tree), RB_INVALID_RED_RED);
	red->rb_parent->rb_color = RB_BLACK;

	red->rb_color = RB_BLACK;
	KT_EXPECT_EQ(rb_validate(&tree), RB_INVALID_BLACK_HEIGHT);
	red->rb_color = RB_RED;

	leaf = find_shape(LEAF);
	KT_ASSERT_NOT_NULL(leaf);
	parent = leaf->rb_parent;
	leaf->rb_parent = leaf;
	KT_EXPECT_EQ(rb_validate(&tree), RB_INVALID_PARENT);
	leaf->rb_parent = parent;
	KT_EXPECT(check(kt));
}

/*
 * nr_ops random operations on an augmented tree over keys [0, nkeys):
 * erase a random key if it is in, else insert it, and now and then change
 * a value in place (rb_propagate). The tree hovers around half full.
 * Checks every check_every operations, then erases all in random order.
 */
void rbtest_random_ops(struct ktest_state *kt, u32 nkeys, u32 nr_ops,
		       u32 check_every)
{
	KT_ASSERT(nkeys <= MAX_KEYS);
	reset(nkeys, update_augmented);
	for (u32 i = 1; i <= nr_ops; i++) {
		struct item *it = &items[rng() % nkeys];
		struct item *found = search(it->key);

		if (!KT_EXPECT(found == (present[it->key] ? it : NULL)))
			return;
		if (present[it->key] && rng() % 4 == 0) {
			it->value = rng();
			rb_propagate(&it->rb, update_augmented);
		} else if (present[it->key]) {
			erase(it);
		} else {
			insert(it);
		}
		if (i % check_every == 0 && !check(kt))
			return;
	}
	make_order(nkeys, RANDOM);
	for (u32 i = 0; i < nkeys; i++)
		if (present[order[i]])
			erase(&items[order[i]]);
	KT_EXPECT(check(kt));
	KT_EXPECT(RB_EMPTY_ROOT(&tree));
}

KTEST(rbtree_random_ops)
{
	rbtest_random_ops(kt, 4096, 20000, 50);
}
