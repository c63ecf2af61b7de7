/*
 * ramfs: the file system the root lives on (Linux's rootfs). It is
 * nothing but the dentry tree and the page cache: a directory's entries
 * are the dentries kept in the tree under it, a file's data is the pages
 * in its page cache, a symbolic link's text is a string its inode keeps,
 * and nothing is written anywhere else. Everything is lost at power-off.
 */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/fs.h"
#include "kernel/fs/ramfs.h"
#include "kernel/lib/string.h"
#include "mm/pagemap.h"
#include "mm/slab.h"

static struct super_block ramfs_sb = { .s_dev = MKDEV(0, 1) };

static const struct inode_operations ramfs_dir_inode_operations;

static const struct inode_operations ramfs_symlink_inode_operations = {
	.get_link = simple_get_link,
};

static const struct file_operations ramfs_file_operations = {
	.read = filemap_read,
	.write = filemap_write,
	.llseek = generic_file_llseek,
	.mmap = generic_file_mmap,
};

static const struct file_operations ramfs_dir_operations = {
	.llseek = generic_file_llseek,
	.iterate = dcache_readdir,
};

struct inode *ramfs_get_inode(umode_t mode, dev_t dev)
{
	struct inode *inode = new_inode(&ramfs_sb, mode);

	if (!inode)
		return NULL;
	if (S_ISDIR(mode)) {
		inode->i_nlink = 2;	/* its name and its "." */
		inode->i_op = &ramfs_dir_inode_operations;
		inode->i_fop = &ramfs_dir_operations;
	} else if (S_ISREG(mode)) {
		inode->i_fop = &ramfs_file_operations;
	} else if (S_ISLNK(mode)) {
		inode->i_op = &ramfs_symlink_inode_operations;
	} else {
		init_special_inode(inode, dev);
	}
	return inode;
}

int ramfs_mknod(struct inode *dir, struct dentry *dentry, umode_t mode,
		dev_t dev)
{
	struct inode *inode = ramfs_get_inode(mode, dev);

	if (!inode)
		return -ENOMEM;
	if (S_ISDIR(mode))
		dir->i_nlink++;		/* the new ".." */
	d_instantiate(dentry, inode);
	d_add_to_tree(dentry);
	return 0;
}

static int ramfs_create(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	return ramfs_mknod(dir, dentry, S_IFREG | mode, 0);
}

static int ramfs_mkdir(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	return ramfs_mknod(dir, dentry, S_IFDIR | mode, 0);
}

/* A link's permission bits are always 0777 (the umask does not apply),
 * and its size is the length of its text. */
static int ramfs_symlink(struct inode *dir, struct dentry *dentry,
			 const char *target)
{
	size_t len = strlen(target);
	struct inode *inode = ramfs_get_inode(S_IFLNK | 0777, 0);

	(void)dir;
	if (!inode)
		return -ENOMEM;
	if (!(inode->i_link = kmalloc(len + 1, GFP_KERNEL))) {
		iput(inode);
		return -ENOMEM;
	}
	memcpy(inode->i_link, target, len + 1);
	inode->i_size = len;
	d_instantiate(dentry, inode);
	d_add_to_tree(dentry);
	return 0;
}

/* The name goes; the inode lives on while files are open on it. */
static int ramfs_unlink(struct inode *dir, struct dentry *dentry)
{
	(void)dir;
	dentry->d_inode->i_nlink--;
	d_delete(dentry);
	return 0;
}

static int ramfs_rmdir(struct inode *dir, struct dentry *dentry)
{
	if (!list_empty(&dentry->d_subdirs))
		return -ENOTEMPTY;
	dir->i_nlink--;
	dentry->d_inode->i_nlink = 0;
	d_delete(dentry);
	return 0;
}

static const struct inode_operations ramfs_dir_inode_operations = {
	.create = ramfs_create,
	.mkdir = ramfs_mkdir,
	.symlink = ramfs_symlink,
	.unlink = ramfs_unlink,
	.rmdir = ramfs_rmdir,
};

/* Entry pos of a directory listing: ".", "..", then the children in
 * the order they were made. An entry removed meanwhile shifts the rest
 * by one, so a listing during removals may skip a name (Linux keeps a
 * cursor in the list to avoid that). */
int dcache_readdir(struct file *file, struct dir_context *ctx)
{
	struct dentry *dir = file->f_dentry, *child;
	loff_t i = 2;

	if (ctx->pos == 0 && !ctx->emit(ctx, ".", 1, dir->d_inode->i_ino,
					DT_DIR))
		return 0;
	ctx->pos = MAX(ctx->pos, 1);
	if (ctx->pos == 1 &&
	    !ctx->emit(ctx, "..", 2, dir->d_parent->d_inode->i_ino, DT_DIR))
		return 0;
	ctx->pos = MAX(ctx->pos, 2);
	list_for_each_entry(child, &dir->d_subdirs, d_child) {
		struct inode *inode;

		if (i++ < ctx->pos)
			continue;
		inode = child->d_inode;
		if (!ctx->emit(ctx, child->d_name, strlen(child->d_name),
			       inode->i_ino, dt_type(inode->i_mode)))
			return 0;
		ctx->pos = i;
	}
	return 0;
}
