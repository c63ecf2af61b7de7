/* Register dumps and frame-pointer backtraces for panic reports. */
#include <asm/cpu.h>
#include <asm/memlayout.h>
#include <asm/ptrace.h>
#include "arch/x86_64/x86.h"
#include "kernel/arch.h"
#include "kernel/extable.h"
#include "kernel/kallsyms.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"

/*
 * Backtraces follow the frame-pointer chain: a function that uses its
 * stack begins with "push rbp; mov rbp, rsp", so each frame starts with
 * the caller's saved RBP followed by the return address, and the chain ends
 * at the zero RBP that boot/entry.asm sets. Frames are read with
 * copy_from_kernel_nofault: a backtrace is often taken when something is
 * already corrupt, and a fault here must not hide the report.
 */
static int walk_frames(unsigned long fp, unsigned long *ret, int n, int max)
{
	while (fp && n < max) {
		unsigned long frame[2];	/* saved rbp, return address */

		if ((fp & 7) || fp < PAGE_OFFSET ||
		    copy_from_kernel_nofault(frame, (void *)fp, sizeof(frame)))
			break;
		ret[n++] = frame[1];
		if (frame[0] <= fp)	/* stacks grow down: callers are above */
			break;
		fp = frame[0];
	}
	return n;
}

/* Whether addr follows a call instruction in kernel text. Only such words
 * on the stack can be return addresses. */
static bool is_return_address(unsigned long addr)
{
	/* Where 0xff sits for an indirect call (ff /2) of 2, 3, 6 or 7 bytes
	 * ending at addr, in the 7 bytes before it. */
	static const int ff_at[] = { 5, 4, 1, 0 };
	unsigned long offset;
	u8 code[7];

	if (!kallsyms_lookup(addr - 1, &offset) ||
	    copy_from_kernel_nofault(code, (void *)(addr - 7), sizeof(code)))
		return false;
	if (code[2] == 0xe8)		/* call rel32 */
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(ff_at); i++)
		if (code[ff_at[i]] == 0xff && ((code[ff_at[i] + 1] >> 3) & 7) == 2)
			return true;
	return false;
}

/* Whether the function starting at start has run "mov %rsp, %rbp" (48 89 e5)
 * before ip: then RBP is its own frame. gcc may schedule the prologue after
 * other instructions, so the whole way from the start is searched. (In an
 * epilogue, after "pop %rbp", this is wrong and the caller is missed.) */
static bool frame_established(unsigned long start, unsigned long ip)
{
	static const u8 mov_rsp_rbp[3] = { 0x48, 0x89, 0xe5 };
	u8 code[3];

	for (unsigned long a = start; a + sizeof(code) <= ip; a++)
		if (!copy_from_kernel_nofault(code, (void *)a, sizeof(code)) &&
		    memcmp(code, mov_rsp_rbp, sizeof(code)) == 0)
			return true;
	return false;
}

#define RETURN_SLOTS_SEARCHED 4

/*
 * A trap can strike a function whose RBP still holds its caller's frame:
 * gcc gives a leaf function that does not touch the stack no frame at all,
 * and any function is frameless until its prologue has run. Its return
 * address is then near the top of the stack, above anything it pushed:
 * take the first of the top few words that is a return address, or 0.
 */
static unsigned long frameless_return_address(const struct pt_regs *regs)
{
	unsigned long offset, word;

	if (!kallsyms_lookup(regs->rip, &offset) ||
	    frame_established(regs->rip - offset, regs->rip))
		return 0;
	for (int i = 0; i < RETURN_SLOTS_SEARCHED; i++)
		if (!copy_from_kernel_nofault(&word, (void *)(regs->rsp + 8 * i),
					      sizeof(word)) &&
		    is_return_address(word))
			return word;
	return 0;
}

int arch_stack_trace(const struct pt_regs *regs, unsigned long *ret, int max)
{
	unsigned long caller;
	int n = 0;

	if (!regs)
		return walk_frames((unsigned long)__builtin_frame_address(0),
				   ret, 0, max);
	ret[n++] = regs->rip;
	caller = frameless_return_address(regs);
	if (caller && n < max)
		ret[n++] = caller;
	return walk_frames(regs->rbp, ret, n, max);
}

static void show_error_code(const struct pt_regs *regs)
{
	u64 e = regs->error_code;

	if (regs->vector != VECTOR_PAGE_FAULT) {
		printk(KERN_EMERG "vector %lu (%s), error code 0x%lx\n",
		       regs->vector, exception_names[regs->vector & 31], e);
		return;
	}
	printk(KERN_EMERG "#PF error 0x%lx: %s %s %s%s\n", e,
	       e & PF_PROT ? "protection" : "not-present",
	       e & PF_INSTR ? "instruction-fetch" :
	       e & PF_WRITE ? "write" : "read",
	       e & PF_USER ? "user-mode" : "kernel-mode",
	       e & PF_RSVD ? " reserved-bit" : "");
}

void arch_show_regs(const struct pt_regs *regs)
{
	show_error_code(regs);
	printk(KERN_EMERG "RIP: 0x%016lx %pS\n", regs->rip, (void *)regs->rip);
	printk(KERN_EMERG "RSP: 0x%016lx RFLAGS: 0x%08lx CS: 0x%lx SS: 0x%lx\n",
	       regs->rsp, regs->rflags, regs->cs, regs->ss);
	printk(KERN_EMERG "RAX=0x%016lx RBX=0x%016lx RCX=0x%016lx\n",
	       regs->rax, regs->rbx, regs->rcx);
	printk(KERN_EMERG "RDX=0x%016lx RSI=0x%016lx RDI=0x%016lx\n",
	       regs->rdx, regs->rsi, regs->rdi);
	printk(KERN_EMERG "RBP=0x%016lx R8 =0x%016lx R9 =0x%016lx\n",
	       regs->rbp, regs->r8, regs->r9);
	printk(KERN_EMERG "R10=0x%016lx R11=0x%016lx R12=0x%016lx\n",
	       regs->r10, regs->r11, regs->r12);
	printk(KERN_EMERG "R13=0x%016lx R14=0x%016lx R15=0x%016lx\n",
	       regs->r13, regs->r14, regs->r15);
	printk(KERN_EMERG "CR0=0x%016lx CR2=0x%016lx CR3=0x%016lx CR4=0x%016lx\n",
	       read_cr0(), read_cr2(), read_cr3(), read_cr4());
}
