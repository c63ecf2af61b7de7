/*
 * The slab allocator, shaped like Linux's SLUB.
 *
 * A slab is one block of 2^order pages cut into equal objects. Its first
 * struct page describes it (PG_slab, slab_cache, freelist, inuse), so there
 * is no separate descriptor to allocate: the slab of an object is the head
 * page of the block the object lies in. Free objects are chained through a
 * pointer stored inside each free object (the free pointer), ending in NULL.
 *
 * A cache keeps the slabs that have free objects on its partial list and
 * the others on its full list. A slab whose last object is freed goes back
 * to the page allocator at once: caches hold no empty slabs, so a cache with
 * no objects allocated holds no memory.
 *
 * Debugging (CONFIG_DEBUG_VM):
 *  - Use after free: free objects are filled with POISON_FREE (except the
 *    free pointer) and checked when handed out again; a write to the free
 *    pointer shows up as a freelist link that is not an object of the slab.
 *    Caches with a constructor are not poisoned: their free objects must
 *    stay constructed.
 *  - Double free: an object being freed whose poison is intact (or that has
 *    no poison) is looked for on its slab's freelist; found there, it is
 *    already free. This catches every second free that comes while the
 *    object is still free; it cannot catch one that comes after the object
 *    was allocated again, since that free is indistinguishable from the new
 *    owner's.
 *  - A pointer that is not the start of an object of the cache it is freed
 *    to (or is not in a slab at all) panics.
 */
#include "mm/slab.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "mm/page_alloc.h"
#include "mm/poison.h"

/* A slab may be larger than a page if that wastes less at its end. */
#define SLAB_MAX_ORDER 3

struct kmem_cache {
	spinlock_t lock;	/* the slab lists and the stats */
	const char *name;	/* not copied: must outlive the cache */
	size_t object_size;	/* usable bytes: the size asked for, rounded */
	size_t size;		/* from one object to the next */
	size_t offset;		/* of the free pointer in a free object */
	unsigned order;		/* of each slab */
	unsigned objects;	/* per slab */
	bool poison;		/* free objects hold POISON_FREE */
	void (*ctor)(void *);
	struct list_head partial;	/* slabs with free objects */
	struct list_head full;		/* slabs without */
	struct kmem_cache_stats stats;
	struct list_head list;		/* on slab_caches */
};

/* Every cache, for a future /proc/slabinfo. */
static LIST_HEAD(slab_caches);
static DEFINE_SPINLOCK(slab_caches_lock);

/*
 * The cache that struct kmem_caches come from. It cannot come from itself,
 * so it is static, like Linux's kmem_cache_boot.
 */
static struct kmem_cache kmem_cache_boot;

static const struct {
	size_t size;
	const char *name;
} kmalloc_info[] = {
	{ 8, "kmalloc-8" },	{ 16, "kmalloc-16" },
	{ 32, "kmalloc-32" },	{ 64, "kmalloc-64" },
	{ 96, "kmalloc-96" },	{ 128, "kmalloc-128" },
	{ 192, "kmalloc-192" },	{ 256, "kmalloc-256" },
	{ 512, "kmalloc-512" },	{ 1024, "kmalloc-1024" },
	{ 2048, "kmalloc-2048" }, { 4096, "kmalloc-4096" },
	{ 8192, "kmalloc-8192" },
};
static struct kmem_cache *kmalloc_caches[ARRAY_SIZE(kmalloc_info)];

static void **freeptr(const struct kmem_cache *cache, void *obj)
{
	return (void **)((char *)obj + cache->offset);
}

/* The bytes of a free object that hold poison: all but the free pointer,
 * which is at offset 0 in the caches that poison. */
static u8 *poison_start(void *obj)
{
	return (u8 *)obj + sizeof(void *);
}

static size_t poison_len(const struct kmem_cache *cache)
{
	return cache->object_size - sizeof(void *);
}

/* Whether p is the start of one of the slab's objects. */
static bool is_object(const struct kmem_cache *cache, struct page *slab,
		      const void *p)
{
	uintptr_t off = (uintptr_t)p - (uintptr_t)page_address(slab);

	return off < cache->objects * cache->size && off % cache->size == 0;
}

/* The free object after obj, checking the link a write after free breaks. */
static void *next_free(const struct kmem_cache *cache, struct page *slab,
		       void *obj)
{
	void *next = *freeptr(cache, obj);

	if (CONFIG_DEBUG_VM && next && !is_object(cache, slab, next))
		panic("%s: freelist corrupted at free object %p (next %p): "
		      "written after it was freed?", cache->name, obj, next);
	return next;
}

/*
 * The smallest order whose slab holds an object and wastes under an eighth
 * at its end. Past SLAB_MAX_ORDER waste no longer counts: a larger slab
 * would be harder to find in fragmented memory.
 */
static unsigned slab_order(size_t size)
{
	unsigned order;

	for (order = 0; order < MAX_ORDER - 1; order++) {
		size_t bytes = PAGE_SIZE << order;

		if (bytes >= size &&
		    (bytes % size <= bytes / 8 || order >= SLAB_MAX_ORDER))
			break;
	}
	return order;
}

static void init_cache(struct kmem_cache *cache, const char *name,
		       size_t size, size_t align, void (*ctor)(void *))
{
	unsigned long flags;

	BUG_ON(size == 0 || size > PAGE_SIZE << (MAX_ORDER - 1));
	BUG_ON(align & (align - 1));
	memset(cache, 0, sizeof(*cache));
	spin_lock_init(&cache->lock);
	cache->name = name;
	cache->ctor = ctor;
	/* A free object holds a pointer, so it needs room and alignment for one. */
	align = MAX(align, sizeof(void *));
	cache->object_size = ALIGN_UP(MAX(size, sizeof(void *)), sizeof(void *));
	/* A constructed object must stay so while free: keep the free pointer
	 * out of it, and do not poison it. */
	cache->offset = ctor ? cache->object_size : 0;
	cache->size = ALIGN_UP(cache->object_size + (ctor ? sizeof(void *) : 0),
			       align);
	cache->poison = CONFIG_DEBUG_VM && !ctor;
	cache->order = slab_order(cache->size);
	cache->objects = (PAGE_SIZE << cache->order) / cache->size;
	INIT_LIST_HEAD(&cache->partial);
	INIT_LIST_HEAD(&cache->full);
	spin_lock_irqsave(&slab_caches_lock, flags);
	list_add_tail(&cache->list, &slab_caches);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
}

/* A new slab, every object free: poisoned or constructed, and linked. */
static struct page *new_slab(struct kmem_cache *cache, unsigned gfp)
{
	struct page *slab = alloc_pages(gfp & ~__GFP_ZERO, cache->order);
	char *base;

	if (!slab)
		return NULL;
	set_page_flag(slab, PG_slab);
	slab->slab_cache = cache;
	slab->inuse = 0;
	slab->freelist = NULL;
	base = page_address(slab);
	/* Back to front, so that objects are handed out in address order. */
	for (unsigned i = cache->objects; i-- > 0;) {
		void *obj = base + i * cache->size;

		if (cache->ctor)
			cache->ctor(obj);
		if (cache->poison)
			memset(poison_start(obj), POISON_FREE, poison_len(cache));
		*freeptr(cache, obj) = slab->freelist;
		slab->freelist = obj;
	}
	return slab;
}

static void discard_slab(struct kmem_cache *cache, struct page *slab)
{
	clear_page_flag(slab, PG_slab);
	slab->slab_cache = NULL;
	slab->freelist = NULL;
	__free_pages(slab, cache->order);
}

static void move_slab(struct page *slab, struct list_head *list)
{
	list_del(&slab->lru);
	list_add(&slab->lru, list);
}

static void *take_object(struct kmem_cache *cache, struct page *slab)
{
	void *obj = slab->freelist;

	slab->freelist = next_free(cache, slab, obj);
	if (++slab->inuse == cache->objects)
		move_slab(slab, &cache->full);
	cache->stats.active_objs++;
	cache->stats.allocs++;
	return obj;
}

static void check_poison(const struct kmem_cache *cache, void *obj)
{
	const u8 *bad = memchr_inv(poison_start(obj), POISON_FREE,
				   poison_len(cache));

	if (bad)
		panic("%s: object %p written after it was freed: byte at "
		      "offset %#lx is %#x, not the poison %#x", cache->name,
		      obj, (unsigned long)(bad - (u8 *)obj), *bad, POISON_FREE);
}

void *kmem_cache_alloc(struct kmem_cache *cache, unsigned gfp)
{
	unsigned long flags;
	struct page *slab;
	void *obj;

	spin_lock_irqsave(&cache->lock, flags);
	if (list_empty(&cache->partial)) {
		/* Not under the lock: the constructor may allocate. */
		spin_unlock_irqrestore(&cache->lock, flags);
		slab = new_slab(cache, gfp);
		if (!slab)
			return NULL;
		spin_lock_irqsave(&cache->lock, flags);
		list_add(&slab->lru, &cache->partial);
		cache->stats.nr_slabs++;
		cache->stats.total_objs += cache->objects;
	}
	obj = take_object(cache,
			  list_first_entry(&cache->partial, struct page, lru));
	spin_unlock_irqrestore(&cache->lock, flags);
	if (cache->poison)
		check_poison(cache, obj);
	if (gfp & __GFP_ZERO)
		memset(obj, 0, cache->object_size);
	return obj;
}

static struct page *virt_to_head_page(const void *obj)
{
	return compound_head(virt_to_page(obj));
}

/* The slab obj lies in, or NULL if it is not in one. */
static struct page *virt_to_slab(const void *obj)
{
	struct page *page = virt_to_head_page(obj);

	return test_page_flag(page, PG_slab) ? page : NULL;
}

static void check_free(struct kmem_cache *cache, struct page *slab,
		       const void *obj)
{
	if (!slab)
		panic("kmem_cache_free(%s, %p): not a slab object",
		      cache->name, obj);
	if (slab->slab_cache != cache)
		panic("kmem_cache_free(%s, %p): the object is from cache %s",
		      cache->name, obj, slab->slab_cache->name);
	if (!is_object(cache, slab, obj))
		panic("kmem_cache_free(%s, %p): not the start of an object",
		      cache->name, obj);
}

/* Whether obj is on the slab's freelist; the walk is at most a slab long. */
static bool on_freelist(const struct kmem_cache *cache, struct page *slab,
			void *obj)
{
	void *p = slab->freelist;

	for (unsigned i = 0; p && i < cache->objects; i++) {
		if (p == obj)
			return true;
		p = next_free(cache, slab, p);
	}
	return false;
}

/* Whether obj is already free. Intact poison is cheap to spot, so only
 * objects that have it (or have none) cost the freelist walk. */
static bool is_free(const struct kmem_cache *cache, struct page *slab,
		    void *obj)
{
	if (cache->poison &&
	    memchr_inv(poison_start(obj), POISON_FREE, poison_len(cache)))
		return false;
	return on_freelist(cache, slab, obj);
}

void kmem_cache_free(struct kmem_cache *cache, void *obj)
{
	struct page *slab = virt_to_slab(obj);
	unsigned long flags;
	bool empty;

	if (CONFIG_DEBUG_VM)
		check_free(cache, slab, obj);
	spin_lock_irqsave(&cache->lock, flags);
	if (CONFIG_DEBUG_VM && is_free(cache, slab, obj))
		panic("kmem_cache_free(%s, %p): double free", cache->name, obj);
	if (cache->poison)
		memset(poison_start(obj), POISON_FREE, poison_len(cache));
	*freeptr(cache, obj) = slab->freelist;
	slab->freelist = obj;
	cache->stats.active_objs--;
	cache->stats.frees++;
	empty = --slab->inuse == 0;
	if (empty) {
		list_del(&slab->lru);
		cache->stats.nr_slabs--;
		cache->stats.total_objs -= cache->objects;
	} else if (slab->inuse == cache->objects - 1) {
		move_slab(slab, &cache->partial);	/* was full */
	}
	spin_unlock_irqrestore(&cache->lock, flags);
	if (empty)
		discard_slab(cache, slab);
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, void (*ctor)(void *))
{
	struct kmem_cache *cache = kmem_cache_alloc(&kmem_cache_boot,
						    GFP_KERNEL);

	if (cache)
		init_cache(cache, name, size, align, ctor);
	return cache;
}

void kmem_cache_destroy(struct kmem_cache *cache)
{
	unsigned long flags;

	/* Empty slabs went back as they emptied: there are none to free. */
	if (READ_ONCE(cache->stats.active_objs))
		panic("kmem_cache_destroy(%s): a leak: objects still "
		      "allocated: %lu", cache->name, cache->stats.active_objs);
	spin_lock_irqsave(&slab_caches_lock, flags);
	list_del(&cache->list);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	kmem_cache_free(&kmem_cache_boot, cache);
}

/* A snapshot without the lock: good enough for statistics. */
void kmem_cache_get_stats(const struct kmem_cache *cache,
			  struct kmem_cache_stats *out)
{
	*out = cache->stats;
}

const char *kmem_cache_name(const struct kmem_cache *cache)
{
	return cache->name;
}

size_t kmem_cache_size(const struct kmem_cache *cache)
{
	return cache->object_size;
}

void kmem_cache_init(void)
{
	init_cache(&kmem_cache_boot, "kmem_cache", sizeof(struct kmem_cache),
		   0, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(kmalloc_info); i++) {
		kmalloc_caches[i] = kmem_cache_create(kmalloc_info[i].name,
						      kmalloc_info[i].size, 0,
						      NULL);
		if (!kmalloc_caches[i])
			panic("kmem_cache_init: no memory for %s",
			      kmalloc_info[i].name);
	}
}

/* The smallest order of 2^order pages that holds size bytes. */
static unsigned get_order(size_t size)
{
	unsigned order = 0;

	while (order < MAX_ORDER && (PAGE_SIZE << order) < size)
		order++;
	return order;
}

/* Sizes past the largest class take whole pages: alloc_pages() marks the
 * block PG_head with its order, so kfree() knows how much to give back. */
void *kmalloc(size_t size, unsigned gfp)
{
	struct page *page;

	for (size_t i = 0; i < ARRAY_SIZE(kmalloc_info); i++)
		if (size <= kmalloc_info[i].size)
			return kmem_cache_alloc(kmalloc_caches[i], gfp);
	page = alloc_pages(gfp, get_order(size));
	return page ? page_address(page) : NULL;
}

void *kzalloc(size_t size, unsigned gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

void kfree(const void *obj)
{
	struct page *page;

	if (!obj)
		return;
	page = virt_to_head_page(obj);
	if (test_page_flag(page, PG_slab)) {
		kmem_cache_free(page->slab_cache, (void *)obj);
		return;
	}
	if (CONFIG_DEBUG_VM && obj != page_address(page))
		panic("kfree(%p): not a pointer kmalloc returned", obj);
	__free_pages(page, compound_order(page));
}

size_t ksize(const void *obj)
{
	struct page *page;

	if (!obj)
		return 0;
	page = virt_to_head_page(obj);
	if (test_page_flag(page, PG_slab))
		return page->slab_cache->object_size;
	return PAGE_SIZE << compound_order(page);
}
