# memblock on the host: the same KTESTs the kernel runs, under ASan/UBSan.
HOST_TESTS += memblock
memblock_SRCS := mm/memblock.c tests/kernel/memblock_test.c
