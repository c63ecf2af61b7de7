/*
 * Inodes and dentries: making them, counting references, and the tree of
 * names (kernel/fs/fs.h). The tree is small enough to search child lists
 * (Linux hashes dentries by parent and name).
 */
#include "kernel/fs/fs.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "mm/pagemap.h"
#include "mm/slab.h"

struct inode *new_inode(struct super_block *sb, umode_t mode)
{
	struct inode *inode = kzalloc(sizeof(*inode), GFP_KERNEL);

	if (!inode)
		return NULL;
	inode->i_ino = ++sb->s_next_ino;
	inode->i_mode = mode;
	inode->i_nlink = 1;
	inode->i_count = 1;
	inode->i_sb = sb;
	inode->i_mapping = &inode->i_data;
	inode->i_data.host = inode;
	return inode;
}

struct inode *igrab(struct inode *inode)
{
	inode->i_count++;
	return inode;
}

void iput(struct inode *inode)
{
	BUG_ON(inode->i_count <= 0);
	if (--inode->i_count)
		return;
	truncate_inode_pages(&inode->i_data, 0);
	kfree(inode->i_link);
	kfree(inode);
}

const char *simple_get_link(struct inode *inode, char **made)
{
	(void)made;
	return inode->i_link;
}

struct dentry *d_alloc(struct dentry *parent, const char *name, size_t len)
{
	struct dentry *dentry;

	if (len > NAME_MAX)
		return NULL;
	dentry = kzalloc(sizeof(*dentry), GFP_KERNEL);
	if (!dentry)
		return NULL;
	dentry->d_count = 1;
	dentry->d_parent = parent ? dget(parent) : dentry;
	INIT_LIST_HEAD(&dentry->d_child);
	INIT_LIST_HEAD(&dentry->d_subdirs);
	memcpy(dentry->d_name, name, len);
	return dentry;
}

void d_instantiate(struct dentry *dentry, struct inode *inode)
{
	dentry->d_inode = inode;
}

void d_add_to_tree(struct dentry *dentry)
{
	list_add_tail(&dentry->d_child, &dentry->d_parent->d_subdirs);
	dget(dentry);	/* the tree's reference */
}

struct dentry *d_lookup(struct dentry *parent, const char *name, size_t len)
{
	struct dentry *child;

	list_for_each_entry(child, &parent->d_subdirs, d_child)
		if (strlen(child->d_name) == len &&
		    !memcmp(child->d_name, name, len))
			return dget(child);
	return NULL;
}

void d_delete(struct dentry *dentry)
{
	list_del(&dentry->d_child);
	INIT_LIST_HEAD(&dentry->d_child);
	dput(dentry);
}

struct dentry *dget(struct dentry *dentry)
{
	dentry->d_count++;
	return dentry;
}

void dput(struct dentry *dentry)
{
	while (dentry) {
		struct dentry *parent = dentry->d_parent;

		BUG_ON(dentry->d_count <= 0);
		if (--dentry->d_count)
			return;
		if (dentry->d_inode)
			iput(dentry->d_inode);
		kfree(dentry);
		/* Its reference to the parent goes too (a root has none). */
		dentry = parent != dentry ? parent : NULL;
	}
}

struct dentry *d_make_root(struct inode *inode)
{
	struct dentry *root = d_alloc(NULL, "/", 1);

	if (root)
		d_instantiate(root, inode);
	return root;
}

/* The mounted root takes the mountpoint's place in the tree: its parent
 * and name become the mountpoint's, so that ".." leaves the mounted
 * file system and getcwd names paths in it. */
void d_mount(struct dentry *mountpoint, struct dentry *root)
{
	root->d_parent = dget(mountpoint->d_parent);
	memcpy(root->d_name, mountpoint->d_name, sizeof(root->d_name));
	mountpoint->d_mounted = dget(root);
}
