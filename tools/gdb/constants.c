/*
 * The kernel's constants for the gdb helpers, taken from its own headers
 * by its own compiler, so that no number is ever copied by hand (Linux's
 * asm-offsets trick). The build compiles this file with the kernel's
 * flags into assembly only (-S), never into an object: each entry below
 * becomes a line
 *
 *	.ascii "@ TABLE LABEL VALUE"
 *
 * of the assembly, with VALUE the number the compiler computed, which
 * tools/gdb/gen_constants.py turns into the Python module
 * kernel_constants (BUILD/gdb/kernel_constants.py).
 *
 * Struct layouts are not here: gdb reads them from the kernel's DWARF
 * when a helper runs, so a field added to a struct needs nothing here.
 * A constant the helpers need is one line below.
 */
#include <asm/page.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include "kernel/sched.h"
#include "mm/mm.h"
#include "kernel/fs/fs.h"
#include "mm/page_alloc.h"

/* "i": the compiler must know the value (it prints it as $VALUE). */
#define ENTRY(table, label, value)                                      \
	asm volatile("\n.ascii \"@ " table " " label " %0\"" : :        \
		     "i"((unsigned long)(value)))
/* A constant of its own name: kernel_constants.NAME. */
#define CONST(name) ENTRY("-", #name, name)
/* A constant that is also a row of a table (kernel_constants.TABLE, a
 * tuple of (label, value) in the order given here). */
#define NAMED_ROW(table, name) \
	ENTRY("-", #name, name); ENTRY(#table, #name, name)
/* A row whose label is not a C name (the SDM's short names of bits). */
#define ROW(table, label, value) ENTRY(#table, label, value)

void gdb_constants(void);
void gdb_constants(void)
{
	/* The layout of virtual memory and of page tables. */
	CONST(PAGE_SHIFT);
	CONST(PAGE_OFFSET);
	CONST(KERNEL_VMA);
	CONST(TASK_SIZE);
	CONST(PGDIR_SHIFT);
	CONST(PUD_SHIFT);
	CONST(PMD_SHIFT);
	CONST(PTRS_PER_TABLE);
	CONST(PTE_PFN_MASK);

	/* Page-table entry bits, with the short names of Intel's SDM, in
	 * the order of the bits (pagewalk prints them so). */
	CONST(_PAGE_PRESENT);
	CONST(_PAGE_RW);
	CONST(_PAGE_PSE);
	CONST(_PAGE_PROTNONE);
	ROW(pte_bits, "P", _PAGE_PRESENT);
	ROW(pte_bits, "RW", _PAGE_RW);
	ROW(pte_bits, "US", _PAGE_USER);
	ROW(pte_bits, "PWT", _PAGE_PWT);
	ROW(pte_bits, "PCD", _PAGE_PCD);
	ROW(pte_bits, "A", _PAGE_ACCESSED);
	ROW(pte_bits, "D", _PAGE_DIRTY);
	ROW(pte_bits, "PS", _PAGE_PSE);
	ROW(pte_bits, "G", _PAGE_GLOBAL);
	ROW(pte_bits, "NX", _PAGE_NX);

	/* vm_flags (mm/mm.h), in the order of the bits. */
	NAMED_ROW(vm_flags, VM_READ);
	NAMED_ROW(vm_flags, VM_WRITE);
	NAMED_ROW(vm_flags, VM_EXEC);
	NAMED_ROW(vm_flags, VM_SHARED);
	NAMED_ROW(vm_flags, VM_MAYREAD);
	NAMED_ROW(vm_flags, VM_MAYWRITE);
	NAMED_ROW(vm_flags, VM_MAYEXEC);
	NAMED_ROW(vm_flags, VM_MAYSHARE);
	NAMED_ROW(vm_flags, VM_GROWSDOWN);
	NAMED_ROW(vm_flags, VM_GROWSUP);
	NAMED_ROW(vm_flags, VM_SHM);
	NAMED_ROW(vm_flags, VM_DENYWRITE);
	NAMED_ROW(vm_flags, VM_EXECUTABLE);
	NAMED_ROW(vm_flags, VM_LOCKED);
	NAMED_ROW(vm_flags, VM_IO);
	NAMED_ROW(vm_flags, VM_SEQ_READ);
	NAMED_ROW(vm_flags, VM_RAND_READ);
	NAMED_ROW(vm_flags, VM_DONTCOPY);
	NAMED_ROW(vm_flags, VM_DONTEXPAND);
	NAMED_ROW(vm_flags, VM_RESERVED);
	NAMED_ROW(vm_flags, VM_ACCOUNT);
	NAMED_ROW(vm_flags, VM_NORESERVE);

	/* The colours of a red-black tree's nodes (kernel/lib/rbtree.h). */
	CONST(RB_RED);
	CONST(RB_BLACK);

	/* struct page: the bit numbers of page->flags. */
	NAMED_ROW(page_flags, PG_reserved);
	NAMED_ROW(page_flags, PG_buddy);
	NAMED_ROW(page_flags, PG_slab);
	NAMED_ROW(page_flags, PG_head);
	NAMED_ROW(page_flags, PG_tail);
	NAMED_ROW(page_flags, PG_zero);
	NAMED_ROW(page_flags, PG_pgtable);
	NAMED_ROW(page_flags, PG_poisoned);
	CONST(MAX_ORDER);

	/* Tasks: task->state and task->exit_state. */
	NAMED_ROW(task_states, TASK_RUNNING);
	NAMED_ROW(task_states, TASK_INTERRUPTIBLE);
	NAMED_ROW(task_states, TASK_UNINTERRUPTIBLE);
	NAMED_ROW(task_states, TASK_DEAD);
	NAMED_ROW(exit_states, EXIT_ZOMBIE);
	NAMED_ROW(exit_states, EXIT_DEAD);

	/* mm->faults[]: the index of each kind of fault. */
	NAMED_ROW(mm_fault_kinds, MM_FAULT_ZERO_PAGE);
	NAMED_ROW(mm_fault_kinds, MM_FAULT_ANON);
	NAMED_ROW(mm_fault_kinds, MM_FAULT_COW_COPY);
	NAMED_ROW(mm_fault_kinds, MM_FAULT_COW_REUSE);
	NAMED_ROW(mm_fault_kinds, MM_FAULT_FILE);
	NAMED_ROW(mm_fault_kinds, MM_FAULT_STACK_GROW);

	/* dev_t: MAJOR(dev) is dev >> MINORBITS. */
	CONST(MINORBITS);
}
