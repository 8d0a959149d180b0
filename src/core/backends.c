/* backends.c - compiled-in backends, lazy probing, default device type. */
#include "backends.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define BACKEND(type_enum, var) extern const infinirt_backend var;
#include "backend_list.def"
#undef BACKEND

const infinirt_backend *const infinirt_backends[infinirtDeviceTypeCount] = {
#define BACKEND(type_enum, var) [type_enum] = &var,
#include "backend_list.def"
#undef BACKEND
};

typedef struct probe_state {
  pthread_once_t once;
  int count;
  const char *reason;
} probe_state;

static probe_state probes[infinirtDeviceTypeCount] = {
    {.once = PTHREAD_ONCE_INIT}, {.once = PTHREAD_ONCE_INIT}};

/* pthread_once takes no argument, so one trampoline per type. */
#define PROBE_FN(t)                                                            \
  static void probe_##t(void) {                                                \
    const infinirt_backend *b = infinirt_backends[t];                          \
    probes[t].reason = "backend not compiled into this build";                 \
    if (b) {                                                                   \
      probes[t].reason = NULL;                                                 \
      probes[t].count = b->probe(&probes[t].reason);                           \
      if (probes[t].count < 0)                                                 \
        probes[t].count = 0;                                                   \
      if (probes[t].count == 0 && !probes[t].reason)                           \
        probes[t].reason = "backend found no devices";                         \
    }                                                                          \
  }
PROBE_FN(0)
PROBE_FN(1)
static void (*const probe_fns[infinirtDeviceTypeCount])(void) = {probe_0,
                                                                 probe_1};
_Static_assert(infinirtDeviceTypeCount == 2, "add a PROBE_FN per type");

int infinirt_backend_device_count(infinirtDeviceType type,
                                  const char **reason) {
  pthread_once(&probes[type].once, probe_fns[type]);
  if (reason)
    *reason = probes[type].count ? NULL : probes[type].reason;
  return probes[type].count;
}

int infinirt_device_type_from_name(const char *name) {
  for (int t = 0; t < infinirtDeviceTypeCount; t++)
    if (strcmp(name, infinirtExtGetDeviceTypeName((infinirtDeviceType)t)) == 0)
      return t;
  return -1;
}

static infinirtDeviceType default_type = infinirtDeviceTypeCpu;
static pthread_once_t default_once = PTHREAD_ONCE_INIT;

static void choose_default(void) {
  const char *env = getenv("INFINIRT_DEVICE_TYPE");
  if (env && *env) {
    int t = infinirt_device_type_from_name(env);
    if (t >= 0) {
      default_type = (infinirtDeviceType)t;
      return;
    }
  }
  for (int t = 0; t < infinirtDeviceTypeCount; t++) {
    if (t == infinirtDeviceTypeCpu)
      continue;
    if (infinirt_backend_device_count((infinirtDeviceType)t, NULL) > 0) {
      default_type = (infinirtDeviceType)t;
      return;
    }
  }
  default_type = infinirtDeviceTypeCpu;
}

infinirtDeviceType infinirt_default_device_type(void) {
  pthread_once(&default_once, choose_default);
  return default_type;
}
