/*
 * A benchmark of the address-space core, not a test: `make bench` builds
 * it optimised, without sanitizers and with CONFIG_DEBUG_VM=0 (validate_mm
 * walks every area after each change), runs it and prints Markdown tables.
 * docs/benchmarks.md keeps them and says how to read them.
 *
 * For N = 100 ... 100,000 areas it measures
 *  - find_vma, for addresses walking upward through the areas (four per
 *    area, so that the one-entry mmap_cache can answer) and for uniform
 *    random addresses, beside a binary search over a sorted array of the
 *    same ranges: the least a lookup could cost;
 *  - replacing one area: munmap its page, then mmap one page back,
 *    MAP_FIXED or where get_unmapped_area finds the hole; for a random
 *    area each time (the tree's nodes come from all over memory) and for
 *    the same area each time (they stay in the CPU's caches: what is left
 *    is the work the algorithm does);
 *  - the gap search alone, beside the list walk of the book's era.
 *
 * The areas are one page each, packed just below the mmap base with
 * alternating protections so that none merge: area i starts at
 * base + i pages. The loops compute their addresses from that instead of
 * reading them from an array, so that the lookups are the only memory
 * they touch. Each figure is the fastest of TRIALS runs: noise only ever
 * adds time.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel/panic.h"
#include "kernel/printk.h"
#include "mm/mm.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

#define FAKE_RAM_SIZE (128ul << 20)	/* 100,000 areas take 13 MiB */
#define FAKE_RAM_ALIGN (4ul << 20)	/* order-10 blocks align */

#define TRIALS 5
#define LOOKUPS (1ul << 21)		/* per trial */
#define PAIRS (1ul << 15)		/* munmap + mmap, per trial */
#define SEQ_STEP (PAGE_SIZE / 4)	/* four lookups per area */
#define HOLES 256			/* gap searches: holes tried */
#define SEARCHES 64			/* searches per hole */
#define SEED 0x5eed5eed5eed5eedull

static const unsigned long sizes[] = { 100, 1000, 10000, 100000 };
#define NR_SIZES (sizeof(sizes) / sizeof(sizes[0]))

/* ---- the world the mm code runs in (printk: tests/host/printk.c) ---- */

char *host_phys_base;
void host_vm_setup(void);	/* tests/host/vm_setup.c */

static __noreturn void die(const char *what, unsigned long value)
{
	fprintf(stderr, "vma_bench: %s (%#lx)\n", what, value);
	exit(1);
}

/* Fake physical memory, released to the allocators as boot would; frame
 * 0 stays reserved, as on a PC. */
static void fake_memory_setup(void)
{
	unsigned long nr_pfns = FAKE_RAM_SIZE / PAGE_SIZE;
	struct page *map = malloc(nr_pfns * sizeof(struct page));

	host_phys_base = aligned_alloc(FAKE_RAM_ALIGN, FAKE_RAM_SIZE);
	if (!host_phys_base || !map)
		die("no memory for the fake RAM", FAKE_RAM_SIZE);
	page_alloc_init(map, nr_pfns);
	page_alloc_release_range(1, nr_pfns);
	kmem_cache_init();
	host_vm_setup();
}

/* ---- time, randomness, and keeping results alive ---- */

/* Every result is added here, so that no loop is optimised away. */
static volatile unsigned long sink;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* splitmix64: fast, and the same sequence on every run. */
static inline uint64_t rng_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n), without a division. */
static inline unsigned long rng_below(uint64_t *state, unsigned long n)
{
	return (unsigned long)(((unsigned __int128)rng_next(state) * n) >> 64);
}

/* ---- the areas ---- */

/* The floor's copy of an area's bounds. */
struct range {
	unsigned long start, end;
};

struct bench {
	struct mm_struct *mm;
	unsigned long n;	/* areas */
	unsigned long base;	/* area i: [base + i pages, + 1 page) */
	struct range *ranges;	/* the same, sorted, for the floor */
	bool random;		/* lookups: random, else sequential */
	bool fixed;		/* pairs: mmap MAP_FIXED, else not */
	bool same_area;		/* pairs: always the middle area */
};

static unsigned long area_start(const struct bench *b, unsigned long i)
{
	return b->base + i * PAGE_SIZE;
}

/* Neighbours differ, so vma_merge never joins them. */
static unsigned long area_prot(unsigned long i)
{
	return i & 1 ? PROT_READ : PROT_READ | PROT_WRITE;
}

static unsigned long map_area(const struct bench *b, unsigned long i,
			      bool fixed)
{
	return do_mmap(b->mm, NULL, fixed ? area_start(b, i) : 0, PAGE_SIZE,
		       area_prot(i),
		       MAP_PRIVATE | MAP_ANONYMOUS | (fixed ? MAP_FIXED : 0),
		       0);
}

/* N areas ending at the mmap base, so that mmap(NULL) finds room only in
 * a hole among them; and the same ranges in a sorted array. */
static void bench_setup(struct bench *b, unsigned long n)
{
	b->mm = mm_alloc();
	if (!b->mm)
		die("mm_alloc failed for areas", n);
	/* Held throughout, as by one caller doing many operations: the
	 * measurements are of the operations, not of the lock. */
	down_write(&b->mm->mmap_sem);
	b->n = n;
	b->base = b->mm->free_area_cache - n * PAGE_SIZE;
	b->ranges = malloc(n * sizeof(*b->ranges));
	if (!b->ranges)
		die("no memory for the array", n);
	for (unsigned long i = 0; i < n; i++) {
		if (map_area(b, i, true) != area_start(b, i))
			die("cannot map area", i);
		b->ranges[i].start = area_start(b, i);
		b->ranges[i].end = area_start(b, i) + PAGE_SIZE;
	}
	if ((unsigned long)b->mm->map_count != n)
		die("areas merged: map_count", (unsigned long)b->mm->map_count);
}

static void bench_teardown(struct bench *b)
{
	up_write(&b->mm->mmap_sem);
	mmput(b->mm);
	free(b->ranges);
}

/* Nodes from the root to each area, counting both: the path find_vma
 * walks when its cache misses. */
static void tree_depth(const struct bench *b, double *avg, unsigned *max)
{
	unsigned long sum = 0;
	struct rb_node *rb;

	*max = 0;
	for (rb = rb_first(&b->mm->mm_rb); rb; rb = rb_next(rb)) {
		unsigned depth = 0;

		for (struct rb_node *p = rb; p; p = p->rb_parent)
			depth++;
		sum += depth;
		*max = depth > *max ? depth : *max;
	}
	*avg = (double)sum / b->n;
}

/* ---- lookups ---- */

/* The floor: the first range ending above addr, as find_vma answers.
 * Not inlined, since find_vma is a call too. */
static __attribute__((noinline)) const struct range *
array_find(const struct range *r, unsigned long n, unsigned long addr)
{
	unsigned long lo = 0, hi = n;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (r[mid].end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo < n ? &r[lo] : NULL;
}

/* The next address to look up, as an offset from base. */
static inline unsigned long next_offset(const struct bench *b,
					unsigned long off, uint64_t *rng)
{
	unsigned long span = b->n * PAGE_SIZE;

	if (b->random)
		return rng_below(rng, span);
	off += SEQ_STEP;
	return off < span ? off : 0;
}

static unsigned long run_find_vma(const struct bench *b)
{
	unsigned long sum = 0, off = 0;
	uint64_t rng = SEED;

	for (unsigned long i = 0; i < LOOKUPS; i++) {
		off = next_offset(b, off, &rng);
		sum += find_vma(b->mm, b->base + off)->vm_start;
	}
	return sum;
}

static unsigned long run_array(const struct bench *b)
{
	unsigned long sum = 0, off = 0;
	uint64_t rng = SEED;

	for (unsigned long i = 0; i < LOOKUPS; i++) {
		off = next_offset(b, off, &rng);
		sum += array_find(b->ranges, b->n, b->base + off)->start;
	}
	return sum;
}

/* ---- replacing an area: munmap + mmap ---- */

static unsigned long run_pairs(const struct bench *b)
{
	uint64_t rng = SEED;

	for (unsigned long i = 0; i < PAIRS; i++) {
		unsigned long victim = b->same_area ? b->n / 2 :
				       rng_below(&rng, b->n);

		if (do_munmap(b->mm, area_start(b, victim), PAGE_SIZE))
			die("munmap failed at area", victim);
		/* Without MAP_FIXED too: the only hole below the base is
		 * the one just made, so that is where the page must go. */
		if (map_area(b, victim, b->fixed) != area_start(b, victim))
			die("mmap did not refill the hole at area", victim);
	}
	return b->mm->map_count;
}

/* Nanoseconds per operation of the fastest of TRIALS runs of fn. */
static double ns_per_op(unsigned long (*fn)(const struct bench *),
			const struct bench *b, unsigned long ops)
{
	uint64_t best = UINT64_MAX;

	for (int t = 0; t < TRIALS; t++) {
		uint64_t start = now_ns(), elapsed;

		sink += fn(b);
		elapsed = now_ns() - start;
		best = elapsed < best ? elapsed : best;
	}
	return (double)best / ops;
}

/* ---- the gap search alone, against the book's list walk ---- */

/*
 * The search of the book's era: down the vm_prev list from the mmap base,
 * the first gap that fits. O(n) steps where the tree's search takes
 * O(log n). (2.6's arch_get_unmapped_area_topdown even made each step a
 * find_vma.) No stack guard gaps: the benchmark maps no stacks.
 */
static unsigned long list_walk_unmapped_area(struct mm_struct *mm,
					     unsigned long len)
{
	unsigned long gap_end = mm->free_area_cache;
	struct rb_node *last = rb_last(&mm->mm_rb);
	struct vm_area_struct *vma =
		last ? rb_entry(last, struct vm_area_struct, vm_rb) : NULL;

	for (; vma; vma = vma->vm_prev) {
		if (vma->vm_end + len <= gap_end)
			return gap_end - len;
		gap_end = vma->vm_start;
	}
	return gap_end >= mmap_min_addr + len ? gap_end - len
						 : (unsigned long)-ENOMEM;
}

/* Time reps searches for the hole at start; check the last answer. */
static uint64_t time_searches(struct bench *b, bool tree, unsigned long reps,
			      unsigned long start)
{
	uint64_t t0 = now_ns(), elapsed;
	unsigned long addr = 0;

	for (unsigned long i = 0; i < reps; i++) {
		addr = tree ? get_unmapped_area(b->mm, NULL, 0, PAGE_SIZE, 0, 0)
			    : list_walk_unmapped_area(b->mm, PAGE_SIZE);
		sink += addr;
	}
	elapsed = now_ns() - t0;
	if (addr != start)
		die(tree ? "get_unmapped_area missed the hole"
			 : "the list walk missed the hole", addr);
	return elapsed;
}

/* ns per search by the tree and by the list, over HOLES random holes.
 * The list walk is long for large N: fewer repetitions there. */
static void bench_gap_search(struct bench *b, double *tree_ns, double *list_ns)
{
	unsigned long list_reps = b->n >= 100 * SEARCHES ? 1 :
				  SEARCHES * 100 / b->n;
	uint64_t rng = SEED, tree_time = 0, list_time = 0;

	for (int h = 0; h < HOLES; h++) {
		unsigned long victim = rng_below(&rng, b->n);
		unsigned long start = area_start(b, victim);

		if (do_munmap(b->mm, start, PAGE_SIZE))
			die("munmap failed at area", victim);
		tree_time += time_searches(b, true, SEARCHES, start);
		list_time += time_searches(b, false, list_reps, start);
		if (map_area(b, victim, true) != start)
			die("cannot refill area", victim);
	}
	*tree_ns = (double)tree_time / (HOLES * SEARCHES);
	*list_ns = (double)list_time / (HOLES * list_reps);
}

/* ---- running it all, and the tables ---- */

struct lookup_result {
	double tree_ns, array_ns, hit_rate;
};

struct result {
	double depth_avg;
	unsigned depth_max;
	struct lookup_result seq, rnd;
	double fixed_ns, search_ns, warm_ns;	/* per munmap + mmap pair */
	double gap_tree_ns, gap_list_ns;	/* per search */
};

static struct lookup_result measure_lookups(struct bench *b, bool random)
{
	struct lookup_result r;
	unsigned long hits, misses;

	b->random = random;
	b->mm->mmap_cache = NULL;
	b->mm->mmap_cache_hits = b->mm->mmap_cache_misses = 0;
	r.tree_ns = ns_per_op(run_find_vma, b, LOOKUPS);
	hits = b->mm->mmap_cache_hits;
	misses = b->mm->mmap_cache_misses;
	r.hit_rate = 100.0 * hits / (hits + misses);
	r.array_ns = ns_per_op(run_array, b, LOOKUPS);
	return r;
}

static void measure(unsigned long n, struct result *r)
{
	struct bench b = { 0 };

	fprintf(stderr, "vma_bench: %lu areas\n", n);
	bench_setup(&b, n);
	tree_depth(&b, &r->depth_avg, &r->depth_max);
	r->seq = measure_lookups(&b, false);
	r->rnd = measure_lookups(&b, true);
	b.fixed = true;
	r->fixed_ns = ns_per_op(run_pairs, &b, PAIRS);
	b.fixed = false;
	r->search_ns = ns_per_op(run_pairs, &b, PAIRS);
	b.same_area = true;
	r->warm_ns = ns_per_op(run_pairs, &b, PAIRS);
	bench_gap_search(&b, &r->gap_tree_ns, &r->gap_list_ns);
	bench_teardown(&b);
}

static void print_cpu(void)
{
	char line[256];
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "model name", 10) == 0) {
			char *name = strchr(line, ':');

			printf("CPU: %s", name ? name + 2 : line);
			break;
		}
	}
	if (f)
		fclose(f);
}

static void print_lookup_row(unsigned long n, const char *access,
			     const struct lookup_result *l,
			     const struct result *r)
{
	printf("| %lu | %s | %.1f | %.1f%% | %.1f | %.2f | %.1f / %u |\n", n,
	       access, l->tree_ns, l->hit_rate, l->array_ns,
	       l->tree_ns / l->array_ns, r->depth_avg, r->depth_max);
}

static void print_tables(const struct result *res)
{
	printf("\n## find_vma beside a binary search of a sorted array\n\n");
	printf("| areas | addresses | find_vma ns | mmap_cache hits "
	       "| sorted array ns | ratio | tree depth avg / max |\n");
	printf("|---:|---|---:|---:|---:|---:|---:|\n");
	for (unsigned i = 0; i < NR_SIZES; i++) {
		print_lookup_row(sizes[i], "sequential", &res[i].seq, &res[i]);
		print_lookup_row(sizes[i], "random", &res[i].rnd, &res[i]);
	}

	printf("\n## munmap + mmap of one page among N areas\n\n");
	printf("| areas | random area, MAP_FIXED ns | random area, "
	       "mmap(NULL) ns | growth | middle area every time, "
	       "mmap(NULL) ns | growth | log2 N / log2 100 |\n");
	printf("|---:|---:|---:|---:|---:|---:|---:|\n");
	for (unsigned i = 0; i < NR_SIZES; i++)
		printf("| %lu | %.0f | %.0f | %.2f | %.0f | %.2f | %.2f |\n",
		       sizes[i], res[i].fixed_ns, res[i].search_ns,
		       res[i].search_ns / res[0].search_ns, res[i].warm_ns,
		       res[i].warm_ns / res[0].warm_ns,
		       log2((double)sizes[i]) / log2((double)sizes[0]));

	printf("\n## Finding the hole: the tree's gap search beside a list walk"
	       "\n\n");
	printf("| areas | get_unmapped_area ns | list walk ns "
	       "| list / tree |\n");
	printf("|---:|---:|---:|---:|\n");
	for (unsigned i = 0; i < NR_SIZES; i++)
		printf("| %lu | %.1f | %.0f | %.0f |\n", sizes[i],
		       res[i].gap_tree_ns, res[i].gap_list_ns,
		       res[i].gap_list_ns / res[i].gap_tree_ns);
}

int main(void)
{
	struct result res[NR_SIZES];

	fake_memory_setup();
	/* Linux's default limit (65530) is below the largest N; raised as
	 * `sysctl vm.max_map_count` would. */
	sysctl_max_map_count = 1 << 20;
	for (unsigned i = 0; i < NR_SIZES; i++)
		measure(sizes[i], &res[i]);

	printf("# vma_bench\n\n");
	print_cpu();
	printf("Build: %s %s, -O2, CONFIG_DEBUG_VM=0. Each time is the "
	       "fastest of %d runs of %lu lookups or %lu pairs.\n",
#ifdef __clang__
	       "clang",
#else
	       "gcc",
#endif
	       __VERSION__, TRIALS,
	       LOOKUPS, PAIRS);
	print_tables(res);
	return 0;
}
