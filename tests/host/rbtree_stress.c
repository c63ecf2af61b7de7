/* The red-black tree under a million random operations on up to 65536
 * keys: too long a run for QEMU, seconds on the host. */
#include "kernel/ktest.h"

void rbtest_random_ops(struct ktest_state *kt, u32 nkeys, u32 nr_ops,
		       u32 check_every);

KTEST(rbtree_million_random_ops)
{
	rbtest_random_ops(kt, 1u << 16, 1000000, 10007);
}
