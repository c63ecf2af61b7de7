# What `make gdb` runs once connected to QEMU: stop at the kernel's C entry.
# hbreak, not break: until boot/entry.asm turns paging on, the kernel's
# higher-half addresses do not exist, so gdb cannot plant a software
# breakpoint there; a hardware breakpoint compares addresses as they run.
hbreak kernel_main
continue
