# The page and slab allocators over a fake physical memory: the kernel's
# tests of them, the host's setup (mm_setup.c) and death tests that show
# the CONFIG_DEBUG_VM checks fire (mm_alloc_death.c).
HOST_TESTS += mm_alloc
mm_alloc_SRCS := mm/page_alloc.c mm/slab.c \
	tests/kernel/page_alloc_test.c tests/kernel/slab_test.c \
	tests/host/mm_setup.c tests/host/mm_alloc_death.c
