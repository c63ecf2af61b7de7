/*
 * Region sets kept sorted and merged, so that "free" is simply "in memory
 * and not in reserved" and can be computed by walking both lists together.
 * An explicit struct memblock (rather than one global) lets the host tests
 * build as many independent ones as they like.
 */
#include "kernel/compiler.h"
#include "kernel/panic.h"
#include "mm/memblock.h"

static void insert_region(struct memblock_type *t, int i, phys_addr_t base,
			  u64 size)
{
	if (t->cnt == MEMBLOCK_MAX_REGIONS)
		panic("memblock: more than %d regions", MEMBLOCK_MAX_REGIONS);
	for (int j = t->cnt; j > i; j--)
		t->regions[j] = t->regions[j - 1];
	t->regions[i] = (struct memblock_region){ base, size };
	t->cnt++;
}

static void remove_region(struct memblock_type *t, int i)
{
	for (int j = i; j < t->cnt - 1; j++)
		t->regions[j] = t->regions[j + 1];
	t->cnt--;
}

/* Add [base, base+size) to t, merging with every region it overlaps or
 * touches. */
static void add_range(struct memblock_type *t, phys_addr_t base, u64 size)
{
	phys_addr_t end = base + size;
	int i = 0;

	if (!size)
		return;
	while (i < t->cnt && t->regions[i].base + t->regions[i].size < base)
		i++;
	while (i < t->cnt && t->regions[i].base <= end) {
		struct memblock_region *r = &t->regions[i];

		base = MIN(base, r->base);
		end = MAX(end, r->base + r->size);
		remove_region(t, i);
	}
	insert_region(t, i, base, end - base);
}

void memblock_add(struct memblock *mb, phys_addr_t base, u64 size)
{
	add_range(&mb->memory, base, size);
}

void memblock_reserve(struct memblock *mb, phys_addr_t base, u64 size)
{
	add_range(&mb->reserved, base, size);
}

phys_addr_t memblock_end_of_DRAM(const struct memblock *mb)
{
	const struct memblock_type *m = &mb->memory;

	return m->cnt ? m->regions[m->cnt - 1].base + m->regions[m->cnt - 1].size
		      : 0;
}

void memblock_for_each_free(const struct memblock *mb,
			    void (*fn)(phys_addr_t, phys_addr_t, void *),
			    void *arg)
{
	const struct memblock_type *res = &mb->reserved;

	for (int i = 0; i < mb->memory.cnt; i++) {
		phys_addr_t start = mb->memory.regions[i].base;
		phys_addr_t end = start + mb->memory.regions[i].size;

		/* Reserved regions are sorted: cut each out of [start, end). */
		for (int j = 0; j < res->cnt && start < end; j++) {
			phys_addr_t rs = res->regions[j].base;
			phys_addr_t re = rs + res->regions[j].size;

			if (re <= start || rs >= end)
				continue;
			if (rs > start)
				fn(start, rs, arg);
			start = MAX(start, re);
		}
		if (start < end)
			fn(start, end, arg);
	}
}

struct alloc_request {
	u64 size, align;
	phys_addr_t min, max, found;
};

static void try_range(phys_addr_t start, phys_addr_t end, void *arg)
{
	struct alloc_request *req = arg;
	phys_addr_t base = ALIGN_UP(MAX(start, req->min), req->align);

	if (!req->found && base + req->size <= MIN(end, req->max))
		req->found = base;
}

phys_addr_t memblock_phys_alloc_range(struct memblock *mb, u64 size, u64 align,
			   phys_addr_t min_addr, phys_addr_t max_addr)
{
	struct alloc_request req = { size, align, min_addr, max_addr, 0 };

	memblock_for_each_free(mb, try_range, &req);
	if (req.found)
		memblock_reserve(mb, req.found, size);
	return req.found;
}
