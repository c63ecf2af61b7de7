/*
 * The text of an open /proc file (Linux's seq_file, in the small).
 *
 * Linux makes a /proc file's text a record at a time, as read() asks for
 * it. Here the whole text is made at open, into a buffer that doubles as
 * it fills, and read() copies from it at the file position. So a reader
 * sees one snapshot however small its reads, and once the open is over
 * nothing about the process the text describes is touched again: it may
 * exit meanwhile. The price is memory for the whole text at once.
 */
#include <stdarg.h>
#include "kernel/errno.h"
#include "kernel/fs/fcntl.h"
#include "kernel/fs/namei.h"
#include "kernel/fs/proc/internal.h"
#include "kernel/lib/string.h"
#include "mm/slab.h"
#include "mm/uaccess.h"

/* Room for len more bytes: the buffer doubles until they fit. False
 * (and m->error set) when memory runs out. */
static bool seq_reserve(struct seq_file *m, size_t len)
{
	size_t size = m->size ? m->size : PAGE_SIZE;
	char *buf;

	if (m->error)
		return false;
	if (m->count + len <= m->size)
		return true;
	while (size < m->count + len)
		size *= 2;
	buf = kmalloc(size, GFP_KERNEL);
	if (!buf) {
		m->error = -ENOMEM;
		return false;
	}
	if (m->count)
		memcpy(buf, m->buf, m->count);
	kfree(m->buf);
	m->buf = buf;
	m->size = size;
	return true;
}

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	va_list ap;
	int len;

	/* Measure first, then write in place: with the terminator that
	 * vsnprintf adds, and the text does not keep. */
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (!seq_reserve(m, len + 1))
		return;
	va_start(ap, fmt);
	vsnprintf(m->buf + m->count, len + 1, fmt, ap);
	va_end(ap);
	m->count += len;
}

void seq_write(struct seq_file *m, const void *data, size_t len)
{
	if (!seq_reserve(m, len))
		return;
	memcpy(m->buf + m->count, data, len);
	m->count += len;
}

void seq_putc(struct seq_file *m, char c)
{
	seq_write(m, &c, 1);
}

void seq_puts(struct seq_file *m, const char *s)
{
	seq_write(m, s, strlen(s));
}

void seq_escape(struct seq_file *m, const char *s, const char *esc)
{
	for (; *s; s++) {
		if (strchr(esc, *s))
			seq_printf(m, "\\%03o", (unsigned char)*s);
		else
			seq_putc(m, *s);
	}
}

/*
 * A name taken out of the tree (unlink) and not a root: what Linux's
 * d_unlinked tells. Every name that can be mapped, and so be shown in
 * maps, is kept in the tree while it exists (ramfs); a mounted root,
 * whose d_parent is its mountpoint's, is never mapped.
 */
static bool d_unlinked(struct dentry *dentry)
{
	return list_empty(&dentry->d_child) && dentry->d_parent != dentry;
}

void seq_file_path(struct seq_file *m, struct file *file, const char *esc)
{
	char *path = kmalloc(PATH_MAX, GFP_KERNEL);

	if (!path) {
		m->error = -ENOMEM;
		return;
	}
	/* A path too long for PATH_MAX is left out. */
	if (d_path(file->f_dentry, path, PATH_MAX) > 0) {
		seq_escape(m, path, esc);
		if (d_unlinked(file->f_dentry))
			seq_puts(m, " (deleted)");
	}
	kfree(path);
}

char *seq_get_buf(struct seq_file *m, size_t len)
{
	return seq_reserve(m, len) ? m->buf + m->count : NULL;
}

void seq_commit(struct seq_file *m, size_t len)
{
	m->count += len;
}

void seq_setwidth(struct seq_file *m, size_t width)
{
	m->pad_until = m->count + width;
}

void seq_pad(struct seq_file *m, char c)
{
	if (m->count < m->pad_until) {
		size_t len = m->pad_until - m->count;

		if (!seq_reserve(m, len))
			return;
		memset(m->buf + m->count, ' ', len);
		m->count += len;
	}
	if (c)
		seq_putc(m, c);
}

int seq_open(struct file *file)
{
	file->private_data = kzalloc(sizeof(struct seq_file), GFP_KERNEL);
	return file->private_data ? 0 : -ENOMEM;
}

long seq_read(struct file *file, char __user *buf, size_t count, loff_t *pos)
{
	struct seq_file *m = file->private_data;
	size_t n;

	if (*pos >= (loff_t)m->count)
		return 0;
	n = MIN(count, m->count - (size_t)*pos);
	if (copy_to_user(buf, m->buf + *pos, n))
		return -EFAULT;
	*pos += n;
	return n;
}

/* As Linux's: from the start or from here, not from the end (the text
 * has no size before it is made, in Linux). Past the end is allowed:
 * reads there find nothing. */
loff_t seq_lseek(struct file *file, loff_t offset, int whence)
{
	switch (whence) {
	case SEEK_CUR:
		offset += file->f_pos;
		/* fall through */
	case SEEK_SET:
		if (offset < 0)
			return -EINVAL;
		return file->f_pos = offset;
	default:
		return -EINVAL;
	}
}

void seq_release(struct file *file)
{
	struct seq_file *m = file->private_data;

	kfree(m->buf);
	kfree(m);
}
