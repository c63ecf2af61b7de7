/*
 * The memory system calls. They are thin, as in Linux: check what only
 * the system-call interface defines (offset alignment), then hand the
 * calling process's address space to the mm/ operations, which do the
 * rest and return Linux's errors.
 */
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/syscall.h"
#include "mm/mm.h"

SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len,
		unsigned long, prot, unsigned long, flags, int, fd,
		unsigned long, off)
{
	if (off & ~PAGE_MASK)
		return -EINVAL;
	return ksys_mmap_pgoff(current->mm, addr, len, prot, flags, fd,
			       off >> PAGE_SHIFT);
}

SYSCALL_DEFINE2(munmap, unsigned long, addr, size_t, len)
{
	return vm_munmap(current->mm, addr, len);
}

SYSCALL_DEFINE3(mprotect, unsigned long, start, size_t, len,
		unsigned long, prot)
{
	return do_mprotect(current->mm, start, len, prot);
}

SYSCALL_DEFINE3(madvise, unsigned long, start, size_t, len, int, behavior)
{
	return do_madvise(current->mm, start, len, behavior);
}

SYSCALL_DEFINE1(brk, unsigned long, brk)
{
	return do_brk(current->mm, brk);
}

#define MS_ASYNC 1
#define MS_INVALIDATE 2
#define MS_SYNC 4

/*
 * Files live in memory here, and a shared mapping's pages are the page
 * cache's own: there is never anything to write back. What is left is
 * Linux's checking: the flags, and that the range is wholly mapped.
 */
SYSCALL_DEFINE3(msync, unsigned long, start, size_t, len, int, flags)
{
	struct mm_struct *mm = current->mm;
	unsigned long end = start + ALIGN_UP(len, PAGE_SIZE);
	struct vm_area_struct *vma;
	long ret = 0;

	if ((flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) ||
	    (start & ~PAGE_MASK) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	if (end < start)
		return -ENOMEM;
	down_read(&mm->mmap_sem);
	for (unsigned long addr = start; addr < end; addr = vma->vm_end) {
		vma = find_vma(mm, addr);
		if (!vma || vma->vm_start > addr) {
			ret = -ENOMEM;
			break;
		}
		if ((flags & MS_INVALIDATE) && (vma->vm_flags & VM_LOCKED)) {
			ret = -EBUSY;
			break;
		}
	}
	up_read(&mm->mmap_sem);
	return ret;
}
