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

/* sharing.c: programs and the C library share the page cache's frames
 * (aspace only) */
int text_shared(void);
int libc_shared(void);

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

/* files.c: open's flags, read and write, the offset, pread and pwrite */
int file_create_rw(void);
int file_open_flags(void);
int file_lseek(void);
int file_hole(void);
int file_pread_pwrite(void);

/* fileinfo.c: stat, openat and fstatat, unlinked files, devices */
int file_stat(void);
int file_openat(void);
int file_unlink_open(void);
int dev_files(void);

/* fileerr.c: the errors of paths and descriptors */
int file_enoent_enotdir(void);
int file_eisdir(void);
int file_ebadf(void);
int file_efault(void);
int file_name_too_long(void);
int file_eacces(void);
int file_etxtbsy(void);

/* dirs.c: mkdir, rmdir, unlink, getdents64, the working directory */
int dir_mkdir_rmdir(void);
int dir_unlink(void);
int dir_odd_names(void);
int dir_list(void);
int dir_getdents_errors(void);
int dir_cwd(void);
int dir_cwd_fork(void);

/* links.c: symbolic links, and /proc/self */
int link_symlink_readlink(void);
int link_follow(void);
int link_dangling(void);
int link_eloop(void);
int link_nofollow(void);
int link_unlink(void);
int link_getdents(void);
int link_proc_self(void);
int link_proc_exe(void);
int link_errors(void);

/* fds.c: dup, fcntl, fork and execve, the descriptor limit */
int fd_dup(void);
int fd_dup2_dup3(void);
int fd_fcntl(void);
int fd_fork_shared(void);
int fd_cloexec_exec(void);
int fd_emfile(void);

/* pipes.c: pipes between processes */
int pipe_basic(void);
int pipe_errors(void);
int pipe_cloexec(void);
int pipe_parent_child(void);
int pipe_1mib(void);
int pipe_atomic(void);
int pipe_nonblock(void);
int pipe_sigpipe(void);
int pipe_ping_pong(void);

/* mmapfile.c: files mapped, private and shared */
int mmap_file_read(void);
int mmap_file_private(void);
int mmap_file_shared(void);
int mmap_file_coherent(void);
int mmap_file_partial_unmap(void);
int mmap_two_files(void);
int mmap_file_fork(void);

/* mmaperr.c: the edges of file mappings, and the errors */
int mmap_file_eof(void);
int mmap_file_sigbus(void);
int mmap_file_closed(void);
int mmap_file_munmap(void);
int mmap_file_errors(void);
int mmap_file_msync(void);

/* procmaps.c: /proc/self/maps as Linux writes it */
int maps_format(void);
int maps_anon_layout(void);
int maps_file_layout(void);
int maps_deleted_file(void);
int maps_heap_stack(void);

/* vmcounters.c: /proc/meminfo and /proc/vmstat count exactly (aspace only) */
int meminfo_cached(void);
int vmstat_faults(void);
int vmstat_major_faults(void);

/* exhaust.c: running out of processes and memory (aspace only) */
int fork_bomb(void);
int out_of_memory(void);

#endif
