/*
 * Reaching another address space's memory: through its page tables to the
 * frames, and to them through the direct map, never through the CPU's
 * current page tables. exec fills the address space it is building this
 * way (and so can the host tests, whose user addresses are not mapped);
 * ptrace and /proc/PID/mem will read and write a traced process's memory.
 */
#ifndef MM_GUP_H
#define MM_GUP_H

struct mm_struct;

/* gup_flags: Linux's values. */
#define FOLL_WRITE 0x01		/* write the memory (else read it) */

/*
 * Copy len bytes between buf and [addr, addr + len) of mm: into mm with
 * FOLL_WRITE, else out of it. Pages not present yet are faulted in as the
 * access would fault them (a read of untouched anonymous memory maps the
 * zero page, a write gets the area its own page). Like a user access, it
 * needs an area that allows it (VM_READ, or VM_WRITE for writing). Stops
 * at the first page it cannot reach; returns the number of bytes copied.
 * Takes mmap_sem for reading: the caller must not hold it.
 */
int access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf,
		     int len, unsigned gup_flags);

#endif
