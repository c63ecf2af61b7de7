/*
 * The counters behind /proc/vmstat and /proc/meminfo, which must be
 * exact: pages entering and leaving the page cache (nr_file_pages,
 * nr_shmem), faults handled (pgfault) and major ones (pgmajfault), and
 * find_vma's cache (mmap_cache_hits, _misses). Each test reads the
 * counters before and after a known sequence; nothing else runs while a
 * test does, so the differences are the sequence's alone. The text of
 * the /proc files is tested in proc_test.c. Helpers: mm_test.h.
 */
#include "kernel/fs/fcntl.h"
#include "kernel/fs/file.h"
#include "mm/pagemap.h"
#include "tests/kernel/mm_test.h"

static const struct file_operations memory_file_fops = {
	.mmap = generic_file_mmap,
};
static struct super_block memory_file_sb;

/* An empty regular file open for reading and writing, on no file system
 * (its pages are its page cache, as on ramfs); NULL if out of memory. */
static struct file *memory_file(void)
{
	struct inode *inode = new_inode(&memory_file_sb, S_IFREG | 0644);
	struct file *file;

	if (!inode)
		return NULL;
	file = alloc_file_pseudo(inode, O_RDWR, &memory_file_fops);
	iput(inode);	/* the file holds it */
	return IS_ERR(file) ? NULL : file;
}

/* Write one byte at pos: the page it falls in enters the cache. */
static bool write_byte_at(struct file *file, loff_t pos)
{
	return filemap_write_kernel(file, "x", 1, pos) == 1;
}

/* Pages that enter a file's cache, by write or by read, count once; a
 * truncation and the file's end take them out again. */
KTEST(vmstat_page_cache_counts_file_pages)
{
	unsigned long cached = nr_file_pages(), shmem = nr_shmem_pages();
	struct file *file = memory_file();
	char buf[8];

	KT_ASSERT_NOT_NULL(file);
	KT_EXPECT(write_byte_at(file, 0));
	KT_EXPECT(write_byte_at(file, 2 * PAGE_SIZE));
	KT_EXPECT(write_byte_at(file, 3 * PAGE_SIZE + 10));
	KT_EXPECT(write_byte_at(file, 3 * PAGE_SIZE + 20));
	KT_EXPECT_EQ(nr_file_pages() - cached, 3);
	KT_EXPECT_EQ(file->f_mapping->nrpages, 3);
	/* The hole at page 1 comes in when read, once. */
	for (int i = 0; i < 2; i++)
		KT_EXPECT_EQ(filemap_read_kernel(file->f_mapping, buf,
						 sizeof(buf), PAGE_SIZE),
			     (long)sizeof(buf));
	KT_EXPECT_EQ(nr_file_pages() - cached, 4);
	truncate_inode_pages(file->f_mapping, PAGE_SIZE + 1);
	KT_EXPECT_EQ(nr_file_pages() - cached, 2);
	KT_EXPECT_EQ(file->f_mapping->nrpages, 2);
	KT_EXPECT_EQ(nr_shmem_pages(), shmem);
	fput(file);
	KT_EXPECT_EQ(nr_file_pages(), cached);
}

/* Shared anonymous memory's pages count in both, from the first touch
 * by any mapper until the last mapper's file goes. */
KTEST(vmstat_page_cache_counts_shmem_pages)
{
	unsigned long cached = nr_file_pages(), shmem = nr_shmem_pages();
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 4, SHARED_RW)), *child;

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(fault_at(mm, PG(0), 0), 0);
	KT_EXPECT_EQ(fault_at(mm, PG(2), FAULT_FLAG_WRITE), 0);
	KT_EXPECT_EQ(nr_file_pages() - cached, 2);
	KT_EXPECT_EQ(nr_shmem_pages() - shmem, 2);
	child = dup_mm(mm);
	KT_ASSERT_NOT_NULL(child);
	KT_EXPECT_EQ(fault_at(child, PG(0), FAULT_FLAG_WRITE), 0);
	KT_EXPECT_EQ(fault_at(child, PG(3), 0), 0);
	KT_EXPECT_EQ(madvise(child, PG(0), 4 * PAGE_SIZE, MADV_DONTNEED), 0);
	mmput(mm);
	KT_EXPECT_EQ(nr_file_pages() - cached, 3);
	KT_EXPECT_EQ(nr_shmem_pages() - shmem, 3);
	mmput(child);
	KT_EXPECT_EQ(nr_file_pages(), cached);
	KT_EXPECT_EQ(nr_shmem_pages(), shmem);
}

/* Every fault handle_mm_fault takes on counts once, whatever the kinds
 * say (a read of a page already there: none; a write to a private file
 * page: two) and whatever its outcome; one refused for its address or
 * its access does not count. */
KTEST(vmstat_pgfault_counts_each_fault_once)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW),
					     AREA(3, 4, ANON_RO),
					     AREA(5, 6, SHARED_RW));
	unsigned long faults = vm_events[PGFAULT];

	KT_ASSERT_NOT_NULL(mm);
	KT_EXPECT_EQ(fault_at(mm, PG(0), 0), 0);			/* 1 */
	KT_EXPECT_EQ(fault_at(mm, PG(0), 0), 0);			/* 2 */
	KT_EXPECT_EQ(fault_at(mm, PG(0), FAULT_FLAG_WRITE), 0);	/* 3 */
	KT_EXPECT_EQ(fault_at(mm, PG(1), FAULT_FLAG_WRITE), 0);	/* 4 */
	KT_EXPECT_EQ(fault_at(mm, PG(5), FAULT_FLAG_WRITE), 0);	/* 5 */
	KT_EXPECT_EQ(fault_at(mm, PG(2), 0), VM_FAULT_SIGSEGV);
	KT_EXPECT_EQ(fault_at(mm, PG(3), FAULT_FLAG_WRITE), VM_FAULT_SIGSEGV);
	KT_EXPECT_FAULTS(mm, [MM_FAULT_ZERO_PAGE] = 1, [MM_FAULT_ANON] = 2,
			 [MM_FAULT_FILE] = 1);
	KT_EXPECT_EQ(vm_events[PGFAULT] - faults, 5);
	/* MAP_POPULATE faults each page in. */
	KT_EXPECT_EQ(mmap_anon(mm, PG(10), 3, PROT_RW,
			       MAP_PRIVATE | MAP_FIXED | MAP_POPULATE), PG(10));
	KT_EXPECT_EQ(vm_events[PGFAULT] - faults, 8);
	mmput(mm);
}

/* A file mapping's fault is major when its page was not in the cache,
 * as Linux's filemap_fault counts: once per page, whoever maps it. Past
 * the end of the file the fault is SIGBUS, counted in pgfault only. */
KTEST(vmstat_pgmajfault_counts_pages_not_in_cache)
{
	unsigned long faults = vm_events[PGFAULT];
	unsigned long major = vm_events[PGMAJFAULT];
	struct file *file = memory_file();
	struct mm_struct *mm = mm_alloc();

	KT_ASSERT(file && mm);
	/* Pages 0 and 2 in the cache, page 1 a hole, 3 past the end. */
	KT_EXPECT(write_byte_at(file, 0));
	KT_EXPECT(write_byte_at(file, 3 * PAGE_SIZE - 1));
	KT_EXPECT_EQ(vm_mmap(mm, file, PG(0), 4 * PAGE_SIZE, PROT_RW,
			     MAP_PRIVATE | MAP_FIXED, 0), PG(0));
	fput(file);	/* the area holds it */
	KT_EXPECT_EQ(fault_at(mm, PG(0), 0), 0);
	KT_EXPECT_EQ(fault_at(mm, PG(1), 0), 0);
	KT_EXPECT_EQ(vm_events[PGMAJFAULT] - major, 1);
	KT_EXPECT_EQ(madvise(mm, PG(1), PAGE_SIZE, MADV_DONTNEED), 0);
	KT_EXPECT_EQ(fault_at(mm, PG(1), 0), 0);
	KT_EXPECT_EQ(fault_at(mm, PG(2), FAULT_FLAG_WRITE), 0);
	KT_EXPECT_EQ(fault_at(mm, PG(3), 0), VM_FAULT_SIGBUS);
	KT_EXPECT_EQ(vm_events[PGMAJFAULT] - major, 1);
	KT_EXPECT_EQ(vm_events[PGFAULT] - faults, 5);
	mmput(mm);
}

/* find_vma's cache counts, of one mm or of all. */
struct cache_counts {
	unsigned long hits, misses;
};

static struct cache_counts mm_cache_counts(const struct mm_struct *mm)
{
	return (struct cache_counts){ mm->mmap_cache_hits,
				      mm->mmap_cache_misses };
}

static struct cache_counts all_cache_counts(void)
{
	return (struct cache_counts){ vm_events[MMAP_CACHE_HIT],
				      vm_events[MMAP_CACHE_MISS] };
}

/* Have whose counts gone from *before to now by hits and misses? */
static void expect_cache_moved(struct ktest_state *kt, int line,
			       const char *whose, struct cache_counts now,
			       const struct cache_counts *before,
			       unsigned long hits, unsigned long misses)
{
	if (now.hits - before->hits != hits ||
	    now.misses - before->misses != misses)
		ktest_fail(kt, __FILE__, line,
			   "%s: %lu hits, %lu misses; expected %lu, %lu",
			   whose, now.hits - before->hits,
			   now.misses - before->misses, hits, misses);
}
/* Both the test's mm (from mm_before) and all (from all_before). */
#define KT_EXPECT_CACHE(hits, misses)                                      \
	do {                                                               \
		expect_cache_moved(kt, __LINE__, "mm", mm_cache_counts(mm), \
				   &mm_before, hits, misses);              \
		expect_cache_moved(kt, __LINE__, "all", all_cache_counts(), \
				   &all_before, hits, misses);             \
	} while (0)

/* A lookup in the area found last is a hit; any other is a miss, which
 * caches the area it finds, if any. Counted in the mm and in all. */
KTEST(vmstat_find_vma_counts_cache_hits_and_misses)
{
	struct mm_struct *mm = MM_WITH_AREAS(AREA(0, 2, ANON_RW),
					     AREA(4, 6, ANON_RO));
	struct cache_counts mm_before, all_before;
	struct vm_area_struct *low, *high;

	KT_ASSERT_NOT_NULL(mm);
	low = find_vma(mm, PG(0));
	high = low->vm_next;
	mm_before = mm_cache_counts(mm);
	all_before = all_cache_counts();
	KT_EXPECT(find_vma(mm, PG(1)) == low);
	KT_EXPECT_CACHE(1, 0);
	KT_EXPECT(find_vma(mm, PG(4)) == high);
	KT_EXPECT(find_vma(mm, PG(5)) == high);
	KT_EXPECT_CACHE(2, 1);
	/* Below an area: found, but not in it, so never a hit. */
	KT_EXPECT(find_vma(mm, PG(3)) == high);
	KT_EXPECT(find_vma(mm, PG(3)) == high);
	KT_EXPECT_CACHE(2, 3);
	/* Above every area: nothing found, the cache stays. */
	KT_EXPECT_NULL(find_vma(mm, PG(7)));
	KT_EXPECT(find_vma(mm, PG(4)) == high);
	KT_EXPECT_CACHE(3, 4);
	mmput(mm);
}
