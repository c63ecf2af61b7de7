# The address-space core on the host, under ASan/UBSan: the kernel's own
# mm/ code (the VMA set, mmap, mprotect, madvise, the anonymous fault
# path, fork, shared anonymous memory) over real page tables in a fake
# physical memory, with the TLB instructions stubbed out
# (tests/host/include/asm/tlb.h). It runs the same KTESTs as the kernel
# (helpers: tests/kernel/mm_test.h).
HOST_TESTS += vma
vma_SRCS := $(VM_CORE_SRCS) \
	tests/host/mm_setup.c tests/host/vm_setup.c \
	tests/kernel/vma_test.c tests/kernel/mmap_test.c \
	tests/kernel/mprotect_test.c tests/kernel/madvise_test.c \
	tests/kernel/brk_test.c tests/kernel/fault_test.c \
	tests/kernel/fork_test.c tests/kernel/stack_test.c \
	tests/kernel/shmem_test.c tests/kernel/vmstat_test.c
