/* thread_state.h - per-thread state of the core: current device type and
 * ordinals, last error, error detail. */
#ifndef INFINIRT_CORE_THREAD_STATE_H_
#define INFINIRT_CORE_THREAD_STATE_H_

#include "backend.h"

typedef struct infinirt_thread_state {
  int type; /* infinirtDeviceType, or -1 before the thread's first call */
  int ordinal[infinirtDeviceTypeCount];
  infinirtError_t last_error;
  bool detail_pending; /* a backend wrote a detail during the current call */
} infinirt_thread_state;

extern _Thread_local infinirt_thread_state infinirt_tls
    __attribute__((tls_model("initial-exec")));

/* Fills the thread's type from the process default on its first call. */
int infinirt_thread_init_type(void);

static inline int infinirt_thread_type(void) {
  int t = infinirt_tls.type;
  return __builtin_expect(t >= 0, 1) ? t : infinirt_thread_init_type();
}

/* Records a failed call's |err| as the last error and completes its detail
 * with |func|'s name. NotReady is not an error and only clears the pending
 * detail. Returns |err|. */
infinirtError_t infinirt_fail(infinirtError_t err, const char *func);

static inline infinirtError_t infinirt_finish(infinirtError_t err,
                                              const char *func) {
  return __builtin_expect(err == infinirtSuccess, 1) ? err
                                                     : infinirt_fail(err, func);
}

#endif /* INFINIRT_CORE_THREAD_STATE_H_ */
