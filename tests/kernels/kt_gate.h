/* kt_gate.h - a host function that holds its stream until the test opens
 * it, so that work queued behind it is surely still pending. It gives up
 * after about 10 s so that a broken backend fails instead of hanging. */
#ifndef KT_GATE_H_
#define KT_GATE_H_

#include <stdatomic.h>
#include <time.h>

static inline void kt_gate_fn(void *p) {
  atomic_int *open = p;
  for (int i = 0; i < 20000 && !atomic_load(open); i++) {
    struct timespec ts = {0, 500000};
    nanosleep(&ts, NULL);
  }
}

#endif /* KT_GATE_H_ */
