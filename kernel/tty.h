/*
 * The console terminal: the serial port with a line discipline (Linux's
 * canonical mode): typed characters are echoed and collected into a line,
 * backspace erases, Enter hands the line to a reader, Ctrl-D ends input
 * (a read of an empty line returns 0: end of file), Ctrl-U kills the
 * line, Ctrl-C interrupts the programs running (there is no job control
 * to tell which are in the foreground: every process but init).
 */
#ifndef KERNEL_TTY_H
#define KERNEL_TTY_H

#include "kernel/types.h"
#include "mm/uaccess.h"

/* Called by the serial interrupt for each received character; brk is
 * set if a break condition came before it (then the character is a
 * magic SysRq command, as on Linux's serial console). */
void tty_receive(int c, bool brk);
/* Read at most one line; blocks until there is one. Bytes or -errno. */
long tty_read(char __user *buf, size_t count);
long tty_write(const char __user *buf, size_t count);
/* The terminal ioctls: TIOCGWINSZ only. */
long tty_ioctl(unsigned cmd, unsigned long arg);

#endif
