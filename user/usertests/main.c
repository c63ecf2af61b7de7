/*
 * usertests: tests of the kernel as user programs see it, in the style of
 * xv6's usertests. The same static binary runs on aspace (as init, from the
 * test ISO) and on Linux, which serves as the oracle: tests/run_tests.py
 * runs both and demands that every case Linux runs ends the same way on
 * aspace. Cases that rely on aspace's internals, or would harm the host,
 * run only on aspace and are reported as skipped on Linux.
 *
 * Output is KTAP, like the kernel's own tests; the exit status is 0 if
 * every case passed and 1 otherwise.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "cases.h"
#include "ut.h"

struct ut_case {
	const char *name;
	int (*run)(void);
	bool aspace_only;
	int timeout;		/* seconds */
};

/* Generous: QEMU emulates the CPU, many times slower than the host. */
#define DEFAULT_TIMEOUT 30
#define PORTABLE(fn) { #fn, fn, false, DEFAULT_TIMEOUT }
#define ASPACE_ONLY(fn, timeout) { #fn, fn, true, timeout }

static const struct ut_case cases[] = {
	PORTABLE(cow_parent_child),
	PORTABLE(cow_quarters),
	PORTABLE(cow_fork_rounds),
	ASPACE_ONLY(zero_page, DEFAULT_TIMEOUT),
	ASPACE_ONLY(cow_shares_frames, DEFAULT_TIMEOUT),
	ASPACE_ONLY(text_shared, DEFAULT_TIMEOUT),
	ASPACE_ONLY(libc_shared, DEFAULT_TIMEOUT),
	PORTABLE(kill_null_read),
	PORTABLE(kill_null_write),
	PORTABLE(kill_write_text),
	PORTABLE(kill_write_readonly),
	PORTABLE(kill_after_munmap),
	PORTABLE(kill_prot_none),
	PORTABLE(kill_kernel_address),
	PORTABLE(kill_noncanonical),
	PORTABLE(kill_exec_data),
	PORTABLE(kill_stack_overflow),
	PORTABLE(badptr_write),
	PORTABLE(badptr_writev),
	PORTABLE(badptr_read),
	PORTABLE(badptr_wait4),
	PORTABLE(badptr_uname),
	PORTABLE(badptr_clock_gettime),
	PORTABLE(badptr_nanosleep),
	PORTABLE(badptr_sysinfo),
	PORTABLE(badptr_execve),
	PORTABLE(badptr_rt_sigaction),
	PORTABLE(badptr_rt_sigprocmask),
	PORTABLE(badptr_signals),
	PORTABLE(badptr_arch_prctl),
	PORTABLE(musl_printf),
	PORTABLE(musl_malloc),
	PORTABLE(musl_fork_wait),
	PORTABLE(exec_status),
	PORTABLE(fpu_state),
	PORTABLE(clone_vm),
	/* Needs CLONE_THREAD, CLONE_SETTLS, CLONE_CHILD_CLEARTID and futex. */
	PORTABLE(pthread_create_join),
	PORTABLE(sig_handler_runs),
	PORTABLE(sig_nodefer),
	PORTABLE(sig_resethand),
	PORTABLE(sig_blocked_pending),
	PORTABLE(sig_sigsuspend),
	PORTABLE(sig_chld_info),
	PORTABLE(sig_restart),
	PORTABLE(sig_fault_info),
	PORTABLE(sig_context_restored),
	PORTABLE(sig_altstack),
	PORTABLE(sig_altstack_errors),
	PORTABLE(sig_no_restorer),
	PORTABLE(sig_sigreturn_context),
	PORTABLE(file_create_rw),
	PORTABLE(file_open_flags),
	PORTABLE(file_lseek),
	PORTABLE(file_hole),
	PORTABLE(file_pread_pwrite),
	PORTABLE(file_stat),
	PORTABLE(file_openat),
	PORTABLE(file_unlink_open),
	PORTABLE(dev_files),
	PORTABLE(file_enoent_enotdir),
	PORTABLE(file_eisdir),
	PORTABLE(file_ebadf),
	PORTABLE(file_efault),
	PORTABLE(file_name_too_long),
	/* Linux lets root, who runs the tests on the host, write anyway. */
	ASPACE_ONLY(file_eacces, DEFAULT_TIMEOUT),
	PORTABLE(file_etxtbsy),
	PORTABLE(dir_mkdir_rmdir),
	PORTABLE(dir_unlink),
	PORTABLE(dir_odd_names),
	PORTABLE(dir_list),
	PORTABLE(dir_getdents_errors),
	PORTABLE(dir_cwd),
	PORTABLE(dir_cwd_fork),
	PORTABLE(link_symlink_readlink),
	PORTABLE(link_follow),
	PORTABLE(link_dangling),
	PORTABLE(link_eloop),
	PORTABLE(link_nofollow),
	PORTABLE(link_unlink),
	PORTABLE(link_getdents),
	PORTABLE(link_proc_self),
	PORTABLE(link_proc_exe),
	PORTABLE(link_errors),
	PORTABLE(fd_dup),
	PORTABLE(fd_dup2_dup3),
	PORTABLE(fd_fcntl),
	PORTABLE(fd_fork_shared),
	PORTABLE(fd_cloexec_exec),
	PORTABLE(fd_emfile),
	PORTABLE(pipe_basic),
	PORTABLE(pipe_errors),
	PORTABLE(pipe_cloexec),
	PORTABLE(pipe_parent_child),
	PORTABLE(pipe_1mib),
	PORTABLE(pipe_atomic),
	PORTABLE(pipe_nonblock),
	PORTABLE(pipe_sigpipe),
	PORTABLE(pipe_ping_pong),
	PORTABLE(mmap_file_read),
	PORTABLE(mmap_file_private),
	PORTABLE(mmap_file_shared),
	PORTABLE(mmap_file_coherent),
	PORTABLE(mmap_file_partial_unmap),
	PORTABLE(mmap_two_files),
	PORTABLE(mmap_file_fork),
	PORTABLE(mmap_file_eof),
	PORTABLE(mmap_file_sigbus),
	PORTABLE(mmap_file_closed),
	PORTABLE(mmap_file_munmap),
	PORTABLE(mmap_file_errors),
	PORTABLE(mmap_file_msync),
	PORTABLE(maps_format),
	PORTABLE(maps_anon_layout),
	PORTABLE(maps_file_layout),
	PORTABLE(maps_deleted_file),
	PORTABLE(maps_heap_stack),
	ASPACE_ONLY(meminfo_cached, DEFAULT_TIMEOUT),
	ASPACE_ONLY(vmstat_faults, DEFAULT_TIMEOUT),
	ASPACE_ONLY(vmstat_major_faults, DEFAULT_TIMEOUT),
	ASPACE_ONLY(fork_bomb, 120),
	ASPACE_ONLY(out_of_memory, 120),
};
#define NR_CASES (int)ARRAY_SIZE(cases)

/* The wait status of pid, or -1 after saying why there is none. A case
 * that outlives its time is killed, so that one hung case cannot hang the
 * whole run. */
static int wait_or_kill(pid_t pid, int seconds)
{
	struct timespec start, now;
	int status;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return status;
		if (r < 0)	/* ut_wait says why */
			return ut_wait(pid);
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec >= seconds)
			break;
		sleep_ms(5);
	}
	kill(pid, SIGKILL);
	ut_wait(pid);
	ut_diag("timed out after %d s", seconds);
	return -1;
}

/* As init on aspace, we inherit the orphans a failed case left behind:
 * reap the dead ones so that they do not count as leaked memory. */
static void reap_orphans(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

/* Writes the pages that the runner and every case write, so that each
 * process has its own before it counts frames: a process shares them with
 * its parent until it writes them, and the frame a first write takes in
 * the middle of a case would count as the case's. They are the stack, and
 * stdout's state, which fflush writes. What a case writes besides, it must
 * write before it counts. */
static void own_pages(void)
{
	volatile char stack[32 * 1024];

	for (size_t i = 0; i < sizeof(stack); i += PAGE_SIZE)
		stack[i] = 0;
	fflush(stdout);
}

/* Bring the runner to the size it keeps for the whole run, so that the
 * leak check compares like with like: its stack pages, page tables and
 * whatever the kernel allocates on a first fork. */
static void warm_up(void)
{
	own_pages();
	if (!exited_with(run_child(nothing, NULL), 0))
		ut_diag("warm-up fork failed");
}

static bool run_case(const struct ut_case *c)
{
	pid_t pid;
	int status;

	ut_current = c->name;
	pid = ut_fork();
	if (pid < 0)
		return false;
	if (pid == 0) {
		int failed;

		own_pages();
		failed = c->run();

		fflush(stdout);
		_exit(failed ? 1 : 0);
	}
	status = wait_or_kill(pid, c->timeout);
	if (status != -1 && !exited_with(status, 0) && !exited_with(status, 1))
		ut_diag("the case's process %s", describe_status(status));
	reap_orphans();
	/* The files it made, which it leaves to us (ut_tmpdir). */
	ut_remove_tmpdir(pid);
	ut_current = "usertests";
	return exited_with(status, 0);
}

/* A KTAP result line; returns ok. */
static bool report(int n, const char *name, bool ok)
{
	printf("%s %d %s\n", ok ? "ok" : "not ok", n, name);
	return ok;
}

static void report_skip(int n, const char *name)
{
	printf("ok %d %s # SKIP only on aspace\n", n, name);
}

static bool no_frames_leaked(long before)
{
	long after = settled_free_pages();

	if (after != before)
		ut_diag("%ld free pages before the cases, %ld after: %ld leaked",
			before, after, before - after);
	return after == before;
}

int main(int argc, char **argv)
{
	bool aspace;
	int failed = 0, skipped = 0, n = 0;
	long free_at_start;

	/* Not the tests: the hidden mode in which cases run us again, to see
	 * which descriptors an execve left open (open_after_exec). */
	if (argc > 1 && strcmp(argv[1], "--open-fds") == 0)
		return open_fds_mode(argc, argv);
	/* For those cases: a path to run us by, relative to the working
	 * directory at worst, which those cases keep. */
	if (argc > 0)
		ut_program = argv[0];
	aspace = on_aspace();

	/* Whole lines, written as they are printed: a child's lines must
	 * come out in order with ours, and a crash must not lose any. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!aspace)	/* our SIGSEGV victims must not fill the host with cores */
		prctl(PR_SET_DUMPABLE, 0);
	printf("KTAP version 1\n1..%d\n", NR_CASES + 1);
	warm_up();
	free_at_start = settled_free_pages();
	for (const struct ut_case *c = cases; c < cases + NR_CASES; c++) {
		if (c->aspace_only && !aspace) {
			report_skip(++n, c->name);
			skipped++;
		} else {
			failed += !report(++n, c->name, run_case(c));
		}
	}
	/* Last, when every case has given back what it took. */
	if (aspace) {
		failed += !report(++n, "no_frames_leaked",
				  no_frames_leaked(free_at_start));
	} else {
		report_skip(++n, "no_frames_leaked");
		skipped++;
	}
	printf("# usertests: %d passed, %d failed, %d skipped\n",
	       n - failed - skipped, failed, skipped);
	return failed ? 1 : 0;
}
