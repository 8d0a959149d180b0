/* thread_state.c - per-thread current device, last error and error detail. */
#include "thread_state.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backends.h"

_Thread_local infinirt_thread_state infinirt_tls
    __attribute__((tls_model("initial-exec"))) = {.type = -1};

/* The detail is only touched on failures, so it lives on the heap, made at
 * a thread's first failure and freed when the thread exits: the library's
 * thread-local block stays small enough for a process that loads it with
 * dlopen (Python) to find it room in the static TLS area. */
typedef struct detail_buf {
  char pending[384];
  char text[512];
} detail_buf;
static _Thread_local detail_buf *detail;
static pthread_key_t detail_key;
static pthread_once_t detail_once = PTHREAD_ONCE_INIT;

static void detail_free(void *p) {
  free(p);
  detail = NULL;
}
static void detail_make_key(void) {
  pthread_key_create(&detail_key, detail_free);
}

/* The thread's buffer, or NULL if memory ran out (the detail is lost). */
static detail_buf *detail_get(void) {
  if (!detail) {
    pthread_once(&detail_once, detail_make_key);
    detail_buf *d = calloc(1, sizeof *d);
    if (!d || pthread_setspecific(detail_key, d) != 0) {
      free(d);
      return NULL;
    }
    detail = d;
  }
  return detail;
}

_Thread_local bool infinirt_tls_in_host_fn
    __attribute__((tls_model("initial-exec")));

int infinirt_thread_init_type(void) {
  infinirt_tls.type = (int)infinirt_default_device_type();
  return infinirt_tls.type;
}

int infinirt_current_device(infinirtDeviceType type) {
  return infinirt_tls.ordinal[type];
}

infinirtError_t infinirt_detail(infinirtError_t err, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  detail_buf *d = detail_get();
  if (d) {
    vsnprintf(d->pending, sizeof d->pending, fmt, ap);
    infinirt_tls.detail_pending = true;
  }
  va_end(ap);
  return err;
}

infinirtError_t infinirt_fail(infinirtError_t err, const char *func) {
  if (err == infinirtErrorNotReady) {
    infinirt_tls.detail_pending = false;
    return err;
  }
  infinirt_tls.last_error = err;
  detail_buf *d = detail_get();
  if (d && infinirt_tls.detail_pending) {
    snprintf(d->text, sizeof d->text, "%s: %s (%s)", func, d->pending,
             infinirtGetErrorName(err));
  } else if (d) {
    snprintf(d->text, sizeof d->text, "%s: %s (%s)", func,
             infinirtGetErrorString(err), infinirtGetErrorName(err));
  }
  infinirt_tls.detail_pending = false;
  return err;
}

const char *infinirtExtGetLastErrorDetail(void) {
  return detail ? detail->text : "";
}
