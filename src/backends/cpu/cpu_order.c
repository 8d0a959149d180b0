/* cpu_order.c - enqueueing and the ordering rules between streams.
 *
 * Legacy default stream rules, as CUDA documents them: work on the legacy
 * stream waits for all prior work of every blocking stream of its device;
 * work on a blocking stream waits for prior legacy-stream work;
 * non-blocking streams do neither. Each rule becomes a (stream, seq)
 * dependency read at enqueue time and turned into a WAIT command, so the
 * submitting thread never blocks on another stream.
 *
 * Ring protocol (bounded multi-producer queue): a producer claims positions
 * with one fetch_add on |tail|, waits until each slot is free for its
 * position, fills it and publishes it by storing position + 1. */
#include <stdlib.h>

#include "cpu_internal.h"

static inline bool pending(cpu_stream *t, uint64_t *sub) {
  *sub = atomic_load(&t->tail);
  return atomic_load(&t->completed) < *sub;
}

unsigned infinirt_cpu_collect_deps(cpu_device *dev, cpu_stream *s,
                                   cpu_dep *deps, unsigned cap) {
  unsigned n = 0;
  uint64_t sub;
  if (s == NULL || s->legacy) {
    for (cpu_stream *t =
             atomic_load_explicit(&dev->streams, memory_order_acquire);
         t; t = t->next_all) {
      if (!pending(t, &sub) ||
          (atomic_load(&t->flags) & infinirtStreamNonBlocking))
        continue;
      if (n < cap)
        deps[n] = (cpu_dep){t, sub};
      n++;
    }
    if (s == NULL) {
      cpu_stream *l = atomic_load_explicit(&dev->legacy, memory_order_acquire);
      if (l && pending(l, &sub)) {
        if (n < cap)
          deps[n] = (cpu_dep){l, sub};
        n++;
      }
    }
  } else if (!(atomic_load_explicit(&s->flags, memory_order_relaxed) &
               infinirtStreamNonBlocking)) {
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

void infinirt_cpu_dep_wait(const cpu_dep *d, bool spin) {
  if (!infinirt_cpu_dep_done(d))
    infinirt_cpu_wait(&d->stream->done, dep_done, d, spin);
}

/* When the ring is full, wait until this many slots are free before
 * refilling, so producer and worker do not fight over one cache line per
 * command. */
#define REFILL 128u

typedef struct slot_wait {
  cpu_slot *slot;
  uint64_t pos;
} slot_wait;

static bool slot_free(const void *ctx) {
  const slot_wait *w = ctx;
  return atomic_load(&w->slot->seq) == w->pos;
}

/* The slot for |pos|, once the worker has freed it. |limit|: the latest
 * position the caller may wait for (its own unpublished header). */
static inline cpu_slot *slot_for(cpu_stream *s, uint64_t pos, uint64_t limit) {
  cpu_slot *sl = &s->ring[pos & CPU_RING_MASK];
  if (atomic_load_explicit(&sl->seq, memory_order_acquire) != pos) {
    /* Free for |pos| once position pos - RING has completed. */
    uint64_t need = pos - CPU_RING_SLOTS + 1, target = need + REFILL;
    if (target > limit)
      target = limit > need ? limit : need;
    cpu_dep d = {s, target};
    infinirt_cpu_dep_wait(&d, true);
    /* A gate's caller completes it before the worker frees its slot. */
    if (atomic_load_explicit(&sl->seq, memory_order_acquire) != pos) {
      slot_wait w = {sl, pos};
      infinirt_cpu_wait(&s->done, slot_free, &w, true);
    }
  }
  return sl;
}

static inline void publish(cpu_stream *s, cpu_slot *sl, uint64_t pos) {
  atomic_store(&sl->seq, pos + 1); /* seq_cst: pairs with the parking check */
  infinirt_cpu_notify(&s->work);
}

infinirtError_t infinirt_cpu_begin(cpu_stream *s, const cpu_dep *deps,
                                   unsigned ndeps, unsigned extra,
                                   cpu_enqueue *e, cpu_slot **header) {
  if (__builtin_expect(
          atomic_load_explicit(&s->thread_state, memory_order_acquire) != 2,
          0)) {
    infinirtError_t err = infinirt_cpu_stream_start(s);
    if (err != infinirtSuccess)
      return err;
  }
  for (unsigned i = 0; i < ndeps; i += CPU_WAIT_DEPS) {
    uint64_t pos = atomic_fetch_add(&s->tail, 1);
    cpu_slot *sl = slot_for(s, pos, pos);
    unsigned k = ndeps - i < CPU_WAIT_DEPS ? ndeps - i : CPU_WAIT_DEPS;
    sl->cmd.op = CPU_OP_WAIT;
    sl->cmd.ndeps = (uint8_t)k;
    sl->cmd.extra = 0;
    for (unsigned j = 0; j < k; j++)
      sl->cmd.p.wait[j] = deps[i + j];
    publish(s, sl, pos);
  }
  e->s = s;
  e->n = 1 + extra;
  e->pos = atomic_fetch_add(&s->tail, e->n);
  *header = slot_for(s, e->pos, e->pos);
  return infinirtSuccess;
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

cpu_slot *infinirt_cpu_cont(cpu_enqueue *e, unsigned i) {
  return slot_for(e->s, e->pos + 1 + i, e->pos);
}

uint64_t infinirt_cpu_commit(cpu_enqueue *e, uint8_t op) {
  cpu_stream *s = e->s;
  cpu_slot *h = &s->ring[e->pos & CPU_RING_MASK];
  h->cmd.op = op;
  h->cmd.extra = (uint16_t)(e->n - 1);
  for (unsigned i = 1; i < e->n; i++)
    atomic_store_explicit(&s->ring[(e->pos + i) & CPU_RING_MASK].seq,
                          e->pos + i + 1, memory_order_release);
  publish(s, h, e->pos);
  return e->pos + e->n;
}

infinirtError_t infinirt_cpu_legacy_enter(cpu_device *dev, cpu_enqueue *e) {
  cpu_stream *l = infinirt_cpu_legacy(dev);
  if (!l)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for the legacy stream of cpu device %d",
                           dev->ordinal);
  cpu_slot *h;
  infinirtError_t err = infinirt_cpu_begin_ordered(l, 0, e, &h);
  if (err != infinirtSuccess)
    return err;
  infinirt_cpu_commit(e, CPU_OP_GATE);
  cpu_dep d = {l, e->pos};
  infinirt_cpu_dep_wait(&d, true);
  return infinirtSuccess;
}

void infinirt_cpu_legacy_leave(cpu_enqueue *e) {
  /* Everything before the gate has completed and only this caller may move
   * |completed| past it: the worker waits at the gate for this store. */
  atomic_store(&e->s->completed, e->pos + 1);
  infinirt_cpu_notify(&e->s->done);
}

void infinirt_cpu_device_sync(cpu_device *dev) {
  cpu_dep d;
  uint64_t sub;
  cpu_stream *l = atomic_load_explicit(&dev->legacy, memory_order_acquire);
  if (l && pending(l, &sub)) {
    d = (cpu_dep){l, sub};
    infinirt_cpu_dep_wait(&d, true);
  }
  for (cpu_stream *t =
           atomic_load_explicit(&dev->streams, memory_order_acquire);
       t; t = t->next_all) {
    if (pending(t, &sub)) {
      d = (cpu_dep){t, sub};
      infinirt_cpu_dep_wait(&d, true);
    }
    infinirt_cpu_scache_flush(t, true);
  }
  if (l)
    infinirt_cpu_scache_flush(l, true);
}
