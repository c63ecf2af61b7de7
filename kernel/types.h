/* Fixed-width types. The freestanding headers used here come with the
 * compiler, so this file serves the kernel and the host test builds alike. */
#ifndef KERNEL_TYPES_H
#define KERNEL_TYPES_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef u64 phys_addr_t;
typedef int pid_t;
typedef unsigned uid_t;
/* As the C library on x86-64 has them too, so that host builds of
 * kernel code can include both. */
typedef long loff_t;		/* a position in a file */
typedef unsigned short umode_t;	/* a file's type and permissions */
typedef unsigned long dev_t;

#endif
