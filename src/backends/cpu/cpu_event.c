/* cpu_event.c - events: a record is a (stream, seq) position plus, for
 * timing events, a timestamp the stream's worker writes when it gets there.
 *
 * The record fields and the stamp change together under a writer-side
 * seqlock, so readers never block. A RECORD command carries the generation
 * it was made for and stamps only while that generation is still the
 * event's latest record (compared in full, under the writer lock), so a
 * stale record finishing late, however many records later, cannot stamp a
 * newer one. */
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "cpu_graph.h"

extern const infinirt_backend infinirt_cpu_backend;

static uint64_t timestamp(void) {
  uint64_t t = infinirt_cpu_now_ns() - infinirt_cpu_time_base;
  return t ? t : 1;
}

static void write_lock(cpu_event *ev) {
  unsigned v = atomic_load_explicit(&ev->lock, memory_order_relaxed);
  for (unsigned spins = 1;; spins++) {
    if (!(v & 1) && atomic_compare_exchange_weak_explicit(&ev->lock, &v, v + 1,
                                                          memory_order_acquire,
                                                          memory_order_relaxed))
      break;
    /* The holder may have been preempted on this very core. */
    if ((spins & 255) == 0)
      sched_yield();
    else
      infinirt_cpu_relax();
    v = atomic_load_explicit(&ev->lock, memory_order_relaxed);
  }
}

static void write_unlock(cpu_event *ev) {
  atomic_fetch_add_explicit(&ev->lock, 1, memory_order_release);
}

void infinirt_cpu_event_stamp(cpu_event *ev, uint64_t gen) {
  write_lock(ev);
  if (atomic_load_explicit(&ev->rec_gen, memory_order_relaxed) == gen)
    atomic_store_explicit(&ev->stamp, timestamp(), memory_order_release);
  write_unlock(ev);
}

/* Starts a new record of |ev| at (|s|, |seq|); returns its generation. With
 * |stamp_now| the record is already complete and stamped now. */
static uint64_t set_record(cpu_event *ev, cpu_stream *s, uint64_t seq,
                           bool stamp_now, uint64_t ipc_gen);

uint64_t infinirt_cpu_event_set_record(cpu_event *ev, cpu_stream *s,
                                       uint64_t seq) {
  infinirt_cpu_event_forget_capture(ev);
  return set_record(ev, s, seq, false, 0);
}

static uint64_t set_record(cpu_event *ev, cpu_stream *s, uint64_t seq,
                           bool stamp_now, uint64_t ipc_gen) {
  write_lock(ev);
  uint64_t gen =
      atomic_fetch_add_explicit(&ev->gen_counter, 1, memory_order_relaxed) + 1;
  /* Release stores and acquire loads (not fences, which TSan cannot model)
   * keep the fields between the two lock updates. */
  atomic_store_explicit(&ev->stamp, stamp_now ? timestamp() : 0,
                        memory_order_release);
  atomic_store_explicit(&ev->rec_stream, s, memory_order_release);
  atomic_store_explicit(&ev->rec_seq, seq, memory_order_release);
  atomic_store_explicit(&ev->rec_gen, gen, memory_order_release);
  atomic_store_explicit(&ev->rec_ipc_gen, ipc_gen, memory_order_release);
  write_unlock(ev);
  return gen;
}

static bool read_record(cpu_event *ev, cpu_dep *rec, uint64_t *gen,
                        uint64_t *stamp, uint64_t *ipc_gen) {
  for (;;) {
    unsigned v = atomic_load_explicit(&ev->lock, memory_order_acquire);
    if (v & 1) {
      infinirt_cpu_relax();
      continue;
    }
    rec->stream = atomic_load_explicit(&ev->rec_stream, memory_order_acquire);
    rec->seq = atomic_load_explicit(&ev->rec_seq, memory_order_acquire);
    *gen = atomic_load_explicit(&ev->rec_gen, memory_order_acquire);
    uint64_t st = atomic_load_explicit(&ev->stamp, memory_order_acquire);
    uint64_t ig = atomic_load_explicit(&ev->rec_ipc_gen, memory_order_acquire);
    if (atomic_load_explicit(&ev->lock, memory_order_relaxed) == v) {
      if (stamp)
        *stamp = st;
      if (ipc_gen)
        *ipc_gen = ig;
      return *gen != 0;
    }
  }
}

bool infinirt_cpu_event_read(cpu_event *ev, cpu_dep *rec, uint64_t *gen,
                             uint64_t *stamp) {
  return read_record(ev, rec, gen, stamp, NULL);
}

bool infinirt_cpu_event_read_ipc(cpu_event *ev, cpu_dep *rec,
                                 uint64_t *ipc_gen) {
  uint64_t gen;
  return read_record(ev, rec, &gen, NULL, ipc_gen);
}

/* ---- objects ---------------------------------------------------------- */

static void init_incarnation(cpu_event *ev, cpu_device *dev, unsigned flags) {
  ev->h.magic = INFINIRT_HANDLE_MAGIC;
  ev->h.kind = INFINIRT_HANDLE_EVENT;
  ev->h.flags = (uint16_t)flags;
  ev->h.backend = &infinirt_cpu_backend;
  ev->h.device = dev->ordinal;
  ev->dev = dev;
  atomic_store(&ev->flags, flags);
  atomic_store(&ev->rec_gen, 0);
  atomic_store(&ev->rec_ipc_gen, 0);
  atomic_store(&ev->rec_stream, NULL);
  ev->ipc = NULL;
  atomic_store(&ev->alive, true);
}

static cpu_event *event_new(cpu_device *dev, unsigned flags) {
  pthread_mutex_lock(&dev->lock);
  cpu_event *ev = NULL;
  if (dev->nfree_events > CPU_QUARANTINE) {
    ev = dev->free_events;
    dev->free_events = ev->next_free;
    dev->nfree_events--;
  }
  pthread_mutex_unlock(&dev->lock);
  if (ev) {
    init_incarnation(ev, dev, flags);
    return ev;
  }
  ev = aligned_alloc(64, (sizeof *ev + 63) & ~(size_t)63);
  if (!ev)
    return NULL;
  memset(ev, 0, sizeof *ev);
  init_incarnation(ev, dev, flags);
  pthread_mutex_lock(&dev->lock);
  ev->next_all = atomic_load_explicit(&dev->events, memory_order_relaxed);
  atomic_store_explicit(&dev->events, ev, memory_order_release);
  pthread_mutex_unlock(&dev->lock);
  return ev;
}

void infinirt_cpu_event_recycle(cpu_event *ev) {
  cpu_device *dev = ev->dev;
  ev->h.magic = 0;
  /* Commands that name the shared state hold references of their own. */
  if (ev->ipc)
    infinirt_cpu_ipc_event_put(ev->ipc);
  ev->ipc = NULL;
  pthread_mutex_lock(&dev->lock);
  ev->next_free = NULL;
  if (dev->free_events)
    dev->free_events_last->next_free = ev;
  else
    dev->free_events = ev;
  dev->free_events_last = ev;
  dev->nfree_events++;
  pthread_mutex_unlock(&dev->lock);
}

/* ---- entry points ----------------------------------------------------- */

/* Registers a new event with |ipc| (NULL: an ordinary one), whose
 * reference it takes, even on failure. */
static infinirtError_t create(infinirtEvent_t *event, unsigned flags,
                              cpu_ipc_event *ipc) {
  cpu_event *ev = event_new(infinirt_cpu_current(), flags);
  if (!ev) {
    if (ipc)
      infinirt_cpu_ipc_event_put(ipc);
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for an event");
  }
  ev->ipc = ipc;
  if (!infinirt_handle_register(&ev->h)) {
    atomic_store(&ev->alive, false);
    infinirt_cpu_event_recycle(ev);
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to register an event");
  }
  *event = (infinirtEvent_t)ev;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_EventCreateWithFlags(infinirtEvent_t *event,
                                                  unsigned int flags) {
  cpu_ipc_event *ipc = NULL;
  if (flags & infinirtEventInterprocess) {
    infinirtError_t err = infinirt_cpu_ipc_event_new(
        infinirt_current_device(infinirtDeviceTypeCpu), &ipc);
    if (err != infinirtSuccess)
      return err;
  }
  return create(event, flags, ipc);
}

infinirtError_t infinirt_cpu_EventCreate(infinirtEvent_t *event) {
  return infinirt_cpu_EventCreateWithFlags(event, infinirtEventDefault);
}

/* A record of an interprocess event: a new generation of the shared
 * state, completed at once on an idle stream, else by an IPC_RECORD
 * command when the stream gets there. */
static infinirtError_t ipc_record(cpu_event *ev, cpu_stream *s) {
  cpu_dep local[16];
  unsigned n = infinirt_cpu_collect_deps(s->dev, s, local, 16);
  uint64_t tail = atomic_load(&s->tail);
  if (n == 0 && atomic_load(&s->completed) >= tail) {
    uint64_t g = infinirt_cpu_ipc_event_begin(ev->ipc);
    set_record(ev, s, tail, false, g);
    infinirt_cpu_ipc_event_complete(ev->ipc, g);
    return infinirtSuccess;
  }
  cpu_enqueue e;
  cpu_slot *h;
  infinirtError_t err = n <= 16 ? infinirt_cpu_begin(s, local, n, 0, &e, &h)
                                : infinirt_cpu_begin_ordered(s, 0, &e, &h);
  if (err != infinirtSuccess)
    return err;
  uint64_t g = infinirt_cpu_ipc_event_begin(ev->ipc);
  set_record(ev, s, infinirt_cpu_next_seq(&e), false, g);
  infinirt_cpu_ipc_event_get(ev->ipc);
  h->cmd.p.ipc.ev = ev->ipc;
  h->cmd.p.ipc.gen = g;
  infinirt_cpu_commit(&e, CPU_OP_IPC_RECORD);
  return infinirtSuccess;
}

/* The latest record of an interprocess event, and whether this process
 * made it (then |*rec| is its exact position). */
static uint64_t ipc_latest(cpu_event *ev, cpu_dep *rec, bool *local) {
  uint64_t g = infinirt_cpu_ipc_event_latest(ev->ipc), mine = 0;
  *local = infinirt_cpu_event_read_ipc(ev, rec, &mine) && mine == g;
  return g;
}

static infinirtError_t record(infinirtEvent_t event, infinirtStream_t stream,
                              unsigned flags) {
  cpu_event *ev = (cpu_event *)event;
  infinirtError_t err = infinirtSuccess;
  cpu_stream *s = infinirt_cpu_stream_arg(stream, &err);
  if (!s)
    return err;
  if (s->dev != ev->dev)
    return infinirt_detail(infinirtErrorInvalidResourceHandle,
                           "event %p belongs to cpu device %d, stream %p to "
                           "cpu device %d",
                           (void *)ev, ev->dev->ordinal, (void *)stream,
                           s->dev->ordinal);
  /* In a capture the event stands for the captured work so far. */
  if (infinirt_cpu_capture_record(ev, s, flags, &err))
    return err;
  if (s->legacy &&
      (err = infinirt_cpu_capture_legacy_check(s->dev)) != infinirtSuccess)
    return err;
  if (ev->ipc)
    return ipc_record(ev, s);
  bool timing = !(atomic_load_explicit(&ev->flags, memory_order_relaxed) &
                  infinirtEventDisableTiming);
  cpu_dep local[16];
  unsigned n = infinirt_cpu_collect_deps(s->dev, s, local, 16);
  if (n == 0) {
    /* Nothing to follow but |s| itself: an idle stream completes the record
     * now, and an untimed record needs no command at all. */
    uint64_t tail = atomic_load(&s->tail);
    bool idle = atomic_load(&s->completed) >= tail;
    if (idle || !timing) {
      set_record(ev, s, tail, idle && timing, 0);
      return infinirtSuccess;
    }
  }
  cpu_enqueue e;
  cpu_slot *h;
  err = n <= 16 ? infinirt_cpu_begin(s, local, n, 0, &e, &h)
                : infinirt_cpu_begin_ordered(s, 0, &e, &h);
  if (err != infinirtSuccess)
    return err;
  uint64_t gen = set_record(ev, s, infinirt_cpu_next_seq(&e), false, 0);
  h->cmd.p.record.event = timing ? ev : NULL;
  h->cmd.p.record.gen = gen;
  infinirt_cpu_commit(&e, CPU_OP_RECORD);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_EventRecord(infinirtEvent_t event,
                                         infinirtStream_t stream) {
  return record(event, stream, 0);
}

infinirtError_t infinirt_cpu_EventQuery(infinirtEvent_t event) {
  cpu_event *ev = (cpu_event *)event;
  cpu_dep rec;
  uint64_t gen;
  infinirtError_t err;
  if (infinirt_cpu_capture_event_busy(ev, &err))
    return err;
  if (ev->ipc) {
    if (infinirt_cpu_ipc_event_done(ev->ipc,
                                    infinirt_cpu_ipc_event_latest(ev->ipc)))
      return infinirtSuccess;
    infinirt_cpu_sched_check_stuck();
    return infinirtErrorNotReady;
  }
  if (infinirt_cpu_event_read(ev, &rec, &gen, NULL) &&
      !infinirt_cpu_dep_done(&rec)) {
    infinirt_cpu_sched_check_stuck(); /* a poller may be all that waits */
    return infinirtErrorNotReady;
  }
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_EventSynchronize(infinirtEvent_t event) {
  cpu_event *ev = (cpu_event *)event;
  cpu_dep rec;
  uint64_t gen;
  infinirtError_t err;
  if (infinirt_cpu_capture_event_busy(ev, &err))
    return err;
  bool spin = !(atomic_load(&ev->flags) & infinirtEventBlockingSync);
  if (ev->ipc) {
    bool local;
    uint64_t g = ipc_latest(ev, &rec, &local);
    if (local) {
      infinirt_cpu_dep_wait(&rec, spin);
      infinirt_cpu_scache_flush(rec.stream, false);
    } else if (g != 0) {
      infinirt_cpu_ipc_event_wait(ev->ipc, g, spin);
    }
  } else if (infinirt_cpu_event_read(ev, &rec, &gen, NULL)) {
    infinirt_cpu_dep_wait(&rec, spin);
    /* Frees on the recorded stream that have run go back to the pool. */
    infinirt_cpu_scache_flush(rec.stream, false);
  }
  /* A synchronisation: the pool keeps only its release threshold. */
  infinirt_cpu_pool_release(ev->dev);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_EventDestroy(infinirtEvent_t event) {
  cpu_event *ev = (cpu_event *)event;
  if (!atomic_exchange(&ev->alive, false))
    return infinirt_detail(infinirtErrorInvalidResourceHandle,
                           "event %p was already destroyed", (void *)ev);
  infinirt_cpu_event_recycle(ev);
  return infinirtSuccess;
}

/* The completed timestamp of |ev|'s latest record. */
static infinirtError_t completed_stamp(cpu_event *ev, const char *which,
                                       uint64_t *ts) {
  cpu_dep rec;
  uint64_t gen, st;
  if (!infinirt_cpu_event_read(ev, &rec, &gen, &st))
    return infinirt_detail(infinirtErrorInvalidResourceHandle,
                           "%s event %p was never recorded", which, (void *)ev);
  /* The worker stamps a record before it marks it complete: a record seen
   * pending may have completed since. (Re-recorded meanwhile: the newer
   * record's state is the answer.) */
  if (st == 0 && infinirt_cpu_dep_done(&rec))
    infinirt_cpu_event_read(ev, &rec, &gen, &st);
  if (st == 0)
    return infinirtErrorNotReady;
  *ts = st;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_EventElapsedTime(float *ms, infinirtEvent_t start,
                                              infinirtEvent_t end) {
  cpu_event *a = (cpu_event *)start, *b = (cpu_event *)end;
  uint64_t t0 = 0, t1 = 0;
  infinirtError_t err = completed_stamp(a, "start", &t0);
  /* InvalidResourceHandle wins over NotReady, as in CUDA. */
  if (err == infinirtErrorInvalidResourceHandle)
    return err;
  infinirtError_t err2 = completed_stamp(b, "end", &t1);
  if (err2 != infinirtSuccess)
    return err2;
  if (err != infinirtSuccess)
    return err;
  int64_t d = (int64_t)(t1 - t0);
  *ms = (float)((double)d / 1e6);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_EventRecordWithFlags(infinirtEvent_t event,
                                                  infinirtStream_t stream,
                                                  unsigned int flags) {
  return record(event, stream, flags);
}

/* ---- interprocess handles ---------------------------------------------- */

infinirtError_t infinirt_cpu_IpcGetEventHandle(infinirtIpcEventHandle_t *handle,
                                               infinirtEvent_t event) {
  cpu_event *ev = (cpu_event *)event;
  if (!ev->ipc) /* the core let only interprocess events through */
    return infinirt_detail(infinirtErrorInvalidResourceHandle,
                           "event %p is not an interprocess event", (void *)ev);
  infinirt_cpu_ipc_event_handle(ev->ipc, handle);
  return infinirtSuccess;
}

infinirtError_t
infinirt_cpu_IpcOpenEventHandle(infinirtEvent_t *event,
                                infinirtIpcEventHandle_t handle) {
  cpu_ipc_event *ipc;
  infinirtError_t err = infinirt_cpu_ipc_event_open(&handle, &ipc);
  if (err != infinirtSuccess)
    return err;
  return create(event, infinirtEventInterprocess | infinirtEventDisableTiming,
                ipc);
}
