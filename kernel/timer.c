/* The tick. */
#include "kernel/sched.h"
#include "kernel/timer.h"

volatile unsigned long jiffies;

void timer_tick(void)
{
	jiffies++;
	scheduler_tick();
}
