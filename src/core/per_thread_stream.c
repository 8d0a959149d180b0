/* per_thread_stream.c - infinirtStreamPerThread.
 *
 * CUDA's per-thread default stream is, for synchronisation, an ordinary
 * blocking stream owned by one host thread: it orders with the legacy
 * default stream and with nothing else. So the core creates one blocking
 * stream per (thread, device type, device) through the backend, caches it
 * in thread-local storage and destroys it when the thread exits (work
 * still pending then runs to completion, as for any destroyed stream). */
#include "per_thread_stream.h"

#include <pthread.h>

#define MAX_DEVICES 64

typedef struct per_thread_streams {
  infinirtStream_t s[infinirtDeviceTypeCount][MAX_DEVICES];
  bool armed; /* the exit destructor is registered for this thread */
} per_thread_streams;

static _Thread_local per_thread_streams streams;
static pthread_key_t exit_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void destroy_all(void *unused) {
  (void)unused;
  for (int t = 0; t < infinirtDeviceTypeCount; t++)
    for (int d = 0; d < MAX_DEVICES; d++)
      if (streams.s[t][d]) {
        /* Fails harmlessly if a DeviceReset destroyed it already. */
        infinirtStreamDestroy(streams.s[t][d]);
        streams.s[t][d] = NULL;
      }
}

static void make_key(void) {
  pthread_key_create(&exit_key, destroy_all);
}

infinirtStream_t infinirt_per_thread_stream(const infinirt_backend *b,
                                            infinirtError_t *err) {
  int dev = infinirt_current_device(b->type);
  if (dev < 0 || dev >= MAX_DEVICES) {
    *err = infinirt_detail(infinirtErrorNotSupported,
                           "per-thread streams exist for devices 0..%d",
                           MAX_DEVICES - 1);
    return NULL;
  }
  infinirtStream_t *slot = &streams.s[b->type][dev];
  if (*slot && infinirt_handle_lookup(*slot, INFINIRT_HANDLE_STREAM))
    return *slot;
  if (!streams.armed) {
    pthread_once(&key_once, make_key);
    /* The value only has to be non-NULL for the destructor to run. */
    if (pthread_setspecific(exit_key, &streams) != 0) {
      *err = infinirt_detail(infinirtErrorMemoryAllocation,
                             "cannot register the per-thread stream's "
                             "cleanup at thread exit");
      return NULL;
    }
    streams.armed = true;
  }
  infinirtStream_t s = NULL;
  *err = b->StreamCreateWithFlags
             ? b->StreamCreateWithFlags(&s, infinirtStreamDefault)
             : infinirt_detail(infinirtErrorNotSupported,
                               "the %s backend has no streams", b->name);
  if (*err != infinirtSuccess)
    return NULL;
  *slot = s;
  return s;
}
