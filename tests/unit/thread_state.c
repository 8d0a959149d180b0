/* thread_state.c - what a thread starts with: no last error, an empty error
 * detail, device 0; and each thread's state stays its own under load. */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "unit.h"

enum { THREADS = 8, ROUNDS = 2000 };

static void *fresh(void *p) {
  (void)p;
  UNIT_CHECK(infinirtPeekAtLastError() == infinirtSuccess);
  UNIT_CHECK(strcmp(infinirtExtGetLastErrorDetail(), "") == 0);
  int d = -1;
  UNIT_CHECK_ERR(infinirtSuccess, infinirtGetDevice(&d));
  UNIT_CHECK(d == 0);
  return NULL;
}

/* Each thread alternates its own failures and checks it sees only them. */
static void *churn(void *p) {
  int id = (int)(intptr_t)p;
  for (int i = 0; i < ROUNDS; i++) {
    infinirtError_t want;
    if ((i + id) % 2) {
      infinirtGetDevice(NULL);
      want = infinirtErrorInvalidValue;
    } else {
      infinirtSetDevice(-1 - id);
      want = infinirtErrorInvalidDevice;
    }
    if (!UNIT_CHECK(infinirtPeekAtLastError() == want))
      break;
    if (!UNIT_CHECK(infinirtGetLastError() == want))
      break;
    if (!UNIT_CHECK(infinirtGetLastError() == infinirtSuccess))
      break;
  }
  return NULL;
}

int main(void) {
  /* The main thread fails first; new threads must not see it. */
  UNIT_CHECK(infinirtGetDevice(NULL) == infinirtErrorInvalidValue);
  pthread_t th[THREADS];
  if (UNIT_CHECK(pthread_create(&th[0], NULL, fresh, NULL) == 0))
    pthread_join(th[0], NULL);
  for (int i = 0; i < THREADS; i++)
    UNIT_CHECK(pthread_create(&th[i], NULL, churn, (void *)(intptr_t)i) == 0);
  for (int i = 0; i < THREADS; i++)
    pthread_join(th[i], NULL);
  UNIT_CHECK(infinirtGetLastError() == infinirtErrorInvalidValue);
  return unit_result();
}
