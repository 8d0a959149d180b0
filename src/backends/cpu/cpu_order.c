/* cpu_order.c - the ordering rules between streams, and device-wide waits.
 *
 * Legacy default stream rules, as CUDA documents them: work on the legacy
 * stream waits for all prior work of every blocking stream of its device;
 * work on a blocking stream waits for prior legacy-stream work;
 * non-blocking streams do neither. Each rule becomes a (stream, seq)
 * dependency read at enqueue time and turned into a WAIT command, so the
 * submitting thread never blocks on another stream. Only blocking streams
 * with work pending are on the device's |active| list, so the rules cost
 * nothing for the streams that are idle, however many exist. */
#include <stdlib.h>

#include "cpu_internal.h"

static inline bool blocking(const cpu_stream *s) {
  return !s->legacy && !(atomic_load_explicit(&s->flags, memory_order_relaxed) &
                         infinirtStreamNonBlocking);
}

void infinirt_cpu_activate(cpu_stream *s) {
  if (!blocking(s) || s->listed)
    return;
  cpu_device *dev = s->dev;
  infinirt_cpu_lock(&dev->active_lock);
  s->act_prev = NULL;
  s->act_next = dev->active;
  if (dev->active)
    dev->active->act_prev = s;
  dev->active = s;
  s->listed = true;
  atomic_fetch_add(&dev->nactive, 1); /* seq_cst: collect reads it unlocked */
  infinirt_cpu_unlock(&dev->active_lock);
}

void infinirt_cpu_deactivate(cpu_stream *s) {
  if (!s->listed)
    return;
  cpu_device *dev = s->dev;
  infinirt_cpu_lock(&dev->active_lock);
  if (s->act_prev)
    s->act_prev->act_next = s->act_next;
  else
    dev->active = s->act_next;
  if (s->act_next)
    s->act_next->act_prev = s->act_prev;
  s->listed = false;
  atomic_fetch_sub(&dev->nactive, 1);
  infinirt_cpu_unlock(&dev->active_lock);
}

static inline bool pending(cpu_stream *t, uint64_t *sub) {
  *sub = atomic_load(&t->tail);
  return atomic_load(&t->completed) < *sub;
}

unsigned infinirt_cpu_collect_deps(cpu_device *dev, cpu_stream *s,
                                   cpu_dep *deps, unsigned cap) {
  unsigned n = 0;
  uint64_t sub;
  if (s == NULL || s->legacy) {
    if (atomic_load(&dev->nactive) != 0) {
      infinirt_cpu_lock(&dev->active_lock);
      for (cpu_stream *t = dev->active; t; t = t->act_next) {
        if (!pending(t, &sub))
          continue;
        if (n < cap)
          deps[n] = (cpu_dep){t, sub};
        n++;
      }
      infinirt_cpu_unlock(&dev->active_lock);
    }
    if (s == NULL) {
      cpu_stream *l = atomic_load_explicit(&dev->legacy, memory_order_acquire);
      if (l && pending(l, &sub)) {
        if (n < cap)
          deps[n] = (cpu_dep){l, sub};
        n++;
      }
    }
  } else if (blocking(s)) {
    cpu_stream *l = atomic_load_explicit(&dev->legacy, memory_order_acquire);
    if (l && pending(l, &sub)) {
      if (n < cap)
        deps[n] = (cpu_dep){l, sub};
      n++;
    }
  }
  return n;
}

static bool dep_done(const void *ctx) {
  return infinirt_cpu_dep_done(ctx);
}

/* A parked host waiter looks every 2 ms whether every worker is stuck in a
 * host function while the work it waits for is queued. */
#define STUCK_CHECK_NS 2000000u

void infinirt_cpu_dep_wait(const cpu_dep *d, bool spin) {
  if (!infinirt_cpu_dep_done(d))
    infinirt_cpu_wait_ticking(&d->stream->done, dep_done, d, spin,
                              infinirt_cpu_sched_check_stuck, STUCK_CHECK_NS);
}

infinirtError_t infinirt_cpu_begin_ordered(cpu_stream *s, unsigned extra,
                                           cpu_enqueue *e, cpu_slot **header) {
  cpu_dep local[16];
  unsigned n = infinirt_cpu_collect_deps(s->dev, s, local, 16);
  if (__builtin_expect(n <= 16, 1))
    return infinirt_cpu_begin(s, local, n, extra, e, header);
  /* Many busy blocking streams: rare, so a heap array is fine here. */
  for (;;) {
    unsigned cap = n + 16;
    cpu_dep *deps = malloc(cap * sizeof *deps);
    if (!deps)
      return infinirt_detail(infinirtErrorMemoryAllocation,
                             "no memory to order %u streams", n);
    n = infinirt_cpu_collect_deps(s->dev, s, deps, cap);
    if (n <= cap) {
      infinirtError_t err = infinirt_cpu_begin(s, deps, n, extra, e, header);
      free(deps);
      return err;
    }
    free(deps);
  }
}

/* The pending positions of every live stream of |dev| (and its legacy
 * stream): up to |cap| in |deps|; returns how many there are. */
static unsigned pending_streams(cpu_device *dev, cpu_dep *deps, unsigned cap) {
  unsigned n = 0;
  uint64_t sub;
  cpu_stream *l = atomic_load_explicit(&dev->legacy, memory_order_acquire);
  if (l && pending(l, &sub))
    deps[n++] = (cpu_dep){l, sub};
  pthread_mutex_lock(&dev->lock);
  for (cpu_stream *t = dev->live; t; t = t->live_next)
    if (pending(t, &sub)) {
      if (n < cap)
        deps[n] = (cpu_dep){t, sub};
      n++;
    }
  pthread_mutex_unlock(&dev->lock);
  return n;
}

void infinirt_cpu_device_sync(cpu_device *dev) {
  cpu_dep deps[64];
  for (;;) {
    /* More than fit: wait in rounds of what is pending then. */
    unsigned n = pending_streams(dev, deps, 64);
    for (unsigned i = 0; i < n && i < 64; i++)
      infinirt_cpu_dep_wait(&deps[i], true);
    if (n <= 64)
      break;
  }
  infinirt_cpu_scache_reclaim(dev, true);
  infinirt_cpu_pool_release(dev);
}
