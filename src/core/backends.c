/* backends.c - the backend registry in the core: the table of compiled-in
 * backends, type names, lazy probing, the default device type. Nothing here
 * names a backend: all of it follows from infinirt_backends.def and from
 * backends_enabled.def, which CMake writes with one line per backend that is
 * compiled in. */
#include "backends.h"

#include <pthread.h>
#include <stdatomic.h>

#include "env.h"

#define INFINIRT_ENABLED_BACKEND(suffix, name)                                 \
  extern const infinirt_backend infinirt_##name##_backend;
#include "backends_enabled.def"
#undef INFINIRT_ENABLED_BACKEND

const infinirt_backend *const infinirt_backends[infinirtDeviceTypeCount] = {
#define INFINIRT_ENABLED_BACKEND(suffix, name)                                 \
  [infinirtDeviceType##suffix] = &infinirt_##name##_backend,
#include "backends_enabled.def"
#undef INFINIRT_ENABLED_BACKEND
};

static const char *const type_names[infinirtDeviceTypeCount] = {
#define INFINIRT_BACKEND(suffix, name, build, description) #name,
#include "infinirt_backends.def"
#undef INFINIRT_BACKEND
};

const char *infinirtExtGetDeviceTypeName(infinirtDeviceType type) {
  if ((int)type < 0 || type >= infinirtDeviceTypeCount)
    return "unknown";
  return type_names[type];
}

/* One slot per type. |done| is set (release) after count and reason are
 * written, so the fast path is one acquire load; the lock serialises the
 * first probe of one type only, so a probe may use another type. */
typedef struct probe_state {
  atomic_bool done;
  pthread_mutex_t lock;
  int count;
  const char *reason;
} probe_state;

static probe_state probes[infinirtDeviceTypeCount] = {
    [0 ... infinirtDeviceTypeCount - 1] = {.lock = PTHREAD_MUTEX_INITIALIZER}};

static void probe(infinirtDeviceType type, probe_state *p) {
  const infinirt_backend *b = infinirt_backends[type];
  p->count = 0;
  p->reason = "backend not compiled into this build";
  if (!b)
    return;
  p->reason = NULL;
  p->count = b->probe(&p->reason);
  if (p->count < 0)
    p->count = 0;
  if (p->count == 0 && !p->reason)
    p->reason = "backend found no devices";
}

int infinirt_backend_device_count(infinirtDeviceType type,
                                  const char **reason) {
  probe_state *p = &probes[type];
  if (!atomic_load_explicit(&p->done, memory_order_acquire)) {
    pthread_mutex_lock(&p->lock);
    if (!atomic_load_explicit(&p->done, memory_order_relaxed)) {
      probe(type, p);
      atomic_store_explicit(&p->done, true, memory_order_release);
    }
    pthread_mutex_unlock(&p->lock);
  }
  if (reason)
    *reason = p->count ? NULL : p->reason;
  return p->count;
}

static infinirtDeviceType default_type = infinirtDeviceTypeCpu;
static pthread_once_t default_once = PTHREAD_ONCE_INIT;

static void choose_default(void) {
  int t = infinirt_env_choice(
      "INFINIRT_DEVICE_TYPE", type_names, infinirtDeviceTypeCount, -1,
      "the first accelerator type with devices, else cpu");
  if (t >= 0) {
    default_type = (infinirtDeviceType)t;
    return;
  }
  for (t = 0; t < infinirtDeviceTypeCount; t++) {
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
