/* cpu_queue.c - streams as command queues on the scheduler: enqueueing,
 * draining, waiting for other streams without a thread, and the gates of
 * synchronous operations.
 *
 * Producers append under the stream's lock and publish by storing |tail|.
 * The stream's owner (see struct cpu_stream) reads commands up to |tail|
 * without the lock, runs them and stores |completed| after each, then
 * wakes host waiters and the streams whose continuations it now satisfies.
 * An idle stream becomes runnable on the enqueue that finds it idle; a
 * drained stream goes idle under the lock, where |tail| is exact, so no
 * command is ever left behind. */
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "cpu_graph.h"

/* A producer this far ahead of its stream waits: memory stays bounded. */
#define MAX_PENDING 4096u
/* Commands a stream runs before it lets other queued tasks go first. */
#define BUDGET 256u
/* Chunks kept for reuse process-wide (2 KiB each). */
#define CHUNK_CACHE_MAX 512u

/* ---- chunks ----------------------------------------------------------- */

static struct {
  infinirt_cpu_spinlock lock;
  cpu_chunk *free;
  unsigned n;
} chunks;

static cpu_chunk *chunk_new(void) {
  infinirt_cpu_lock(&chunks.lock);
  cpu_chunk *c = chunks.free;
  if (c) {
    chunks.free = atomic_load_explicit(&c->next, memory_order_relaxed);
    chunks.n--;
  }
  infinirt_cpu_unlock(&chunks.lock);
  if (!c) {
    if (!(c = aligned_alloc(64, sizeof *c)))
      return NULL;
    /* A slot is published by its op byte: a fresh chunk has none. Owners
     * clear each slot they consume, so cached chunks come back clear. */
    for (unsigned i = 0; i < CPU_CHUNK_SLOTS; i++)
      c->slot[i].cmd.op = 0;
  }
  atomic_init(&c->next, NULL);
  atomic_init(&c->end, CPU_CHUNK_SLOTS);
  return c;
}

static void chunk_free(cpu_chunk *c) {
  infinirt_cpu_lock(&chunks.lock);
  if (chunks.n < CHUNK_CACHE_MAX) {
    atomic_store_explicit(&c->next, chunks.free, memory_order_relaxed);
    chunks.free = c;
    chunks.n++;
    c = NULL;
  }
  infinirt_cpu_unlock(&chunks.lock);
  free(c);
}

/* ---- enqueueing ------------------------------------------------------- */

static bool caught_up(const void *ctx) {
  const cpu_dep *d = ctx;
  return infinirt_cpu_dep_done(d);
}

/* Claims |n| contiguous slots at the tail, under |s|'s lock; false when no
 * memory is left for a chunk. */
static bool claim(cpu_stream *s, unsigned n, cpu_chunk **chunk, unsigned *idx) {
  cpu_chunk *c = s->tail_chunk;
  if (!c) {
    /* Idle without a chunk: nobody owns the consumer side. */
    if (!(c = chunk_new()))
      return false;
    s->head_chunk = s->tail_chunk = c;
    s->head_idx = s->tail_idx = 0;
  } else if (s->tail_idx + n > CPU_CHUNK_SLOTS) {
    cpu_chunk *next = chunk_new();
    if (!next)
      return false;
    atomic_store_explicit(&c->next, next, memory_order_release);
    atomic_store_explicit(&c->end, s->tail_idx, memory_order_release);
    s->tail_chunk = c = next;
    s->tail_idx = 0;
  }
  *chunk = c;
  *idx = s->tail_idx;
  s->tail_idx += n;
  return true;
}

/* Makes |s| owned by the run queue if it was idle; under its lock. Returns
 * whether the caller must push it. */
static bool wake_locked(cpu_stream *s) {
  if (s->active)
    return false;
  s->active = true;
  infinirt_cpu_activate(s);
  return true;
}

/* The slot's op byte goes last: once the owner sees it, the command is
 * complete. |tail| already counts it, so |completed| never passes it. */
static inline void publish(cpu_slot *sl, uint8_t op) {
  __atomic_store_n(&sl->cmd.op, op, __ATOMIC_RELEASE);
}

/* Out of memory in begin(): the WAITs already written stay (harmless
 * commands of their own); unlocks. */
static infinirtError_t begin_failed(cpu_stream *s, uint64_t tail) {
  bool push = tail != atomic_load(&s->completed) && wake_locked(s);
  infinirt_cpu_unlock(&s->lock);
  if (push)
    infinirt_cpu_sched_push(&s->task);
  return infinirt_detail(infinirtErrorMemoryAllocation,
                         "no memory for commands of stream %p", (void *)s);
}

infinirtError_t infinirt_cpu_begin(cpu_stream *s, const cpu_dep *deps,
                                   unsigned ndeps, unsigned extra,
                                   cpu_enqueue *e, cpu_slot **header) {
  /* Capturing: record instead of enqueue, without the legacy-stream
   * dependencies (a capture holds none on work outside it). */
  if (__builtin_expect(infinirt_cpu_capturing(s), 0))
    return infinirt_cpu_capture_begin(s, extra, e, header);
  if (__builtin_expect(s->legacy, 0)) {
    infinirtError_t err = infinirt_cpu_capture_legacy_check(s->dev);
    if (err != infinirtSuccess)
      return err;
  }
  e->node = NULL;
  if (__builtin_expect(!infinirt_cpu_sched_start(), 0))
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "cannot start the cpu backend's worker threads");
  infinirt_cpu_lock(&s->lock);
  uint64_t tail = atomic_load_explicit(&s->tail, memory_order_relaxed);
  /* Bounded memory: far ahead of the stream, wait for it first. The
   * owner's |completed| is read only when the last value read says so. */
  if (tail - s->seen_completed >= MAX_PENDING &&
      tail - (s->seen_completed = atomic_load(&s->completed)) >= MAX_PENDING) {
    infinirt_cpu_unlock(&s->lock);
    cpu_dep d = {s, tail - MAX_PENDING / 2};
    infinirt_cpu_wait(&s->done, caught_up, &d, true);
    infinirt_cpu_lock(&s->lock);
    tail = atomic_load_explicit(&s->tail, memory_order_relaxed);
  }
  for (unsigned i = 0; i < ndeps; i += CPU_WAIT_DEPS) {
    cpu_chunk *c;
    unsigned idx;
    if (!claim(s, 1, &c, &idx))
      return begin_failed(s, tail);
    cpu_slot *sl = &c->slot[idx];
    unsigned k = ndeps - i < CPU_WAIT_DEPS ? ndeps - i : CPU_WAIT_DEPS;
    sl->cmd.ndeps = (uint8_t)k;
    sl->cmd.extra = 0;
    memcpy(sl->cmd.p.wait, deps + i, k * sizeof *deps);
    atomic_store_explicit(&s->tail, ++tail, memory_order_release);
    publish(sl, CPU_OP_WAIT);
  }
  e->s = s;
  e->n = 1 + extra;
  if (!claim(s, e->n, &e->chunk, &e->idx))
    return begin_failed(s, tail);
  *header = &e->chunk->slot[e->idx];
  return infinirtSuccess;
}

cpu_slot *infinirt_cpu_cont(cpu_enqueue *e, unsigned i) {
  if (e->node)
    return &e->node->cmd[1 + i];
  return &e->chunk->slot[e->idx + 1 + i];
}

uint64_t infinirt_cpu_next_seq(const cpu_enqueue *e) {
  return atomic_load_explicit(&e->s->tail, memory_order_relaxed) + 1;
}

uint64_t infinirt_cpu_commit(cpu_enqueue *e, uint8_t op) {
  if (e->node) {
    infinirt_cpu_capture_commit(e, op);
    return 0;
  }
  cpu_stream *s = e->s;
  cpu_slot *h = &e->chunk->slot[e->idx];
  h->cmd.extra = (uint16_t)(e->n - 1);
  uint64_t seq = atomic_load_explicit(&s->tail, memory_order_relaxed) + 1;
  atomic_store_explicit(&s->tail, seq, memory_order_release);
  publish(h, op);
  bool push = wake_locked(s);
  infinirt_cpu_unlock(&s->lock);
  if (push)
    infinirt_cpu_sched_push(&s->task);
  return seq;
}

/* ---- completion ------------------------------------------------------- */

/* Wakes the streams waiting on |s| whose position has been reached. */
static void wake_continuations(cpu_stream *s, uint64_t done) {
  cpu_cont *ready = NULL;
  infinirt_cpu_lock(&s->lock);
  for (cpu_cont **pp = &s->waiters; *pp;) {
    cpu_cont *c = *pp;
    if (c->seq <= done) {
      *pp = c->next;
      c->next = ready;
      ready = c;
      atomic_fetch_sub(&s->nwaiters, 1);
    } else {
      pp = &c->next;
    }
  }
  infinirt_cpu_unlock(&s->lock);
  /* If |s| has nothing more, its worker takes the first one itself. */
  bool drained = atomic_load(&s->tail) == done;
  while (ready) {
    cpu_cont *next = ready->next;
    /* The continuation owned the stream: it goes back to the run queue. */
    if (drained) {
      infinirt_cpu_sched_push_next(&ready->stream->task);
      drained = false;
    } else {
      infinirt_cpu_sched_push(&ready->stream->task);
    }
    ready = next;
  }
}

static void complete_to(cpu_stream *s, uint64_t done) {
  atomic_store(&s->completed, done); /* seq_cst: pairs with |nwaiters| */
  infinirt_cpu_notify(&s->done);
  if (atomic_load(&s->nwaiters) != 0)
    wake_continuations(s, done);
}

/* Registers |s| to resume once |d| is satisfied; false if it already is.
 * After a true return the caller no longer owns |s|. */
static bool wait_on(cpu_stream *s, const cpu_dep *d) {
  cpu_stream *t = d->stream;
  infinirt_cpu_lock(&t->lock);
  atomic_fetch_add(&t->nwaiters, 1); /* seq_cst: pairs with complete_to */
  if (atomic_load(&t->completed) >= d->seq) {
    atomic_fetch_sub(&t->nwaiters, 1);
    infinirt_cpu_unlock(&t->lock);
    return false;
  }
  s->wait_node = (cpu_cont){s, d->seq, t->waiters};
  t->waiters = &s->wait_node;
  infinirt_cpu_unlock(&t->lock);
  return true;
}

/* Frees the chunks the owner has moved past and points the consumer side
 * at slot |idx| of |c|. */
static void move_head(cpu_stream *s, cpu_chunk *c, unsigned idx) {
  while (s->head_chunk != c) {
    cpu_chunk *old = s->head_chunk;
    s->head_chunk = atomic_load_explicit(&old->next, memory_order_acquire);
    chunk_free(old);
  }
  s->head_idx = idx;
}

/* The owner's way out when it has run everything it saw: idle under the
 * lock if nothing is left (|tail| is exact there), else back to the run
 * queue. */
static void release(cpu_stream *s) {
  infinirt_cpu_lock(&s->lock);
  if (atomic_load(&s->completed) == atomic_load(&s->tail)) {
    s->active = false;
    infinirt_cpu_deactivate(s);
    /* Everything consumed lies in the tail chunk: start it over. */
    if (s->head_chunk) {
      move_head(s, s->tail_chunk, 0);
      atomic_store_explicit(&s->tail_chunk->end, CPU_CHUNK_SLOTS,
                            memory_order_relaxed);
      s->tail_idx = 0;
    }
    infinirt_cpu_unlock(&s->lock);
    return;
  }
  infinirt_cpu_unlock(&s->lock);
  infinirt_cpu_sched_push(&s->task);
}

/* A drained stream's last chunk goes back to the cache; under its lock. */
static void drop_chunk(cpu_stream *s) {
  if (s->tail_chunk)
    chunk_free(s->tail_chunk);
  s->head_chunk = s->tail_chunk = NULL;
  s->head_idx = s->tail_idx = 0;
}

/* ---- running a stream ------------------------------------------------- */

void infinirt_cpu_exec_command(cpu_slot *sl) {
  cpu_payload *p = &sl->cmd.p;
  switch (sl->cmd.op) {
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
  case CPU_OP_COPY3D: {
    const cpu_payload *slices = &sl[1].cmd.p; /* in place, as LAUNCH's */
    cpu_copy3d c = {p->copy3d.dst,
                    p->copy3d.src,
                    p->copy3d.dpitch,
                    p->copy3d.spitch,
                    slices->copy3d_slices.dslice,
                    slices->copy3d_slices.sslice,
                    p->copy3d.width,
                    p->copy3d.height,
                    p->copy3d.depth};
    infinirt_cpu_exec_copy3d(&c);
    break;
  }
  case CPU_OP_SET3D:
    infinirt_cpu_exec_set3d(&p->set3d);
    break;
  case CPU_OP_HOSTFN:
  case CPU_OP_CALLBACK:
    infinirt_cpu_sched_enter_user();
    infinirt_host_fn_enter();
    if (sl->cmd.op == CPU_OP_HOSTFN)
      p->hostfn.fn(p->hostfn.data);
    else
      p->callback.fn(p->callback.stream, infinirtSuccess, p->callback.data);
    infinirt_host_fn_leave();
    infinirt_cpu_sched_leave_user();
    break;
  case CPU_OP_RECORD:
    if (p->record.event) /* NULL: an untimed event needs no stamp */
      infinirt_cpu_event_stamp(p->record.event, p->record.gen);
    break;
  case CPU_OP_FREE:
    infinirt_cpu_release_chain(p->free.alloc);
    break;
  case CPU_OP_IPC_RECORD:
    infinirt_cpu_ipc_event_complete(p->ipc.ev, p->ipc.gen);
    infinirt_cpu_ipc_event_put(p->ipc.ev);
    break;
  case CPU_OP_LAUNCH:
    /* A command never straddles chunks: the arguments follow in place. */
    infinirt_cpu_exec_launch(&p->launch, p->launch.heap
                                             ? p->launch.heap
                                             : (unsigned char *)(sl + 1));
    break;
  case CPU_OP_FILL:
    infinirt_cpu_exec_fill(infinirt_cpu_gp(sl));
    break;
  case CPU_OP_GRAPH:
    infinirt_cpu_graph_run(infinirt_cpu_gp(sl)->graph.exec,
                           infinirt_cpu_gp(sl)->graph.gens,
                           infinirt_cpu_gp(sl)->graph.number);
    break;
  }
}

/* A drained stream is kept a little while more commands may follow at
 * once (a burst, a round trip): taking it back then costs the producer a
 * push and often a wake-up. Only while no other task waits and a core is
 * left for the producer; true if a command came. */
/* The owner's next published command, moving to the next chunk when this
 * one is used up; NULL if the producer has not published one yet. */
static cpu_slot *next_command(cpu_stream *s) {
  cpu_chunk *c = s->head_chunk;
  if (s->head_idx >= atomic_load_explicit(&c->end, memory_order_acquire)) {
    cpu_chunk *n = atomic_load_explicit(&c->next, memory_order_acquire);
    if (!n)
      return NULL;
    move_head(s, n, 0);
    c = n;
  }
  cpu_slot *sl = &c->slot[s->head_idx];
  return __atomic_load_n(&sl->cmd.op, __ATOMIC_ACQUIRE) ? sl : NULL;
}

/* A drained stream is kept a little while more commands may follow at
 * once (a burst, a round trip): taking it back then costs the producer a
 * push and often a wake-up. Only while no other task waits and a core is
 * left for the producer. The owner polls the slot the next command will
 * fill, the one line the producer writes anyway. Returns that command, or
 * NULL to give the stream up. */
static cpu_slot *linger_poll(cpu_stream *s) {
  uint64_t start = 0;
  for (unsigned i = 1;; i++) {
    infinirt_cpu_relax();
    cpu_slot *sl = next_command(s);
    if (sl)
      return sl;
    if (infinirt_cpu_sched_has_queued())
      return NULL; /* another stream needs this worker more */
    if ((i & 31) == 1) {
      /* This worker is counted busy; one more core for the producer. Idle
       * spinners do not count: they give way to a working thread. */
      unsigned busy = atomic_load_explicit(&infinirt_cpu_busy_workers,
                                           memory_order_relaxed);
      if (infinirt_cpu_cores() < 2 || busy + 1 > infinirt_cpu_cores())
        return NULL;
      uint64_t now = infinirt_cpu_now_ns();
      if (start == 0)
        start = now;
      else if (now - start >= infinirt_cpu_spin_ns)
        return NULL;
    }
  }
}

static cpu_slot *linger(cpu_stream *s) {
  infinirt_cpu_sched_available(1);
  cpu_slot *sl = linger_poll(s);
  infinirt_cpu_sched_available(-1);
  /* Staying with this stream: a task queued meanwhile, which a pusher
   * left to this worker, needs another one. */
  if (sl)
    infinirt_cpu_sched_kick();
  return sl;
}

/* Clears the op bytes of a consumed command's slots for their next use. */
static void consume(cpu_slot *sl) {
  for (unsigned i = 0, n = 1u + sl->cmd.extra; i < n; i++)
    __atomic_store_n(&sl[i].cmd.op, 0, __ATOMIC_RELAXED);
}

/* The stream's task: runs its commands in order until it is drained, must
 * wait, or has used its budget while other tasks wait. */
static void stream_run(cpu_task *t) {
  cpu_stream *s = (cpu_stream *)((char *)t - offsetof(cpu_stream, task));
  uint64_t done = atomic_load_explicit(&s->completed, memory_order_relaxed);
  for (unsigned budget = BUDGET;; budget--) {
    cpu_slot *sl = s->head_chunk ? next_command(s) : NULL;
    if (!sl && !(s->head_chunk && (sl = linger(s)))) {
      release(s);
      return;
    }
    if (budget == 0 && infinirt_cpu_sched_has_queued()) {
      infinirt_cpu_sched_push(&s->task);
      return;
    }
    switch (sl->cmd.op) {
    case CPU_OP_WAIT:
      for (unsigned i = 0; i < sl->cmd.ndeps; i++)
        if (!infinirt_cpu_dep_done(&sl->cmd.p.wait[i]) &&
            wait_on(s, &sl->cmd.p.wait[i]))
          return; /* resumed here, at this WAIT, by the continuation */
      break;
    case CPU_OP_IPC_WAIT:
      /* Another process's record: the stream goes to the interprocess
       * waiter, which resumes it here once the record is done. */
      if (!infinirt_cpu_ipc_event_done(sl->cmd.p.ipc.ev, sl->cmd.p.ipc.gen) &&
          infinirt_cpu_ipc_park(s, sl->cmd.p.ipc.ev, sl->cmd.p.ipc.gen))
        return;
      infinirt_cpu_ipc_event_put(sl->cmd.p.ipc.ev);
      break;
    case CPU_OP_GATE:
      /* The gate's caller takes the stream over (legacy_enter). */
      atomic_store(&s->gate_reached, done + 1);
      infinirt_cpu_notify(&s->done);
      return;
    case CPU_OP_RETIRE:
      consume(sl);
      s->head_idx += 1;
      complete_to(s, ++done);
      infinirt_cpu_lock(&s->lock);
      s->active = false;
      infinirt_cpu_deactivate(s);
      drop_chunk(s);
      infinirt_cpu_unlock(&s->lock);
      infinirt_cpu_stream_recycle(s);
      return;
    default:
      infinirt_cpu_exec_command(sl);
      /* What a stream's command owns goes with it (a graph node keeps its
       * own). */
      if (sl->cmd.op == CPU_OP_LAUNCH)
        free(sl->cmd.p.launch.heap);
      break;
    }
    s->head_idx += 1u + sl->cmd.extra;
    consume(sl);
    complete_to(s, ++done);
  }
}

void infinirt_cpu_stream_task_init(cpu_stream *s) {
  s->task.run = stream_run;
  s->task.want_level = &s->run_level;
  s->task.level = atomic_load_explicit(&s->run_level, memory_order_relaxed);
}

infinirtError_t infinirt_cpu_retire(cpu_stream *s) {
  infinirt_cpu_lock(&s->lock);
  if (!s->active) {
    drop_chunk(s);
    infinirt_cpu_unlock(&s->lock);
    infinirt_cpu_stream_recycle(s);
    return infinirtSuccess;
  }
  infinirt_cpu_unlock(&s->lock);
  cpu_enqueue e;
  cpu_slot *h;
  infinirtError_t err = infinirt_cpu_begin(s, NULL, 0, 0, &e, &h);
  if (err != infinirtSuccess)
    return err;
  infinirt_cpu_commit(&e, CPU_OP_RETIRE);
  return infinirtSuccess;
}

/* ---- gates ------------------------------------------------------------ */

typedef struct gate_wait {
  cpu_stream *s;
  uint64_t seq;
} gate_wait;

static bool gate_reached(const void *ctx) {
  const gate_wait *g = ctx;
  return atomic_load(&g->s->gate_reached) == g->seq;
}

infinirtError_t infinirt_cpu_legacy_enter(cpu_device *dev, cpu_enqueue *e) {
  /* A synchronous operation on the legacy stream would wait for a
   * capturing blocking stream: StreamCaptureImplicit (the H200 lets it run
   * beside a non-blocking capture, in every mode). */
  infinirtError_t err = infinirt_cpu_capture_legacy_check(dev);
  if (err != infinirtSuccess)
    return err;
  cpu_stream *l = infinirt_cpu_legacy(dev);
  if (!l)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for the legacy stream of cpu device %d",
                           dev->ordinal);
  cpu_dep local[16];
  unsigned n = infinirt_cpu_collect_deps(dev, l, local, 16);
  cpu_slot *h;
  err = n <= 16 ? infinirt_cpu_begin(l, local, n, 0, e, &h)
                : infinirt_cpu_begin_ordered(l, 0, e, &h);
  if (err != infinirtSuccess)
    return err;
  h->cmd.extra = 0;
  uint64_t seq = atomic_load_explicit(&l->tail, memory_order_relaxed) + 1;
  atomic_store(&l->tail, seq);
  publish(h, CPU_OP_GATE);
  if (!l->active && seq == atomic_load(&l->completed) + 1) {
    /* Idle with nothing before the gate: the caller owns it at once. */
    l->active = true;
    infinirt_cpu_unlock(&l->lock);
    return infinirtSuccess;
  }
  bool push = wake_locked(l);
  infinirt_cpu_unlock(&l->lock);
  if (push)
    infinirt_cpu_sched_push(&l->task);
  gate_wait g = {l, seq};
  infinirt_cpu_wait(&l->done, gate_reached, &g, true);
  return infinirtSuccess;
}

void infinirt_cpu_legacy_leave(cpu_enqueue *e) {
  cpu_stream *l = e->s;
  consume(&e->chunk->slot[e->idx]);
  move_head(l, e->chunk, e->idx + 1);
  complete_to(l, atomic_load_explicit(&l->completed, memory_order_relaxed) + 1);
  release(l);
}
