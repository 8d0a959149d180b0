/* cpu_stream.c - stream objects: creation, recycling, the legacy stream.
 *
 * A stream is a few hundred bytes and a lock: no thread, no ring. Its first
 * command takes a 2 KiB chunk from a shared cache (cpu_queue.c); destroying
 * it gives the chunk back and puts the object on its device's free list for
 * the next create (objects stay type-stable for the (stream, seq)
 * dependencies events hold). So memory follows the number of streams alive
 * at once, never the number ever created. */
#include <stdlib.h>
#include <string.h>

#include "cpu_internal.h"

extern const infinirt_backend infinirt_cpu_backend;

static cpu_stream *alloc_stream(void) {
  cpu_stream *s = aligned_alloc(64, (sizeof *s + 63) & ~(size_t)63);
  if (!s)
    return NULL;
  memset(s, 0, sizeof *s);
  return s;
}

static atomic_uint_fast64_t next_id = 1;

static void init_incarnation(cpu_stream *s, cpu_device *dev, unsigned flags,
                             int priority) {
  s->id = atomic_fetch_add_explicit(&next_id, 1, memory_order_relaxed);
  s->h.magic = INFINIRT_HANDLE_MAGIC;
  s->h.kind = INFINIRT_HANDLE_STREAM;
  s->h.flags = (uint16_t)flags;
  s->h.backend = &infinirt_cpu_backend;
  s->h.device = dev->ordinal;
  s->dev = dev;
  atomic_store(&s->flags, flags);
  infinirt_cpu_stream_set_priority(s, priority);
  infinirt_cpu_stream_attrs_init(s);
  infinirt_cpu_stream_task_init(s);
  atomic_store(&s->alive, true);
}

infinirtError_t infinirt_cpu_stream_new(cpu_device *dev, unsigned flags,
                                        int priority, cpu_stream **out) {
  pthread_mutex_lock(&dev->lock);
  cpu_stream *s = NULL;
  if (dev->nfree_streams > CPU_QUARANTINE) {
    s = dev->free_streams;
    dev->free_streams = s->next_free;
    dev->nfree_streams--;
  }
  pthread_mutex_unlock(&dev->lock);
  if (!s && !(s = alloc_stream()))
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for a stream on cpu device %d",
                           dev->ordinal);
  init_incarnation(s, dev, flags, priority);
  pthread_mutex_lock(&dev->lock);
  s->live_prev = NULL;
  s->live_next = dev->live;
  if (dev->live)
    dev->live->live_prev = s;
  dev->live = s;
  pthread_mutex_unlock(&dev->lock);
  *out = s;
  return infinirtSuccess;
}

void infinirt_cpu_stream_recycle(cpu_stream *s) {
  cpu_device *dev = s->dev;
  s->h.magic = 0;
  pthread_mutex_lock(&dev->lock);
  if (s->live_prev)
    s->live_prev->live_next = s->live_next;
  else
    dev->live = s->live_next;
  if (s->live_next)
    s->live_next->live_prev = s->live_prev;
  s->live_prev = s->live_next = NULL;
  s->next_free = NULL;
  if (dev->free_streams)
    dev->free_streams_last->next_free = s;
  else
    dev->free_streams = s;
  dev->free_streams_last = s;
  dev->nfree_streams++;
  pthread_mutex_unlock(&dev->lock);
}

cpu_stream *infinirt_cpu_legacy(cpu_device *dev) {
  cpu_stream *s = atomic_load_explicit(&dev->legacy, memory_order_acquire);
  if (__builtin_expect(s != NULL, 1))
    return s;
  pthread_mutex_lock(&dev->lock);
  s = atomic_load_explicit(&dev->legacy, memory_order_relaxed);
  if (!s && (s = alloc_stream()) != NULL) {
    init_incarnation(s, dev, 0, 0);
    s->h.magic = 0; /* never a user handle */
    s->legacy = true;
    atomic_store_explicit(&dev->legacy, s, memory_order_release);
  }
  pthread_mutex_unlock(&dev->lock);
  return s;
}

cpu_stream *infinirt_cpu_stream_arg(infinirtStream_t stream,
                                    infinirtError_t *err) {
  if (stream)
    return (cpu_stream *)stream;
  cpu_device *dev = infinirt_cpu_current();
  cpu_stream *s = infinirt_cpu_legacy(dev);
  if (!s)
    *err = infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for the legacy stream of cpu device %d",
                           dev->ordinal);
  return s;
}
