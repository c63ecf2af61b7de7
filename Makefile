# Build, run, test and debug the kernel. `make help` lists the targets.

TOOLPREFIX ?=
ifeq ($(origin CC),default)
CC := $(TOOLPREFIX)gcc
endif
LD := $(TOOLPREFIX)ld
NASM ?= nasm
HOSTCC ?= gcc
PYTHON ?= python3
QEMU ?= qemu-system-x86_64

CPUS ?= 1
MEM ?= 256M
ACCEL ?= tcg
QEMUEXTRA ?=
CMDLINE ?=
# Debug checks (validate_mm, poisoning, refcount checks): on unless DEBUG=0.
DEBUG ?= 1
# QEMU's gdb stub listens on a per-user port so users of one machine
# do not collide.
GDBPORT ?= $(shell expr 25000 + `id -u` % 5000)

ifeq ($(V),1)
Q :=
quiet = @true
else
Q := @
quiet = @printf '  %-7s %s\n'
endif

B := build
ARCH := arch/x86_64

CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-ffreestanding -fno-pie -fno-pic -mcmodel=kernel -mno-red-zone \
	-mgeneral-regs-only -fno-omit-frame-pointer -fno-stack-protector \
	-fno-asynchronous-unwind-tables -fno-strict-aliasing -fno-common \
	-mno-omit-leaf-frame-pointer -fno-optimize-sibling-calls \
	-fno-delete-null-pointer-checks -fcf-protection=none \
	-I. -I$(ARCH)/include -DCONFIG_DEBUG_VM=$(DEBUG) -MMD -MP
LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
	-T linker.ld
# nasm 2.16's own alignb macro trips its unknown-warning check.
NASMFLAGS := -f elf64 -g -F dwarf -w+all -w-unknown-warning -w+error

KERNEL_C := $(wildcard kernel/*.c kernel/lib/*.c kernel/fs/*.c kernel/fs/proc/*.c \
	mm/*.c $(ARCH)/*.c tests/kernel/*.c)
KERNEL_ASM := $(wildcard boot/*.asm $(ARCH)/*.asm)
KERNEL_OBJS := $(KERNEL_ASM:%.asm=$(B)/obj/%.o) $(KERNEL_C:%.c=$(B)/obj/%.o)

.PHONY: all iso user run qemu qemu-nox qemu-gdb gdb test host-tests deps \
	clean help
all: $(B)/kernel.iso
# Prerequisites may name $$* (the ISOs' modules, the user programs' objects).
.SECONDEXPANSION:

help:
	@echo "make            build build/kernel.elf and the bootable build/kernel.iso"
	@echo "make iso        the same"
	@echo "make user       the user programs, build/user/*, and build/initramfs.cpio"
	@echo "make qemu       boot it into /bin/sh: serial console on this terminal (monitor: Ctrl-a c)"
	@echo "make qemu-nox   the same with no display window at all"
	@echo "make qemu-gdb   boot halted, waiting for gdb on port $(GDBPORT)"
	@echo "make gdb        connect gdb to it and stop at kernel_main"
	@echo "make run CMD='prog args' [EXTRA=dir]"
	@echo "                boot, run sh -c 'prog args', print its output, exit with its status;"
	@echo "                EXTRA's files are in /usr/local/bin (RUN_TIMEOUT=$(RUN_TIMEOUT) s)"
	@echo "make test       host tests, in-kernel tests, usertests (QEMU and Linux)"
	@echo "make bench      benchmark of the VMA set on the host (docs/benchmarks.md)"
	@echo "make clean      remove build/"
	@echo "variables: V=1 CPUS=$(CPUS) MEM=$(MEM) ACCEL=$(ACCEL) (kvm: opt-in) EXTRA=dir"
	@echo "           CMDLINE='...' QEMUEXTRA='...' DEBUG=$(DEBUG) TOOLPREFIX= CC="

# Install what the build needs when a tool is missing (Debian/Ubuntu).
REQUIRED_TOOLS := $(NASM) grub-mkrescue grub-file xorriso mformat $(QEMU) \
	$(PYTHON) gdb $(LD) musl-gcc cpio
deps:
	$(Q)missing=""; \
	for t in $(REQUIRED_TOOLS); do command -v $$t >/dev/null || missing="$$missing $$t"; done; \
	[ -d /usr/lib/grub/i386-pc ] || missing="$$missing grub-pc-bin"; \
	if [ -n "$$missing" ]; then \
		echo "missing:$$missing -- running tools/install-deps"; \
		tools/install-deps; \
	fi

# The compiler and flags, in a file rewritten only when they change: objects
# depend on it, so DEBUG=0 or CC=clang rebuilds everything.
$(B)/flags: FORCE
	$(Q)mkdir -p $(B)
	$(Q)echo '$(CC) $(CFLAGS) $(NASM) $(NASMFLAGS)' | cmp -s - $@ || \
		echo '$(CC) $(CFLAGS) $(NASM) $(NASMFLAGS)' > $@

$(B)/obj/%.o: %.c $(B)/flags | deps
	$(quiet) CC $<
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(B)/obj/%.o: %.asm $(B)/flags | deps
	$(quiet) NASM $<
	$(Q)mkdir -p $(dir $@)
	$(Q)$(NASM) $(NASMFLAGS) -MD $(@:.o=.d) -MP $< -o $@

$(B)/kernel.elf: $(KERNEL_OBJS) linker.ld
	$(quiet) LD $@
	$(Q)$(LD) $(LDFLAGS) -o $@ $(KERNEL_OBJS)
	$(Q)grub-file --is-x86-multiboot2 $@ || \
		{ echo "error: $@ is not a valid multiboot2 image"; rm -f $@; exit 1; }

# ---- user space --------------------------------------------------------

include user/user.mk

# One ISO per kernel command line: the interactive one, the test ones and
# make run's. Each carries the initramfs, and the modules ISO_MODULES_name.
ISO_CMDLINE_kernel := $(CMDLINE)
# no_such_option: the tests check that an unknown option is reported;
# what follows -- checks how words with spaces and quotes reach init.
ISO_CMDLINE_test := ktest panic=exit no_such_option=1 -- one "two words" \'q\'\"
# Modules the tests check GRUB loaded and the allocator left alone.
ISO_MODULES_test := $(wildcard tests/kernel/modules/*)
ISO_CMDLINE_crashtest := crashtest panic=exit
ISO_CMDLINE_usertests := init=/bin/usertests panic=exit
# What follows " -- " are init's arguments; CMD must reach sh as one, so
# it becomes one word of GRUB's script: in double quotes, where \, " and $
# need a backslash. $(value CMD): make must not expand a $ in it either.
grub_quote = "$(subst $$,\$$,$(subst ",\",$(subst \,\\,$(1))))"
ISO_CMDLINE_run = init=/bin/sh panic=exit $(CMDLINE) -- -c \
	$(call grub_quote,$(value CMD))

# The command line lives in a file that changes only when its text does,
# so a new CMDLINE rebuilds the ISO and an unchanged one does not. It
# reaches the shell in the environment, where no quote in it can matter.
$(B)/%.cmdline: export ISO_CMDLINE = $(ISO_CMDLINE_$*)
$(B)/%.cmdline: FORCE
	$(Q)mkdir -p $(B)
	$(Q)printf '%s\n' "$$ISO_CMDLINE" | cmp -s - $@ || \
		printf '%s\n' "$$ISO_CMDLINE" > $@

$(B)/%.iso: $(B)/kernel.elf $(B)/%.cmdline iso/grub.cfg tools/grub-cfg \
		$(INITRAMFS) $$(ISO_MODULES_$$*)
	$(quiet) ISO $@
	$(Q)rm -rf $(B)/iso-$* && mkdir -p $(B)/iso-$*/boot/grub
	$(Q)cp $(B)/kernel.elf $(ISO_MODULES_$*) $(INITRAMFS) $(B)/iso-$*/boot/
	$(Q)$(PYTHON) tools/grub-cfg iso/grub.cfg $(B)/$*.cmdline \
		$(notdir $(ISO_MODULES_$*) $(INITRAMFS)) \
		> $(B)/iso-$*/boot/grub/grub.cfg
	$(Q)grub-mkrescue -o $@ $(B)/iso-$* >$(B)/iso-$*.log 2>&1 || \
		{ cat $(B)/iso-$*.log; echo "error: grub-mkrescue failed"; rm -f $@; exit 1; }

iso: $(B)/kernel.iso

QEMU_MACHINE := -m $(MEM) -smp $(CPUS) -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04
QEMUOPTS := $(QEMU_MACHINE) -accel $(ACCEL)
ifeq ($(ACCEL),kvm)
QEMUOPTS += -cpu host
endif
# Tests always run under TCG: KVM is not usable on every machine.
TEST_QEMUOPTS := $(QEMU_MACHINE) -accel tcg

# isa-debug-exit makes QEMU exit with (code << 1) | 1: a clean power-off
# (code 0x10, see arch/x86_64/power.c) is status 33, which is success here.
define run_qemu
	$(Q)$(QEMU) $(QEMUOPTS) -cdrom $(B)/kernel.iso $(1) $(QEMUEXTRA); \
	status=$$?; [ $$status -eq 0 -o $$status -eq 33 ] || exit $$status
endef

qemu: $(B)/kernel.iso
	$(call run_qemu,-serial mon:stdio $(if $(DISPLAY),,-display none))

qemu-nox: $(B)/kernel.iso
	$(call run_qemu,-nographic)

qemu-gdb: $(B)/kernel.iso
	@echo "QEMU is waiting for gdb on port $(GDBPORT): run 'make gdb' in another terminal"
	$(call run_qemu,-nographic -S -gdb tcp::$(GDBPORT))

# The helpers come with kernel.elf (see the gdb block below): gdb auto-loads
# kernel.elf-gdb.py from beside it once this session's safe path allows
# that file, so nothing needs configuring (docs/gdb.md).
gdb: $(B)/kernel.elf
	gdb -q -iex 'add-auto-load-safe-path $(abspath $(B)/kernel.elf-gdb.py)' \
		$(B)/kernel.elf -ex 'target remote localhost:$(GDBPORT)' \
		-x tools/gdb/startup.gdb

# ---- gdb helpers (tools/gdb/, docs/gdb.md) -----------------------------

# kernel_constants.py: the kernel's constants for the helpers, computed by
# the kernel's compiler from its headers (tools/gdb/constants.c, compiled
# to assembly only) and turned into Python by tools/gdb/gen_constants.py.
GDB_CONSTANTS := $(B)/gdb/kernel_constants.py
# kernel.elf-gdb.py: what gdb runs when it loads kernel.elf; it knows where
# the helpers and this build's constants are, and the port to suggest.
GDB_SCRIPTS := $(GDB_CONSTANTS) $(B)/kernel.elf-gdb.py

$(B)/gdb/constants.s: tools/gdb/constants.c $(B)/flags | deps
	$(quiet) CC $@
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -S $< -o $@

$(GDB_CONSTANTS): $(B)/gdb/constants.s tools/gdb/gen_constants.py
	$(quiet) GEN $@
	$(Q)$(PYTHON) tools/gdb/gen_constants.py $< > $@.tmp && mv $@.tmp $@

# Rewritten only when its text changes (another B= or GDBPORT=).
$(B)/kernel.elf-gdb.py: tools/gdb/kernel.elf-gdb.py.in FORCE
	$(Q)mkdir -p $(B)
	$(Q)sed -e 's|@TOOLS@|$(abspath tools/gdb)|' \
		-e 's|@BUILD@|$(abspath $(B))|' -e 's|@GDBPORT@|$(GDBPORT)|' \
		$< > $@.tmp
	$(Q)if cmp -s $@.tmp $@; then rm $@.tmp; else mv $@.tmp $@; fi

# Building the kernel brings its helpers up to date (order-only: they do
# not relink it), so plain `gdb build/kernel.elf` finds them too.
$(B)/kernel.elf: | $(GDB_SCRIPTS)
-include $(B)/gdb/constants.d

# ---- end of the gdb helpers --------------------------------------------

# make run CMD='prog args' [EXTRA=dir]: boots into sh -c 'prog args',
# prints what it prints and exits with its status (tools/run).
RUN_TIMEOUT ?= 60
ifneq ($(filter run,$(MAKECMDGOALS)),)
ifeq ($(strip $(value CMD)),)
$(error make run needs a command: make run CMD='prog args' [EXTRA=dir])
endif
endif
run: $(B)/run.iso
	$(Q)$(PYTHON) tools/run --timeout $(RUN_TIMEOUT) \
		--qemu "$(QEMU) $(QEMUOPTS) $(QEMUEXTRA)" $(B)/run.iso

# ---- tests -------------------------------------------------------------

HOSTCFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -I. -Itests/host/include -I$(ARCH)/include \
	-DHOST_BUILD -DCONFIG_DEBUG_VM=1
HOST_COMMON := kernel/ktest.c tests/host/harness.c tests/host/printk.c
# Each host program is compiled and linked in one command, so gcc cannot
# list per-source header dependencies; depend on every header instead.
HOST_HEADERS := $(shell find kernel mm arch tests/host -name '*.h')

# The address-space core and what it stands on: the mm/ code that the host
# programs (tests/host/vma*.mk, the benchmark) run as it is.
VM_CORE_SRCS := mm/vma.c mm/mmap.c mm/mprotect.c mm/madvise.c mm/memory.c \
	mm/shmem.c mm/filemap.c mm/mm.c mm/pgtable.c mm/tlb.c mm/page_alloc.c \
	mm/slab.c kernel/lib/radix-tree.c kernel/fs/file_table.c kernel/fs/inode.c \
	kernel/lib/rbtree.c

# Each tests/host/NAME.mk adds NAME to HOST_TESTS, lists NAME_SRCS and may
# set NAME_CFLAGS.
HOST_TESTS :=
include $(wildcard tests/host/*.mk)
HOST_BINS := $(HOST_TESTS:%=$(B)/host/%)

$(HOST_BINS): $(B)/host/%: $$($$*_SRCS) $(HOST_COMMON) $(HOST_HEADERS) \
		tests/host/%.mk Makefile | deps
	$(quiet) HOSTCC $@
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(HOSTCFLAGS) $($*_CFLAGS) -o $@ $($*_SRCS) $(HOST_COMMON)

host-tests: $(HOST_BINS)

test: $(B)/test.iso $(B)/crashtest.iso $(B)/usertests.iso $(USER_BINS) \
		host-tests
	$(Q)$(PYTHON) tests/test_run_tests.py
	$(Q)$(PYTHON) tests/run_tests.py --build $(B) \
		--qemu "$(QEMU) $(TEST_QEMUOPTS) $(QEMUEXTRA)" $(HOST_BINS)

# ---- benchmark ---------------------------------------------------------

# Not a test (make test leaves it alone): find_vma and mmap/munmap against
# the number of areas, printed as the tables of docs/benchmarks.md. The
# host test flags without the sanitizers and the debug checks, optimised.
BENCH_CFLAGS := $(filter-out -fsanitize=% -fno-sanitize-recover=% -O1 \
	-DCONFIG_DEBUG_VM=%,$(HOSTCFLAGS)) -O2 -DCONFIG_DEBUG_VM=0
vma_bench_SRCS := $(VM_CORE_SRCS) tests/host/vm_setup.c tests/host/printk.c \
	tests/host/vma_bench.c

$(B)/host/vma_bench: $(vma_bench_SRCS) $(HOST_HEADERS) Makefile
	$(quiet) HOSTCC $@
	$(Q)mkdir -p $(dir $@)
	$(Q)$(HOSTCC) $(BENCH_CFLAGS) -o $@ $(vma_bench_SRCS) -lm

.PHONY: bench
bench: $(B)/host/vma_bench
	$(Q)$<

clean:
	rm -rf $(B)

FORCE:
.PRECIOUS: $(B)/%.cmdline $(B)/flags

-include $(KERNEL_OBJS:.o=.d)
