/* File descriptor tables (kernel/fs/fdtable.h). */
#include "kernel/errno.h"
#include "kernel/fs/fdtable.h"
#include "kernel/lib/string.h"
#include "kernel/sched.h"
#include "mm/slab.h"

#define BITS_PER_LONG 64

static unsigned long *cloexec_word(struct files_struct *files, int fd)
{
	return &files->close_on_exec[fd / BITS_PER_LONG];
}

static unsigned long cloexec_bit(int fd)
{
	return 1ul << (fd % BITS_PER_LONG);
}

/* Room for max_fds descriptors, the old ones kept; -ENOMEM. */
static int resize_fdtable(struct files_struct *files, unsigned max_fds)
{
	struct file **fd = kzalloc(max_fds * sizeof(*fd), GFP_KERNEL);
	unsigned long *cloexec = kzalloc(max_fds / 8, GFP_KERNEL);

	if (!fd || !cloexec) {
		kfree(fd);
		kfree(cloexec);
		return -ENOMEM;
	}
	if (files->fd) {
		memcpy(fd, files->fd, files->max_fds * sizeof(*fd));
		memcpy(cloexec, files->close_on_exec, files->max_fds / 8);
		kfree(files->fd);
		kfree(files->close_on_exec);
	}
	files->fd = fd;
	files->close_on_exec = cloexec;
	files->max_fds = max_fds;
	return 0;
}

static struct files_struct *files_new(unsigned max_fds)
{
	struct files_struct *files = kzalloc(sizeof(*files), GFP_KERNEL);

	if (files && resize_fdtable(files, max_fds)) {
		kfree(files);
		return NULL;
	}
	if (files)
		files->count = 1;
	return files;
}

struct files_struct *files_alloc(void)
{
	return files_new(NR_OPEN_DEFAULT);
}

struct files_struct *dup_fd(struct files_struct *old)
{
	struct files_struct *files = files_new(old->max_fds);

	if (!files)
		return NULL;
	for (unsigned fd = 0; fd < old->max_fds; fd++)
		if ((files->fd[fd] = old->fd[fd]))
			get_file(files->fd[fd]);
	memcpy(files->close_on_exec, old->close_on_exec, old->max_fds / 8);
	return files;
}

void put_files_struct(struct files_struct *files)
{
	if (--files->count)
		return;
	for (unsigned fd = 0; fd < files->max_fds; fd++)
		if (files->fd[fd])
			fput(files->fd[fd]);
	kfree(files->fd);
	kfree(files->close_on_exec);
	kfree(files);
}

static void install(struct files_struct *files, int fd, struct file *file,
		    bool cloexec)
{
	files->fd[fd] = file;
	set_close_on_exec(files, fd, cloexec);
}

int fd_alloc(struct files_struct *files, struct file *file, int start,
	     bool cloexec)
{
	unsigned fd = start;

	while (fd < files->max_fds && files->fd[fd])
		fd++;
	if (fd >= NR_OPEN)
		return -EMFILE;
	while (fd >= files->max_fds)
		if (resize_fdtable(files, 2 * files->max_fds))
			return -ENOMEM;
	install(files, fd, file, cloexec);
	return fd;
}

struct file *fget(int fd)
{
	struct files_struct *files = current->files;

	if (fd < 0 || (unsigned)fd >= files->max_fds || !files->fd[fd])
		return NULL;
	return get_file(files->fd[fd]);
}

int close_fd(struct files_struct *files, int fd)
{
	struct file *file;

	if (fd < 0 || (unsigned)fd >= files->max_fds || !files->fd[fd])
		return -EBADF;
	file = files->fd[fd];
	files->fd[fd] = NULL;
	fput(file);
	return 0;
}

int replace_fd(struct files_struct *files, int newfd, struct file *file,
	       bool cloexec)
{
	if (newfd < 0 || newfd >= NR_OPEN)
		return -EBADF;
	while ((unsigned)newfd >= files->max_fds)
		if (resize_fdtable(files, 2 * files->max_fds))
			return -ENOMEM;
	close_fd(files, newfd);
	install(files, newfd, get_file(file), cloexec);
	return newfd;
}

bool get_close_on_exec(struct files_struct *files, int fd)
{
	return *cloexec_word(files, fd) & cloexec_bit(fd);
}

void set_close_on_exec(struct files_struct *files, int fd, bool on)
{
	if (on)
		*cloexec_word(files, fd) |= cloexec_bit(fd);
	else
		*cloexec_word(files, fd) &= ~cloexec_bit(fd);
}

void do_close_on_exec(struct files_struct *files)
{
	for (unsigned fd = 0; fd < files->max_fds; fd++)
		if (files->fd[fd] && get_close_on_exec(files, fd))
			close_fd(files, fd);
}
