/*
 * Magic SysRq keys, after Linux's: single-key commands the console obeys
 * however little else works. On the serial console a key is one when it
 * follows a break (QEMU: Ctrl-a b), as on Linux.
 */
#ifndef KERNEL_SYSRQ_H
#define KERNEL_SYSRQ_H

void handle_sysrq(int key);

#endif
