/* Time: jiffies, the count of timer ticks since boot. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H

#define HZ 100

extern volatile unsigned long jiffies;

/* Comparisons of jiffies values that survive the counter wrapping. */
#define time_after(a, b) ((long)((b) - (a)) < 0)
#define time_before(a, b) time_after(b, a)
#define time_after_eq(a, b) ((long)((a) - (b)) >= 0)
#define time_before_eq(a, b) time_after_eq(b, a)

/* Called by the architecture's timer interrupt, HZ times a second. */
void timer_tick(void);

#endif
