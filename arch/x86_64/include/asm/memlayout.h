/*
 * The virtual address-space layout (x86-64, 4-level paging, like Linux):
 *
 *   0000000000000000 - 00007fffffffffff  user space (TASK_SIZE, 128 TiB)
 *   ffff888000000000 - ...               direct map of all RAM (PAGE_OFFSET)
 *   ffffffff80000000 - ffffffffffffffff  kernel image (KERNEL_VMA + phys)
 */
#ifndef ASM_MEMLAYOUT_H
#define ASM_MEMLAYOUT_H

#include <asm/page.h>

#define PAGE_OFFSET 0xffff888000000000ul
#define KERNEL_VMA 0xffffffff80000000ul

/* The boot page tables map only the first 1 GiB; until paging_init() has
 * built the real direct map, boot data must lie below this. */
#define BOOT_DIRECT_MAP_SIZE (1ul << 30)

static inline void *phys_to_virt(phys_addr_t pa)
{
	return (void *)(pa + PAGE_OFFSET);
}

/* Works for direct-map and kernel-image addresses alike. */
static inline phys_addr_t virt_to_phys(const void *va)
{
	unsigned long a = (unsigned long)va;
	return a >= KERNEL_VMA ? a - KERNEL_VMA : a - PAGE_OFFSET;
}

#endif
