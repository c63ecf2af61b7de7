/*
 * The path walk (Linux's fs/namei.c in the small): a path is taken a
 * component at a time from its starting directory, each step finding the
 * child in the dentry tree or asking the directory's lookup (/proc), and
 * crossing into a file system mounted there. Errors as Linux's: a missing
 * component is ENOENT, a component that is not a directory where one must
 * be is ENOTDIR, a name longer than NAME_MAX is ENAMETOOLONG.
 *
 * Symbolic links are followed wherever the walk goes on past them: before
 * the last component, or with a '/' after them ("link/"). A link that is
 * the last component is followed only if the caller asks (LOOKUP_FOLLOW:
 * stat, chdir, open without O_NOFOLLOW), not by lstat, readlink, unlink,
 * mkdir or symlink, which act on the link itself. Following a link splices
 * its text in place of its name: the walk goes on through the text and
 * then what came after the name, from the process's root if the text is
 * absolute, else from the directory that holds the link. A walk follows
 * at most MAXSYMLINKS links in all, then fails with ELOOP, as Linux's
 * does. (Linux keeps each link's text apart; here the spliced path must
 * fit in PATH_MAX, else ENAMETOOLONG, which only a link text of nearly
 * PATH_MAX bytes inside a long path can exceed.)
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

#define MAXSYMLINKS 40
/* Stop before the last component, and leave it in nd->last (what calls
 * that make or remove a name need). */
#define LOOKUP_PARENT 0x10

/* A path walk under way (Linux's struct nameidata, in the small). */
struct nameidata {
	struct dentry *dir;	/* where the walk is, held */
	const char *path;	/* what is left to walk */
	unsigned flags;		/* LOOKUP_FOLLOW, LOOKUP_PARENT */
	int links;		/* symbolic links followed so far */
	char *buf;		/* the path with link texts spliced in */
	const char *last;	/* with LOOKUP_PARENT: the last component, */
	size_t last_len;	/* which may have slashes after it */
};

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

static int nd_init(struct nameidata *nd, int dfd, const char *path,
		   unsigned flags)
{
	*nd = (struct nameidata){ .path = path, .flags = flags };
	return path_start(dfd, path, &nd->dir);
}

/* The end of a walk that nd_init began, however it went. */
static void nd_release(struct nameidata *nd)
{
	dput(nd->dir);
	kfree(nd->buf);
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

/* Go on through link's text, then what followed its name (nd->path).
 * The walk is still in the directory that holds the link, where a
 * relative text starts. */
static int follow_link(struct nameidata *nd, struct dentry *link)
{
	struct inode *inode = link->d_inode;
	size_t len, rest = strlen(nd->path);
	char *made = NULL;
	const char *text;
	int err = 0;

	if (nd->links++ >= MAXSYMLINKS)
		return -ELOOP;
	text = inode->i_op->get_link(inode, &made);
	if (IS_ERR(text))
		return PTR_ERR(text);
	len = strlen(text);
	if (len + rest >= PATH_MAX)
		err = -ENAMETOOLONG;
	else if (!nd->buf && !(nd->buf = kmalloc(PATH_MAX, GFP_KERNEL)))
		err = -ENOMEM;
	if (!err) {
		/* The rest may lie in nd->buf already: move it first. */
		memmove(nd->buf + len, nd->path, rest + 1);
		memcpy(nd->buf, text, len);
		nd->path = nd->buf;
		if (*text == '/') {
			dput(nd->dir);
			nd->dir = dget(current->fs->root);
		}
	}
	kfree(made);
	return err;
}

/* One step of the walk, into the component name[0..len); nd->path is
 * what follows it. */
static int walk_component(struct nameidata *nd, const char *name, size_t len)
{
	struct dentry *next;
	int err;

	if (!S_ISDIR(nd->dir->d_inode->i_mode))
		return -ENOTDIR;
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	if (len == 1 && name[0] == '.')
		return 0;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		/* The process's root is its own parent. */
		next = nd->dir == current->fs->root ? nd->dir :
						      nd->dir->d_parent;
		dget(next);
	} else if ((err = lookup_child(nd->dir, name, len, &next))) {
		return err;
	}
	if (S_ISLNK(next->d_inode->i_mode) &&
	    (*nd->path || (nd->flags & LOOKUP_FOLLOW))) {
		err = follow_link(nd, next);
		dput(next);
		return err;
	}
	dput(nd->dir);
	nd->dir = next;
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

static bool only_slashes(const char *s)
{
	while (*s == '/')
		s++;
	return !*s;
}

/* Walk what is left of nd->path, or with LOOKUP_PARENT all of it but
 * the last component. A trailing '/' demands a directory. */
static int path_walk(struct nameidata *nd)
{
	for (;;) {
		const char *name;
		size_t len;
		int err;

		while (*nd->path == '/')
			nd->path++;
		name = nd->path;
		len = component_len(name);
		nd->path = name + len;
		if ((nd->flags & LOOKUP_PARENT) && only_slashes(nd->path)) {
			nd->last = name;
			nd->last_len = len;
			return 0;
		}
		if (!len)	/* the end: name[-1] is the path's last byte */
			return name[-1] == '/' &&
			       !S_ISDIR(nd->dir->d_inode->i_mode) ? -ENOTDIR : 0;
		if ((err = walk_component(nd, name, len)))
			return err;
	}
}

int kern_path_at(int dfd, const char *path, unsigned flags,
		 struct dentry **out)
{
	struct nameidata nd;
	int err = nd_init(&nd, dfd, path, flags);

	if (err)
		return err;
	if (!(err = path_walk(&nd)))
		*out = dget(nd.dir);
	nd_release(&nd);
	return err;
}

/* Walk to the directory of the last component (nd->last). What a last
 * component of ".", ".." or "" (the path "/") means is the caller's to
 * say. */
static int walk_parent(struct nameidata *nd)
{
	int err = path_walk(nd);

	if (!err && !S_ISDIR(nd->dir->d_inode->i_mode))
		err = -ENOTDIR;
	else if (!err && nd->last_len > NAME_MAX)
		err = -ENAMETOOLONG;
	return err;
}

/* nd_init and walk_parent: on success nd is the caller's to release. */
static int path_parentat(struct nameidata *nd, int dfd, const char *path)
{
	int err = nd_init(nd, dfd, path, LOOKUP_PARENT);

	if (!err && (err = walk_parent(nd)))
		nd_release(nd);
	return err;
}

static bool is_dot_or_dotdot(const char *name, size_t len)
{
	return !len || (name[0] == '.' && (len == 1 ||
					   (len == 2 && name[1] == '.')));
}

/* The mode a new file or directory gets: the umask takes its bits. */
static umode_t umasked(umode_t mode)
{
	return mode & S_IALLUGO & ~current->fs->umask;
}

/* open's new regular file, nd->last in nd->dir, with a reference. */
static int create_file(struct nameidata *nd, umode_t mode,
		       struct dentry **out)
{
	struct inode *dir = nd->dir->d_inode;
	struct dentry *dentry;
	int err;

	if (!dir->i_op || !dir->i_op->create)
		return -EACCES;	/* a directory that holds no new names (/proc) */
	if (!(dentry = d_alloc(nd->dir, nd->last, nd->last_len)))
		return -ENOMEM;
	if ((err = dir->i_op->create(dir, dentry, umasked(mode)))) {
		dput(dentry);
		return err;
	}
	*out = dentry;
	return 0;
}

/*
 * open with O_CREAT: the file at path, made (regular, with mode) if it is
 * not there; *created says whether it was. A symbolic link there is
 * followed unless O_EXCL or O_NOFOLLOW says not to (may_open then refuses
 * it), and if it leads nowhere, the file is made where it points, as
 * Linux does.
 */
static int open_create(int dfd, const char *path, unsigned flags,
		       umode_t mode, struct dentry **out, bool *created)
{
	struct nameidata nd;
	int err = path_parentat(&nd, dfd, path);

	if (err)
		return err;
	for (;;) {
		if (is_dot_or_dotdot(nd.last, nd.last_len) ||
		    nd.last[nd.last_len] == '/') {
			err = -EISDIR;	/* a directory, which O_CREAT cannot open */
			break;
		}
		err = lookup_child(nd.dir, nd.last, nd.last_len, out);
		if (err == -ENOENT) {
			err = create_file(&nd, mode, out);
			*created = !err;
			break;
		}
		if (err || !S_ISLNK((*out)->d_inode->i_mode) ||
		    (flags & (O_EXCL | O_NOFOLLOW)))
			break;
		err = follow_link(&nd, *out);
		dput(*out);
		if (err || (err = walk_parent(&nd)))
			break;
	}
	if (!err && !*created && (flags & O_EXCL)) {
		dput(*out);
		err = -EEXIST;
	}
	nd_release(&nd);
	return err;
}

/* Whether the open may go ahead on this inode: Linux's may_open (and the
 * checks of do_open before it), for a system where everyone is root but
 * permission bits still count (writing a file nobody may write is EACCES
 * here, where Linux lets root do it), except on the file the open itself
 * created. */
static int may_open(struct inode *inode, unsigned flags, bool created)
{
	bool write = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);

	if ((flags & O_CREAT) && S_ISDIR(inode->i_mode))
		return -EISDIR;
	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->i_mode))
		return -ENOTDIR;
	if (S_ISLNK(inode->i_mode))
		return -ELOOP;	/* a link not followed: O_NOFOLLOW */
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
	int err = (flags & O_CREAT) ?
		open_create(dfd, path, flags, mode, &dentry, &created) :
		kern_path_at(dfd, path,
			     (flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &dentry);

	if (err)
		return ERR_PTR(err);
	inode = dentry->d_inode;
	if ((err = may_open(inode, flags, created))) {
		dput(dentry);
		return ERR_PTR(err);
	}
	/* Truncated once open: a running program's file is not (ETXTBSY). */
	file = dentry_open(dentry, flags);
	if (!IS_ERR(file) && (flags & O_TRUNC) && S_ISREG(inode->i_mode)) {
		truncate_inode_pages(inode->i_mapping, 0);
		inode->i_size = 0;
	}
	dput(dentry);
	return file;
}

struct file *open_exec(const char *path)
{
	struct file *file = do_filp_open(AT_FDCWD, path, O_RDONLY, 0);
	int err = 0;

	if (IS_ERR(file))
		return file;
	if (!S_ISREG(file_inode(file)->i_mode) ||
	    !(file_inode(file)->i_mode & 0111))
		err = -EACCES;
	else
		err = deny_write_access(file);
	if (err) {
		fput(file);
		return ERR_PTR(err);
	}
	return file;
}


/*
 * The new name path asks for (Linux's filename_create): a negative dentry
 * for its last component in its directory, which the dentry holds. The
 * name must not exist yet, not even as a link leading nowhere (EEXIST);
 * "name/" asks for a directory, which only mkdir makes (else ENOENT).
 */
static struct dentry *filename_create(int dfd, const char *path, bool is_dir)
{
	struct nameidata nd;
	struct dentry *dentry;
	int err = path_parentat(&nd, dfd, path);

	if (err)
		return ERR_PTR(err);
	if (is_dot_or_dotdot(nd.last, nd.last_len)) {
		dentry = ERR_PTR(-EEXIST);
	} else if (!(err = lookup_child(nd.dir, nd.last, nd.last_len,
					&dentry))) {
		dput(dentry);
		dentry = ERR_PTR(-EEXIST);
	} else if (err != -ENOENT ||
		   (nd.last[nd.last_len] == '/' && !is_dir)) {
		dentry = ERR_PTR(err);
	} else if (!(dentry = d_alloc(nd.dir, nd.last, nd.last_len))) {
		dentry = ERR_PTR(-ENOMEM);
	}
	nd_release(&nd);
	return dentry;
}

long do_mkdirat(int dfd, const char *path, umode_t mode)
{
	struct dentry *dentry = filename_create(dfd, path, true);
	struct inode *dir;
	long err;

	if (IS_ERR(dentry))
		return PTR_ERR(dentry);
	dir = dentry->d_parent->d_inode;
	err = dir->i_op && dir->i_op->mkdir ?
		dir->i_op->mkdir(dir, dentry, umasked(mode)) : -EPERM;
	dput(dentry);
	return err;
}

long do_symlinkat(const char *target, int dfd, const char *path)
{
	struct dentry *dentry;
	struct inode *dir;
	long err;

	if (!*target)
		return -ENOENT;	/* as getname refuses "" */
	dentry = filename_create(dfd, path, false);
	if (IS_ERR(dentry))
		return PTR_ERR(dentry);
	dir = dentry->d_parent->d_inode;
	err = dir->i_op && dir->i_op->symlink ?
		dir->i_op->symlink(dir, dentry, target) : -EPERM;
	dput(dentry);
	return err;
}

/* Why unlink or rmdir refuses "." or ".." (or "/", whose name is ""). */
static long unlink_dots_error(size_t len, bool rmdir)
{
	if (!rmdir)
		return -EISDIR;
	return len == 0 ? -EBUSY : len == 1 ? -EINVAL : -ENOTEMPTY;
}

/* Whether dentry, found at name, may go: "name/" asks for a directory. */
static long may_delete(struct dentry *dentry, bool rmdir, bool slash)
{
	bool is_dir = S_ISDIR(dentry->d_inode->i_mode);

	if (rmdir && !is_dir)
		return -ENOTDIR;
	if (!rmdir && is_dir)
		return -EISDIR;
	if (!rmdir && slash)
		return -ENOTDIR;
	if (dentry->d_mounted || dentry == current->fs->root)
		return -EBUSY;
	return 0;
}

long do_unlinkat(int dfd, const char *path, bool rmdir)
{
	const struct inode_operations *ops;
	struct nameidata nd;
	struct dentry *dentry;
	long err = path_parentat(&nd, dfd, path);

	if (err)
		return err;
	ops = nd.dir->d_inode->i_op;
	if (is_dot_or_dotdot(nd.last, nd.last_len)) {
		err = unlink_dots_error(nd.last_len, rmdir);
	} else if (!(err = lookup_child(nd.dir, nd.last, nd.last_len,
					&dentry))) {
		err = may_delete(dentry, rmdir, nd.last[nd.last_len] == '/');
		if (!err && (!ops || !(rmdir ? ops->rmdir : ops->unlink)))
			err = -EPERM;
		else if (!err)
			err = (rmdir ? ops->rmdir : ops->unlink)(nd.dir->d_inode,
								 dentry);
		dput(dentry);
	}
	nd_release(&nd);
	return err;
}
