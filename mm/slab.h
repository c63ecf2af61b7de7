/*
 * The slab allocator: caches of equal-sized objects carved out of pages,
 * as Linux keeps mm_struct (mm_cachep) and vm_area_struct (vm_area_cachep)
 * objects. kmalloc() serves general sizes from a set of such caches.
 */
#ifndef MM_SLAB_H
#define MM_SLAB_H

#include "kernel/list.h"
#include "kernel/types.h"
#include "mm/gfp.h"

struct kmem_cache_stats {
	unsigned long active_objs;	/* allocated now */
	unsigned long total_objs;	/* slots in all slabs */
	unsigned long nr_slabs;
	unsigned long allocs, frees;	/* ever */
};

struct kmem_cache;

void kmem_cache_init(void);
/*
 * Objects are aligned to align, and always to 8 bytes (a free object holds
 * a pointer); align 0 asks for nothing more. In a cache without a ctor,
 * an object whose size is a power of two is also naturally aligned (with a
 * ctor the free pointer follows the object, so it is not). name is not
 * copied. ctor,
 * if not NULL, runs once per object when a new slab is made, as in Linux:
 * objects must be back in their constructed state when freed.
 */
struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, void (*ctor)(void *));
/* Panics if objects are still allocated: they would be leaked. */
void kmem_cache_destroy(struct kmem_cache *cache);
void *kmem_cache_alloc(struct kmem_cache *cache, unsigned gfp);
void kmem_cache_free(struct kmem_cache *cache, void *obj);
void kmem_cache_get_stats(const struct kmem_cache *cache,
			  struct kmem_cache_stats *out);
const char *kmem_cache_name(const struct kmem_cache *cache);
size_t kmem_cache_size(const struct kmem_cache *cache);

/* Sizes up to 8 KiB come from size-class caches, larger ones from whole
 * pages; NULL when memory is exhausted. */
void *kmalloc(size_t size, unsigned gfp);
void *kzalloc(size_t size, unsigned gfp);
void kfree(const void *obj);
/* The usable size of a kmalloc'd object (its size class). */
size_t ksize(const void *obj);

#endif
