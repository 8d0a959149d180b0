/* thread_state.c - per-thread current device, last error and error detail. */
#include "thread_state.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "backends.h"

_Thread_local infinirt_thread_state infinirt_tls
    __attribute__((tls_model("initial-exec"))) = {.type = -1};

/* The detail is only touched on failures, so it lives in ordinary TLS. */
static _Thread_local char detail_pending_text[384];
static _Thread_local char detail_text[512];

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
  vsnprintf(detail_pending_text, sizeof detail_pending_text, fmt, ap);
  va_end(ap);
  infinirt_tls.detail_pending = true;
  return err;
}

infinirtError_t infinirt_fail(infinirtError_t err, const char *func) {
  if (err == infinirtErrorNotReady) {
    infinirt_tls.detail_pending = false;
    return err;
  }
  infinirt_tls.last_error = err;
  if (infinirt_tls.detail_pending) {
    snprintf(detail_text, sizeof detail_text, "%s: %s (%s)", func,
             detail_pending_text, infinirtGetErrorName(err));
  } else {
    snprintf(detail_text, sizeof detail_text, "%s: %s (%s)", func,
             infinirtGetErrorString(err), infinirtGetErrorName(err));
  }
  infinirt_tls.detail_pending = false;
  return err;
}

const char *infinirtExtGetLastErrorDetail(void) {
  return detail_text;
}
