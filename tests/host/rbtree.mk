# The red-black tree: its KTESTs (tests/kernel/rbtree_test.c), plus a
# million random operations too many for QEMU (tests/host/rbtree_stress.c).
HOST_TESTS += rbtree
rbtree_SRCS := kernel/lib/rbtree.c tests/kernel/rbtree_test.c \
	tests/host/rbtree_stress.c
