/* per_thread_stream.c - infinirtStreamPerThread.
 *
 * CUDA's per-thread default stream is, for synchronisation, an ordinary
 * blocking stream owned by one host thread: it orders with the legacy
 * default stream and with nothing else. So the core creates one blocking
 * stream per (thread, device type, device) through the backend, caches it
 * in thread-local storage and destroys it when the thread exits (work
 * still pending then runs to completion, as for any destroyed stream).
 * The table is on the heap, made on first use: the library's thread-local
 * block stays small enough for a process that loads it with dlopen
 * (Python) to find it room in the static TLS area. */
#include <stdlib.h>

#include "per_thread_stream.h"
#include "symbols.h"

#include <pthread.h>
#include <stdatomic.h>

#define MAX_DEVICES 64

/* Resets of each device. A cached stream made before the latest reset of
 * its device is gone, whatever the registry says: its memory may be a new
 * stream of someone else's by now. */
static atomic_uint reset_epoch[infinirtDeviceTypeCount][MAX_DEVICES];

typedef struct per_thread_streams {
  infinirtStream_t s[infinirtDeviceTypeCount][MAX_DEVICES];
  unsigned epoch[infinirtDeviceTypeCount][MAX_DEVICES];
} per_thread_streams;

static _Thread_local per_thread_streams *streams;
static pthread_key_t exit_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

void infinirt_device_was_reset(infinirtDeviceType type, int device) {
  if (device >= 0 && device < MAX_DEVICES)
    atomic_fetch_add(&reset_epoch[type][device], 1);
  infinirt_symbols_forget_device(type, device);
}

/* The thread's cached stream for (t, d) if it still exists. */
static infinirtStream_t cached(int t, int d) {
  if (!streams)
    return NULL;
  infinirtStream_t s = streams->s[t][d];
  if (s && streams->epoch[t][d] != atomic_load(&reset_epoch[t][d]))
    s = streams->s[t][d] = NULL;
  return s;
}

static void destroy_all(void *unused) {
  (void)unused;
  for (int t = 0; t < infinirtDeviceTypeCount; t++)
    for (int d = 0; d < MAX_DEVICES; d++) {
      infinirtStream_t s = cached(t, d);
      if (s)
        infinirtStreamDestroy(s);
    }
  free(streams);
  streams = NULL;
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
  infinirtStream_t s = cached(b->type, dev);
  if (s)
    return s;
  if (!streams) {
    pthread_once(&key_once, make_key);
    per_thread_streams *t = calloc(1, sizeof *t);
    /* The value only has to be non-NULL for the destructor to run. */
    if (!t || pthread_setspecific(exit_key, t) != 0) {
      free(t);
      *err = infinirt_detail(infinirtErrorMemoryAllocation,
                             "cannot keep this thread's per-thread streams");
      return NULL;
    }
    streams = t;
  }
  /* Read before creating: a reset racing the creation makes the new stream
   * look stale (and be made again), never the other way round. */
  unsigned epoch = atomic_load(&reset_epoch[b->type][dev]);
  *err = b->StreamCreateWithFlags
             ? b->StreamCreateWithFlags(&s, infinirtStreamDefault)
             : infinirt_detail(infinirtErrorNotSupported,
                               "the %s backend has no streams", b->name);
  if (*err != infinirtSuccess)
    return NULL;
  streams->s[b->type][dev] = s;
  streams->epoch[b->type][dev] = epoch;
  return s;
}
