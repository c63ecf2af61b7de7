/* ramfs (kernel/fs/ramfs.c), the root file system, and the helpers its
 * directories share with other file systems. */
#ifndef KERNEL_FS_RAMFS_H
#define KERNEL_FS_RAMFS_H

#include "kernel/fs/fs.h"

/* A new ramfs inode: a directory, regular file, symbolic link (whose
 * text the caller gives it), or device file dev. */
struct inode *ramfs_get_inode(umode_t mode, dev_t dev);
/* Make dentry (a new name in dir) a file of mode, kept in the tree. */
int ramfs_mknod(struct inode *dir, struct dentry *dentry, umode_t mode,
		dev_t dev);
/* getdents64 over the dentries kept in the tree under the directory. */
int dcache_readdir(struct file *file, struct dir_context *ctx);
/* A device file: its operations are the device's (kernel/fs/devices.c). */
void init_special_inode(struct inode *inode, dev_t dev);

#endif
