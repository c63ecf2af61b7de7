# User programs, included by the Makefile. Each user/NAME.c, and each
# directory user/NAME/ with all its .c files, becomes $(B)/user/NAME: a
# static musl binary, so the same file runs on aspace and on Linux.
#
# Those in USER_DYNAMIC are linked dynamically instead, against musl's
# libc.so, which is also the interpreter they name (/lib/ld-musl-x86_64.so.1;
# the initramfs carries both names): the shell, so that `pmap 1` shows the
# C library as the book's example does. NAME-dyn is NAME built that way.

MUSLCC ?= musl-gcc
MUSL_LIBC ?= /usr/lib/x86_64-linux-musl/libc.so
USER_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror
USER_DYNAMIC := sh pageshare-dyn

USER_PROGS := $(sort $(basename $(notdir $(wildcard user/*.c))) \
	$(notdir $(patsubst %/,%,$(dir $(wildcard user/*/*.c)))) \
	$(filter %-dyn,$(USER_DYNAMIC)))
USER_BINS := $(USER_PROGS:%=$(B)/user/%)
user_objs = $(patsubst user/%.c,$(B)/user/obj/%.o, \
	$(wildcard user/$(1:-dyn=).c user/$(1:-dyn=)/*.c))
user_ldflags = $(if $(filter $(1),$(USER_DYNAMIC)),,-static)
USER_OBJS := $(foreach p,$(USER_PROGS),$(call user_objs,$(p)))

# As $(B)/flags does for the kernel: new flags rebuild every object.
$(B)/user/flags: FORCE
	$(Q)mkdir -p $(dir $@)
	$(Q)echo '$(MUSLCC) $(USER_CFLAGS) $(USER_DYNAMIC)' | cmp -s - $@ || \
		echo '$(MUSLCC) $(USER_CFLAGS) $(USER_DYNAMIC)' > $@

$(B)/user/obj/%.o: user/%.c $(B)/user/flags | deps
	$(quiet) MUSLCC $<
	$(Q)mkdir -p $(dir $@)
	$(Q)$(MUSLCC) $(USER_CFLAGS) -MMD -MP -c $< -o $@

$(USER_BINS): $(B)/user/%: $$(call user_objs,$$*)
	$(quiet) LD $@
	$(Q)$(MUSLCC) $(USER_CFLAGS) $(call user_ldflags,$*) -o $@ $^

# The initramfs: the programs in /bin, the files of EXTRA=dir in
# /usr/local/bin. The archive depends on EXTRA's name (in a file rewritten
# only when it changes), the directory (a file added or removed) and its
# files.
INITRAMFS := $(B)/initramfs.cpio
EXTRA ?=
export EXTRA
$(B)/initramfs.extra: FORCE
	$(Q)mkdir -p $(B)
	$(Q)printf '%s\n' "$$EXTRA" | cmp -s - $@ || printf '%s\n' "$$EXTRA" > $@

$(INITRAMFS): $(USER_BINS) $(MUSL_LIBC) tools/mkinitramfs $(B)/initramfs.extra \
		$(if $(EXTRA),$(EXTRA) $(wildcard $(EXTRA)/*))
	$(quiet) CPIO $@
	$(Q)tools/mkinitramfs $@ "$$EXTRA" $(MUSL_LIBC) $(USER_BINS)

user: $(USER_BINS) $(INITRAMFS)

.PRECIOUS: $(B)/user/flags $(B)/initramfs.extra
-include $(USER_OBJS:.o=.d)
