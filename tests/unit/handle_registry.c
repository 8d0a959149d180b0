/* handle_registry.c - the core's handle registry seen through the public
 * API: thousands of streams and events created and destroyed from several
 * threads at once; afterwards every destroyed handle is refused, and handles
 * of one kind are refused where the other is expected. */
#include <pthread.h>
#include <stdlib.h>

#include "unit.h"

enum { THREADS = 6, PER_THREAD = 800 };

typedef struct slot {
  infinirtStream_t s[PER_THREAD];
  infinirtStream_t dead[PER_THREAD]; /* destroyed early */
  infinirtEvent_t e[PER_THREAD];
  pthread_barrier_t *bar;
} slot;

static void *worker(void *p) {
  slot *sl = p;
  if (!UNIT_CHECK_ERR(infinirtSuccess,
                      infinirtExtSetDeviceType(infinirtDeviceTypeCpu))) {
    pthread_barrier_wait(sl->bar);
    return NULL;
  }
  for (int i = 0; i < PER_THREAD; i++) {
    sl->s[i] = sl->dead[i] = NULL;
    sl->e[i] = NULL;
    UNIT_CHECK_ERR(infinirtSuccess, infinirtStreamCreate(&sl->s[i]));
    UNIT_CHECK_ERR(infinirtSuccess, infinirtEventCreate(&sl->e[i]));
    /* Destroy some at once, so creation and destruction interleave. (Not
     * destroyed twice here: another thread may already own the address.) */
    if (i % 3 == 0 && sl->s[i]) {
      UNIT_CHECK_ERR(infinirtSuccess, infinirtStreamDestroy(sl->s[i]));
      sl->dead[i] = sl->s[i];
      sl->s[i] = NULL;
    }
  }
  for (int i = 0; i < PER_THREAD; i++) {
    if (sl->s[i]) {
      UNIT_CHECK_ERR(infinirtSuccess, infinirtStreamQuery(sl->s[i]));
      UNIT_CHECK_ERR(infinirtErrorInvalidResourceHandle,
                     infinirtEventQuery((infinirtEvent_t)sl->s[i]));
    }
    if (sl->e[i])
      UNIT_CHECK_ERR(infinirtErrorInvalidResourceHandle,
                     infinirtStreamQuery((infinirtStream_t)sl->e[i]));
  }
  pthread_barrier_wait(sl->bar);
  for (int i = 0; i < PER_THREAD; i++) {
    if (sl->s[i])
      UNIT_CHECK_ERR(infinirtSuccess, infinirtStreamDestroy(sl->s[i]));
    if (sl->e[i])
      UNIT_CHECK_ERR(infinirtSuccess, infinirtEventDestroy(sl->e[i]));
  }
  return NULL;
}

int main(void) {
  static slot slots[THREADS];
  pthread_t th[THREADS];
  pthread_barrier_t bar;
  pthread_barrier_init(&bar, NULL, THREADS);
  for (int t = 0; t < THREADS; t++) {
    slots[t].bar = &bar;
    if (pthread_create(&th[t], NULL, worker, &slots[t]) != 0) {
      printf("pthread_create failed\n");
      return 1;
    }
  }
  for (int t = 0; t < THREADS; t++)
    pthread_join(th[t], NULL);
  pthread_barrier_destroy(&bar);
  infinirtExtSetDeviceType(infinirtDeviceTypeCpu);
  /* Nobody creates anything any more, so no address is reused and every
   * handle ever returned must now be refused. */
  int refused = 0, total = 0;
  for (int t = 0; t < THREADS; t++)
    for (int i = 0; i < PER_THREAD; i++) {
      infinirtStream_t s = slots[t].s[i] ? slots[t].s[i] : slots[t].dead[i];
      if (s) {
        total++;
        refused += UNIT_CHECK_ERR(infinirtErrorInvalidResourceHandle,
                                  infinirtStreamQuery(s));
      }
      if (slots[t].e[i]) {
        total++;
        refused += UNIT_CHECK_ERR(infinirtErrorInvalidResourceHandle,
                                  infinirtEventDestroy(slots[t].e[i]));
      }
    }
  printf("%d of %d destroyed handles refused\n", refused, total);
  UNIT_CHECK(total == 2 * THREADS * PER_THREAD);
  return unit_result();
}
