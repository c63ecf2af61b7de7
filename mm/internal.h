/* Interfaces between files of mm/ that the rest of the kernel does not use. */
#ifndef MM_INTERNAL_H
#define MM_INTERNAL_H

/* A zeroed page from memblock, for page tables built before the page
 * allocator runs (they are never freed). */
void *early_alloc_page(void);

#endif
