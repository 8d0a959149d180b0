/* cpu_graph_run.c - running one launch of an executable graph.
 *
 * The worker that reaches the launch's GRAPH command and any idle workers
 * (a parallel job of the scheduler) take nodes in run order, a batch of
 * consecutive positions at a time, and run each once every dependency has
 * run in this launch: a dependency's stamp, the launch number, is stored
 * after the node ran. A node waits only for earlier positions, which have
 * all been taken by threads that are running them, so the earliest node
 * not done can always run: no deadlock, and no per-node allocation or
 * reset (the stamps of the previous launch simply differ).
 *
 * A batch grows while batches are quick (up to 4096 nodes) and shrinks when
 * they are slow, so empty nodes cost little more than a loop, and long ones
 * are spread over the threads one by one. Time spent waiting for another
 * thread's nodes does not count: on a graph whose levels depend on each
 * other, it would shrink the batches of quick nodes down to one, each a
 * hand-off between threads. */
#include <stdlib.h>
#include <string.h>

#include "cpu_graph.h"

#define BATCH_MAX 4096u
#define QUICK_NS 4000u  /* a batch this fast: take twice as many */
#define SLOW_NS 50000u  /* this slow: take half as many */
#define TICK_NS 100000u /* a parked waiter looks again this often */
#define SOLO_NS 20000u  /* a launch this quick: the next runs alone */

void infinirt_cpu_exec_fill(const cpu_gpayload *p) {
  unsigned char *row = p->fill.dst;
  for (size_t y = 0; y < p->fill.height; y++, row += p->fill.pitch) {
    switch (p->fill.elem_size) {
    case 1:
      memset(row, (int)(p->fill.value & 0xffu), p->fill.width);
      break;
    case 2: {
      uint16_t v = (uint16_t)p->fill.value;
      for (size_t x = 0; x < p->fill.width; x++)
        memcpy(row + 2 * x, &v, 2);
      break;
    }
    default: {
      uint32_t v = p->fill.value;
      for (size_t x = 0; x < p->fill.width; x++)
        memcpy(row + 4 * x, &v, 4);
      break;
    }
    }
  }
}

typedef struct launch_ctx {
  cpu_exec *x;
  uint64_t *gens;
  uint32_t launch;
  atomic_uint inside;  /* participants taking nodes now */
  const char *primary; /* the launching thread's (this_thread) */
} launch_ctx;

/* Tells threads apart by address. */
static _Thread_local char this_thread;

/* A helper whose quick nodes kept it waiting for another thread's quick
 * nodes more than they ran leaves the rest to the others: on such a graph
 * two threads only hand the nodes to and fro. (A long wait, for a slow
 * node, is no reason: more slow work may follow.) The launching thread
 * stays (if it left, finishing the launch would wait for it to wake), and
 * so does the last participant. */
static bool may_leave(launch_ctx *c) {
  if (c->primary == &this_thread)
    return false;
  unsigned in = atomic_load_explicit(&c->inside, memory_order_relaxed);
  while (in > 1)
    if (atomic_compare_exchange_weak_explicit(&c->inside, &in, in - 1,
                                              memory_order_relaxed,
                                              memory_order_relaxed))
      return true;
  return false;
}

typedef struct stamp_wait {
  const cpu_exec *x;
  uint32_t pos, launch;
} stamp_wait;

static bool stamp_reached(const void *ctx) {
  const stamp_wait *w = ctx;
  return atomic_load(&w->x->stamps[w->pos]) == w->launch;
}

static void no_tick(void) {}

/* Waits until run position |p| has run in this launch: a short spin, then
 * the backend's adaptive wait, which parks when the thread running |p|
 * needs this core (a loaded machine). Runners wake parked waiters after
 * each batch; a wake-up lost to that race costs one tick. A wait past the
 * short spin adds its time to |*waited|. */
static inline void wait_done(cpu_exec *x, uint32_t p, uint32_t launch,
                             uint64_t *waited) {
  if (__builtin_expect(
          atomic_load_explicit(&x->stamps[p], memory_order_acquire) == launch,
          1))
    return;
  for (unsigned spins = 0; spins < 64; spins++) {
    infinirt_cpu_relax();
    if (atomic_load_explicit(&x->stamps[p], memory_order_acquire) == launch)
      return;
  }
  uint64_t t0 = infinirt_cpu_now_ns();
  stamp_wait w = {x, p, launch};
  infinirt_cpu_wait_ticking(&x->ran, stamp_reached, &w, true, no_tick, TICK_NS);
  *waited += infinirt_cpu_now_ns() - t0;
}

static void wait_event(cpu_event *ev) {
  cpu_dep rec;
  uint64_t gen;
  if (infinirt_cpu_event_read(ev, &rec, &gen, NULL))
    infinirt_cpu_dep_wait(&rec, true);
}

static inline void run_node(const launch_ctx *c, cpu_xnode *xn) {
  cpu_slot *sl = xn->cmd;
  if (!sl)
    return;
  switch (sl->cmd.op) {
  case CPU_OP_HOSTFN:
    sl->cmd.p.hostfn.fn(sl->cmd.p.hostfn.data);
    break;
  case CPU_OP_GRECORD: {
    cpu_event *ev = infinirt_cpu_gp(sl)->grecord.event;
    if (!(atomic_load_explicit(&ev->flags, memory_order_relaxed) &
          infinirtEventDisableTiming))
      infinirt_cpu_event_stamp(ev, c->gens[infinirt_cpu_gp(sl)->grecord.slot]);
    break;
  }
  case CPU_OP_GWAIT:
    wait_event(infinirt_cpu_gp(sl)->gwait.event);
    break;
  case CPU_OP_GALLOC:
  case CPU_OP_GFREE:
    break; /* the memory is reserved; its state moved at launch */
  default:
    if (atomic_load_explicit(&xn->enabled, memory_order_relaxed))
      infinirt_cpu_exec_command(sl);
    break;
  }
}

static void participate(void *arg, size_t begin, size_t end) {
  (void)begin;
  (void)end; /* every piece runs the same loop until no node is left */
  launch_ctx *c = arg;
  cpu_exec *x = c->x;
  const uint32_t n = x->n, launch = c->launch;
  uint32_t batch = 1;
  bool left = false;
  /* Host nodes are user code: the API refuses stream work there, and the
   * scheduler may add a worker while every one is inside. */
  infinirt_cpu_sched_enter_user();
  infinirt_host_fn_enter();
  atomic_fetch_add_explicit(&c->inside, 1, memory_order_relaxed);
  for (;;) {
    uint32_t i =
        atomic_fetch_add_explicit(&x->next, batch, memory_order_relaxed);
    if (i >= n)
      break;
    uint32_t stop = n - i < batch ? n : i + batch;
    uint64_t t0 = infinirt_cpu_now_ns(), waited = 0;
    for (; i < stop; i++) {
      cpu_xnode *xn = &x->nodes[i];
      const uint32_t *pred = x->preds + xn->pred_off;
      for (uint32_t k = 0; k < xn->npred; k++)
        wait_done(x, pred[k], launch, &waited);
      run_node(c, xn);
      atomic_store_explicit(&x->stamps[i], launch, memory_order_release);
    }
    infinirt_cpu_notify(&x->ran);
    /* The nodes' own time: a batch that waited for another thread's is not
     * slow, and halving it would only make more hand-offs. */
    uint64_t took = infinirt_cpu_now_ns() - t0 - waited;
    if (took < QUICK_NS && waited > took && waited < SLOW_NS &&
        (left = may_leave(c)))
      break;
    if (took < QUICK_NS && batch < BATCH_MAX)
      batch *= 2;
    else if (took > SLOW_NS && batch > 1)
      batch /= 2;
  }
  if (!left)
    atomic_fetch_sub_explicit(&c->inside, 1, memory_order_relaxed);
  infinirt_host_fn_leave();
  infinirt_cpu_sched_leave_user();
}

void infinirt_cpu_graph_run(cpu_exec *x, uint64_t *gens, uint64_t number) {
  if (atomic_load_explicit(&x->changes, memory_order_acquire))
    infinirt_cpu_exec_apply_changes(x, number);
  /* Launches of one exec run one at a time (stream order and the previous
   * launch's dependency), so the launch number is this thread's to move. */
  uint32_t launch = x->launch + 1;
  if (launch == 0)
    launch = 1;
  x->launch = launch;
  atomic_store_explicit(&x->next, 0, memory_order_relaxed);
  launch_ctx c = {x, gens, launch, 0, &this_thread};
  /* Helpers where the levels are wide, unless the previous launch took
   * less time than helpers cost to wake: those few microseconds are
   * better spent running the nodes. */
  uint64_t t0 = infinirt_cpu_now_ns();
  bool alone = x->last_ns && x->last_ns < SOLO_NS;
  if (x->wide && x->n > 1 && !alone)
    infinirt_cpu_parallel_for(infinirt_cpu_parallel_width(), 1, participate,
                              &c);
  else
    participate(&c, 0, 1);
  x->last_ns = infinirt_cpu_now_ns() - t0;
  free(gens);
  infinirt_cpu_exec_put(x);
}
