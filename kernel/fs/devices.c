/*
 * The character devices behind /dev's files, chosen by device number as
 * Linux numbers them: /dev/null (1:3) reads as empty and swallows writes,
 * /dev/zero (1:5) reads as zeros, /dev/console (5:1) is the serial
 * terminal (kernel/tty.c).
 */
#include "kernel/errno.h"
#include "kernel/fs/fs.h"
#include "kernel/fs/ramfs.h"
#include "kernel/tty.h"
#include "mm/internal.h"
#include "mm/page_alloc.h"
#include "mm/uaccess.h"

static long null_read(struct file *file, char __user *buf, size_t count,
		      loff_t *pos)
{
	(void)file, (void)buf, (void)count, (void)pos;
	return 0;
}

static long null_write(struct file *file, const char __user *buf,
		       size_t count, loff_t *pos)
{
	(void)file, (void)buf, (void)pos;
	return count;
}

/* Zeros, copied from the zero page a page at a time. */
static long zero_read(struct file *file, char __user *buf, size_t count,
		      loff_t *pos)
{
	const char *zeros = page_address(zero_page());
	size_t done = 0;

	(void)file, (void)pos;
	while (done < count) {
		size_t n = MIN(count - done, PAGE_SIZE);

		if (copy_to_user(buf + done, zeros, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return done;
}

/* Seeking a device with no position succeeds and does nothing. */
static loff_t noop_llseek(struct file *file, loff_t offset, int whence)
{
	(void)offset, (void)whence;
	return file->f_pos;
}

static const struct file_operations null_fops = {
	.read = null_read,
	.write = null_write,
	.llseek = noop_llseek,
};

static const struct file_operations zero_fops = {
	.read = zero_read,
	.write = null_write,
	.llseek = noop_llseek,
};

static long console_read(struct file *file, char __user *buf, size_t count,
			 loff_t *pos)
{
	(void)file, (void)pos;
	return tty_read(buf, count);
}

static long console_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *pos)
{
	(void)file, (void)pos;
	return tty_write(buf, count);
}

static long console_ioctl(struct file *file, unsigned cmd, unsigned long arg)
{
	(void)file;
	return tty_ioctl(cmd, arg);
}

static const struct file_operations console_fops = {
	.read = console_read,
	.write = console_write,
	.ioctl = console_ioctl,
};

void init_special_inode(struct inode *inode, dev_t dev)
{
	inode->i_rdev = dev;
	if (!S_ISCHR(inode->i_mode))
		return;
	if (dev == MKDEV(1, 3))
		inode->i_fop = &null_fops;
	else if (dev == MKDEV(1, 5))
		inode->i_fop = &zero_fops;
	else if (dev == MKDEV(5, 1))
		inode->i_fop = &console_fops;
}
