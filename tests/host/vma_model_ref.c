/*
 * The reference model for tests/host/vma_model.c, written from Linux's
 * documented behaviour and not from the code in mm/, so that the two can
 * disagree. For each page of a window of the address space it keeps
 * whether the page is mapped, its vm_flags, pgoff and what backs it. The
 * areas are not stored: they are the maximal runs of pages that could be
 * one area (same flags and backing, pgoff counting up), which is what
 * Linux's merging leaves, except for one transient case (m_modify).
 */
#include <string.h>

#include "kernel/errno.h"
#include "mm/fault.h"
#include "tests/host/vma_model_ref.h"

#define ERR(e) ((unsigned long)-(long)(e))
#define BRK_FLAGS (VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT)

struct model model;

void model_init(long npages, unsigned long top, unsigned long brk)
{
	memset(&model, 0, sizeof(model));
	model.base = mmap_min_addr;
	model.npages = npages;
	model.top = top;
	model.start_brk = model.brk = brk;
}

long pg_index(unsigned long addr)
{
	if (addr > pg_addr(model.npages))
		return model.npages + 1;
	return ((long)addr - (long)model.base) >> PAGE_SHIFT;
}

bool mapped(long i)
{
	return i >= 0 && i < model.npages && model.pg[i].mapped;
}

/* Can page hi continue page lo's area: same flags and backing, pgoff + 1?
 * Shared pages also need the same mapping: Linux backs each MAP_SHARED
 * call with its own shmem file, and areas of two files never merge. */
static bool fits(const struct mpage *lo, const struct mpage *hi)
{
	return lo->mapped && hi->mapped && lo->flags == hi->flags &&
	       lo->id == hi->id && hi->pgoff == lo->pgoff + 1;
}

bool joins(long i)
{
	return i > 0 && i < model.npages && !model.pg[i].split &&
	       fits(&model.pg[i - 1], &model.pg[i]);
}

long area_start(long i)
{
	while (joins(i))
		i--;
	return i;
}

long area_end(long i)
{
	do
		i++;
	while (joins(i));
	return i;
}

static long nr_areas(void)
{
	long n = 0;

	for (long i = 0; i < model.npages; i++)
		n += model.pg[i].mapped && !joins(i);
	return n;
}

long first_area(long i)
{
	if (mapped(i))
		return area_start(i);
	for (i = i < 0 ? 0 : i; i < model.npages; i++)
		if (model.pg[i].mapped)
			return i;
	return -1;
}

/* vm_start_gap of the area starting at page s: a stack keeps
 * stack_guard_gap free below it. */
static unsigned long start_gap(long s)
{
	unsigned long a = pg_addr(s);

	if (!(model.pg[s].flags & VM_GROWSDOWN))
		return a;
	return a > stack_guard_gap ? a - stack_guard_gap : 0;
}

static void map_range(long lo, long hi, unsigned long flags,
		      unsigned long pgoff, unsigned id)
{
	for (long i = lo; i < hi; i++)
		model.pg[i] = (struct mpage){ .mapped = true, .flags = flags,
					  .pgoff = pgoff + (i - lo), .id = id };
}

static void unmap_range(long lo, long hi)
{
	for (long i = lo < 0 ? 0 : lo; i < hi && i < model.npages; i++)
		model.pg[i] = (struct mpage){ 0 };
}

/* handle_mm_fault: 0 or VM_FAULT_SIGSEGV. A write leaves the page the
 * area's own, with the contents it had (the caller then writes a byte). */
unsigned m_fault(long i, unsigned how)
{
	struct mpage *p = &model.pg[i];
	unsigned long need = VM_ACCESS_FLAGS;

	if (how & FAULT_FLAG_WRITE)
		need = VM_WRITE;
	else if (how & FAULT_FLAG_INSTRUCTION)
		need = VM_EXEC;
	if (!(p->flags & need))
		return VM_FAULT_SIGSEGV;
	if (p->state == P_FILE)
		p->state = P_OWN;
	if (how & FAULT_FLAG_WRITE) {
		if (p->state != P_OWN)
			p->byte = 0;
		p->state = P_OWN;
	} else if (p->state == P_NONE) {
		/* Shared memory has no zero page: it reads its own page. */
		p->state = p->flags & VM_SHARED ? P_OWN : P_ZERO;
		p->byte = 0;
	}
	return 0;
}

/* mm_populate: write faults where a write would copy anyway (private
 * writable), read faults elsewhere, nothing where no access is allowed. */
static void m_populate(long lo, long hi)
{
	for (long i = lo; i < hi; i++) {
		unsigned long f = model.pg[i].flags;

		if (f & VM_ACCESS_FLAGS)
			m_fault(i, (f & (VM_WRITE | VM_SHARED)) == VM_WRITE ?
				   FAULT_FLAG_WRITE : 0);
	}
}

/* Holes are fine; pages in the range are dropped. */
long m_munmap(unsigned long start, unsigned long len)
{
	long lo, hi, f;

	if ((start & ~PAGE_MASK) || start > TASK_SIZE ||
	    len > TASK_SIZE - start)
		return -EINVAL;
	len = PAGE_UP(len);
	if (!len)
		return -EINVAL;
	lo = pg_index(start);
	hi = lo + (long)(len >> PAGE_SHIFT);
	/* Cutting a hole in one area adds one: refused at the limit. */
	f = first_area(lo);
	if (f >= 0 && f < lo && hi < area_end(f) &&
	    nr_areas() >= sysctl_max_map_count)
		return -ENOMEM;
	unmap_range(lo, hi);
	return 0;
}

/* Is [addr, addr + len) free for a hint: no area in it, and below a
 * stack no closer than the guard gap? */
static bool range_free(unsigned long addr, unsigned long len)
{
	long lo = pg_index(addr), hi = pg_index(addr + len), next;

	for (long i = lo; i < hi; i++)
		if (mapped(i))
			return false;
	next = first_area(hi);
	return next < 0 || addr + len <= start_gap(next);
}

/* The highest free range of len bytes in [base, top), the gap below a stack
 * shortened by the guard gap; else bottom-up from UNMAPPED_BASE. */
static unsigned long search_top_down(unsigned long len)
{
	long n = (long)(len >> PAGE_SHIFT), e = pg_index(model.top), next = -1;
	long used[MODEL_MAX_PAGES + 1] = { 0 };	/* mapped pages below i */

	for (long i = 0; i < model.npages; i++)
		used[i + 1] = used[i] + model.pg[i].mapped;
	for (long i = model.npages - 1; i >= e; i--)
		if (model.pg[i].mapped)
			next = i;
	for (; e >= n; e--) {
		if (e < model.npages && model.pg[e].mapped)
			next = e;
		if (used[e] - used[e - n] == 0 &&
		    (next < 0 || pg_addr(e) <= start_gap(next)))
			return pg_addr(e - n);
	}
	return len <= TASK_SIZE - UNMAPPED_BASE ? UNMAPPED_BASE : ERR(ENOMEM);
}

static unsigned long m_get_unmapped_area(unsigned long addr,
					 unsigned long len, unsigned long flags)
{
	if (len > TASK_SIZE - mmap_min_addr)
		return ERR(ENOMEM);
	if (!(flags & MAP_FIXED) &&
	    !(addr && addr >= mmap_min_addr && addr <= TASK_SIZE - len &&
	      range_free(addr, len)))
		addr = search_top_down(len);
	if (addr > TASK_SIZE - len)
		return ERR(ENOMEM);
	if (addr & ~PAGE_MASK)
		return ERR(EINVAL);
	if (addr < mmap_min_addr)
		return ERR(EPERM);
	return addr;
}

unsigned long m_mmap(unsigned long addr, unsigned long len, unsigned long prot,
		     unsigned long flags, struct mapping *out)
{
	unsigned long vm_flags, pgoff;
	unsigned id = 0;
	long lo, hi;

	if (!len)
		return ERR(EINVAL);
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	if (!(flags & MAP_FIXED)) {
		/* Linux's round_hint_to_min: round down, then raise. */
		addr &= PAGE_MASK;
		if (addr && addr < mmap_min_addr)
			addr = mmap_min_addr;
	}
	len = PAGE_UP(len);
	if (!len)
		return ERR(ENOMEM);
	/* ">": the limit may be passed by one. */
	if (nr_areas() > sysctl_max_map_count)
		return ERR(ENOMEM);
	addr = m_get_unmapped_area(addr, len, flags);
	if (IS_ERR_VALUE(addr))
		return addr;
	lo = pg_index(addr);
	hi = pg_index(addr + len);
	if (flags & MAP_FIXED_NOREPLACE)
		for (long i = lo; i < hi; i++)
			if (mapped(i))
				return ERR(EEXIST);
	/* PROT_SEM and unknown MAP_ bits leave no trace. */
	vm_flags = (prot & VM_ACCESS_FLAGS) | VM_MAYREAD | VM_MAYWRITE |
		   VM_MAYEXEC;
	vm_flags |= flags & MAP_GROWSDOWN ? VM_GROWSDOWN : 0;
	vm_flags |= flags & MAP_LOCKED ? VM_LOCKED : 0;
	vm_flags |= flags & MAP_NORESERVE ? VM_NORESERVE : 0;
	switch (flags & MAP_TYPE) {
	case MAP_SHARED:
		if (vm_flags & VM_GROWSDOWN)
			return ERR(EINVAL);
		vm_flags |= VM_SHARED | VM_MAYSHARE;
		pgoff = 0;
		id = ++model.next_id;
		break;
	case MAP_PRIVATE:
		pgoff = addr >> PAGE_SHIFT;
		break;
	default:
		return ERR(EINVAL);
	}
	/* Private writable memory is charged to the commit limit. */
	if ((vm_flags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE)
		vm_flags |= VM_ACCOUNT;
	/* MAP_FIXED replaces what was there, unless the unmap is refused. */
	if ((flags & MAP_FIXED) && m_munmap(addr, len))
		return ERR(ENOMEM);
	*out = (struct mapping){ len, vm_flags, pgoff };
	if (addr >= UNMAPPED_BASE)
		return addr;
	map_range(lo, hi, vm_flags, pgoff, id);
	if ((vm_flags & VM_LOCKED) ||
	    (flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE)
		m_populate(lo, hi);
	return addr;
}

/*
 * Linux's vma_modify_flags: give pages [ps, pe) of the area [a0, a1) the
 * flags nf. A neighbour that then fits grows over them; else the area is
 * split at ps and at pe, each split refused at sysctl_max_map_count. The
 * second refusal leaves the first split done, the flags unchanged: two
 * areas that could be one. pg[ps].split marks that cut; the test unmaps
 * both halves at once, so that the areas are maximal runs again.
 */
static long m_modify(long ps, long pe, long a0, long a1, unsigned long nf)
{
	struct mpage first = model.pg[ps], last = model.pg[pe - 1];

	if (nf == first.flags)
		return 0;
	first.flags = last.flags = nf;
	if (!(ps == a0 && ps > 0 && fits(&model.pg[ps - 1], &first)) &&
	    !(pe == a1 && pe < model.npages && fits(&last, &model.pg[pe]))) {
		if (ps != a0) {
			if (nr_areas() >= sysctl_max_map_count)
				return -ENOMEM;
			model.pg[ps].split = true;
		}
		if (pe != a1 && nr_areas() >= sysctl_max_map_count)
			return -ENOMEM;
	}
	for (long i = ps; i < pe; i++) {
		model.pg[i].flags = nf;
		model.pg[i].split = false;
	}
	return 0;
}

long m_mprotect(unsigned long start, unsigned long len, unsigned long prot)
{
	unsigned long grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP), end;
	long lo, hi, f;

	prot &= ~grows;
	if (grows == (PROT_GROWSDOWN | PROT_GROWSUP) || (start & ~PAGE_MASK))
		return -EINVAL;
	if (!len)
		return 0;
	end = start + PAGE_UP(len);
	if (end <= start)
		return -ENOMEM;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))
		return -EINVAL;
	lo = pg_index(start);
	hi = pg_index(end);
	f = first_area(lo);
	if (f < 0)
		return -ENOMEM;
	/* PROT_GROWSDOWN: from the start of the stack area at the range. */
	if (grows & PROT_GROWSDOWN) {
		if (pg_addr(f) >= end)
			return -ENOMEM;
		lo = f;
		if (!(model.pg[f].flags & VM_GROWSDOWN))
			return -EINVAL;
	} else if (pg_addr(f) > start) {
		return -ENOMEM;
	} else if (grows & PROT_GROWSUP) {
		return -EINVAL;
	}
	/* Area by area; a hole stops it, leaving the areas before changed.
	 * Only the access bits change, if the VM_MAY* bits allow. */
	for (long i = lo, pe; i < hi; i = pe) {
		long a0 = area_start(i), a1 = area_end(i), err;
		unsigned long old, nf;

		if (!mapped(i))
			return -ENOMEM;
		pe = a1 < hi ? a1 : hi;
		old = model.pg[i].flags;
		nf = (prot & VM_ACCESS_FLAGS) | (old & ~VM_ACCESS_FLAGS);
		if ((nf & ~(nf >> 4)) & VM_ACCESS_FLAGS)
			return -EACCES;
		/* Private memory made writable is charged from now on (and
		 * stays so). */
		if ((nf & VM_WRITE) && !(old & (VM_ACCOUNT | VM_WRITE |
						VM_SHARED | VM_NORESERVE)))
			nf |= VM_ACCOUNT;
		err = m_modify(i, pe, a0, a1, nf);
		if (err)
			return err;
	}
	return 0;
}

/* One area's part [ps, pe) of a madvise range. */
static long m_advise_piece(long ps, long pe, int advice)
{
	unsigned long nf = model.pg[ps].flags & ~(VM_RAND_READ | VM_SEQ_READ);

	switch (advice) {
	case MADV_WILLNEED:
		return 0;
	case MADV_DONTNEED:
		if (model.pg[ps].flags & VM_LOCKED)
			return -EINVAL;
		/* The pages leave the page tables. Shared memory lives on
		 * in its shmem file: the next access finds the same data. */
		for (long i = ps; i < pe; i++) {
			struct mpage *p = &model.pg[i];
			bool kept = p->state != P_NONE &&
				    (p->flags & VM_SHARED);

			p->state = kept ? P_FILE : P_NONE;
		}
		return 0;
	case MADV_RANDOM:
		nf |= VM_RAND_READ;
		break;
	case MADV_SEQUENTIAL:
		nf |= VM_SEQ_READ;
		break;
	}
	/* A split refused at the limit: ENOMEM, as from Linux 4.17 to 6.6
	 * (earlier and later ones turn it into EAGAIN, as for a failed
	 * allocation: "temporarily unavailable"). */
	return m_modify(ps, pe, area_start(ps), area_end(ps), nf);
}

long m_madvise(unsigned long start, unsigned long len, int advice)
{
	unsigned long end = start + PAGE_UP(len);
	long i, hi, err = 0;

	if (advice < MADV_NORMAL || advice > MADV_DONTNEED ||
	    (start & ~PAGE_MASK) || (len && !PAGE_UP(len)) || end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	/* Every mapped part, holes skipped; a hole makes it ENOMEM at the
	 * end, an error from a part at once. */
	for (i = pg_index(start), hi = pg_index(end);;) {
		long f = first_area(i), pe, r;

		if (f < 0)
			return -ENOMEM;
		if (f > i) {
			err = -ENOMEM;
			i = f;
			if (i >= hi)
				break;
		}
		pe = area_end(i) < hi ? area_end(i) : hi;
		r = m_advise_piece(i, pe, advice);
		if (r)
			return r;
		i = pe;
		if (i >= hi)
			break;
	}
	return err;
}

unsigned long m_brk(unsigned long brk)
{
	unsigned long newbrk = PAGE_UP(brk), oldbrk = PAGE_UP(model.brk);
	long next;

	if (brk < model.start_brk || brk > TASK_SIZE)
		return model.brk;
	if (newbrk == oldbrk)
		return model.brk = brk;
	if (brk <= model.brk) {
		if (m_munmap(newbrk, oldbrk - newbrk))
			return model.brk;
		return model.brk = brk;
	}
	/* Growing: a page of room must stay below the next area (and its
	 * guard gap); a new area continues the heap's last. */
	next = first_area(pg_index(oldbrk));
	if ((next >= 0 && newbrk + PAGE_SIZE > start_gap(next)) ||
	    nr_areas() > sysctl_max_map_count)
		return model.brk;
	map_range(pg_index(oldbrk), pg_index(newbrk), BRK_FLAGS,
		  oldbrk >> PAGE_SHIFT, 0);
	return model.brk = brk;
}

