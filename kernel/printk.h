/*
 * printk: the kernel's log. A message may start with a level marker
 * (KERN_ERR "..."), as in Linux; messages go into the log ring buffer and,
 * when at or above the console level, to the serial console.
 */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include "kernel/compiler.h"
#include "kernel/types.h"

#define KERN_SOH "\001"
#define KERN_EMERG KERN_SOH "0"
#define KERN_ALERT KERN_SOH "1"
#define KERN_CRIT KERN_SOH "2"
#define KERN_ERR KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE KERN_SOH "5"
#define KERN_INFO KERN_SOH "6"
#define KERN_DEBUG KERN_SOH "7"
#define LOGLEVEL_DEFAULT 6

__printf(1, 2) int printk(const char *fmt, ...);
int vprintk(const char *fmt, va_list ap);

#define pr_err(...) printk(KERN_ERR __VA_ARGS__)
#define pr_warn(...) printk(KERN_WARNING __VA_ARGS__)
#define pr_notice(...) printk(KERN_NOTICE __VA_ARGS__)
#define pr_info(...) printk(KERN_INFO __VA_ARGS__)
#define pr_debug(...) printk(KERN_DEBUG __VA_ARGS__)

/* Only messages of a level below this (more urgent) reach the console; all
 * reach the log. */
extern int console_loglevel;

/* Copy up to size bytes of the oldest retained log text into buf. */
size_t log_buf_read(char *buf, size_t size);

/* Reset the log lock; only panic() may, since it never returns. */
void printk_bust_lock(void);

#endif
