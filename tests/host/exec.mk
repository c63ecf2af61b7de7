# exec on the host, under ASan/UBSan: the ELF loader and access_remote_vm
# over the address-space core (as in vma.mk), and the initramfs reader.
# The same KTESTs run in the kernel.
HOST_TESTS += exec
exec_SRCS := $(VM_CORE_SRCS) mm/gup.c kernel/binfmt_elf.c \
	kernel/elf_tables.c kernel/fs/read_write.c kernel/fs/initramfs.c \
	tests/host/mm_setup.c tests/host/vm_setup.c \
	tests/kernel/exec_test.c tests/kernel/initramfs_test.c \
	tests/kernel/gup_test.c
