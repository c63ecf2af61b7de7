/*
 * Poison: with CONFIG_DEBUG_VM, free memory is filled with a known byte and
 * checked when it is handed out again. A byte that changed in between was
 * written through a stale pointer: a use after free. The values are
 * Linux's, so they look familiar in a memory dump.
 */
#ifndef MM_POISON_H
#define MM_POISON_H

#include "kernel/compiler.h"
#include "kernel/types.h"

#define PAGE_POISON 0xaa	/* free pages (mm/page_alloc.c) */
#define POISON_FREE 0x6b	/* free slab objects (mm/slab.c) */

/* The first byte of [start, start + n) that is not c, or NULL. */
static inline const u8 *memchr_inv(const void *start, u8 c, size_t n)
{
	const u8 *p = start, *end = p + n;
	const u64 word = 0x0101010101010101ull * c;

	/* A word at a time while aligned: this scans every page allocated. */
	while (p + 8 <= end && IS_ALIGNED((uintptr_t)p, 8) &&
	       *(const u64 *)p == word)
		p += 8;
	for (; p < end; p++)
		if (*p != c)
			return p;
	return NULL;
}

#endif
