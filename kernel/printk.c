/*
 * printk: format a message, keep it in the log ring buffer with its level
 * and a timestamp, and echo it to the console if its level is important
 * enough. The ring holds text lines "<level>[seconds.micro] message\n";
 * when it fills, the oldest text is overwritten, so the log always has the
 * most recent LOG_BUF_LEN bytes (what dmesg and the gdb helper read).
 */
#include "kernel/arch.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "kernel/timer.h"

#define LOG_BUF_LEN (1 << 16)	/* a power of two: indices wrap with a mask */

static char log_buf[LOG_BUF_LEN];
static unsigned long log_end;	/* total bytes ever written */
static bool line_open;		/* the last message did not end its line */
static DEFINE_SPINLOCK(logbuf_lock);

int console_loglevel = LOGLEVEL_DEFAULT + 1;	/* all but debug */

static void log_store(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		log_buf[log_end++ & (LOG_BUF_LEN - 1)] = s[i];
}

/* Split off a leading KERN_<level> marker; without one, the default. */
static int take_level(const char **fmt)
{
	const char *f = *fmt;

	if (f[0] == KERN_SOH[0] && f[1] >= '0' && f[1] <= '7') {
		*fmt = f + 2;
		return f[1] - '0';
	}
	return LOGLEVEL_DEFAULT;
}

static void log_line_header(int level)
{
	char hdr[32];
	unsigned long j = jiffies;
	int n = snprintf(hdr, sizeof(hdr), "<%d>[%5lu.%06lu] ", level, j / HZ,
			 (j % HZ) * (1000000 / HZ));

	log_store(hdr, n);
}

int vprintk(const char *fmt, va_list ap)
{
	char text[512];
	unsigned long flags;
	int level = take_level(&fmt);
	int n = vsnprintf(text, sizeof(text), fmt, ap);
	size_t len = MIN((size_t)n, sizeof(text) - 1);

	spin_lock_irqsave(&logbuf_lock, flags);
	for (size_t i = 0; i < len; i++) {
		if (!line_open)
			log_line_header(level);
		log_store(&text[i], 1);
		line_open = text[i] != '\n';
	}
	/* The console shows the bare text: KTAP readers need it unadorned. */
	if (level < console_loglevel)
		arch_console_write(text, len);
	spin_unlock_irqrestore(&logbuf_lock, flags);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

size_t log_buf_read(char *buf, size_t size)
{
	unsigned long flags;
	spin_lock_irqsave(&logbuf_lock, flags);
	unsigned long start = log_end > LOG_BUF_LEN ? log_end - LOG_BUF_LEN : 0;
	size_t n = MIN(size, (size_t)(log_end - start));

	for (size_t i = 0; i < n; i++)
		buf[i] = log_buf[(start + i) & (LOG_BUF_LEN - 1)];
	spin_unlock_irqrestore(&logbuf_lock, flags);
	return n;
}

/* A panic may strike while the lock is held (a fault inside printk): the
 * report matters more than the lock. */
void printk_bust_lock(void)
{
	spin_lock_init(&logbuf_lock);
}
