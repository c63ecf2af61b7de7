/* Page size and the extent of user space: facts of x86-64 with 4-level
 * paging that the host test builds share unchanged. */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#include "kernel/types.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE (1ul << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

/* User space ends one page below the 47-bit canonical boundary, as in
 * Linux (the last page would let a syscall instruction return into the
 * non-canonical hole). */
#define TASK_SIZE 0x00007ffffffff000ul

static inline bool is_user_address(unsigned long addr)
{
	return addr < TASK_SIZE;
}

#endif
