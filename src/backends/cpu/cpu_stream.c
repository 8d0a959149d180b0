/* cpu_stream.c - stream objects and the worker thread that drains each one.
 *
 * One worker thread per stream, started on the stream's first command and
 * kept with the object when it is recycled. The worker spins briefly when
 * its ring runs dry, then parks; producers wake it only when it is parked. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cpu_internal.h"

extern const infinirt_backend infinirt_cpu_backend;

#define WORKER_STACK (512u << 10)

static cpu_stream *alloc_stream(void) {
  cpu_stream *s = aligned_alloc(64, sizeof *s);
  cpu_slot *ring = aligned_alloc(64, CPU_RING_SLOTS * sizeof *ring);
  if (!s || !ring) {
    free(s);
    free(ring);
    return NULL;
  }
  memset(s, 0, sizeof *s);
  for (unsigned i = 0; i < CPU_RING_SLOTS; i++)
    atomic_init(&ring[i].seq, i);
  s->ring = ring;
  return s;
}

static void init_incarnation(cpu_stream *s, cpu_device *dev, unsigned flags,
                             int priority) {
  s->h.magic = INFINIRT_HANDLE_MAGIC;
  s->h.kind = INFINIRT_HANDLE_STREAM;
  s->h.flags = (uint16_t)flags;
  s->h.backend = &infinirt_cpu_backend;
  s->h.device = dev->ordinal;
  s->dev = dev;
  atomic_store(&s->flags, flags);
  atomic_store(&s->priority, priority);
  atomic_store(&s->alive, true);
}

infinirtError_t infinirt_cpu_stream_new(cpu_device *dev, unsigned flags,
                                        int priority, cpu_stream **out) {
  pthread_mutex_lock(&dev->lock);
  cpu_stream *s = dev->free_streams;
  if (s)
    dev->free_streams = s->next_free;
  pthread_mutex_unlock(&dev->lock);
  if (!s) {
    s = alloc_stream();
    if (!s)
      return infinirt_detail(infinirtErrorMemoryAllocation,
                             "no memory for a stream on cpu device %d",
                             dev->ordinal);
    init_incarnation(s, dev, flags, priority);
    pthread_mutex_lock(&dev->lock);
    s->next_all = atomic_load_explicit(&dev->streams, memory_order_relaxed);
    atomic_store_explicit(&dev->streams, s, memory_order_release);
    pthread_mutex_unlock(&dev->lock);
  } else {
    init_incarnation(s, dev, flags, priority);
  }
  *out = s;
  return infinirtSuccess;
}

void infinirt_cpu_stream_recycle(cpu_stream *s) {
  cpu_device *dev = s->dev;
  s->h.magic = 0;
  pthread_mutex_lock(&dev->lock);
  s->next_free = dev->free_streams;
  dev->free_streams = s;
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

/* ---- the worker ------------------------------------------------------- */

typedef struct slot_wait {
  cpu_slot *slot;
  uint64_t value;
} slot_wait;

static bool slot_is(const void *ctx) {
  const slot_wait *w = ctx;
  return atomic_load(&w->slot->seq) == w->value;
}

static void execute(cpu_stream *s, cpu_slot *sl, uint64_t pos) {
  cpu_payload *p = &sl->cmd.p;
  switch (sl->cmd.op) {
  case CPU_OP_WAIT:
    for (unsigned i = 0; i < sl->cmd.ndeps; i++)
      infinirt_cpu_dep_wait(&p->wait[i], true);
    break;
  case CPU_OP_COPY:
    infinirt_cpu_exec_copy(p->copy.dst, p->copy.src, p->copy.n);
    break;
  case CPU_OP_COPY2D:
    infinirt_cpu_exec_copy2d(p->copy2d.dst, p->copy2d.dpitch, p->copy2d.src,
                             p->copy2d.spitch, p->copy2d.width,
                             p->copy2d.height);
    break;
  case CPU_OP_SET:
    infinirt_cpu_exec_set(p->set.dst, p->set.value, p->set.n);
    break;
  case CPU_OP_HOSTFN:
    infinirt_host_fn_enter();
    p->hostfn.fn(p->hostfn.data);
    infinirt_host_fn_leave();
    break;
  case CPU_OP_RECORD:
    if (p->record.event) /* NULL: an untimed event needs no stamp */
      infinirt_cpu_event_stamp(p->record.event, p->record.gen);
    break;
  case CPU_OP_FREE:
    infinirt_cpu_release_chain(p->free.alloc);
    break;
  case CPU_OP_RETIRE:
    infinirt_cpu_stream_recycle(s);
    break;
  case CPU_OP_GATE: /* handled by the worker loop */
    break;
  case CPU_OP_LAUNCH: {
    /* Gather the argument bytes: continuation slots may wrap the ring. */
    _Alignas(64) unsigned char args[INFINIRT_CPU_KERNEL_MAX_ARGS * 256 + 64];
    size_t off = 0;
    for (unsigned i = 1; i <= sl->cmd.extra; i++) {
      cpu_slot *c = &s->ring[(pos + i) & CPU_RING_MASK];
      memcpy(args + off, c->data, CPU_SLOT_DATA);
      off += CPU_SLOT_DATA;
    }
    infinirt_cpu_exec_launch(&p->launch, args);
    break;
  }
  }
}

static void *worker_main(void *arg) {
  cpu_stream *s = arg;
  /* Not |completed|: a gate's caller may have moved it past positions
   * whose slots this worker must still free. */
  uint64_t head = s->worker_start;
  for (;;) {
    slot_wait w = {&s->ring[head & CPU_RING_MASK], head + 1};
    if (atomic_load_explicit(&w.slot->seq, memory_order_acquire) != w.value)
      infinirt_cpu_wait(&s->work, slot_is, &w, true);
    if (w.slot->cmd.op == CPU_OP_GATE) {
      /* Its caller runs the operation and moves |completed| past it; the
       * slot is freed here, after, and never read again. */
      cpu_dep d = {s, head + 1};
      infinirt_cpu_dep_wait(&d, true);
      atomic_store(&w.slot->seq, head + CPU_RING_SLOTS);
      head++;
      infinirt_cpu_notify(&s->done);
      continue;
    }
    unsigned n = 1u + w.slot->cmd.extra;
    execute(s, w.slot, head);
    for (unsigned i = 0; i < n; i++, head++)
      atomic_store_explicit(&s->ring[head & CPU_RING_MASK].seq,
                            head + CPU_RING_SLOTS, memory_order_release);
    atomic_store(&s->completed, head);
    infinirt_cpu_notify(&s->done);
  }
  return NULL;
}

/* Starts |s|'s worker if it has none; concurrent callers wait for the one
 * that starts it. */
infinirtError_t infinirt_cpu_stream_start(cpu_stream *s) {
  int st = atomic_load(&s->thread_state);
  while (st != 2) {
    if (st == 0 && atomic_compare_exchange_strong(&s->thread_state, &st, 1)) {
      /* Nobody claims positions before the state is 2. */
      s->worker_start = atomic_load(&s->tail);
      pthread_attr_t attr;
      pthread_attr_init(&attr);
      pthread_attr_setstacksize(&attr, WORKER_STACK);
      pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
      /* Workers take no signals: they belong to the application's threads. */
      sigset_t all, old;
      sigfillset(&all);
      pthread_sigmask(SIG_SETMASK, &all, &old);
      pthread_t t;
      int rc = pthread_create(&t, &attr, worker_main, s);
      pthread_sigmask(SIG_SETMASK, &old, NULL);
      pthread_attr_destroy(&attr);
      if (rc != 0) {
        atomic_store(&s->thread_state, 0);
        return infinirt_detail(infinirtErrorMemoryAllocation,
                               "cannot start the worker thread of stream %p "
                               "(pthread_create: %s)",
                               (void *)s, strerror(rc));
      }
      atomic_store(&s->thread_state, 2);
      return infinirtSuccess;
    }
    infinirt_cpu_relax();
    st = atomic_load(&s->thread_state);
  }
  return infinirtSuccess;
}
