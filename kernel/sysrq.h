/*
 * Magic SysRq keys, after Linux's: single-key commands the console obeys
 * however little else works. Until there is a shell, every key typed on
 * the console is one.
 */
#ifndef KERNEL_SYSRQ_H
#define KERNEL_SYSRQ_H

void handle_sysrq(int key);

#endif
