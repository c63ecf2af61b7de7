/*
 * Pipes: a page of kernel memory used as a ring, with a file for each
 * end. A reader waits for bytes or for the last writer to close (then
 * reads 0: end of file); a writer waits for room, and a write of at most
 * PIPE_BUF bytes goes in at once, never mixed with another's (POSIX).
 * Writing with no reader left raises SIGPIPE and fails with EPIPE.
 * Linux's pipes hold 16 pages; one is enough to show the mechanism.
 */
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/fs.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "kernel/wait.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "mm/uaccess.h"

#define PIPE_SIZE PAGE_SIZE
#define PIPE_BUF 4096		/* writes up to this size are atomic */

struct pipe_inode_info {
	struct wait_queue_head wait;	/* readers and writers both */
	char *buf;
	size_t start, len;		/* the bytes in the ring */
	int readers, writers;		/* open ends */
};

static struct super_block pipefs_sb = { .s_dev = MKDEV(0, 3) };

static bool pipe_wait_ok(struct file *file)
{
	return !(file->f_flags & O_NONBLOCK);
}

static long pipe_read(struct file *file, char __user *buf, size_t count,
		      loff_t *pos)
{
	struct pipe_inode_info *pipe = file->private_data;
	size_t done = 0;
	long err;

	(void)pos;
	if (!pipe->len && pipe->writers && !pipe_wait_ok(file))
		return -EAGAIN;
	err = wait_event_interruptible(pipe->wait,
				       pipe->len || !pipe->writers);
	if (err)
		return err;
	while (done < count && pipe->len) {
		size_t n = MIN(MIN(count - done, pipe->len),
			       PIPE_SIZE - pipe->start);

		if (copy_to_user(buf + done, pipe->buf + pipe->start, n))
			return done ? (long)done : -EFAULT;
		pipe->start = (pipe->start + n) % PIPE_SIZE;
		pipe->len -= n;
		done += n;
	}
	wake_up(&pipe->wait);
	return done;
}

/* Room for what the writer needs now: all of a small write (atomic),
 * any of a large one. */
static bool pipe_has_room(const struct pipe_inode_info *pipe, size_t need)
{
	return PIPE_SIZE - pipe->len >= MIN(need, (size_t)PIPE_BUF);
}

static long pipe_write(struct file *file, const char __user *buf,
		       size_t count, loff_t *pos)
{
	struct pipe_inode_info *pipe = file->private_data;
	size_t done = 0;

	(void)pos;
	while (done < count) {
		size_t tail, n;
		long err = 0;

		if (pipe->readers && !pipe_has_room(pipe, count - done) &&
		    !pipe_wait_ok(file))
			return done ? (long)done : -EAGAIN;
		if (pipe->readers)
			err = wait_event_interruptible(
				pipe->wait, !pipe->readers ||
						    pipe_has_room(pipe, count - done));
		if (!pipe->readers) {
			send_sig_info(SIGPIPE, NULL, current);
			return done ? (long)done : -EPIPE;
		}
		if (err)
			return done ? (long)done : err;
		tail = (pipe->start + pipe->len) % PIPE_SIZE;
		n = MIN(MIN(count - done, PIPE_SIZE - pipe->len),
			PIPE_SIZE - tail);
		if (copy_from_user(pipe->buf + tail, buf + done, n))
			return done ? (long)done : -EFAULT;
		pipe->len += n;
		done += n;
		wake_up(&pipe->wait);
	}
	return done;
}

/* One end closes: the other side may now see end of file, or EPIPE.
 * The inode (and the ring) goes with the last file on it. */
static void pipe_release(struct file *file)
{
	struct pipe_inode_info *pipe = file->private_data;

	if (file->f_mode & FMODE_READ)
		pipe->readers--;
	if (file->f_mode & FMODE_WRITE)
		pipe->writers--;
	wake_up(&pipe->wait);
	if (!pipe->readers && !pipe->writers) {
		free_page(virt_to_page(pipe->buf));
		kfree(pipe);
	}
}

static const struct file_operations pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.release = pipe_release,
};

static struct pipe_inode_info *alloc_pipe_info(void)
{
	struct pipe_inode_info *pipe = kzalloc(sizeof(*pipe), GFP_KERNEL);
	struct page *page = alloc_page(0);

	if (!pipe || !page) {
		kfree(pipe);
		if (page)
			free_page(page);
		return NULL;
	}
	init_waitqueue_head(&pipe->wait);
	pipe->buf = page_address(page);
	pipe->readers = pipe->writers = 1;
	return pipe;
}

/* The two ends: files[0] reads, files[1] writes. The files get their
 * operations only once both exist, so that dropping the first when the
 * second cannot be made releases no end of the pipe. */
static int create_pipe_files(struct file *files[2], unsigned flags)
{
	struct inode *inode = new_inode(&pipefs_sb, S_IFIFO | 0600);
	struct pipe_inode_info *pipe = inode ? alloc_pipe_info() : NULL;
	int err = -ENOMEM;

	if (!pipe)
		goto out;
	files[0] = alloc_file_pseudo(inode, O_RDONLY | flags, NULL);
	if (IS_ERR(files[0]))
		goto free_pipe;
	files[1] = alloc_file_pseudo(inode, O_WRONLY | flags, NULL);
	if (IS_ERR(files[1])) {
		fput(files[0]);
		goto free_pipe;
	}
	for (int i = 0; i < 2; i++) {
		files[i]->f_op = &pipe_fops;
		files[i]->private_data = pipe;
	}
	err = 0;
	goto out;
free_pipe:
	free_page(virt_to_page(pipe->buf));
	kfree(pipe);
out:
	if (inode)
		iput(inode);	/* the files hold it now */
	return err;
}

static long do_pipe2(int __user *fildes, int flags)
{
	struct files_struct *table = current->files;
	struct file *files[2];
	int fd[2], err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	if ((err = create_pipe_files(files, flags & O_NONBLOCK)))
		return err;
	fd[0] = fd_alloc(table, files[0], 0, flags & O_CLOEXEC);
	fd[1] = fd[0] < 0 ? fd[0] : fd_alloc(table, files[1], 0,
					      flags & O_CLOEXEC);
	if (fd[1] < 0) {
		if (fd[0] >= 0)
			close_fd(table, fd[0]);
		else
			fput(files[0]);
		fput(files[1]);
		return fd[1];
	}
	if (copy_to_user(fildes, fd, sizeof(fd))) {
		close_fd(table, fd[0]);
		close_fd(table, fd[1]);
		return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE2(pipe2, int __user *, fildes, int, flags)
{
	return do_pipe2(fildes, flags);
}

SYSCALL_DEFINE1(pipe, int __user *, fildes)
{
	return do_pipe2(fildes, 0);
}
