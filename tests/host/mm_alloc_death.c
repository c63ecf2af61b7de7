/*
 * Death tests: each does one thing that the CONFIG_DEBUG_VM checks of the
 * page and slab allocators must catch, in a child process, and passes if
 * the child panicked (harness.c's panic() aborts) naming the problem. They
 * prove the checks fire; only the host can survive a panic to see it.
 */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kernel/ktest.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

/* All of fd's data, NUL-terminated; what does not fit is dropped. */
static void read_all(int fd, char *buf, size_t size)
{
	size_t len = 0;
	char drop[256];
	ssize_t n;

	do {
		n = len + 1 < size ? read(fd, buf + len, size - len - 1)
				   : read(fd, drop, sizeof(drop));
		if (n > 0 && len + 1 < size)
			len += n;
	} while (n > 0);
	buf[len] = '\0';
}

static void expect_death(struct ktest_state *kt, void (*body)(void),
			 const char *message)
{
	char out[1024];
	int fds[2], status;
	pid_t pid;

	KT_ASSERT(pipe(fds) == 0);
	pid = fork();
	KT_ASSERT(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		body();
		_exit(0);	/* survived: the check did not fire */
	}
	close(fds[1]);
	read_all(fds[0], out, sizeof(out));
	close(fds[0]);
	KT_ASSERT(waitpid(pid, &status, 0) == pid);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGABRT ||
	    !strstr(out, "Kernel panic: ") || !strstr(out, message))
		ktest_fail(kt, __FILE__, __LINE__,
			   "expected a panic about \"%s\", got status %#x and: %s",
			   message, status, out);
}

#define DEATH_TEST(name, message)                                   \
	static void name##_body(void);                              \
	KTEST(name) { expect_death(kt, name##_body, message); }     \
	static void name##_body(void)

DEATH_TEST(mm_death_page_double_free, "double free")
{
	struct page *page = alloc_page(GFP_KERNEL);

	free_page(page);
	free_page(page);
}

DEATH_TEST(mm_death_page_write_after_free,
	   "written after it was freed: byte at offset 0x64 is 0x1")
{
	struct page *page = alloc_page(GFP_KERNEL);
	char *p = page_address(page);

	free_page(page);
	p[100] = 1;
	alloc_page(GFP_KERNEL);	/* the same page: the free lists are LIFO */
}

DEATH_TEST(mm_death_free_referenced_page, "still referenced")
{
	struct page *page = alloc_page(GFP_KERNEL);

	get_page(page);
	free_page(page);
}

DEATH_TEST(mm_death_free_reserved_page, "reserved")
{
	free_page(pfn_to_page(0));
}

DEATH_TEST(mm_death_free_tail_page, "a tail page")
{
	struct page *block = alloc_pages(GFP_KERNEL, 1);

	free_page(&block[1]);
}

DEATH_TEST(mm_death_free_with_wrong_order, "wrong order")
{
	__free_pages(alloc_pages(GFP_KERNEL, 2), 1);
}

DEATH_TEST(mm_death_free_mapped_page, "still mapped")
{
	struct page *page = alloc_page(GFP_KERNEL);

	page->_mapcount = 0;
	free_page(page);
}

DEATH_TEST(mm_death_free_page_table_page, "flags still set")
{
	struct page *page = alloc_page(GFP_KERNEL);

	set_page_flag(page, PG_pgtable);
	free_page(page);
}

DEATH_TEST(mm_death_put_page_below_zero, "refcount below zero")
{
	struct page *page = alloc_page(GFP_KERNEL);

	put_page(page);
	put_page(page);
}

DEATH_TEST(mm_death_get_free_page, "get_page")
{
	struct page *page = alloc_page(GFP_KERNEL);

	free_page(page);
	get_page(page);
}

/* Objects allocated one after another from a new cache share a slab. */
static struct kmem_cache *death_cache(void (*ctor)(void *))
{
	return kmem_cache_create("death", 64, 0, ctor);
}

DEATH_TEST(mm_death_slab_double_free_of_freelist_head, "double free")
{
	struct kmem_cache *cache = death_cache(NULL);
	void *obj = kmem_cache_alloc(cache, GFP_KERNEL);

	kmem_cache_alloc(cache, GFP_KERNEL);	/* keeps the slab */
	kfree(obj);
	kfree(obj);
}

/* Free a, then b, then a again: a is on the freelist, but not its head. */
static void double_free_behind_another(void (*ctor)(void *))
{
	struct kmem_cache *cache = death_cache(ctor);
	void *a = kmem_cache_alloc(cache, GFP_KERNEL);
	void *b = kmem_cache_alloc(cache, GFP_KERNEL);

	kmem_cache_alloc(cache, GFP_KERNEL);
	kmem_cache_free(cache, a);
	kmem_cache_free(cache, b);
	kmem_cache_free(cache, a);
}

DEATH_TEST(mm_death_slab_double_free_inside_freelist, "double free")
{
	double_free_behind_another(NULL);
}

static void nop_ctor(void *obj)
{
	(void)obj;
}

/* No poison to look at: the freelist walk alone finds it. */
DEATH_TEST(mm_death_slab_double_free_with_ctor, "double free")
{
	double_free_behind_another(nop_ctor);
}

DEATH_TEST(mm_death_slab_write_after_free,
	   "written after it was freed: byte at offset 0x14 is 0x1")
{
	char *obj = kmalloc(64, GFP_KERNEL);

	kmalloc(64, GFP_KERNEL);
	kfree(obj);
	obj[20] = 1;
	kmalloc(64, GFP_KERNEL);
}

DEATH_TEST(mm_death_slab_free_pointer_overwritten, "freelist corrupted")
{
	struct kmem_cache *cache = death_cache(NULL);
	void **obj = kmem_cache_alloc(cache, GFP_KERNEL);

	kmem_cache_alloc(cache, GFP_KERNEL);
	kmem_cache_free(cache, obj);
	*obj = (char *)obj + 1;
	kmem_cache_alloc(cache, GFP_KERNEL);
}

DEATH_TEST(mm_death_kfree_inside_an_object, "not the start of an object")
{
	char *obj = kmalloc(64, GFP_KERNEL);

	kfree(obj + 8);
}

DEATH_TEST(mm_death_free_to_the_wrong_cache, "from cache kmalloc-64")
{
	kmem_cache_free(death_cache(NULL), kmalloc(64, GFP_KERNEL));
}

DEATH_TEST(mm_death_free_a_page_to_a_cache, "not a slab object")
{
	kmem_cache_free(death_cache(NULL),
			page_address(alloc_page(GFP_KERNEL)));
}

DEATH_TEST(mm_death_kfree_inside_a_large_object,
	   "not a pointer kmalloc returned")
{
	char *p = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);

	kfree(p + PAGE_SIZE);
}

DEATH_TEST(mm_death_destroy_cache_with_objects, "objects still allocated: 1")
{
	struct kmem_cache *cache = death_cache(NULL);

	kmem_cache_alloc(cache, GFP_KERNEL);
	kmem_cache_destroy(cache);
}
