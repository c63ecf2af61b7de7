/*
 * Shared anonymous memory (mmap MAP_SHARED | MAP_ANONYMOUS). Linux backs
 * each such mapping with a file of its own on an internal tmpfs, and so
 * does this kernel, in the small. The file gives the mapping an identity,
 * so that two mappings never merge into one area (their pages are
 * different memory), while the pieces of one mapping, split by mprotect,
 * can merge back. And the file holds the pages: its page cache maps each
 * page offset to a page, which every mapper's fault finds there (forked
 * children too), and which outlives its page-table entries (MADV_DONTNEED,
 * munmap of one mapper) until the last reference to the file goes.
 *
 * The page cache is a radix tree, as in Linux 2.6 (the book's
 * address_space->page_tree): nodes of 64 slots, as many levels as the
 * largest offset needs, made on first use, so that a huge mapping costs
 * only what is touched. No lock guards it (Linux takes the mapping's
 * tree_lock): faults run on one CPU and are not preempted, so nothing
 * comes between finding a slot empty and filling it.
 */
#include "kernel/fs/file.h"
#include "mm/internal.h"
#include "mm/page_alloc.h"

#define RADIX_TREE_MAP_SHIFT 6
#define RADIX_TREE_MAP_SIZE (1ul << RADIX_TREE_MAP_SHIFT)
#define RADIX_TREE_MAP_MASK (RADIX_TREE_MAP_SIZE - 1)

struct radix_tree_node {
	void *slots[RADIX_TREE_MAP_SIZE];	/* nodes below, or pages */
};

struct radix_tree_root {
	unsigned int height;	/* levels of nodes above the items */
	void *rnode;		/* the top node; at height 0, item 0 itself */
};

struct address_space {
	struct radix_tree_root page_tree;	/* the pages, by offset */
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
				return -ENOMEM;
			node->slots[0] = root->rnode;
			root->rnode = node;
		}
		root->height++;
	}
	return 0;
}

/* The slot of index, with the nodes on the way made if missing (Linux's
 * __radix_tree_create); NULL when out of memory. Nodes made before a
 * failure stay in the tree, empty, until it is freed. */
static void **radix_tree_create(struct radix_tree_root *root,
				unsigned long index)
{
	void **slot = &root->rnode;

	if (radix_tree_extend(root, index))
		return NULL;
	for (unsigned int h = root->height; h > 0; h--) {
		struct radix_tree_node *node = *slot;
		unsigned int shift = (h - 1) * RADIX_TREE_MAP_SHIFT;

		if (!node) {
			node = kzalloc(sizeof(*node), GFP_KERNEL);
			if (!node)
				return NULL;
			*slot = node;
		}
		slot = &node->slots[(index >> shift) & RADIX_TREE_MAP_MASK];
	}
	return slot;
}

/* Free the subtree under item, height levels of nodes, and drop the
 * cache's reference to each page at its leaves. */
static void free_page_tree(void *item, unsigned int height)
{
	struct radix_tree_node *node = item;

	if (!item)
		return;
	if (!height) {
		put_page(item);
		return;
	}
	for (unsigned long i = 0; i < RADIX_TREE_MAP_SIZE; i++)
		free_page_tree(node->slots[i], height - 1);
	kfree(node);
}

/* The page at index, zeroed and added to the cache the first time
 * (Linux's shmem_getpage); NULL when out of memory. */
static struct page *shmem_getpage(struct address_space *mapping,
				  unsigned long index)
{
	void **slot = radix_tree_create(&mapping->page_tree, index);

	if (!slot)
		return NULL;
	if (!*slot)
		*slot = alloc_page(__GFP_ZERO);
	return *slot;
}

/* The area's page comes from the file; handle_mm_fault maps it, with a
 * reference of its own (the cache keeps the one it has). */
static int shmem_fault(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	struct page *page = shmem_getpage(vma->vm_file->f_mapping, vmf->pgoff);

	if (!page)
		return VM_FAULT_OOM;
	get_page(page);
	vmf->page = page;
	return 0;
}

/* No open or close: the areas of a mapping need no bookkeeping (their
 * references to the file are the areas' own), and an area with close
 * would never merge back after a split. */
static const struct vm_operations_struct shmem_vm_ops = {
	.fault = shmem_fault,
};

/* The last mapper is gone: so are the pages (Linux frees them when the
 * inode goes; here the file is all there is). */
static void shmem_release(struct file *file)
{
	struct radix_tree_root *tree = &file->f_mapping->page_tree;

	free_page_tree(tree->rnode, tree->height);
	kfree(file->f_mapping);
}

static const struct file_operations shmem_file_operations = {
	.release = shmem_release,
};

int shmem_zero_setup(struct vm_area_struct *vma)
{
	struct file *file = kzalloc(sizeof(*file), GFP_KERNEL);
	struct address_space *mapping = kzalloc(sizeof(*mapping), GFP_KERNEL);

	if (!file || !mapping) {
		kfree(file);
		kfree(mapping);
		return -ENOMEM;
	}
	file->f_count = 1;
	file->f_op = &shmem_file_operations;
	file->f_mapping = mapping;
	vma->vm_file = file;
	vma->vm_ops = &shmem_vm_ops;
	return 0;
}
