/* GDT selectors. The order is fixed by SYSCALL/SYSRET (see gdt.c). */
#ifndef ASM_SEGMENT_H
#define ASM_SEGMENT_H

#define GDT_KERNEL_CS 1
#define GDT_KERNEL_DS 2
#define GDT_USER32_CS 3
#define GDT_USER_DS 4
#define GDT_USER_CS 5
#define GDT_TSS 6		/* a TSS descriptor takes two slots */
#define GDT_ENTRIES 8

#define KERNEL_CS (GDT_KERNEL_CS * 8)
#define KERNEL_DS (GDT_KERNEL_DS * 8)
#define TSS_SELECTOR (GDT_TSS * 8)
/* User selectors carry requested privilege level 3. */
#define USER_DS (GDT_USER_DS * 8 + 3)
#define USER_CS (GDT_USER_CS * 8 + 3)
#define USER32_CS (GDT_USER32_CS * 8 + 3)

/* Interrupt Stack Table slots (1-based, as the IDT gate encodes them). */
#define IST_DOUBLE_FAULT 1

#endif
