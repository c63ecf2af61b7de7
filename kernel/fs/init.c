/*
 * The file system at boot: a ramfs root holding the initramfs, /dev with
 * the console, null and zero, /tmp for everyone's files, and /proc.
 */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/initramfs.h"
#include "kernel/fs/namei.h"
#include "kernel/fs/proc/proc.h"
#include "kernel/fs/ramfs.h"
#include "kernel/printk.h"
#include "mm/pagemap.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "mm/slab.h"

struct dentry *root_dentry;

/* Make name in dir (boot only, so failure is fatal). */
static struct dentry *make_node(struct dentry *dir, const char *name,
				umode_t mode, dev_t dev)
{
	struct dentry *dentry = d_alloc(dir, name, strlen(name));

	if (!dentry || ramfs_mknod(dir->d_inode, dentry, mode, dev))
		panic("vfs: cannot make %s", name);
	return dentry;
}

static void make_dev(void)
{
	struct dentry *dev = make_node(root_dentry, "dev", S_IFDIR | 0755, 0);

	dput(make_node(dev, "null", S_IFCHR | 0666, MKDEV(1, 3)));
	dput(make_node(dev, "zero", S_IFCHR | 0666, MKDEV(1, 5)));
	dput(make_node(dev, "console", S_IFCHR | 0600, MKDEV(5, 1)));
	dput(dev);
}

/* A symbolic link's text is its entry's data, which the archive does
 * not end with a NUL. */
static int unpack_symlink(const struct initramfs_file *f)
{
	char *target;
	long err;

	if (f->size >= PATH_MAX)
		return -ENAMETOOLONG;
	if (!(target = kmalloc(f->size + 1, GFP_KERNEL)))
		return -ENOMEM;
	memcpy(target, f->data, f->size);
	target[f->size] = '\0';
	err = do_symlinkat(target, AT_FDCWD, f->name);
	kfree(target);
	return err;
}

/* One archive entry into the root file system. */
/* The archive's names are relative ("bin/sh"), and at boot the working
 * directory is the root. */
static int unpack_entry(const struct initramfs_file *f)
{
	struct file *file;
	long n;

	if (!*f->name)
		return 0;	/* the root exists already */
	if (S_ISDIR(f->mode)) {
		n = do_mkdirat(AT_FDCWD, f->name, f->mode);
		return n == -EEXIST ? 0 : n;
	}
	if (S_ISLNK(f->mode))
		return unpack_symlink(f);
	if (!S_ISREG(f->mode))
		return -EINVAL;	/* no devices */
	file = do_filp_open(AT_FDCWD, f->name, O_WRONLY | O_CREAT | O_TRUNC,
			    f->mode);
	if (IS_ERR(file))
		return PTR_ERR(file);
	/* The archive's mode, not the umask's version of it. */
	file_inode(file)->i_mode = S_IFREG | (f->mode & S_IALLUGO);
	n = filemap_write_kernel(file, f->data, f->size, 0);
	fput(file);
	return n < 0 ? n : 0;
}

/* Copy the boot initramfs into the root (Linux's populate_rootfs): its
 * directories, regular files and symbolic links, with their modes. An
 * entry that cannot be made is logged and skipped. */
static void populate_rootfs(void)
{
	const struct initramfs *fs = boot_initramfs();

	for (size_t i = 0; i < fs->nr_files; i++) {
		int err = unpack_entry(&fs->files[i]);

		if (err)
			pr_warn("initramfs: cannot unpack %s: error %d\n",
				fs->files[i].name, -err);
	}
}

void vfs_init(void)
{
	struct inode *root = ramfs_get_inode(S_IFDIR | 0755, 0);
	struct dentry *proc, *proc_root;

	if (!root || !(root_dentry = d_make_root(root)) ||
	    !(init_task.fs = fs_alloc(root_dentry)) ||
	    !(init_task.files = files_alloc()))
		panic("vfs: no memory for the root");
	make_dev();
	dput(make_node(root_dentry, "tmp", S_IFDIR | 01777, 0));
	proc = make_node(root_dentry, "proc", S_IFDIR | 0555, 0);
	if (!(proc_root = proc_root_init()))
		panic("vfs: no memory for /proc");
	d_mount(proc, proc_root);
	dput(proc);
	dput(proc_root);	/* the mount holds it */
	populate_rootfs();
}

/* init's descriptors 0, 1 and 2: the console, as Linux opens them. */
int console_open_for_init(void)
{
	struct file *file = do_filp_open(AT_FDCWD, "/dev/console", O_RDWR, 0);

	if (IS_ERR(file))
		return PTR_ERR(file);
	for (int fd = 0; fd < 3; fd++)
		if (fd_alloc(current->files, get_file(file), fd, false) != fd)
			return -EMFILE;
	fput(file);
	return 0;
}
