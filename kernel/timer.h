/* Time: jiffies, the count of timer ticks since boot. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#define HZ 100

extern volatile unsigned long jiffies;

/* Called by the architecture's timer interrupt, HZ times a second. */
void timer_tick(void);

#endif
