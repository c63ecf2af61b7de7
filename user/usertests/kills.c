/*
 * Bad memory accesses: each is made by a victim child, which the kernel
 * must kill with SIGSEGV; the case, its parent, goes on as usual.
 */
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include "cases.h"
#include "ut.h"

static int expect_sigsegv(int (*victim)(void *arg), void *arg,
			  const char *what)
{
	int status = run_child(victim, arg);

	if (killed_by(status, SIGSEGV))
		return 0;
	return ut_fail("%s: the victim %s, expected to be killed by SIGSEGV",
		       what, describe_status(status));
}

static int read_at(void *addr)
{
	return *(volatile char *)opaque((uintptr_t)addr);
}

static int write_at(void *addr)
{
	*(volatile char *)opaque((uintptr_t)addr) = 1;
	return 0;
}

int kill_null_read(void)
{
	return expect_sigsegv(read_at, NULL, "read at 0");
}

int kill_null_write(void)
{
	return expect_sigsegv(write_at, NULL, "write at 0");
}

int kill_write_text(void)
{
	return expect_sigsegv(write_at, (void *)(uintptr_t)write_at,
			      "write to our own code");
}

static int write_mapping(void *prot)
{
	char *p = map_anon(PAGE_SIZE, (int)(uintptr_t)prot);

	return p ? write_at(p) : 0;
}

int kill_write_readonly(void)
{
	return expect_sigsegv(write_mapping, (void *)PROT_READ,
			      "write to a PROT_READ page");
}

static int read_after_munmap(void *arg)
{
	char *p = map_anon(2 * PAGE_SIZE, PROT_READ | PROT_WRITE);

	(void)arg;
	if (!p)
		return 0;
	memset(p, 1, 2 * PAGE_SIZE);
	munmap(p + PAGE_SIZE, PAGE_SIZE);
	return read_at(p + PAGE_SIZE);
}

int kill_after_munmap(void)
{
	return expect_sigsegv(read_after_munmap, NULL,
			      "read of a page after munmap");
}

static int read_mapping(void *prot)
{
	char *p = map_anon(PAGE_SIZE, (int)(uintptr_t)prot);

	return p ? read_at(p) : 0;
}

/* The page has a frame, which PROT_NONE keeps, and then loses access. */
static int read_after_prot_none(void *arg)
{
	char *p = map_anon(PAGE_SIZE, PROT_READ | PROT_WRITE);

	(void)arg;
	if (!p || mprotect(p, PAGE_SIZE, PROT_NONE) != 0)
		return 0;
	return read_at(p);
}

int kill_prot_none(void)
{
	return expect_sigsegv(read_mapping, (void *)PROT_NONE,
			      "read of a fresh PROT_NONE page") |
	       expect_sigsegv(read_after_prot_none, NULL,
			      "read of a page made PROT_NONE after a write");
}

/* The start of the kernel half, aspace's direct map of RAM and its image:
 * the last two are mapped, for the kernel only. */
static const uintptr_t kernel_addresses[] = {
	0xffff800000000000, 0xffff888000000000, 0xffffffff80000000,
};

int kill_kernel_address(void)
{
	int bad = 0;

	for (size_t i = 0; i < ARRAY_SIZE(kernel_addresses); i++) {
		void *addr = (void *)kernel_addresses[i];

		bad |= expect_sigsegv(read_at, addr, "read in the kernel half");
		bad |= expect_sigsegv(write_at, addr, "write in the kernel half");
	}
	return bad;
}

/* Just past user space and the bottom of the upper half, both outside
 * the 48-bit canonical ranges: the CPU raises #GP, not a page fault. */
int kill_noncanonical(void)
{
	return expect_sigsegv(read_at, (void *)0x0000800000000000,
			      "read at 0x0000800000000000") |
	       expect_sigsegv(write_at, (void *)0x8000000000000000,
			      "write at 0x8000000000000000");
}

/* A return instruction in a writable, not executable page. */
static int exec_data(void *arg)
{
	unsigned char *p = map_anon(PAGE_SIZE, PROT_READ | PROT_WRITE);

	(void)arg;
	if (!p)
		return 0;
	p[0] = 0xc3;
	((void (*)(void))opaque((uintptr_t)p))();
	return 0;
}

int kill_exec_data(void)
{
	return expect_sigsegv(exec_data, NULL, "jump into a data page");
}

int kill_stack_overflow(void)
{
	return expect_sigsegv(overflow_stack, NULL, "endless recursion");
}
