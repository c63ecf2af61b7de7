# The kernel's string library: its KTESTs (tests/kernel/lib_test.c), plus a
# comparison of its vsnprintf with glibc's and a %pS test against a stub
# sprint_symbol (tests/host/lib_printf_diff.c).
#
# kernel/lib defines memcpy, strlen, snprintf... under glibc's names. Linked
# into a hosted program as they are, they would silently replace glibc's for
# everyone, glibc itself and ASan's interceptors included. So each source of
# this program is compiled with every function of kernel/lib/string.h renamed
# to kernel_NAME: kernel/lib then defines kernel_memcpy..., which the tests
# and kernel/ktest.c call, while glibc, ASan and harness.c keep glibc's.
# lib_printf_diff.c, which needs both snprintfs, takes glibc's name back.
HOST_TESTS += lib
lib_RENAMED := memset memcpy memmove memcmp strlen strnlen strcmp strncmp \
	strchr strlcpy vsnprintf snprintf parse_ulong
lib_SRCS := kernel/lib/string.c kernel/lib/vsprintf.c \
	tests/kernel/lib_test.c tests/host/lib_printf_diff.c
lib_CFLAGS := $(foreach f,$(lib_RENAMED),-D$(f)=kernel_$(f))
