/*
 * usertests: what every case may use. A case is a function that returns 0
 * to pass; the runner (main.c) calls it in a child process of its own, so
 * a case may crash, leak or exhaust memory without harming the others.
 * Before failing, a case says why with ut_fail(), which prints a KTAP
 * diagnostic line ("# case: ...") above the case's result.
 */
#ifndef USERTESTS_UT_H
#define USERTESTS_UT_H

#include <limits.h>	/* PAGE_SIZE */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The name of the case running, for diagnostics. */
extern const char *ut_current;

/* Print a diagnostic line; ut_fail() also returns 1, so a case can
 * `return ut_fail(...)`. */
__attribute__((format(printf, 1, 2))) void ut_diag(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) int ut_fail(const char *fmt, ...);

/* Whether we run on aspace rather than Linux: uname's sysname. */
bool on_aspace(void);

/* Free memory in pages, from sysinfo. On aspace it counts free frames
 * exactly, so a difference is a number of frames allocated. */
long free_pages(void);
/* The same, once the kernel has finished freeing what processes that
 * exited left: some of it is freed late (aspace frees a dead process's
 * kernel stack in a kernel thread, Linux some of it after an RCU grace
 * period), so this waits until the count stays put. */
long settled_free_pages(void);

void sleep_ms(long ms);

/* An address the compiler cannot reason about, so that a deliberate NULL
 * or wild access is compiled as written instead of as a trap. */
static inline void *opaque(uintptr_t addr)
{
	__asm__("" : "+r"(addr));
	return (void *)addr;
}

/* Processes. run_child() forks, runs fn(arg) in the child and exits with
 * its return value; it returns the wait status, or -1 after saying why
 * fork or wait failed. */
pid_t ut_fork(void);
int ut_wait(pid_t pid);
int run_child(int (*fn)(void *arg), void *arg);
/* For run_child(nothing, NULL): whether fork, exit and wait work. */
int nothing(void *arg);
bool exited_with(int status, int code);
bool killed_by(int status, int sig);
/* "exited 3", "killed by signal 11 (Segmentation fault)": for messages. */
const char *describe_status(int status);

/* Recurses until the stack overflows (for run_child). */
int overflow_stack(void *arg);

/* A fresh private anonymous mapping, or NULL after saying why. */
void *map_anon(size_t len, int prot);
/* The offset of the first byte of buf[0..len) that is not c, or -1. */
long find_not(const volatile char *buf, size_t len, char c);

#endif
