/* Functions shared between the files of arch/x86_64 (not an interface for
 * the rest of the kernel: that is kernel/arch.h). */
#ifndef ARCH_X86_64_X86_H
#define ARCH_X86_64_X86_H

#include "kernel/types.h"

struct pt_regs;

/* The task-state segment: in long mode only a table of stack pointers.
 * entry.asm reads rsp[0] (at offset 4) for the SYSCALL entry too. */
struct tss {
	u32 reserved0;
	u64 rsp[3];		/* stack for a trap from ring n to ring 0 */
	u64 reserved1;
	u64 ist[7];		/* IST stacks, slots 1..7 */
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __attribute__((packed));
extern struct tss cpu_tss;

void gdt_init(void);
void idt_init(void);
void pic_init(void);
void pic_eoi(unsigned irq);
void pic_unmask(unsigned irq);

/* Called by the entry stubs with the saved registers. */
void trap_dispatch(struct pt_regs *regs);
void syscall_dispatch(struct pt_regs *regs);
/* The SYSCALL entry point (entry.asm). */
void entry_syscall(void);

extern const char *const exception_names[32];
#define VECTOR_DIVIDE_ERROR 0
#define VECTOR_DEBUG 1
#define VECTOR_BREAKPOINT 3
#define VECTOR_INVALID_OPCODE 6
#define VECTOR_STACK_SEGMENT 12
#define VECTOR_GENERAL_PROTECTION 13
#define VECTOR_PAGE_FAULT 14
#define VECTOR_X87_ERROR 16
#define VECTOR_ALIGNMENT_CHECK 17
#define VECTOR_SIMD_ERROR 19

/* The page-fault error code pushed by the CPU (SDM vol. 3, 4.7). */
#define PF_PROT (1u << 0)	/* 0: page not present, 1: protection */
#define PF_WRITE (1u << 1)
#define PF_USER (1u << 2)
#define PF_RSVD (1u << 3)	/* a reserved bit was set in an entry */
#define PF_INSTR (1u << 4)

#define IRQ_BASE 32		/* the PIC's 16 lines land on vectors 32..47 */
#define IRQ_TIMER 0
#define IRQ_SERIAL 4		/* COM1 */

/* COM1 received something (serial.c). */
void serial_interrupt(void);

#endif
