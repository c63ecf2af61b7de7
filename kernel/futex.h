/*
 * Futexes, the minimum threads need: FUTEX_WAIT sleeps while a user word
 * holds an expected value, FUTEX_WAKE wakes sleepers on a word. musl's
 * locks and pthread_join (through CLONE_CHILD_CLEARTID) rest on them.
 */
#ifndef KERNEL_FUTEX_H
#define KERNEL_FUTEX_H

struct mm_struct;

/* Wake up to nr tasks waiting on uaddr in mm; how many were woken. */
int futex_wake(struct mm_struct *mm, unsigned long uaddr, int nr);

#endif
