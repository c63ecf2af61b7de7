/*
 * The constants of mmap, mprotect and madvise as user programs pass them:
 * Linux's x86-64 values (its uapi asm-generic/mman-common.h and mman.h),
 * because the same binaries run on Linux.
 */
#ifndef MM_MMAN_H
#define MM_MMAN_H

#define PROT_NONE 0x0
#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4
#define PROT_SEM 0x8		/* accepted and ignored, as on x86 Linux */
#define PROT_GROWSDOWN 0x01000000	/* mprotect: extend down to the
					 * start of a VM_GROWSDOWN area */
#define PROT_GROWSUP 0x02000000

#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_SHARED_VALIDATE 0x03	/* MAP_SHARED, refusing unknown flags */
#define MAP_TYPE 0x0f			/* the bits that hold one of the above */
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_GROWSDOWN 0x0100
#define MAP_DENYWRITE 0x0800		/* ignored, as by Linux */
#define MAP_EXECUTABLE 0x1000		/* ignored, as by Linux */
#define MAP_LOCKED 0x2000
#define MAP_NORESERVE 0x4000
#define MAP_POPULATE 0x8000
#define MAP_NONBLOCK 0x10000
#define MAP_STACK 0x20000
#define MAP_FIXED_NOREPLACE 0x100000

#define MADV_NORMAL 0
#define MADV_RANDOM 1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED 3
#define MADV_DONTNEED 4

#endif
