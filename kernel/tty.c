/* The console terminal and its line discipline (kernel/tty.h). */
#include <asm/irqflags.h>
#include "kernel/arch.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/sched.h"
#include "kernel/sysrq.h"
#include "kernel/tty.h"
#include "kernel/wait.h"

#define TTY_LINE_MAX 1024
#define CTRL(c) ((c) & 0x1f)
#define ASCII_DEL 0x7f

/* The line being typed; the finished lines not yet read (canonical
 * input); end-of-file marks (Ctrl-D on an empty line) after them. */
static char line[TTY_LINE_MAX];
static size_t line_len;
static char cooked[TTY_LINE_MAX * 4];
static size_t cooked_len;
static int eof_marks;
static struct wait_queue_head read_wait = WAIT_QUEUE_HEAD_INIT(read_wait);

static void echo(const char *s)
{
	arch_console_write(s, strlen(s));
}

/* The line is done: it becomes readable (if it fits; else it is lost,
 * as a full input queue drops characters on Linux). */
static void commit_line(bool eof)
{
	if (cooked_len + line_len <= sizeof(cooked)) {
		memcpy(cooked + cooked_len, line, line_len);
		cooked_len += line_len;
	}
	if (eof && line_len == 0)
		eof_marks++;
	line_len = 0;
	wake_up(&read_wait);
}

void tty_receive(int c, bool brk)
{
	if (brk) {
		handle_sysrq(c);
		return;
	}
	switch (c) {
	case '\r':
	case '\n':
		echo("\n");
		line[line_len++] = '\n';	/* there is always room for it */
		commit_line(false);
		break;
	case '\b':
	case ASCII_DEL:
		if (line_len > 0) {
			line_len--;
			echo("\b \b");
		}
		break;
	case CTRL('D'):
		commit_line(true);
		break;
	case CTRL('U'):
		for (; line_len > 0; line_len--)
			echo("\b \b");
		break;
	case CTRL('C'):
		echo("^C\n");
		line_len = 0;
		kill_processes(0, SIGINT, 0, NULL);
		break;
	default:
		if (line_len < TTY_LINE_MAX - 1 && (c >= ' ' || c == '\t')) {
			char s[2] = { (char)c, 0 };

			line[line_len++] = (char)c;
			echo(s);
		}
	}
}

/* Take up to count bytes of the first line out of cooked (call with
 * interrupts off: the interrupt handler appends to it). */
static size_t take_line(char *out, size_t count)
{
	const char *nl = memchr(cooked, '\n', cooked_len);
	size_t n = nl ? (size_t)(nl - cooked) + 1 : cooked_len;

	n = MIN(n, count);
	memcpy(out, cooked, n);
	memmove(cooked, cooked + n, cooked_len - n);
	cooked_len -= n;
	return n;
}

long tty_read(char __user *buf, size_t count)
{
	char kbuf[TTY_LINE_MAX];
	unsigned long flags;
	size_t n = 0;
	int err;

	if (count == 0)
		return 0;
	err = wait_event_interruptible(read_wait, cooked_len > 0 || eof_marks);
	if (err)
		return err;
	local_irq_save(flags);
	if (cooked_len > 0)
		n = take_line(kbuf, MIN(count, sizeof(kbuf)));
	else
		eof_marks--;
	local_irq_restore(flags);
	return copy_to_user(buf, kbuf, n) ? -EFAULT : (long)n;
}

long tty_write(const char __user *buf, size_t count)
{
	char kbuf[256];
	size_t done = 0;

	while (done < count) {
		size_t n = MIN(count - done, sizeof(kbuf));

		if (copy_from_user(kbuf, buf + done, n))
			return done ? (long)done : -EFAULT;
		arch_console_write(kbuf, n);
		done += n;
	}
	return done;
}

#define TIOCGWINSZ 0x5413

struct winsize {
	unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* TIOCGWINSZ is how musl's stdio asks whether stdout is a terminal (and
 * so line-buffered): the console says it is one, of the classic size. */
long tty_ioctl(unsigned cmd, unsigned long arg)
{
	struct winsize ws = { 24, 80, 0, 0 };

	if (cmd != TIOCGWINSZ)
		return -ENOTTY;
	return copy_to_user((void __user *)arg, &ws, sizeof(ws)) ? -EFAULT : 0;
}
