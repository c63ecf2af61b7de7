/* memblock on made-up memory maps (runs in the kernel and on the host). */
#include "kernel/ktest.h"
#include "kernel/lib/string.h"
#include "mm/memblock.h"

#define MiB (1ull << 20)

static struct memblock mb;

static void reset(void)
{
	memset(&mb, 0, sizeof(mb));
}

KTEST(memblock_add_merges_touching_and_overlapping)
{
	reset();
	memblock_add(&mb, 4 * MiB, MiB);
	memblock_add(&mb, 1 * MiB, MiB);
	memblock_add(&mb, 2 * MiB, MiB);	/* touches the 1 MiB region */
	memblock_add(&mb, 4 * MiB + 4096, 3 * MiB);	/* overlaps the 4 MiB one */
	KT_ASSERT_EQ(mb.memory.cnt, 2);
	KT_EXPECT_EQ(mb.memory.regions[0].base, 1 * MiB);
	KT_EXPECT_EQ(mb.memory.regions[0].size, 2 * MiB);
	KT_EXPECT_EQ(mb.memory.regions[1].base, 4 * MiB);
	KT_EXPECT_EQ(mb.memory.regions[1].size, 3 * MiB + 4096);
	KT_EXPECT_EQ(memblock_end_of_DRAM(&mb), 7 * MiB + 4096);
	memblock_add(&mb, 0, 16 * MiB);		/* swallows both */
	KT_EXPECT_EQ(mb.memory.cnt, 1);
}

struct collected {
	int n;
	phys_addr_t start[8], end[8];
};

static void collect(phys_addr_t start, phys_addr_t end, void *arg)
{
	struct collected *c = arg;

	if (c->n < 8) {
		c->start[c->n] = start;
		c->end[c->n] = end;
	}
	c->n++;
}

KTEST(memblock_free_ranges_exclude_reserved)
{
	struct collected c = { 0 };

	reset();
	memblock_add(&mb, 0, 8 * MiB);
	memblock_add(&mb, 16 * MiB, 4 * MiB);
	memblock_reserve(&mb, 0, MiB);			/* at a region start */
	memblock_reserve(&mb, 3 * MiB, MiB);		/* in the middle */
	memblock_reserve(&mb, 7 * MiB, 10 * MiB);	/* across the gap */
	memblock_for_each_free(&mb, collect, &c);
	KT_ASSERT_EQ(c.n, 3);
	KT_EXPECT(c.start[0] == 1 * MiB && c.end[0] == 3 * MiB);
	KT_EXPECT(c.start[1] == 4 * MiB && c.end[1] == 7 * MiB);
	KT_EXPECT(c.start[2] == 17 * MiB && c.end[2] == 20 * MiB);
}

KTEST(memblock_phys_alloc_range_honours_bounds_and_alignment)
{
	phys_addr_t a, b;

	reset();
	memblock_add(&mb, MiB, 8 * MiB);
	memblock_reserve(&mb, MiB, 4096);
	a = memblock_phys_alloc_range(&mb, 4096, 2 * MiB, MiB, 9 * MiB);
	KT_EXPECT_EQ(a, 2 * MiB);
	b = memblock_phys_alloc_range(&mb, 4096, 4096, MiB, 9 * MiB);
	KT_EXPECT_EQ(b, MiB + 4096);		/* the lowest free page */
	KT_EXPECT_EQ(memblock_phys_alloc_range(&mb, MiB, 4096, 6 * MiB, 7 * MiB), 6 * MiB);
	/* what no longer fits below max_addr is refused, not squeezed in */
	KT_EXPECT_EQ(memblock_phys_alloc_range(&mb, MiB, 4096, 6 * MiB, 7 * MiB), 0);
	KT_EXPECT_EQ(memblock_phys_alloc_range(&mb, 64 * MiB, 4096, MiB, ~0ull), 0);
	KT_EXPECT_EQ(mb.reserved.cnt, 3);	/* allocations merged in */
}
