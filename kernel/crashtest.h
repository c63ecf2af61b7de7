/* A deliberate crash on request ("crashtest" on the command line), so the
 * test suite can check that a panic report says what it should. */
#ifndef KERNEL_CRASHTEST_H
#define KERNEL_CRASHTEST_H

#include "kernel/compiler.h"
#include "kernel/types.h"

bool crashtest_requested(void);
__noreturn void crashtest_run(void);

#endif
