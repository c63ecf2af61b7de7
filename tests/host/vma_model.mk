# The address-space core against a reference model: a million random
# mmap/munmap/mprotect/madvise/brk/fault calls from fixed seeds, each
# checked against a page-by-page model of Linux's behaviour
# (tests/host/vma_model.c). The same mm/ code as tests/host/vma.mk.
HOST_TESTS += vma_model
vma_model_SRCS := $(VM_CORE_SRCS) \
	tests/host/mm_setup.c tests/host/vm_setup.c \
	tests/host/vma_model_ref.c tests/host/vma_model.c
