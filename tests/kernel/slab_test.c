/*
 * Tests of the slab allocator and kmalloc (mm/slab.c), in the kernel and on
 * the host. The kmalloc caches are shared with the rest of the kernel, so
 * exact counts are checked only on caches a test creates for itself.
 */
#include "kernel/ktest.h"
#include "kernel/lib/string.h"
#include "mm/page_alloc.h"
#include "mm/poison.h"
#include "mm/slab.h"

#define NR_OBJECTS 128

static bool is_power_of_2(size_t n)
{
	return n && !(n & (n - 1));
}

/* The same allocation then free, on its own cache, gets the same object. */
KTEST(slab_free_then_alloc_reuses_the_object)
{
	struct kmem_cache *cache = kmem_cache_create("ktest_reuse", 48, 0, NULL);
	void *a, *b;

	KT_ASSERT_NOT_NULL(cache);
	a = kmem_cache_alloc(cache, GFP_KERNEL);
	kmem_cache_free(cache, a);
	b = kmem_cache_alloc(cache, GFP_KERNEL);
	KT_EXPECT(a == b);
	kmem_cache_free(cache, b);
	kmem_cache_destroy(cache);

	a = kmalloc(64, GFP_KERNEL);
	kfree(a);
	b = kmalloc(64, GFP_KERNEL);
	KT_EXPECT(a == b);
	kfree(b);
}

/* Every size up to a few bytes past 8 KiB and some way beyond. */
KTEST(slab_kmalloc_many_sizes)
{
	int failed = 0, damaged = 0, misaligned = 0;

	for (size_t size = 1; size <= 8192 + 3 * PAGE_SIZE;
	     size += size < 300 ? 1 : 37) {
		u8 *p = kmalloc(size, GFP_KERNEL);

		if (!p || ksize(p) < size) {
			failed++;
			kfree(p);
			continue;
		}
		misaligned += !IS_ALIGNED((uintptr_t)p, 8) ||
			      (is_power_of_2(ksize(p)) &&
			       !IS_ALIGNED((uintptr_t)p, ksize(p)));
		memset(p, (u8)size, size);
		damaged += memchr_inv(p, (u8)size, size) != NULL;
		kfree(p);
	}
	KT_EXPECT_EQ(failed, 0);
	KT_EXPECT_EQ(damaged, 0);
	KT_EXPECT_EQ(misaligned, 0);
}

KTEST(slab_ksize_is_the_size_class)
{
	static const struct {
		size_t size, ksize;
	} cases[] = {
		{ 0, 8 }, { 1, 8 }, { 8, 8 }, { 9, 16 }, { 65, 96 },
		{ 96, 96 }, { 97, 128 }, { 129, 192 }, { 193, 256 },
		{ 257, 512 }, { 2049, 4096 }, { 4097, 8192 }, { 8192, 8192 },
		{ 8193, 4 * PAGE_SIZE }, { 5 * PAGE_SIZE, 8 * PAGE_SIZE },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		void *p = kmalloc(cases[i].size, GFP_KERNEL);

		KT_ASSERT_NOT_NULL(p);
		KT_EXPECT_EQ(ksize(p), cases[i].ksize);
		kfree(p);
	}
}

static size_t mixed_size(int i)
{
	static const size_t sizes[] = { 8, 24, 64, 96, 200, 1000, 5000, 20000 };

	return sizes[i % ARRAY_SIZE(sizes)];
}

static bool objects_overlap(const u8 *a, const u8 *b)
{
	return a < b + ksize(b) && b < a + ksize(a);
}

KTEST(slab_live_objects_do_not_overlap)
{
	u8 *objs[NR_OBJECTS];
	int overlaps = 0, damaged = 0;

	for (int i = 0; i < NR_OBJECTS; i++) {
		objs[i] = kmalloc(mixed_size(i), GFP_KERNEL);
		KT_ASSERT_NOT_NULL(objs[i]);
		memset(objs[i], i, ksize(objs[i]));
	}
	for (int i = 0; i < NR_OBJECTS; i++) {
		damaged += memchr_inv(objs[i], i, ksize(objs[i])) != NULL;
		for (int j = 0; j < i; j++)
			overlaps += objects_overlap(objs[i], objs[j]);
	}
	KT_EXPECT_EQ(overlaps, 0);
	KT_EXPECT_EQ(damaged, 0);
	for (int i = 0; i < NR_OBJECTS; i++)
		kfree(objs[i]);
}

static void expect_stats(struct ktest_state *kt, struct kmem_cache *cache,
			 unsigned long active, unsigned long nr_slabs,
			 unsigned long allocs, unsigned long frees)
{
	struct kmem_cache_stats st;

	kmem_cache_get_stats(cache, &st);
	KT_EXPECT_EQ(st.active_objs, active);
	KT_EXPECT_EQ(st.nr_slabs, nr_slabs);
	KT_EXPECT_EQ(st.allocs, allocs);
	KT_EXPECT_EQ(st.frees, frees);
	KT_EXPECT_GE(st.total_objs, st.active_objs);
	KT_EXPECT_EQ(st.total_objs == 0, nr_slabs == 0);
}

static unsigned long objects_per_slab(struct kmem_cache *cache)
{
	struct kmem_cache_stats st;

	kmem_cache_get_stats(cache, &st);
	return st.total_objs / st.nr_slabs;
}

KTEST(slab_stats_count_objects_and_slabs)
{
	struct kmem_cache *cache = kmem_cache_create("ktest_stats", 100, 0, NULL);
	void *objs[NR_OBJECTS];
	unsigned long per_slab;

	KT_ASSERT_NOT_NULL(cache);
	expect_stats(kt, cache, 0, 0, 0, 0);
	objs[0] = kmem_cache_alloc(cache, GFP_KERNEL);
	KT_ASSERT_NOT_NULL(objs[0]);
	expect_stats(kt, cache, 1, 1, 1, 0);
	per_slab = objects_per_slab(cache);
	KT_ASSERT(per_slab >= 2 && per_slab < NR_OBJECTS);

	/* One more than a slab holds needs a second slab. */
	for (unsigned long i = 1; i <= per_slab; i++)
		objs[i] = kmem_cache_alloc(cache, GFP_KERNEL);
	expect_stats(kt, cache, per_slab + 1, 2, per_slab + 1, 0);
	for (unsigned long i = 0; i <= per_slab; i++)
		kmem_cache_free(cache, objs[i]);
	expect_stats(kt, cache, 0, 0, per_slab + 1, per_slab + 1);
	kmem_cache_destroy(cache);
}

struct constructed {
	unsigned long magic;
	char payload[40];
};

#define CONSTRUCTED_MAGIC 0x5eed5eedul
static unsigned long ctor_calls;

static void constructed_ctor(void *p)
{
	struct constructed *obj = p;

	obj->magic = CONSTRUCTED_MAGIC;
	ctor_calls++;
}

/* As in Linux, the constructor runs when a slab is made, once per object,
 * and a free object keeps its constructed state. */
KTEST(slab_ctor_constructs_each_object_once)
{
	struct kmem_cache *cache = kmem_cache_create("ktest_ctor",
		sizeof(struct constructed), 0, constructed_ctor);
	struct constructed *a, *b;

	KT_ASSERT_NOT_NULL(cache);
	ctor_calls = 0;
	a = kmem_cache_alloc(cache, GFP_KERNEL);
	KT_ASSERT_NOT_NULL(a);
	KT_EXPECT_EQ(a->magic, CONSTRUCTED_MAGIC);
	KT_EXPECT_EQ(ctor_calls, objects_per_slab(cache));
	b = kmem_cache_alloc(cache, GFP_KERNEL);
	KT_EXPECT_EQ(b->magic, CONSTRUCTED_MAGIC);
	kmem_cache_free(cache, b);
	b = kmem_cache_alloc(cache, GFP_KERNEL);
	KT_EXPECT_EQ(b->magic, CONSTRUCTED_MAGIC);
	KT_EXPECT_EQ(ctor_calls, objects_per_slab(cache));
	kmem_cache_free(cache, a);
	kmem_cache_free(cache, b);
	kmem_cache_destroy(cache);
}

struct chained {
	struct chained *prev;
	char payload[692];
};

/* Objects chained through themselves: no array bounds how many. */
static struct chained *alloc_chain(struct kmem_cache *cache, unsigned long n)
{
	struct chained *last = NULL;

	while (n--) {
		struct chained *obj = kmem_cache_alloc(cache, GFP_KERNEL);

		if (!obj)
			break;
		obj->prev = last;
		last = obj;
	}
	return last;
}

static void free_chain(struct kmem_cache *cache, struct chained *last)
{
	while (last) {
		struct chained *prev = last->prev;

		kmem_cache_free(cache, last);
		last = prev;
	}
}

KTEST(slab_create_destroy_restores_frames)
{
	unsigned long before = nr_free_pages();
	struct kmem_cache *cache = kmem_cache_create("ktest_frames",
		sizeof(struct chained), 0, NULL);
	struct chained *chain;
	struct kmem_cache_stats st;

	KT_ASSERT_NOT_NULL(cache);
	chain = alloc_chain(cache, 1);
	KT_ASSERT_NOT_NULL(chain);
	chain->prev = alloc_chain(cache, 3 * objects_per_slab(cache));
	kmem_cache_get_stats(cache, &st);
	KT_EXPECT_EQ(st.nr_slabs, 4ul);
	KT_EXPECT_LT(nr_free_pages(), before);
	free_chain(cache, chain);
	kmem_cache_destroy(cache);
	KT_EXPECT_EQ(nr_free_pages(), before);
}

/* Objects in the tail pages of a multi-page slab find their slab too. */
KTEST(slab_multi_page_slabs)
{
	struct kmem_cache *cache = kmem_cache_create("ktest_big", 3000, 0, NULL);
	void *objs[5];
	int in_tail = 0;

	KT_ASSERT_NOT_NULL(cache);
	for (int i = 0; i < 5; i++) {
		objs[i] = kmem_cache_alloc(cache, GFP_KERNEL);
		KT_ASSERT_NOT_NULL(objs[i]);
		in_tail += test_page_flag(virt_to_page(objs[i]), PG_tail);
		KT_EXPECT_EQ(ksize(objs[i]), (size_t)3000);
	}
	KT_EXPECT_GE(in_tail, 1);
	expect_stats(kt, cache, 5, 1, 5, 0);
	for (int i = 0; i < 5; i++)
		kfree(objs[i]);
	kmem_cache_destroy(cache);
}

KTEST(slab_zeroed_allocations)
{
	struct kmem_cache *cache = kmem_cache_create("ktest_zero", 200, 0, NULL);
	u8 *p = kmalloc(100, GFP_KERNEL);

	KT_ASSERT_NOT_NULL(cache);
	KT_ASSERT_NOT_NULL(p);
	memset(p, 0x5c, ksize(p));
	kfree(p);
	p = kzalloc(100, GFP_KERNEL);	/* most likely the same object */
	KT_EXPECT_NULL(memchr_inv(p, 0, ksize(p)));
	kfree(p);

	p = kzalloc(3 * PAGE_SIZE, GFP_KERNEL);
	KT_EXPECT_NULL(memchr_inv(p, 0, ksize(p)));
	kfree(p);

	p = kmem_cache_alloc(cache, __GFP_ZERO);
	KT_EXPECT_NULL(memchr_inv(p, 0, kmem_cache_size(cache)));
	kmem_cache_free(cache, p);
	kmem_cache_destroy(cache);
}

KTEST(slab_kfree_null_is_a_no_op)
{
	kfree(NULL);
	KT_EXPECT_EQ(ksize(NULL), (size_t)0);
}

KTEST(slab_large_kmalloc_takes_pages)
{
	unsigned long before = nr_free_pages();
	void *p = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);
	struct page *page;

	KT_ASSERT_NOT_NULL(p);
	page = virt_to_page(p);
	KT_EXPECT_EQ(nr_free_pages(), before - 4);
	KT_EXPECT(test_page_flag(page, PG_head));
	KT_EXPECT(!test_page_flag(page, PG_slab));
	kfree(p);
	KT_EXPECT_EQ(nr_free_pages(), before);
	KT_EXPECT_NULL(kmalloc(PAGE_SIZE << MAX_ORDER, GFP_KERNEL));
}

KTEST(slab_cache_name_size_and_alignment)
{
	struct kmem_cache *cache = kmem_cache_create("ktest_align", 40, 64, NULL);
	void *objs[4];

	KT_ASSERT_NOT_NULL(cache);
	KT_EXPECT_EQ(strcmp(kmem_cache_name(cache), "ktest_align"), 0);
	KT_EXPECT_GE(kmem_cache_size(cache), (size_t)40);
	for (int i = 0; i < 4; i++) {
		objs[i] = kmem_cache_alloc(cache, GFP_KERNEL);
		KT_ASSERT_NOT_NULL(objs[i]);
		KT_EXPECT(IS_ALIGNED((uintptr_t)objs[i], 64));
	}
	for (int i = 0; i < 4; i++)
		kmem_cache_free(cache, objs[i]);
	kmem_cache_destroy(cache);
}
