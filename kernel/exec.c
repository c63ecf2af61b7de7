/*
 * execve: replace the calling process's program. Everything that can fail
 * happens first, into a new address space (the arguments are copied in,
 * the file found, the ELF loaded); only then, past the point of no return,
 * does the process let go of its old address space and start the new
 * program. So a failed exec leaves the caller exactly as it was.
 */
#include "kernel/binfmt.h"
#include "kernel/errno.h"
#include "kernel/fs/fdtable.h"
#include "kernel/fs/file.h"
#include "kernel/fs/namei.h"
#include "kernel/lib/string.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "mm/mm.h"
#include "mm/slab.h"
#include "mm/uaccess.h"

/* The arguments, copied out of the old program before it goes: strings
 * packed into one ARG_MAX buffer, and the two vectors pointing there. */
struct exec_args {
	char *strings;
	size_t used;		/* bytes of strings, plus a pointer each */
	const char **argv, **envp;
};

/* A vector of strings from user space (or, for the kernel's own exec of
 * init, from the kernel). */
struct arg_source {
	const char *const *vec;
	bool kernel;
};

static int fetch_pointer(struct arg_source src, size_t i, const char **out)
{
	if (src.kernel) {
		*out = src.vec[i];
		return 0;
	}
	return get_user(*out, &src.vec[i]);
}

static long fetch_string(struct arg_source src, const char *from, char *to,
			 size_t room)
{
	if (src.kernel) {
		size_t len = strnlen(from, room);

		memcpy(to, from, MIN(len + 1, room));
		return len;
	}
	return strncpy_from_user(to, from, room);
}

/* Copy a NULL-terminated vector (a NULL vector is empty, as Linux lets
 * it be) into args; the result is NULL-terminated too. */
static int copy_strings(struct exec_args *args, struct arg_source src,
			const char ***out)
{
	size_t n = 0, max = ARG_MAX / sizeof(char *);
	const char *p;
	const char **vec;

	for (; src.vec; n++) {
		if (n >= max)
			return -E2BIG;
		if (fetch_pointer(src, n, &p))
			return -EFAULT;
		if (!p)
			break;
	}
	vec = kmalloc((n + 1) * sizeof(*vec), 0);
	if (!vec)
		return -ENOMEM;
	*out = vec;
	for (size_t i = 0; i < n; i++) {
		size_t room = ARG_MAX - args->used;
		long len;

		if (fetch_pointer(src, i, &p))
			return -EFAULT;
		len = fetch_string(src, p, args->strings + args->used, room);
		if (len < 0)
			return len;
		if ((size_t)len + 1 + sizeof(char *) > room)
			return -E2BIG;
		vec[i] = args->strings + args->used;
		args->used += len + 1 + sizeof(char *);
	}
	vec[n] = NULL;
	return 0;
}

static void free_exec_args(struct exec_args *args)
{
	kfree(args->strings);
	kfree(args->argv);
	kfree(args->envp);
}

static const char *basename(const char *path)
{
	const char *slash = NULL;

	for (const char *p = path; *p; p++)
		if (*p == '/' && p[1])
			slash = p;
	return slash ? slash + 1 : path;
}

/* The point of no return: the process takes the new address space. */
static void exec_mmap(struct mm_struct *mm)
{
	struct mm_struct *old_mm = current->mm, *active_mm = current->active_mm;

	if (old_mm)
		mm_release(current);
	current->mm = mm;
	current->active_mm = mm;
	activate_mm(active_mm, mm);
	if (old_mm)
		mmput(old_mm);
	else
		mmdrop(active_mm);	/* a kernel thread's borrowed mm */
}

/* Load the program into a new mm and, if that worked, switch to it. */
static int exec_binprm(struct file *file, const char *filename,
		       const struct exec_args *args)
{
	struct elf_start start;
	struct mm_struct *mm = mm_alloc();
	int err;

	if (!mm)
		return -ENOMEM;
	err = load_elf_binary(mm, file, filename, args->argv, args->envp,
			      &start);
	if (err) {
		mmput(mm);
		return err;
	}
	mm->exe_file = get_exe_file(file);
	exec_mmap(mm);
	current->flags &= ~PF_KTHREAD;
	strlcpy(current->comm, basename(filename), sizeof(current->comm));
	flush_signal_handlers(current);
	do_close_on_exec(current->files);
	start_thread(task_pt_regs(current->stack), start.entry, start.sp);
	return 0;
}

/* As Linux: the file is opened first (ENOENT, EACCES come before E2BIG or
 * EFAULT from the arguments), then the arguments are copied. */
static int do_execve(const char *filename, struct arg_source argv,
		     struct arg_source envp)
{
	struct exec_args args = { 0 };
	struct file *file;
	int err;

	/* Other threads would have to be stopped first (Linux's de_thread). */
	if (!list_empty(&current->group_leader->thread_group))
		return -EBUSY;
	file = open_exec(filename);
	if (IS_ERR(file))
		return PTR_ERR(file);
	args.strings = kmalloc(ARG_MAX, 0);
	err = args.strings ? 0 : -ENOMEM;
	if (!err)
		err = copy_strings(&args, argv, &args.argv);
	if (!err)
		err = copy_strings(&args, envp, &args.envp);
	if (!err)
		err = exec_binprm(file, filename, &args);
	free_exec_args(&args);
	put_exe_file(file);
	return err;
}

int kernel_execve(const char *filename, const char *const argv[],
		  const char *const envp[])
{
	return do_execve(filename, (struct arg_source){ argv, true },
			 (struct arg_source){ envp, true });
}

SYSCALL_DEFINE3(execve, const char __user *, filename,
		const char __user *const __user *, argv,
		const char __user *const __user *, envp)
{
	char *path = kmalloc(PATH_MAX, 0);
	long len;
	int err;

	if (!path)
		return -ENOMEM;
	len = strncpy_from_user(path, filename, PATH_MAX);
	if (len < 0)
		err = len;
	else if (len == PATH_MAX)
		err = -ENAMETOOLONG;
	else if (len == 0)
		err = -ENOENT;
	else
		err = do_execve(path, (struct arg_source){ argv, false },
				(struct arg_source){ envp, false });
	kfree(path);
	return err;
}
