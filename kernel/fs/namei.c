/*
 * The path walk (Linux's fs/namei.c in the small): a path is taken a
 * component at a time from its starting directory, each step finding the
 * child in the dentry tree or asking the directory's lookup (/proc), and
 * crossing into a file system mounted there. Errors as Linux's: a missing
 * component is ENOENT, a component that is not a directory where one must
 * be is ENOTDIR, a name longer than NAME_MAX is ENAMETOOLONG. There are
 * no symbolic links.
 */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/namei.h"
#include "kernel/lib/string.h"
#include "kernel/sched.h"
#include "mm/pagemap.h"
#include "mm/slab.h"
#include "mm/uaccess.h"

char *getname(const char __user *filename)
{
	char *name = kmalloc(PATH_MAX, GFP_KERNEL);
	long len;

	if (!name)
		return ERR_PTR(-ENOMEM);
	len = strncpy_from_user(name, filename, PATH_MAX);
	if (len < 0 || len == PATH_MAX || len == 0) {
		kfree(name);
		return ERR_PTR(len < 0 ? -EFAULT :
			       len == PATH_MAX ? -ENAMETOOLONG : -ENOENT);
	}
	return name;
}

void putname(char *name)
{
	kfree(name);
}

/* Where a walk of path starts, with a reference. */
static int path_start(int dfd, const char *path, struct dentry **start)
{
	struct file *file;

	if (*path == '/') {
		*start = dget(current->fs->root);
		return 0;
	}
	if (dfd == AT_FDCWD) {
		*start = dget(current->fs->pwd);
		return 0;
	}
	file = fget(dfd);
	if (!file)
		return -EBADF;
	if (!file->f_dentry || !S_ISDIR(file_inode(file)->i_mode)) {
		fput(file);
		return -ENOTDIR;
	}
	*start = dget(file->f_dentry);
	fput(file);
	return 0;
}

/* A mounted file system hides the directory it is mounted on. */
static struct dentry *follow_mount(struct dentry *dentry)
{
	while (dentry->d_mounted) {
		struct dentry *root = dget(dentry->d_mounted);

		dput(dentry);
		dentry = root;
	}
	return dentry;
}

/* The child name[0..len) of dir: from the tree, or from the
 * directory's lookup; with a reference, or -ENOENT. */
static int lookup_child(struct dentry *dir, const char *name, size_t len,
			struct dentry **out)
{
	struct inode *inode = dir->d_inode;
	struct dentry *child = d_lookup(dir, name, len);
	int err;

	if (!child && inode->i_op && inode->i_op->lookup) {
		child = d_alloc(dir, name, len);
		if (!child)
			return -ENOMEM;
		if ((err = inode->i_op->lookup(inode, child))) {
			dput(child);
			return err;
		}
	}
	if (!child)
		return -ENOENT;
	*out = follow_mount(child);
	return 0;
}

/* One step of the walk, from *dir (whose reference moves to the result). */
static int walk_component(struct dentry **dir, const char *name, size_t len)
{
	struct dentry *next;
	int err;

	if (!S_ISDIR((*dir)->d_inode->i_mode))
		return -ENOTDIR;
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	if (len == 1 && name[0] == '.')
		return 0;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		/* The process's root is its own parent. */
		next = *dir == current->fs->root ? *dir : (*dir)->d_parent;
		dget(next);
	} else if ((err = lookup_child(*dir, name, len, &next))) {
		return err;
	}
	dput(*dir);
	*dir = next;
	return 0;
}

/* The length of the component at path (up to '/' or the end). */
static size_t component_len(const char *path)
{
	size_t len = 0;

	while (path[len] && path[len] != '/')
		len++;
	return len;
}

/*
 * Walk path from dfd. With parent_only, stop before the last component
 * and return it in *last / *last_len (what create and unlink need);
 * otherwise walk it too. A trailing '/' demands a directory.
 */
static int path_walk(int dfd, const char *path, bool parent_only,
		     struct dentry **out, const char **last, size_t *last_len)
{
	struct dentry *dir;
	int err = path_start(dfd, path, &dir);

	if (err)
		return err;
	while (!err) {
		size_t len;

		while (*path == '/')
			path++;
		len = component_len(path);
		if (parent_only && !path[len + (path[len] == '/')]) {
			*last = path;
			*last_len = len;
			break;
		}
		if (!len) {	/* the end, or a trailing slash */
			if (!S_ISDIR(dir->d_inode->i_mode) && path[-1] == '/')
				err = -ENOTDIR;
			break;
		}
		err = walk_component(&dir, path, len);
		path += len;
	}
	if (err) {
		dput(dir);
		return err;
	}
	*out = dir;
	return 0;
}

int kern_path_at(int dfd, const char *path, struct dentry **out)
{
	return path_walk(dfd, path, false, out, NULL, NULL);
}

/* The parent directory and the last name of path, which must be a real
 * name ("." and ".." are not: the caller says what that means). */
static int path_parent(int dfd, const char *path, struct dentry **parent,
		       const char **last, size_t *len)
{
	int err = path_walk(dfd, path, true, parent, last, len);

	if (err)
		return err;
	if (!S_ISDIR((*parent)->d_inode->i_mode))
		err = -ENOTDIR;
	else if (*len > NAME_MAX)
		err = -ENAMETOOLONG;
	if (err)
		dput(*parent);
	return err;
}

static bool is_dot_or_dotdot(const char *name, size_t len)
{
	return !len || (name[0] == '.' && (len == 1 ||
					   (len == 2 && name[1] == '.')));
}

/* A new regular file, or directory, name[0..len) in dir, with a
 * reference; the umask takes its bits from mode. */
static int make_child(struct dentry *dir, const char *name, size_t len,
		      umode_t mode, bool is_dir, struct dentry **out)
{
	const struct inode_operations *ops = dir->d_inode->i_op;
	int (*make)(struct inode *dir, struct dentry *dentry, umode_t mode) =
		!ops ? NULL : is_dir ? ops->mkdir : ops->create;
	struct dentry *dentry;
	int err;

	if (!make)	/* a directory that holds no new names (/proc) */
		return is_dir ? -EPERM : -EACCES;
	if (!(dentry = d_alloc(dir, name, len)))
		return -ENOMEM;
	mode &= S_IALLUGO & ~current->fs->umask;
	if ((err = make(dir->d_inode, dentry, mode))) {
		dput(dentry);
		return err;
	}
	*out = dentry;
	return 0;
}

/* The file at path, made (regular, with mode) if O_CREAT asks; *created
 * says whether it was. */
static int open_or_create(int dfd, const char *path, unsigned flags,
			  umode_t mode, struct dentry **out, bool *created)
{
	struct dentry *dir;
	const char *name;
	size_t len;
	int err;

	if (!(flags & O_CREAT))
		return kern_path_at(dfd, path, out);
	if ((err = path_parent(dfd, path, &dir, &name, &len)))
		return err;
	if (is_dot_or_dotdot(name, len) || name[len] == '/')
		err = -EISDIR;	/* a directory, which O_CREAT cannot open */
	else if (!(err = lookup_child(dir, name, len, out)) &&
		 (flags & O_EXCL)) {
		dput(*out);
		err = -EEXIST;
	} else if (err == -ENOENT) {
		err = make_child(dir, name, len, mode, false, out);
		*created = !err;
	}
	dput(dir);
	return err;
}

/* Whether the open may go ahead on this inode: Linux's may_open, for a
 * system where everyone is root but permission bits still count (writing
 * a file nobody may write is EACCES here, where Linux lets root do it),
 * except on the file the open itself created. */
static int may_open(struct inode *inode, unsigned flags, bool created)
{
	bool write = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);

	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->i_mode))
		return -ENOTDIR;
	if (S_ISDIR(inode->i_mode) && write)
		return -EISDIR;
	if (write && !created && S_ISREG(inode->i_mode) &&
	    !(inode->i_mode & 0222))
		return -EACCES;
	return 0;
}

struct file *do_filp_open(int dfd, const char *path, unsigned flags,
			  umode_t mode)
{
	struct dentry *dentry;
	struct inode *inode;
	struct file *file;
	bool created = false;
	int err = open_or_create(dfd, path, flags, mode, &dentry, &created);

	if (err)
		return ERR_PTR(err);
	inode = dentry->d_inode;
	if ((err = may_open(inode, flags, created))) {
		dput(dentry);
		return ERR_PTR(err);
	}
	if ((flags & O_TRUNC) && S_ISREG(inode->i_mode)) {
		truncate_inode_pages(inode->i_mapping, 0);
		inode->i_size = 0;
	}
	file = dentry_open(dentry, flags);
	dput(dentry);
	return file;
}

struct file *open_exec(const char *path)
{
	struct file *file = do_filp_open(AT_FDCWD, path, O_RDONLY, 0);

	if (IS_ERR(file))
		return file;
	if (!S_ISREG(file_inode(file)->i_mode) ||
	    !(file_inode(file)->i_mode & 0111)) {
		fput(file);
		return ERR_PTR(-EACCES);
	}
	return file;
}

long do_mkdirat(int dfd, const char *path, umode_t mode)
{
	struct dentry *dir, *dentry;
	const char *name;
	size_t len;
	long err = path_parent(dfd, path, &dir, &name, &len);

	if (err)
		return err;
	if (is_dot_or_dotdot(name, len)) {
		err = -EEXIST;
	} else if (!lookup_child(dir, name, len, &dentry)) {
		dput(dentry);
		err = -EEXIST;
	} else if (!(err = make_child(dir, name, len, mode, true, &dentry))) {
		dput(dentry);
	}
	dput(dir);
	return err;
}

long do_unlinkat(int dfd, const char *path, bool rmdir)
{
	const struct inode_operations *ops;
	struct dentry *dir, *dentry;
	const char *name;
	size_t len;
	long err = path_parent(dfd, path, &dir, &name, &len);

	if (err)
		return err;
	ops = dir->d_inode->i_op;
	if (is_dot_or_dotdot(name, len))
		err = rmdir && len == 2 ? -ENOTEMPTY : -EINVAL;
	else if (!rmdir && name[len] == '/')
		err = -ENOTDIR;		/* "file/" names a directory */
	else if (!(err = lookup_child(dir, name, len, &dentry))) {
		bool is_dir = S_ISDIR(dentry->d_inode->i_mode);

		if (rmdir && !is_dir)
			err = -ENOTDIR;
		else if (!rmdir && is_dir)
			err = -EISDIR;
		else if (dentry->d_mounted || dentry == current->fs->root)
			err = -EBUSY;
		else if (!ops || !(rmdir ? ops->rmdir : ops->unlink))
			err = -EPERM;
		else
			err = (rmdir ? ops->rmdir : ops->unlink)(dir->d_inode,
								 dentry);
		dput(dentry);
	}
	dput(dir);
	return err;
}

long d_path(struct dentry *dentry, char *buf, size_t size)
{
	size_t pos = size;

	if (!size)
		return -ERANGE;
	buf[--pos] = '\0';
	for (; dentry != current->fs->root && dentry != dentry->d_parent;
	     dentry = dentry->d_parent) {
		size_t len = strlen(dentry->d_name);

		if (pos < len + 1)
			return -ERANGE;
		pos -= len;
		memcpy(buf + pos, dentry->d_name, len);
		buf[--pos] = '/';
	}
	if (pos == size - 1) {		/* the root itself */
		if (pos < 1)
			return -ERANGE;
		buf[--pos] = '/';
	}
	memmove(buf, buf + pos, size - pos);
	return size - pos;
}

struct fs_struct *fs_alloc(struct dentry *root)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs), GFP_KERNEL);

	if (!fs)
		return NULL;
	fs->users = 1;
	fs->umask = 022;
	fs->root = dget(root);
	fs->pwd = dget(root);
	return fs;
}

struct fs_struct *copy_fs_struct(const struct fs_struct *old)
{
	struct fs_struct *fs = fs_alloc(old->root);

	if (fs) {
		dput(fs->pwd);
		fs->pwd = dget(old->pwd);
		fs->umask = old->umask;
	}
	return fs;
}

void put_fs_struct(struct fs_struct *fs)
{
	if (--fs->users)
		return;
	dput(fs->root);
	dput(fs->pwd);
	kfree(fs);
}
