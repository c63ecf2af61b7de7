/* The cases, one group per file; main.c lists them in the order they run. */
#ifndef USERTESTS_CASES_H
#define USERTESTS_CASES_H

/* cow.c: copy on write, as the processes see it */
int cow_parent_child(void);
int cow_quarters(void);
int cow_fork_rounds(void);

/* frames.c: frames counted with sysinfo (aspace only) */
int zero_page(void);
int cow_shares_frames(void);

/* kills.c: bad accesses kill the process with SIGSEGV */
int kill_null_read(void);
int kill_null_write(void);
int kill_write_text(void);
int kill_write_readonly(void);
int kill_after_munmap(void);
int kill_prot_none(void);
int kill_kernel_address(void);
int kill_noncanonical(void);
int kill_exec_data(void);
int kill_stack_overflow(void);

/* badptr.c: bad pointers given to system calls give EFAULT */
int badptr_write(void);
int badptr_writev(void);
int badptr_read(void);
int badptr_wait4(void);
int badptr_uname(void);
int badptr_clock_gettime(void);
int badptr_nanosleep(void);
int badptr_sysinfo(void);
int badptr_execve(void);
int badptr_rt_sigaction(void);
int badptr_rt_sigprocmask(void);
int badptr_signals(void);
int badptr_arch_prctl(void);

/* musl.c: the C library works as on Linux */
int musl_printf(void);
int musl_malloc(void);
int musl_fork_wait(void);
int exec_status(void);
int fpu_state(void);

/* threads.c: processes that share their memory */
int clone_vm(void);
int pthread_create_join(void);

/* signals.c: handlers, masks and interrupted system calls */
int sig_handler_runs(void);
int sig_nodefer(void);
int sig_resethand(void);
int sig_blocked_pending(void);
int sig_sigsuspend(void);
int sig_chld_info(void);
int sig_restart(void);

/* sigframe.c: the frame a handler runs on, and rt_sigreturn */
int sig_fault_info(void);
int sig_context_restored(void);
int sig_altstack(void);
int sig_altstack_errors(void);
int sig_no_restorer(void);
int sig_sigreturn_context(void);

/* exhaust.c: running out of processes and memory (aspace only) */
int fork_bomb(void);
int out_of_memory(void);

#endif
