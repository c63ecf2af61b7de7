# User programs, included by the Makefile. Each user/NAME.c, and each
# directory user/NAME/ with all its .c files, becomes $(B)/user/NAME: a
# static musl binary, so the same file runs on aspace and on Linux.

MUSLCC ?= musl-gcc
USER_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror
USER_LDFLAGS := -static

USER_PROGS := $(sort $(basename $(notdir $(wildcard user/*.c))) \
	$(notdir $(patsubst %/,%,$(dir $(wildcard user/*/*.c)))))
USER_BINS := $(USER_PROGS:%=$(B)/user/%)
user_objs = $(patsubst user/%.c,$(B)/user/obj/%.o, \
	$(wildcard user/$(1).c user/$(1)/*.c))
USER_OBJS := $(foreach p,$(USER_PROGS),$(call user_objs,$(p)))

# As $(B)/flags does for the kernel: new flags rebuild every object.
$(B)/user/flags: FORCE
	$(Q)mkdir -p $(dir $@)
	$(Q)echo '$(MUSLCC) $(USER_CFLAGS) $(USER_LDFLAGS)' | cmp -s - $@ || \
		echo '$(MUSLCC) $(USER_CFLAGS) $(USER_LDFLAGS)' > $@

$(B)/user/obj/%.o: user/%.c $(B)/user/flags | deps
	$(quiet) MUSLCC $<
	$(Q)mkdir -p $(dir $@)
	$(Q)$(MUSLCC) $(USER_CFLAGS) -MMD -MP -c $< -o $@

$(USER_BINS): $(B)/user/%: $$(call user_objs,$$*)
	$(quiet) LD $@
	$(Q)$(MUSLCC) $(USER_CFLAGS) $(USER_LDFLAGS) -o $@ $^

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

$(INITRAMFS): $(USER_BINS) tools/mkinitramfs $(B)/initramfs.extra \
		$(if $(EXTRA),$(EXTRA) $(wildcard $(EXTRA)/*))
	$(quiet) CPIO $@
	$(Q)tools/mkinitramfs $@ "$$EXTRA" $(USER_BINS)

user: $(USER_BINS) $(INITRAMFS)

.PRECIOUS: $(B)/user/flags $(B)/initramfs.extra
-include $(USER_OBJS:.o=.d)
