/*
 * The address-space core against a reference model: a million random
 * mmap, munmap, mprotect, madvise, brk and fault calls from fixed seeds
 * go both to the kernel's mm/ code and to tests/host/vma_model_ref.c, a
 * page-by-page model of what Linux does. After every call the return
 * values, the whole area list and the counters must agree and validate_mm
 * must pass; every few calls, the page tables and page contents too.
 *
 * The calls aim at a window of pages at mmap_min_addr, with
 * free_area_cache at its top, so that mmap's top-down search works
 * inside it; when nothing fits, mmap goes bottom-up far above, which the
 * test checks and undoes at once. The first divergence of a seed prints
 * the last calls and both area lists, and ends the seed.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel/ktest.h"
#include "mm/fault.h"
#include "mm/mm.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "tests/host/vma_model_ref.h"

#define NR_SEEDS 20
#define OPS_PER_SEED 50000	/* 20 x 50,000: a million */
#define MARGIN 32		/* model pages above the search window */
#define PTE_CHECK_EVERY 16	/* calls between page-table checks */
#define HISTORY 20		/* calls shown with a divergence */
#define SEED_SECONDS 30		/* a seed takes well under a second */
#define ERR(e) ((unsigned long)-(long)(e))

static struct mm_struct *mm;
static uint64_t rng;
static unsigned long seed_nr, op_nr, nr_ops, nr_pte_checks;
static char history[HISTORY][160];
static bool diverged;
static unsigned long diverged_at;	/* op_nr of the divergence */

/* xorshift64*: fixed seeds give the same calls on every run. */
static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dull;
}

static unsigned long below(unsigned long n)
{
	return rnd() % n;
}

static bool chance(unsigned percent)
{
	return below(100) < percent;
}

/* Record the call being made, for the report of a divergence. */
static __printf(1, 2) void note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(history[op_nr % HISTORY], sizeof(history[0]), fmt, ap);
	va_end(ap);
}

static void print_history(void)
{
	printf("# seed %lu, op %lu; the last calls:\n", seed_nr, op_nr);
	for (unsigned long i = op_nr >= HISTORY ? op_nr - HISTORY + 1 : 0;
	     i <= op_nr; i++)
		printf("#   %6lu: %s\n", i, history[i % HISTORY]);
}

static void print_areas(void)
{
	printf("#   expected areas:\n");
	for (long i = 0; i < model.npages; i = area_end(i))
		if (model.pg[i].mapped)
			printf("#     %#lx-%#lx flags %#lx pgoff %#lx\n",
			       pg_addr(i), pg_addr(area_end(i)),
			       model.pg[i].flags, model.pg[i].pgoff);
	printf("#   actual areas (map_count %d):\n", mm->map_count);
	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next)
		printf("#     %#lx-%#lx flags %#lx pgoff %#lx\n", v->vm_start,
		       v->vm_end, v->vm_flags, v->vm_pgoff);
}

/* Report the first divergence of a seed; the seed stops after it. */
static __printf(1, 2) void diverge(const char *fmt, ...)
{
	va_list ap;

	if (diverged)
		return;
	diverged = true;
	diverged_at = op_nr;
	printf("# DIVERGENCE: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	print_history();
	print_areas();
}

/* The call last noted returned got; Linux would return want. */
static void expect_ret(unsigned long got, unsigned long want)
{
	if (got != want)
		diverge("%s returned %ld (%#lx), the model %ld (%#lx)",
			history[op_nr % HISTORY], (long)got, got, (long)want,
			want);
}

/* A panic (validate_mm's, say) aborts, a loop in mm/ hangs: say where
 * first. */
static void on_signal(int sig)
{
	printf("# %s\n", sig == SIGALRM ? "timed out" : "aborted");
	print_history();
	fflush(stdout);
	if (sig == SIGALRM) {
		signal(SIGABRT, SIG_DFL);
		abort();
	}
}

/* The area list, the counters and brk against the model's. */
static void compare_state(void)
{
	struct vm_area_struct *v;
	unsigned long total = 0, locked = 0, rss = 0;
	long areas = 0;

	down_read(&mm->mmap_sem);
	validate_mm(mm);
	v = mm->mmap;
	for (long i = 0; i < model.npages && !diverged; i++) {
		struct mpage *p = &model.pg[i];

		total += p->mapped;
		locked += p->mapped && (p->flags & VM_LOCKED);
		rss += p->state == P_OWN;
		if (!p->mapped || joins(i))
			continue;
		areas++;
		if (!v)
			diverge("area %ld is missing", areas);
		else if (v->vm_start != pg_addr(i) ||
			 v->vm_end != pg_addr(area_end(i)) ||
			 v->vm_flags != p->flags || v->vm_pgoff != p->pgoff)
			diverge("area %ld is %#lx-%#lx flags %#lx pgoff %#lx",
				areas, v->vm_start, v->vm_end, v->vm_flags,
				v->vm_pgoff);
		else
			v = v->vm_next;
	}
	if (v && !diverged)
		diverge("more areas than expected");
	if (mm->map_count != areas || mm->total_vm != total ||
	    mm->locked_vm != locked || mm->rss != rss || mm->brk != model.brk)
		diverge("map_count %d total_vm %lu locked_vm %lu rss %lu "
			"brk %#lx; expected %ld %lu %lu %lu %#lx",
			mm->map_count, mm->total_vm, mm->locked_vm, mm->rss,
			mm->brk, areas, total, locked, rss, model.brk);
	up_read(&mm->mmap_sem);
}

/* Should page p be in the page tables? */
static bool present(const struct mpage *p)
{
	return p->mapped && (p->state == P_ZERO || p->state == P_OWN);
}

/* The page tables of pages [lo, hi) against the model's pages. */
static void check_ptes(long lo, long hi)
{
	phys_addr_t zero = page_to_phys(zero_page());

	nr_pte_checks++;
	down_read(&mm->mmap_sem);
	for (long i = lo; i < hi && !diverged; i++) {
		struct mpage *p = &model.pg[i];
		unsigned long f = p->flags;
		unsigned char *mem;
		phys_addr_t pa;
		pte_t pte;
		bool ok;

		if (!page_table_lookup(mm->pgd, pg_addr(i), &pa, &pte)) {
			if (present(p))
				diverge("page %#lx is not mapped", pg_addr(i));
			continue;
		}
		if (!present(p)) {
			diverge("page %#lx is mapped", pg_addr(i));
			continue;
		}
		mem = phys_to_virt(pa);
		ok = (pa == zero) == (p->state == P_ZERO) &&
		     mem[0] == p->byte && mem[PAGE_SIZE - 1] == p->byte;
		/* Private pages may be read-only until written. */
		ok = ok && (!pte_write(pte) || ((f & VM_WRITE) && pa != zero));
		if (f & VM_SHARED)
			ok = ok && pte_write(pte) == !!(f & VM_WRITE);
		ok = ok && pte_user(pte) == !!(f & VM_ACCESS_FLAGS);
		if (pte_user(pte))
			ok = ok && pte_exec(pte) == !!(f & VM_EXEC);
		else
			ok = ok && pte_protnone(pte);
		/* No fork: a page of its own is mapped once; a shared one
		 * is also its shmem file's. */
		if (p->state == P_OWN)
			ok = ok && page_count(virt_to_page(mem)) ==
					   (f & VM_SHARED ? 2 : 1);
		if (!ok)
			diverge("page %#lx: pte %#llx, byte %#x; model: "
				"state %d byte %#x flags %#lx", pg_addr(i),
				(unsigned long long)pte.pte, mem[0], p->state,
				p->byte, f);
	}
	up_read(&mm->mmap_sem);
}

/* A page-aligned address where len bytes fit in the model. */
static unsigned long rand_addr(unsigned long len)
{
	long n = (long)(PAGE_UP(len) >> PAGE_SHIFT);

	if (n >= model.npages)
		return model.base;
	return pg_addr(below(model.npages - n + 1));
}

/* Mostly a few pages, sometimes not whole pages, rarely the whole model. */
static unsigned long rand_len(void)
{
	unsigned long r = below(100), pages;

	pages = 1 + (r < 60 ? below(8) :
		     r < 92 ? below(32) : below(model.npages));
	return pages * PAGE_SIZE - (chance(10) ? below(PAGE_SIZE) : 0);
}

/* A mapped page at random (-1 if none), to aim calls at areas. */
static long rand_mapped_page(void)
{
	long start = below(model.npages);

	for (long k = 0; k < model.npages; k++) {
		long i = (start + k) % model.npages;

		if (model.pg[i].mapped)
			return i;
	}
	return -1;
}

/* A start in an area (often its first page), or anywhere. */
static unsigned long rand_start(unsigned long len)
{
	long i = rand_mapped_page();

	if (i >= 0 && chance(60))
		return pg_addr(chance(30) ? area_start(i) : i);
	return rand_addr(len);
}

/* A range for munmap, mprotect, madvise: half of them inside one area. */
static unsigned long rand_range(unsigned long *len)
{
	unsigned long start = rand_start(*len = rand_len());
	long i = pg_index(start);

	if (mapped(i) && chance(50))
		*len = (1 + below(area_end(i) - i)) * PAGE_SIZE;
	return start;
}

/* Lengths that no call accepts (but zero, for some). */
static unsigned long odd_len(void)
{
	static const unsigned long lens[] = { 0, -1ul, -PAGE_SIZE, TASK_SIZE,
					      TASK_SIZE + PAGE_SIZE };
	return lens[below(5)];
}

/* Starts that are unaligned, out of user space, or where nothing is. */
static unsigned long odd_start(void)
{
	static const unsigned long starts[] = {
		0, PAGE_SIZE, UNMAPPED_BASE, TASK_SIZE, TASK_SIZE + PAGE_SIZE,
		-PAGE_SIZE };
	return chance(50) ? rand_addr(0) + 1 + below(PAGE_SIZE - 1) :
			    starts[below(6)];
}

/* MAP_FIXED addresses that mmap refuses whatever the length. */
static unsigned long bad_fixed_addr(void)
{
	static const unsigned long addrs[] = { 0, PAGE_SIZE, TASK_SIZE };

	if (chance(50))
		return rand_addr(0) + 1 + below(PAGE_SIZE - 1);
	return chance(50) ? mmap_min_addr - PAGE_SIZE : addrs[below(3)];
}

/* A hint: none, free or not, unaligned, below mmap_min_addr, too high. */
static unsigned long rand_hint(unsigned long len)
{
	unsigned long r = below(10);

	if (PAGE_UP(len) > (unsigned long)model.npages * PAGE_SIZE || r < 4)
		return 0;
	if (r < 7)
		return rand_addr(len);
	if (r < 8)
		return rand_addr(len) + below(PAGE_SIZE);
	if (r < 9)
		return below(mmap_min_addr);
	return TASK_SIZE - PAGE_UP(len) + PAGE_SIZE;
}

/* Mostly private; sometimes a bad map type, or bits that Linux ignores
 * for MAP_PRIVATE and MAP_SHARED (0x80000 is MAP_SYNC, 0x200 unused). */
static unsigned long rand_map_flags(void)
{
	static const unsigned long bad_types[] = { 0, MAP_SHARED_VALIDATE, 4,
						   0xf };
	static const unsigned long ignored[] = { MAP_DENYWRITE, MAP_EXECUTABLE,
						 MAP_STACK, 0x80000, 0x200 };
	unsigned long r = below(100), flags = MAP_ANONYMOUS;

	flags |= r < 86 ? MAP_PRIVATE :
		 r < 98 ? MAP_SHARED : bad_types[below(4)];
	r = below(100);
	flags |= r < 35 ? MAP_FIXED : r < 39 ? MAP_FIXED_NOREPLACE :
		 r < 40 ? MAP_FIXED | MAP_FIXED_NOREPLACE : 0;
	flags |= chance(5) ? MAP_GROWSDOWN : 0;
	flags |= chance(4) ? MAP_LOCKED : 0;
	if (chance(10))
		flags |= MAP_POPULATE | (chance(30) ? MAP_NONBLOCK : 0);
	flags |= chance(5) ? MAP_NORESERVE : 0;
	flags |= chance(5) ? ignored[below(5)] : 0;
	return flags;
}

/* mmap, through vm_mmap (do_mmap under mmap_sem) or the system call's
 * ksys_mmap_pgoff. */
static void op_mmap(bool syscall)
{
	unsigned long flags = rand_map_flags(), len = rand_len();
	unsigned long prot = below(8) | (chance(5) ? PROT_SEM : 0);
	unsigned long addr, got, want, pgoff = below(64);
	struct vm_area_struct *v;
	struct mapping m;

	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (PAGE_UP(len) > (unsigned long)model.npages * PAGE_SIZE)
			len = PAGE_SIZE;
		addr = rand_start(len);
		if (addr + PAGE_UP(len) > pg_addr(model.npages))
			addr = rand_addr(len);
		addr = chance(3) ? bad_fixed_addr() : addr;
	} else {
		addr = rand_hint(len);
	}
	len = chance(2) ? odd_len() : len;
	note("%s(%#lx, %#lx, %#lx, %#lx)",
	     syscall ? "ksys_mmap_pgoff" : "vm_mmap", addr, len, prot, flags);
	want = m_mmap(addr, len, prot, flags, &m);
	got = syscall ? ksys_mmap_pgoff(mm, addr, len, prot, flags, -1, pgoff) :
			vm_mmap(mm, NULL, addr, len, prot, flags, 0);
	expect_ret(got, want);
	if (diverged || IS_ERR_VALUE(want) || want < UNMAPPED_BASE)
		return;
	/* Bottom-up, out of the model: check the area, then unmap it. */
	down_write(&mm->mmap_sem);
	v = find_vma(mm, got);
	if (!v || v->vm_start != got || v->vm_end != got + m.len ||
	    v->vm_flags != m.flags || v->vm_pgoff != m.pgoff)
		diverge("the bottom-up area at %#lx differs", got);
	else if (do_munmap(mm, got, m.len))
		diverge("the bottom-up area at %#lx cannot be unmapped", got);
	up_write(&mm->mmap_sem);
}

/* No files exist: mmap of an fd fails before anything else. */
static void op_mmap_file(void)
{
	unsigned long flags = rand_map_flags() & ~MAP_ANONYMOUS;
	unsigned long addr = rand_hint(PAGE_SIZE), len = rand_len();

	note("ksys_mmap_pgoff(%#lx, %#lx, fd 3, %#lx)", addr, len, flags);
	expect_ret(ksys_mmap_pgoff(mm, addr, len, PROT_READ, flags, 3, 0),
		   ERR(EBADF));
}

static void op_munmap(void)
{
	unsigned long len, start = rand_range(&len);

	start = chance(3) ? odd_start() : start;
	len = chance(3) ? odd_len() : len;
	note("vm_munmap(%#lx, %#lx)", start, len);
	expect_ret(vm_munmap(mm, start, len), m_munmap(start, len));
}

static void op_mprotect(void)
{
	unsigned long len, start = rand_range(&len);
	unsigned long prot = below(8), r = below(100);

	start = chance(2) ? odd_start() : start;
	len = chance(3) ? odd_len() : len;
	prot |= r < 5 ? PROT_SEM : r < 8 ? 0x10 << below(4) :
		r < 14 ? PROT_GROWSDOWN : r < 16 ? PROT_GROWSUP :
		r < 17 ? PROT_GROWSDOWN | PROT_GROWSUP : 0;
	note("do_mprotect(%#lx, %#lx, %#lx)", start, len, prot);
	expect_ret(do_mprotect(mm, start, len, prot),
		   m_mprotect(start, len, prot));
}

static void op_madvise(void)
{
	static const int bad[] = { 5, 6, 7, 50, -1 };
	unsigned long len, start = rand_range(&len);
	int advice = chance(3) ? bad[below(5)] : (int)below(5);

	start = chance(2) ? odd_start() : start;
	len = chance(3) ? odd_len() : len;
	note("do_madvise(%#lx, %#lx, %d)", start, len, advice);
	expect_ret(do_madvise(mm, start, len, advice),
		   m_madvise(start, len, advice));
}

static void op_brk(void)
{
	unsigned long r = below(100), brk;

	if (r < 80)
		brk = model.start_brk + below(48 * PAGE_SIZE);
	else if (r < 88)
		brk = model.brk + below(4 * PAGE_SIZE) - 2 * PAGE_SIZE;
	else if (r < 95)
		brk = model.start_brk - 1 - below(4 * PAGE_SIZE);
	else
		brk = TASK_SIZE + 1 + below(PAGE_SIZE);
	note("do_brk(%#lx)", brk);
	expect_ret(do_brk(mm, brk), m_brk(brk));
}

/* A fault anywhere in a mapped page, under mmap_sem for reading. After a
 * write fault, write a new byte there, to see it survive what the areas
 * go through. */
static void op_fault(void)
{
	static const unsigned kinds[] = { 0, FAULT_FLAG_WRITE,
					  FAULT_FLAG_INSTRUCTION };
	long i = rand_mapped_page();
	unsigned how = kinds[below(3)], got = -1u, want;
	struct vm_area_struct *v;
	phys_addr_t pa = 0, was = 0;
	unsigned long addr;
	bool own, present;
	pte_t pte;

	if (i < 0)
		return op_mmap(false);
	addr = pg_addr(i) + below(PAGE_SIZE);
	note("handle_mm_fault(%#lx, %u)", addr, how);
	own = model.pg[i].state == P_OWN;
	want = m_fault(i, how);
	down_read(&mm->mmap_sem);
	if (own)
		page_table_lookup(mm->pgd, pg_addr(i), &was, &pte);
	v = find_vma(mm, addr);
	if (v && v->vm_start <= addr)
		got = handle_mm_fault(v, addr, how);
	present = page_table_lookup(mm->pgd, pg_addr(i), &pa, &pte);
	up_read(&mm->mmap_sem);
	expect_ret(got, want);
	if (diverged || got || !(how & FAULT_FLAG_WRITE))
		return check_ptes(i, i + 1);
	/* Nothing else maps a page of the area's own: it is written in
	 * place, not copied. */
	if (!present || !pte_write(pte) || (own && pa != was))
		return diverge("after the write fault: pte %#llx, frame %#llx "
			       "(was %#llx)", (unsigned long long)pte.pte,
			       (unsigned long long)pa, (unsigned long long)was);
	model.pg[i].byte = 1 + below(255);
	((unsigned char *)phys_to_virt(pa))[0] = model.pg[i].byte;
	((unsigned char *)phys_to_virt(pa))[PAGE_SIZE - 1] = model.pg[i].byte;
}

/* find_vma and find_vma_prev at any address around the model. */
static void op_find(void)
{
	unsigned long addr = model.base - 2 * PAGE_SIZE +
			     below((model.npages + 4) * PAGE_SIZE);
	long f = first_area(pg_index(addr)), p = (f < 0 ? model.npages : f) - 1;
	struct vm_area_struct *prev, *v, *v2;

	note("find_vma_prev(%#lx)", addr);
	down_read(&mm->mmap_sem);
	v = find_vma_prev(mm, addr, &prev);
	v2 = find_vma(mm, addr);
	up_read(&mm->mmap_sem);
	while (p >= 0 && !model.pg[p].mapped)
		p--;
	if (v != v2 ||
	    (v ? v->vm_start : 1) != (f < 0 ? 1 : pg_addr(f)) ||
	    (prev ? prev->vm_start : 1) != (p < 0 ? 1 : pg_addr(area_start(p))))
		diverge("find_vma_prev(%#lx) found %#lx, prev %#lx", addr,
			v ? v->vm_start : 0, prev ? prev->vm_start : 0);
}

/* A failed split can leave an area cut in two with nothing else changed,
 * as in Linux; unmap both halves so that the model's areas are maximal
 * runs again. */
static void drop_failed_split(void)
{
	for (long i = 1; i < model.npages && !diverged; i++) {
		unsigned long s, e;

		if (!model.pg[i].split)
			continue;
		s = pg_addr(area_start(i - 1));
		e = pg_addr(area_end(i));
		note("vm_munmap(%#lx, %#lx) (drops the split)", s, e - s);
		expect_ret(vm_munmap(mm, s, e - s), m_munmap(s, e - s));
		compare_state();
	}
}

static void one_op(void)
{
	unsigned long r = below(100);

	if (r < 22)
		op_mmap(false);
	else if (r < 25)
		op_mmap(true);
	else if (r < 26)
		op_mmap_file();
	else if (r < 40)
		op_munmap();
	else if (r < 58)
		op_mprotect();
	else if (r < 70)
		op_madvise();
	else if (r < 75)
		op_brk();
	else if (r < 96)
		op_fault();
	else
		op_find();
}

/*
 * One seed: a window of 64 to 256 pages at mmap_min_addr, with
 * free_area_cache at its top so that the top-down search works inside
 * it; some seeds with few areas allowed, or a small stack guard gap.
 */
static bool run_seed(unsigned long s)
{
	static const long windows[] = { 64, 128, 256, 96 };
	static const unsigned long guards[] = { 256, 4, 1, 256, 16 };
	int saved_max = sysctl_max_map_count;
	unsigned long saved_gap = stack_guard_gap;
	unsigned long free_before = nr_free_pages();
	long window = windows[s % 4];

	seed_nr = s;
	rng = 0x9e3779b97f4a7c15ull * (s + 1);
	diverged = false;
	if (s % 3 == 2)
		sysctl_max_map_count = 3 + s % 8;
	stack_guard_gap = guards[s % 5] << PAGE_SHIFT;
	model_init(window + MARGIN, mmap_min_addr + window * PAGE_SIZE,
		   mmap_min_addr + window / 4 * PAGE_SIZE);
	mm = mm_alloc();
	if (!mm) {
		diverge("mm_alloc failed");
		return false;
	}
	mm->free_area_cache = model.top;
	mm->start_brk = mm->brk = model.brk;
	alarm(SEED_SECONDS);
	for (op_nr = 0; op_nr < OPS_PER_SEED && !diverged; op_nr++, nr_ops++) {
		one_op();
		if (!diverged)
			compare_state();
		drop_failed_split();
		if (op_nr % PTE_CHECK_EVERY == 0)
			check_ptes(0, model.npages);
	}
	check_ptes(0, model.npages);
	alarm(0);
	mmput(mm);
	sysctl_max_map_count = saved_max;
	stack_guard_gap = saved_gap;
	if (nr_free_pages() != free_before) {
		printf("# seed %lu: %lu frames leaked\n", s,
		       free_before - nr_free_pages());
		return false;
	}
	return !diverged;
}

KTEST(vma_model_random_ops)
{
	unsigned long divergences = 0;

	signal(SIGABRT, on_signal);
	signal(SIGALRM, on_signal);
	for (unsigned long s = 0; s < NR_SEEDS; s++) {
		if (run_seed(s))
			continue;
		divergences++;
		if (diverged)
			ktest_fail(kt, __FILE__, __LINE__,
				   "seed %lu diverged at op %lu", s,
				   diverged_at);
		else
			ktest_fail(kt, __FILE__, __LINE__,
				   "seed %lu leaked frames", s);
	}
	signal(SIGABRT, SIG_DFL);
	signal(SIGALRM, SIG_DFL);
	printf("# vma_model: %lu ops, %d seeds, %lu divergences, %lu page-table"
	       " checks\n", nr_ops, NR_SEEDS, divergences, nr_pte_checks);
	if (!divergences)
		KT_EXPECT_GE(nr_ops, 1000000ul);
}
