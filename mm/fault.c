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

/* Resolve a fault at a user address: 0, or VM_FAULT_* with *reason. */
static unsigned fault_user_address(struct mm_struct *mm, unsigned long address,
				   unsigned flags, const char **reason)
{
	struct vm_area_struct *vma;
	unsigned fault;

	if (!is_user_address(address)) {
		*reason = "address in the kernel half";
		return VM_FAULT_SIGSEGV;
	}
	vma = lock_mm_and_find_vma(mm, address);
	if (!vma) {
		*reason = "no area maps the address";
		return VM_FAULT_SIGSEGV;
	}
	fault = handle_mm_fault(vma, address, flags);
	up_read(&mm->mmap_sem);
	if (fault & VM_FAULT_SIGSEGV)
		*reason = (flags & FAULT_FLAG_WRITE) ? "area not writable" :
			  (flags & FAULT_FLAG_INSTRUCTION) ? "area not executable" :
							     "area not readable";
	else if (fault & VM_FAULT_SIGBUS)
		*reason = "no page at this offset of the object";
	else if (fault & VM_FAULT_OOM)
		*reason = "out of memory";
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
	const char *reason = NULL;
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
	fault = fault_user_address(mm, address, flags, &reason);
	if (!fault)
		return;
	if (fault & VM_FAULT_OOM) {
		pr_err("Out of memory: killed process %d (%s)\n", current->tgid,
		       current->comm);
		send_signal_to_group(current, SIGKILL);
	} else if (user) {
		force_sig_fault(fault & VM_FAULT_SIGBUS ? SIGBUS : SIGSEGV,
				reason, address, regs);
	}
	if (!user)
		fixup_exception(regs);	/* the copy fails with EFAULT */
}
