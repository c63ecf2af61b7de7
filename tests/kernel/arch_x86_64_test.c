/* Tests of x86-64 details: they know struct pt_regs's registers. */
#include <asm/ptrace.h>
#include "kernel/arch.h"
#include "kernel/kallsyms.h"
#include "kernel/ktest.h"

static __noinline unsigned long return_address_here(void)
{
	return (unsigned long)__builtin_return_address(0);
}

/*
 * From a trap in a function that has not set up its frame, the unwinder
 * looks near the top of the stack for the return address. It must take
 * only a word that is one (it follows a call instruction in kernel text):
 * a saved register or a stale value once showed up as a bogus frame.
 */
KTEST(trap_backtrace_takes_only_return_addresses)
{
	unsigned long stack[4] = { 0x1234, 0, 0, 0 };
	struct pt_regs regs = {
		.rip = kallsyms_lookup_name("kernel_main"),	/* at its entry */
		.rsp = (unsigned long)stack,
		.rbp = 0,					/* no frames */
	};
	unsigned long trace[4];

	stack[1] = (unsigned long)stack;	/* like a pushed frame pointer */
	KT_EXPECT_EQ(arch_stack_trace(&regs, trace, 4), 1);
	KT_EXPECT_EQ(trace[0], regs.rip);

	stack[2] = return_address_here();
	KT_ASSERT_EQ(arch_stack_trace(&regs, trace, 4), 2);
	KT_EXPECT_EQ(trace[1], stack[2]);
}
