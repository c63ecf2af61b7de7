/* The tick. */
#include "kernel/timer.h"

volatile unsigned long jiffies;

void timer_tick(void)
{
	jiffies++;
}
