/* Time as user space sees it: struct timespec and conversions to ticks. */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include "kernel/timer.h"
#include "kernel/types.h"

#define NSEC_PER_SEC 1000000000L
#define NSEC_PER_JIFFY (NSEC_PER_SEC / HZ)

struct timespec {
	long tv_sec;
	long tv_nsec;
};

static inline bool timespec_valid(const struct timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < NSEC_PER_SEC;
}

/* Rounded up: a sleep never ends early. */
static inline unsigned long timespec_to_jiffies(const struct timespec *ts)
{
	return ts->tv_sec * HZ + (ts->tv_nsec + NSEC_PER_JIFFY - 1) / NSEC_PER_JIFFY;
}

#endif
