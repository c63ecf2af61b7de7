/*
 * The page-fault handler: the trap side (arch/x86_64/traps.c calls it).
 *
 * A fault at a user address, from user mode or from a kernel copy to or
 * from user space, is resolved against the current address space: the
 * area that holds the address (a stack grows down to it if it is just
 * below one), then handle_mm_fault. What cannot be resolved kills a user
 * program with SIGSEGV, or makes the kernel's copy fail with EFAULT. Any
 * other fault in kernel mode is a kernel bug.
 */
#include "kernel/extable.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched.h"
#include "mm/fault.h"
#include "mm/mm.h"

/*
 * The area for address with mmap_sem held for reading, growing a stack
 * area down to it if needed (which needs the lock for writing: then the
 * lookup is repeated, as the areas may have changed between the locks).
 * NULL, with the lock dropped, if no area can hold it.
 */
static struct vm_area_struct *lock_mm_and_find_vma(struct mm_struct *mm,
						   unsigned long address)
{
	struct vm_area_struct *vma;

	down_read(&mm->mmap_sem);
	vma = find_vma(mm, address);
	if (!vma || vma->vm_start <= address)
		goto out;
	up_read(&mm->mmap_sem);
	down_write(&mm->mmap_sem);
	vma = find_vma(mm, address);
	if (vma && vma->vm_start > address) {
		if (expand_stack(vma, address) == 0)
			count_fault(mm, MM_FAULT_STACK_GROW);
		else
			vma = NULL;
	}
	up_write(&mm->mmap_sem);
	down_read(&mm->mmap_sem);
	vma = vma ? find_vma(mm, address) : NULL;
out:
	if (!vma)
		up_read(&mm->mmap_sem);
	return vma;
}

static const char *access_name(unsigned flags)
{
	if (flags & FAULT_FLAG_INSTRUCTION)
		return "execute";
	return flags & FAULT_FLAG_WRITE ? "write" : "read";
}

/* Why a fault at a user address could not be resolved. */
struct bad_access {
	const char *reason;	/* for the console */
	int si_code;		/* for a handler: SEGV_MAPERR... */
};

/* Resolve a fault at a user address: 0, or VM_FAULT_* and why in *bad. */
static unsigned fault_user_address(struct mm_struct *mm, unsigned long address,
				   unsigned flags, struct bad_access *bad)
{
	struct vm_area_struct *vma;
	unsigned fault;

	bad->si_code = SEGV_MAPERR;
	if (!is_user_address(address)) {
		bad->reason = "address in the kernel half";
		return VM_FAULT_SIGSEGV;
	}
	vma = lock_mm_and_find_vma(mm, address);
	if (!vma) {
		bad->reason = "no area maps the address";
		return VM_FAULT_SIGSEGV;
	}
	bad->si_code = SEGV_ACCERR;
	fault = handle_mm_fault(vma, address, flags);
	up_read(&mm->mmap_sem);
	if (fault & VM_FAULT_SIGSEGV) {
		bad->reason = (flags & FAULT_FLAG_WRITE) ? "area not writable" :
			      (flags & FAULT_FLAG_INSTRUCTION) ?
				      "area not executable" :
				      "area not readable";
	} else if (fault & VM_FAULT_SIGBUS) {
		bad->reason = "no page at this offset of the object";
		bad->si_code = BUS_ADRERR;
	}
	return fault;
}

static __noreturn void kernel_fault(struct pt_regs *regs, unsigned long address,
				    unsigned flags)
{
	panic_regs(regs, "page fault in kernel mode: %s at 0x%lx",
		   access_name(flags), address);
}

void do_page_fault(struct pt_regs *regs, unsigned long address,
		   unsigned flags)
{
	bool user = flags & FAULT_FLAG_USER;
	struct mm_struct *mm = current->mm;
	struct bad_access bad = { 0 };
	unsigned fault;

	if (!user) {
		/* Only the user-copy routines may touch user memory. */
		if (!search_exception_tables(instruction_pointer(regs)))
			kernel_fault(regs, address, flags);
		if (!mm || !is_user_address(address)) {
			fixup_exception(regs);
			return;
		}
	}
	fault = fault_user_address(mm, address, flags, &bad);
	if (!fault)
		return;
	if (fault & VM_FAULT_OOM) {
		pr_err("Out of memory: killed process %d (%s)\n", current->tgid,
		       current->comm);
		group_send_sig_info(SIGKILL, NULL, current);
	} else if (user) {
		force_sig_fault(fault & VM_FAULT_SIGBUS ? SIGBUS : SIGSEGV,
				bad.si_code, address, bad.reason, regs);
	}
	if (!user)
		fixup_exception(regs);	/* the copy fails with EFAULT */
}
