/* The kernel's clock: milliseconds since boot, counted in timer ticks
 * (kern/time.c). */
#ifndef JOS_KERN_TIME_H
#define JOS_KERN_TIME_H

/* Milliseconds per tick: the LAPIC timer's period (kern/lapic.c). */
#define TICK_MS		10

#include <inc/types.h>

void time_init(void);
bool time_started(void);
void time_tick(void);
unsigned int time_msec(void);

#endif
