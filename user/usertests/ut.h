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

/* For run_child: reading or writing one byte at addr. */
int read_byte_at(void *addr);
int write_byte_at(void *addr);
/* 0 if run_child(victim, arg) is killed by sig, else 1 after saying what
 * happened to it instead. */
int expect_killed(int sig, int (*victim)(void *arg), void *arg,
		  const char *what);

/* Recurses until the stack overflows (for run_child). */
int overflow_stack(void *arg);

/* A fresh private anonymous mapping, or NULL after saying why. */
void *map_anon(size_t len, int prot);
/* A page with nothing mapped, or NULL after saying why: a page mapped and
 * unmapped again. Whatever maps memory next, malloc included, may take it
 * back, so make it just before it is used. */
void *unmapped_page(void);
/* The offset of the first byte of buf[0..len) that is not c, or -1. */
long find_not(const volatile char *buf, size_t len, char c);

/* System calls that return -1 on failure (mmap's MAP_FAILED is -1 too).
 * FAILED(call) is whether it failed, having said which call and why;
 * EXPECT_ERRNO(call, E) is 0 if it failed with E, else 1 after saying
 * what it did instead. Each reads errno right after the call. */
#define FAILED(call) ut_failed((long)(call), #call)
#define EXPECT_ERRNO(call, err) ut_expect_errno((long)(call), err, #call, #err)
bool ut_failed(long ret, const char *call);
int ut_expect_errno(long ret, int err, const char *call, const char *name);

/* Files. A case that makes files makes them in a directory of its own,
 * /tmp/ut-<pid>, made by ut_tmpdir() (0, or 1 after saying why); its
 * children may use it too. The runner removes the directory, with all it
 * holds, once the case has ended, however it ended: on aspace a file left
 * behind would hold frames, which would count as leaked. */
int ut_tmpdir(void);
void ut_remove_tmpdir(pid_t pid);
/* The path of name in that directory, in memory of its own, never freed:
 * a case is a short-lived process. */
const char *tmp_path(const char *name);
/* Creates (or truncates) path, mode 0644, holding len bytes of data; 0,
 * or 1 after saying why. */
int write_file(const char *path, const void *data, size_t len);
/* Fills buf with len bytes of a pattern that differs from page to page
 * and from byte to byte, seeded so that different files differ. */
void fill_pattern(void *buf, size_t len, unsigned seed);
/* A file of len bytes (at most PATTERN_FILE_MAX) of fill_pattern(seed),
 * opened with flags: the descriptor, or -1 after saying why. */
#define PATTERN_FILE_MAX (8 * PAGE_SIZE)
int open_pattern_file(const char *name, size_t len, unsigned seed, int flags);
/* 0 if p[0..len) holds bytes [from, from + len) of fill_pattern(seed),
 * else 1 after saying which byte of what differs. */
int expect_pattern(const void *p, size_t len, unsigned seed, size_t from,
		   const char *what);
/* mmap, or NULL after saying why. */
void *map_file(size_t len, int prot, int flags, int fd, off_t offset);
/* Whether fd is open; "is closed" means fcntl gives EBADF. */
bool fd_is_open(int fd);

/* The path usertests was started by (argv[0]), for the cases that run it
 * again to see what survives execve. */
extern const char *ut_program;
/* Runs `usertests --open-fds FD...` in a child (fork, then execve) to see
 * which of the n (at most OPEN_FDS_MAX) descriptors in fds are still open
 * after an execve: bit i of the result is set if fds[i] is. -1 after
 * saying why it could not tell. */
#define OPEN_FDS_MAX 6
int open_after_exec(const int *fds, int n);
/* The hidden mode itself, for main(): the exit status for argv[2...]. */
int open_fds_mode(int argc, char **argv);

#endif
