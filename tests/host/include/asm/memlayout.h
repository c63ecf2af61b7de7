/*
 * Host stand-in for arch/x86_64/include/asm/memlayout.h. "Physical memory"
 * is an ordinary heap buffer whose start is physical address 0, so code
 * that converts between frames and addresses runs unchanged under ASan.
 */
#ifndef ASM_MEMLAYOUT_H
#define ASM_MEMLAYOUT_H

#include "arch/x86_64/include/asm/page.h"

/* Set by the test's host_test_setup() to its fake physical memory. */
extern char *host_phys_base;

static inline void *phys_to_virt(phys_addr_t pa)
{
	return host_phys_base + pa;
}

static inline phys_addr_t virt_to_phys(const void *va)
{
	return (phys_addr_t)((const char *)va - host_phys_base);
}

#endif
