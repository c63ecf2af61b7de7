/* Bringing up memory management at boot. */
#ifndef MM_INIT_H
#define MM_INIT_H

struct boot_info;

/* From the boot memory map to working page tables, page allocator and
 * slab caches. */
void mem_init(const struct boot_info *bi);

#endif
