/*
 * /proc: a file system whose files are made up when they are read, from
 * the kernel's own data: one directory per process (maps, status,
 * cmdline, comm), "self" for the reader's own, and meminfo and vmstat
 * for the whole system. The formats are Linux's, so that programs
 * written for Linux read them unchanged. kernel/fs/proc/internal.h
 * describes how it is put together.
 */
#ifndef KERNEL_FS_PROC_PROC_H
#define KERNEL_FS_PROC_PROC_H

struct dentry;

/* /proc's root, to mount on the /proc directory; NULL when out of
 * memory. */
struct dentry *proc_root_init(void);

#endif
