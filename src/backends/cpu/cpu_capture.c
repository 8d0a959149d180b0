/* cpu_capture.c - stream capture on the CPU backend.
 *
 * A capturing stream's enqueue path writes the command into a new node of
 * the capture's graph instead of the stream's queue (infinirt_cpu_begin
 * calls capture_begin), after the nodes the stream's captured work so far
 * ends in (its dependencies, |cap_deps|). Events recorded in a capture
 * stand for those nodes: a stream that waits for one joins the capture
 * (fork) or takes them as dependencies (join). What CUDA forbids while a
 * capture runs is refused here with CUDA's codes, and invalidates the
 * capture where CUDA does.
 *
 * Captures are objects that are recycled, never freed, so an event's
 * pointer to the capture it was recorded in stays safe to read; its id
 * says whether it is still that capture. All captures of the process are
 * on one list, under one lock, looked at only while one is running. */
#include <stdlib.h>
#include <string.h>

#include "cpu_graph.h"

static pthread_mutex_t captures_lock = PTHREAD_MUTEX_INITIALIZER;
static cpu_capture *active;    /* running captures (captures_lock) */
static cpu_capture *free_caps; /* recycled (captures_lock) */
static atomic_uint nactive;    /* how many run: 0 makes every check free */
static unsigned long long next_id = 1;
static _Thread_local char thread_token;

static void invalidate(cpu_capture *c);
static const void *me(void) {
  return &thread_token;
}

static bool stream_blocking(const cpu_stream *s) {
  return !s->legacy && !(atomic_load(&s->flags) & infinirtStreamNonBlocking);
}

/* ---- dependencies of a capturing stream -------------------------------- */

static bool deps_reserve(cpu_stream *s, size_t n) {
  if (n <= s->cap_size)
    return true;
  size_t c = s->cap_size ? s->cap_size * 2 : 4;
  while (c < n)
    c *= 2;
  cpu_gnode **d = realloc(s->cap_deps, c * sizeof *d);
  if (!d)
    return false;
  s->cap_deps = d;
  s->cap_size = c;
  return true;
}

static bool deps_set(cpu_stream *s, cpu_gnode *const *d, size_t n) {
  if (!deps_reserve(s, n))
    return false;
  if (n)
    memcpy(s->cap_deps, d, n * sizeof *d);
  s->cap_ndeps = n;
  return true;
}

static bool deps_add(cpu_stream *s, cpu_gnode *const *d, size_t n) {
  for (size_t i = 0; i < n; i++) {
    bool have = false;
    for (size_t j = 0; j < s->cap_ndeps && !have; j++)
      have = s->cap_deps[j] == d[i];
    if (have)
      continue;
    if (!deps_reserve(s, s->cap_ndeps + 1))
      return false;
    s->cap_deps[s->cap_ndeps++] = d[i];
  }
  return true;
}

/* ---- starting and ending ----------------------------------------------- */

static void join(cpu_capture *c, cpu_stream *s) {
  s->cap_next = c->members;
  c->members = s;
  atomic_store(&s->capture, c);
}

/* Ends |c| (its lock held): every member stops capturing. */
static void finish(cpu_capture *c) {
  for (cpu_stream *s = c->members, *next; s; s = next) {
    next = s->cap_next;
    atomic_store(&s->capture, NULL);
    s->cap_ndeps = 0;
    s->cap_next = NULL;
  }
  c->members = NULL;
  c->graph->capturing = NULL;
  pthread_mutex_unlock(&c->lock);
  pthread_mutex_lock(&captures_lock);
  for (cpu_capture **pp = &active; *pp; pp = &(*pp)->next_free)
    if (*pp == c) {
      *pp = c->next_free;
      break;
    }
  c->id = 0; /* events recorded in it no longer name a capture */
  c->graph = NULL;
  c->next_free = free_caps;
  free_caps = c;
  atomic_fetch_sub(&nactive, 1);
  pthread_mutex_unlock(&captures_lock);
}

static infinirtError_t start(cpu_stream *s, cpu_graph *g, bool own,
                             cpu_gnode *const *deps, size_t ndeps,
                             enum infinirtStreamCaptureMode mode) {
  if (s->legacy)
    return infinirt_detail(infinirtErrorStreamCaptureUnsupported,
                           "the legacy default stream cannot be captured");
  pthread_mutex_lock(&captures_lock);
  if (infinirt_cpu_capturing(s)) {
    pthread_mutex_unlock(&captures_lock);
    return infinirt_detail(infinirtErrorIllegalState,
                           "stream %p is capturing already", (void *)s);
  }
  cpu_capture *c = free_caps;
  if (c) {
    free_caps = c->next_free;
  } else if ((c = calloc(1, sizeof *c))) {
    pthread_mutex_init(&c->lock, NULL);
  } else {
    pthread_mutex_unlock(&captures_lock);
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for a capture");
  }
  pthread_mutex_lock(&c->lock);
  c->graph = g;
  c->dev = s->dev;
  c->origin = s;
  c->members = NULL;
  c->id = next_id++;
  c->mode = mode;
  c->thread = me();
  c->invalidated = false;
  c->own_graph = own;
  g->capturing = c;
  if (!deps_set(s, deps, ndeps)) {
    c->next_free = free_caps;
    free_caps = c;
    g->capturing = NULL;
    pthread_mutex_unlock(&c->lock);
    pthread_mutex_unlock(&captures_lock);
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for a capture");
  }
  join(c, s);
  c->next_free = active;
  active = c;
  atomic_fetch_add(&nactive, 1);
  pthread_mutex_unlock(&c->lock);
  pthread_mutex_unlock(&captures_lock);
  return infinirtSuccess;
}

infinirtError_t
infinirt_cpu_StreamBeginCapture(infinirtStream_t stream,
                                enum infinirtStreamCaptureMode mode) {
  infinirtError_t err = infinirtSuccess;
  cpu_stream *s = infinirt_cpu_stream_arg(stream, &err);
  if (!s)
    return err;
  if (s->legacy)
    return start(s, NULL, true, NULL, 0, mode);
  cpu_graph *g = NULL;
  if ((err = infinirt_cpu_graph_new(&g)) != infinirtSuccess)
    return err;
  g->h.device = s->dev->ordinal;
  if (!infinirt_handle_register(&g->h)) {
    infinirt_cpu_graph_free(g);
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to register a graph");
  }
  if ((err = start(s, g, true, NULL, 0, mode)) != infinirtSuccess) {
    infinirt_handle_unregister(&g->h);
    infinirt_cpu_graph_free(g);
  }
  return err;
}

infinirtError_t infinirt_cpu_StreamBeginCaptureToGraph(
    infinirtStream_t stream, infinirtGraph_t graph,
    const infinirtGraphNode_t *dependencies,
    const infinirtGraphEdgeData *dependencyData, size_t numDependencies,
    enum infinirtStreamCaptureMode mode) {
  (void)dependencyData; /* default edges only (the core checked) */
  infinirtError_t err = infinirtSuccess;
  cpu_stream *s = infinirt_cpu_stream_arg(stream, &err);
  if (!s)
    return err;
  cpu_graph *g = (cpu_graph *)graph;
  infinirt_cpu_lock(&g->lock);
  for (size_t i = 0; i < numDependencies; i++)
    if (((cpu_gnode *)dependencies[i])->graph != g) {
      infinirt_cpu_unlock(&g->lock);
      return infinirt_detail(infinirtErrorInvalidValue,
                             "dependencies[%zu] is a node of another graph", i);
    }
  if (g->capturing || g->owner) {
    infinirt_cpu_unlock(&g->lock);
    return infinirt_detail(infinirtErrorInvalidValue,
                           "graph %p is being captured into already, or a "
                           "child graph",
                           (void *)g);
  }
  /* Unlocked first: a capture's lock is taken before its graph's. */
  infinirt_cpu_unlock(&g->lock);
  return start(s, g, false, (cpu_gnode *const *)dependencies, numDependencies,
               mode);
}

/* Whether |from| is one of the origin's dependencies or leads to one
 * (|mark|: 2 for those, 1 for nodes seen in this search). */
static bool leads_to_origin(cpu_gnode *from, uint8_t *mark, cpu_gnode **stack,
                            uint32_t n) {
  if (mark[from->index] == 2)
    return true;
  uint32_t top = 0;
  bool found = false;
  mark[from->index] = 1;
  stack[top++] = from;
  while (top && !found) {
    cpu_gnode *x = stack[--top];
    for (uint32_t i = 0; i < x->nsucc && !found; i++) {
      uint8_t *m = &mark[x->succ[i]->index];
      if (*m == 2)
        found = true;
      else if (*m == 0) {
        *m = 1;
        stack[top++] = x->succ[i];
      }
    }
  }
  for (uint32_t i = 0; i < n; i++)
    if (mark[i] == 1)
      mark[i] = 0;
  return found;
}

/* Whether the origin waits for what every other stream of the capture
 * captured: each node another stream's next work would depend on must be,
 * or lead to, one the origin's would. (Nodes a stream dropped from its
 * dependencies with UpdateCaptureDependencies count for nothing.) */
static infinirtError_t joined(cpu_capture *c, bool *ok) {
  cpu_graph *g = c->graph;
  const cpu_stream *o = c->origin;
  *ok = true;
  if (c->members == o && !o->cap_next)
    return infinirtSuccess;
  uint8_t *mark = calloc(g->n + 1, 1);
  cpu_gnode **stack = malloc((g->n + 1) * sizeof *stack);
  if (!mark || !stack) {
    free(mark);
    free(stack);
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to end a capture");
  }
  for (size_t j = 0; j < o->cap_ndeps; j++)
    mark[o->cap_deps[j]->index] = 2;
  for (const cpu_stream *s = c->members; s && *ok; s = s->cap_next)
    for (size_t j = 0; s != o && j < s->cap_ndeps && *ok; j++)
      *ok = leads_to_origin(s->cap_deps[j], mark, stack, g->n + 1);
  free(mark);
  free(stack);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_StreamEndCapture(infinirtStream_t stream,
                                              infinirtGraph_t *pGraph) {
  infinirtError_t err = infinirtSuccess;
  cpu_stream *s = infinirt_cpu_stream_arg(stream, &err);
  if (!s)
    return err;
  /* The answers and their effects are the H200's. */
  cpu_capture *c = atomic_load(&s->capture);
  if (!c)
    return infinirt_detail(infinirtErrorIllegalState,
                           "stream %p is not capturing", (void *)s);
  if (c->origin != s) {
    invalidate(c);
    return infinirt_detail(infinirtErrorStreamCaptureUnmatched,
                           "the capture was not begun on stream %p (it is "
                           "invalidated)",
                           (void *)s);
  }
  pthread_mutex_lock(&c->lock);
  cpu_graph *g = c->graph;
  bool own = c->own_graph;
  bool all_joined = true;
  if (c->mode != infinirtStreamCaptureModeRelaxed && c->thread != me())
    err = infinirt_detail(
        infinirtErrorStreamCaptureWrongThread,
        "a capture begun in mode %s is ended by the thread "
        "that began it (it is ended, without a graph)",
        c->mode == infinirtStreamCaptureModeGlobal ? "Global" : "ThreadLocal");
  else if (c->invalidated)
    err = infinirt_detail(infinirtErrorStreamCaptureInvalidated,
                          "the capture was invalidated by an earlier error");
  else if ((err = joined(c, &all_joined)) == infinirtSuccess && !all_joined)
    err = infinirt_detail(infinirtErrorStreamCaptureUnjoined,
                          "a stream that joined the capture has work the "
                          "origin stream %p did not wait for",
                          (void *)s);
  finish(c);
  if (err != infinirtSuccess || !pGraph) {
    if (own) {
      infinirt_handle_unregister(&g->h);
      infinirt_cpu_graph_free(g);
    }
    if (pGraph)
      *pGraph = NULL;
    return err;
  }
  *pGraph = (infinirtGraph_t)g;
  return infinirtSuccess;
}

/* ---- what the capture records ------------------------------------------ */

/* |s|'s capture, locked, if it is running and valid; else the error. */
static cpu_capture *lock_valid(cpu_stream *s, infinirtError_t *err) {
  cpu_capture *c = atomic_load(&s->capture);
  if (!c) {
    *err = infinirt_detail(infinirtErrorStreamCaptureInvalidated,
                           "stream %p stopped capturing meanwhile", (void *)s);
    return NULL;
  }
  pthread_mutex_lock(&c->lock);
  if (c->invalidated) {
    pthread_mutex_unlock(&c->lock);
    *err =
        infinirt_detail(infinirtErrorStreamCaptureInvalidated,
                        "the capture of stream %p was invalidated", (void *)s);
    return NULL;
  }
  return c;
}

/* A node of |type| after |s|'s dependencies, which it then replaces;
 * |c| locked. */
static infinirtError_t record_node(cpu_capture *c, cpu_stream *s,
                                   enum infinirtGraphNodeType type,
                                   unsigned nslots, cpu_gnode **out) {
  infinirt_cpu_lock(&c->graph->lock);
  infinirtError_t err = infinirt_cpu_node_add(c->graph, type, nslots,
                                              s->cap_deps, s->cap_ndeps, out);
  infinirt_cpu_unlock(&c->graph->lock);
  if (err == infinirtSuccess && !deps_set(s, out, 1)) {
    infinirt_cpu_lock(&c->graph->lock);
    infinirt_cpu_node_unlink(*out);
    infinirt_cpu_unlock(&c->graph->lock);
    infinirt_handle_unregister(&(*out)->h);
    infinirt_cpu_node_free(*out);
    err =
        infinirt_detail(infinirtErrorMemoryAllocation, "no memory to capture");
  }
  return err;
}

infinirtError_t infinirt_cpu_capture_begin(cpu_stream *s, unsigned extra,
                                           cpu_enqueue *e, cpu_slot **header) {
  infinirtError_t err = infinirtSuccess;
  cpu_capture *c = lock_valid(s, &err);
  if (!c)
    return err;
  cpu_gnode *n = NULL;
  if ((err = record_node(c, s, infinirtGraphNodeTypeEmpty, 1 + extra, &n)) !=
      infinirtSuccess) {
    pthread_mutex_unlock(&c->lock);
    return err;
  }
  /* The capture stays locked until commit(), as a queue's lock would. */
  e->s = s;
  e->n = 1 + extra;
  e->node = n;
  e->chunk = NULL;
  e->idx = 0;
  *header = n->cmd;
  return infinirtSuccess;
}

void infinirt_cpu_capture_commit(cpu_enqueue *e, uint8_t op) {
  cpu_gnode *n = e->node;
  n->cmd->cmd.op = op;
  n->cmd->cmd.extra = (uint16_t)(e->n - 1);
  /* A captured copy has no aux: its kind is Default (copy_params). */
  n->type = (uint8_t)infinirt_cpu_op_node_type(op);
  pthread_mutex_unlock(&atomic_load(&e->s->capture)->lock);
}

/* ---- refusals ---------------------------------------------------------- */

static void invalidate(cpu_capture *c) {
  pthread_mutex_lock(&c->lock);
  c->invalidated = true;
  pthread_mutex_unlock(&c->lock);
}

infinirtError_t infinirt_cpu_capture_refuse(cpu_stream *s, infinirtError_t err,
                                            const char *what) {
  cpu_capture *c = atomic_load(&s->capture);
  if (c)
    invalidate(c);
  return infinirt_detail(err,
                         "%s is not permitted on stream %p, which is "
                         "capturing (the capture is invalidated)",
                         what, (void *)s);
}

/* Calls |fn| for each running capture of |dev| (any if NULL) with the
 * process lock held; stops at the first that returns true. */
static cpu_capture *find(cpu_device *dev, bool (*fn)(cpu_capture *, void *),
                         void *ctx) {
  cpu_capture *hit = NULL;
  pthread_mutex_lock(&captures_lock);
  for (cpu_capture *c = active; c && !hit; c = c->next_free)
    if ((!dev || c->dev == dev) && fn(c, ctx))
      hit = c;
  pthread_mutex_unlock(&captures_lock);
  return hit;
}

/* Whether a blocking stream captures in |c|; it is then invalidated if
 * |*(const bool *)invalidate|. */
static bool has_blocking_member(cpu_capture *c, void *invalidate) {
  bool any = false;
  pthread_mutex_lock(&c->lock);
  for (cpu_stream *s = c->members; s && !any; s = s->cap_next)
    any = stream_blocking(s);
  if (any && *(const bool *)invalidate)
    c->invalidated = true;
  pthread_mutex_unlock(&c->lock);
  return any;
}

infinirtError_t infinirt_cpu_capture_legacy_check(cpu_device *dev) {
  if (__builtin_expect(
          atomic_load_explicit(&nactive, memory_order_relaxed) == 0, 1))
    return infinirtSuccess;
  bool invalidate = true;
  if (!find(dev, has_blocking_member, &invalidate))
    return infinirtSuccess;
  return infinirt_detail(infinirtErrorStreamCaptureImplicit,
                         "the legacy stream of cpu device %d would wait for a "
                         "capturing stream (the capture is invalidated)",
                         dev->ordinal);
}

static bool forbids(cpu_capture *c, void *ctx) {
  enum infinirtStreamCaptureMode mine = *(enum infinirtStreamCaptureMode *)ctx;
  bool own = c->thread == me();
  bool hit = (own && c->mode != infinirtStreamCaptureModeRelaxed) ||
             (!own && mine == infinirtStreamCaptureModeGlobal &&
              c->mode == infinirtStreamCaptureModeGlobal);
  if (hit)
    invalidate(c);
  return hit;
}

infinirtError_t infinirt_cpu_capture_unsafe_check(const char *what) {
  if (__builtin_expect(
          atomic_load_explicit(&nactive, memory_order_relaxed) == 0, 1))
    return infinirtSuccess;
  enum infinirtStreamCaptureMode mine = infinirt_thread_capture_mode();
  if (mine == infinirtStreamCaptureModeRelaxed || !find(NULL, forbids, &mine))
    return infinirtSuccess;
  return infinirt_detail(infinirtErrorStreamCaptureUnsupported,
                         "%s could wait for captured work, which the running "
                         "capture's mode forbids in this thread (the capture "
                         "is invalidated; infinirtThreadExchangeStreamCapture"
                         "Mode with Relaxed permits it)",
                         what);
}

static bool any_capture(cpu_capture *c, void *ctx) {
  (void)ctx;
  invalidate(c);
  return true;
}

infinirtError_t infinirt_cpu_capture_device_check(cpu_device *dev) {
  if (__builtin_expect(
          atomic_load_explicit(&nactive, memory_order_relaxed) == 0, 1))
    return infinirtSuccess;
  if (!find(dev, any_capture, NULL))
    return infinirtSuccess;
  return infinirt_detail(infinirtErrorStreamCaptureUnsupported,
                         "cpu device %d has a stream capturing: it cannot be "
                         "synchronized (the capture is invalidated)",
                         dev->ordinal);
}

/* ---- events -------------------------------------------------------------- */

void infinirt_cpu_event_forget_capture(cpu_event *ev) {
  if (atomic_load_explicit(&ev->cap, memory_order_relaxed))
    atomic_store(&ev->cap, NULL);
}

/* The running capture |ev| was last recorded in, locked; or NULL. */
static cpu_capture *event_capture(cpu_event *ev) {
  cpu_capture *c = atomic_load(&ev->cap);
  if (!c)
    return NULL;
  pthread_mutex_lock(&c->lock);
  if (c->id == ev->cap_id && c->graph)
    return c;
  pthread_mutex_unlock(&c->lock);
  return NULL;
}

bool infinirt_cpu_capture_record(cpu_event *ev, cpu_stream *s, unsigned flags,
                                 infinirtError_t *err) {
  if (!infinirt_cpu_capturing(s)) {
    infinirt_cpu_event_forget_capture(ev);
    return false;
  }
  cpu_capture *c = lock_valid(s, err);
  if (!c)
    return true;
  if (ev->ipc) {
    pthread_mutex_unlock(&c->lock);
    *err = infinirt_cpu_capture_refuse(s, infinirtErrorStreamCaptureUnsupported,
                                       "recording an interprocess event");
    return true;
  }
  if (flags & infinirtEventRecordExternal) {
    cpu_gnode *n = NULL;
    if ((*err = record_node(c, s, infinirtGraphNodeTypeEventRecord, 1, &n)) ==
        infinirtSuccess) {
      infinirt_cpu_gp(n->cmd)->grecord.event = ev;
      n->cmd->cmd.op = CPU_OP_GRECORD;
      n->aux->event = ev;
    }
    pthread_mutex_unlock(&c->lock);
    return true;
  }
  cpu_gnode **nodes =
      s->cap_ndeps ? malloc(s->cap_ndeps * sizeof *nodes) : NULL;
  if (s->cap_ndeps && !nodes) {
    pthread_mutex_unlock(&c->lock);
    *err = infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to record an event in a capture");
    return true;
  }
  if (s->cap_ndeps)
    memcpy(nodes, s->cap_deps, s->cap_ndeps * sizeof *nodes);
  free(ev->cap_nodes);
  ev->cap_nodes = nodes;
  ev->cap_n = s->cap_ndeps;
  ev->cap_id = c->id;
  atomic_store(&ev->cap, c);
  pthread_mutex_unlock(&c->lock);
  *err = infinirtSuccess;
  return true;
}

bool infinirt_cpu_capture_event_busy(cpu_event *ev, infinirtError_t *err) {
  if (!atomic_load_explicit(&ev->cap, memory_order_relaxed)) {
    /* An ordinary event: waiting for or querying it is potentially unsafe. */
    *err = infinirt_cpu_capture_unsafe_check("querying an event");
    return *err != infinirtSuccess;
  }
  cpu_capture *c = event_capture(ev);
  if (!c) {
    *err = infinirt_cpu_capture_unsafe_check("querying an event");
    return *err != infinirtSuccess;
  }
  c->invalidated = true; /* as on the H200 */
  pthread_mutex_unlock(&c->lock);
  *err = infinirt_detail(infinirtErrorCapturedEvent,
                         "event %p was last recorded in a capture, which is "
                         "still running",
                         (void *)ev);
  return true;
}

bool infinirt_cpu_capture_wait(cpu_stream *s, cpu_event *ev, unsigned flags,
                               infinirtError_t *err) {
  bool capturing = infinirt_cpu_capturing(s);
  bool captured = atomic_load_explicit(&ev->cap, memory_order_relaxed);
  if (!capturing && !captured)
    return false;
  cpu_capture *ec = captured ? event_capture(ev) : NULL;
  if (ec) {
    cpu_capture *sc = atomic_load(&s->capture);
    *err = infinirtSuccess;
    if (sc == ec) { /* a join */
      if (ec->invalidated)
        *err = infinirt_detail(infinirtErrorStreamCaptureInvalidated,
                               "the capture was invalidated");
      else if (!deps_add(s, ev->cap_nodes, ev->cap_n))
        *err = infinirt_detail(infinirtErrorMemoryAllocation,
                               "no memory to capture");
    } else if (!sc) { /* a fork: |s| joins the capture */
      if (!deps_set(s, ev->cap_nodes, ev->cap_n))
        *err = infinirt_detail(infinirtErrorMemoryAllocation,
                               "no memory to capture");
      else
        join(ec, s);
    } else {
      ec->invalidated = true;
      pthread_mutex_unlock(&ec->lock);
      *err = infinirt_cpu_capture_refuse(
          s, infinirtErrorStreamCaptureMerge,
          "waiting for an event of another capture");
      return true;
    }
    pthread_mutex_unlock(&ec->lock);
    return true;
  }
  if (!capturing)
    return false; /* an event of a capture that ended: an ordinary wait */
  cpu_capture *c = lock_valid(s, err);
  if (!c)
    return true;
  if (flags & infinirtEventWaitExternal) {
    cpu_gnode *n = NULL;
    if ((*err = record_node(c, s, infinirtGraphNodeTypeWaitEvent, 1, &n)) ==
        infinirtSuccess) {
      infinirt_cpu_gp(n->cmd)->gwait.event = ev;
      n->cmd->cmd.op = CPU_OP_GWAIT;
      n->aux->event = ev;
    }
    pthread_mutex_unlock(&c->lock);
    return true;
  }
  pthread_mutex_unlock(&c->lock);
  cpu_dep dep;
  uint64_t gen;
  if (!infinirt_cpu_event_read(ev, &dep, &gen, NULL)) {
    *err = infinirtSuccess; /* never recorded: nothing to wait for */
    return true;
  }
  *err = infinirt_cpu_capture_refuse(s, infinirtErrorStreamCaptureIsolation,
                                     "waiting for an event recorded outside "
                                     "the capture (without "
                                     "infinirtEventWaitExternal)");
  return true;
}

/* ---- memory and graphs ------------------------------------------------- */

infinirtError_t infinirt_cpu_capture_malloc(cpu_stream *s, size_t size,
                                            void **out) {
  if (size == 0) {
    *out = NULL;
    return infinirtSuccess;
  }
  infinirtError_t err = infinirtSuccess;
  cpu_capture *c = lock_valid(s, &err);
  if (!c)
    return err;
  cpu_gmem *m = NULL;
  cpu_gnode *n = NULL;
  if ((err = infinirt_cpu_gmem_new(s->dev->ordinal, size, &m)) ==
      infinirtSuccess) {
    if ((err = record_node(c, s, infinirtGraphNodeTypeMemAlloc, 1, &n)) ==
        infinirtSuccess) {
      n->aux->mem = m;
      infinirt_cpu_gp(n->cmd)->gmem.mem = m;
      n->cmd->cmd.op = CPU_OP_GALLOC;
      *out = (void *)m->alloc.start;
    } else {
      infinirt_cpu_gmem_put(m);
    }
  }
  pthread_mutex_unlock(&c->lock);
  return err;
}

infinirtError_t infinirt_cpu_capture_free(cpu_stream *s, void *p) {
  cpu_gmem *m = infinirt_cpu_gmem_find(p);
  if (!m)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "%p is no graph allocation: a capture frees only "
                           "what graphs allocate",
                           p);
  infinirtError_t err = infinirtSuccess;
  cpu_capture *c = lock_valid(s, &err);
  if (c) {
    cpu_gnode *n = NULL;
    if ((err = record_node(c, s, infinirtGraphNodeTypeMemFree, 1, &n)) ==
        infinirtSuccess) {
      n->aux->mem = m;
      m = NULL; /* the node keeps find()'s reference */
      infinirt_cpu_gp(n->cmd)->gmem.mem = n->aux->mem;
      n->cmd->cmd.op = CPU_OP_GFREE;
    }
    pthread_mutex_unlock(&c->lock);
  }
  if (m)
    infinirt_cpu_gmem_put(m);
  return err;
}

/* ---- state ------------------------------------------------------------- */

/* Asking the legacy stream while a blocking stream captures: Implicit, and
 * (as on the H200) the capture goes on. */
static bool legacy_implicit(cpu_stream *s, infinirtError_t *err) {
  if (!s->legacy || atomic_load_explicit(&nactive, memory_order_relaxed) == 0 ||
      !find(s->dev, has_blocking_member, &(bool){false}))
    return false;
  *err = infinirt_detail(infinirtErrorStreamCaptureImplicit,
                         "the legacy stream of cpu device %d synchronizes with "
                         "a capturing stream",
                         s->dev->ordinal);
  return true;
}

infinirtError_t
infinirt_cpu_StreamIsCapturing(infinirtStream_t stream,
                               enum infinirtStreamCaptureStatus *status) {
  return infinirt_cpu_StreamGetCaptureInfo(stream, status, NULL, NULL, NULL,
                                           NULL, NULL);
}

infinirtError_t infinirt_cpu_StreamGetCaptureInfo(
    infinirtStream_t stream, enum infinirtStreamCaptureStatus *status,
    unsigned long long *id_out, infinirtGraph_t *graph_out,
    const infinirtGraphNode_t **dependencies_out,
    const infinirtGraphEdgeData **edgeData_out, size_t *numDependencies_out) {
  infinirtError_t err = infinirtSuccess;
  cpu_stream *s = infinirt_cpu_stream_arg(stream, &err);
  if (!s)
    return err;
  if (legacy_implicit(s, &err))
    return err;
  cpu_capture *c = atomic_load(&s->capture);
  if (c)
    pthread_mutex_lock(&c->lock);
  if (!c || !c->graph) {
    if (c)
      pthread_mutex_unlock(&c->lock);
    *status = infinirtStreamCaptureStatusNone;
    return infinirtSuccess;
  }
  *status = c->invalidated ? infinirtStreamCaptureStatusInvalidated
                           : infinirtStreamCaptureStatusActive;
  if (id_out)
    *id_out = c->id;
  if (graph_out)
    *graph_out = (infinirtGraph_t)c->graph;
  if (dependencies_out)
    *dependencies_out = (const infinirtGraphNode_t *)s->cap_deps;
  if (edgeData_out) {
    /* Default edges, as many as the dependencies (CUDA gives an array). */
    if (s->cap_edges_size < s->cap_ndeps) {
      infinirtGraphEdgeData *e =
          realloc(s->cap_edges, s->cap_ndeps * sizeof *e);
      if (!e) {
        pthread_mutex_unlock(&c->lock);
        return infinirt_detail(infinirtErrorMemoryAllocation,
                               "no memory for the capture's edge data");
      }
      s->cap_edges = e;
      s->cap_edges_size = s->cap_ndeps;
    }
    if (s->cap_ndeps)
      memset(s->cap_edges, 0, s->cap_ndeps * sizeof *s->cap_edges);
    *edgeData_out = s->cap_edges;
  }
  if (numDependencies_out)
    *numDependencies_out = s->cap_ndeps;
  pthread_mutex_unlock(&c->lock);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_StreamUpdateCaptureDependencies(
    infinirtStream_t stream, infinirtGraphNode_t *dependencies,
    const infinirtGraphEdgeData *dependencyData, size_t numDependencies,
    unsigned int flags) {
  (void)dependencyData;
  infinirtError_t err = infinirtSuccess;
  cpu_stream *s = infinirt_cpu_stream_arg(stream, &err);
  if (!s)
    return err;
  cpu_capture *c = atomic_load(&s->capture);
  if (!c)
    return infinirt_detail(infinirtErrorIllegalState,
                           "stream %p is not capturing", (void *)s);
  pthread_mutex_lock(&c->lock);
  for (size_t i = 0; i < numDependencies; i++)
    if (((cpu_gnode *)dependencies[i])->graph != c->graph) {
      pthread_mutex_unlock(&c->lock);
      return infinirt_detail(infinirtErrorInvalidValue,
                             "dependencies[%zu] is not a node of the "
                             "capture's graph",
                             i);
    }
  cpu_gnode *const *d = (cpu_gnode *const *)dependencies;
  bool ok = flags & infinirtStreamSetCaptureDependencies
                ? deps_set(s, d, numDependencies)
                : deps_add(s, d, numDependencies);
  pthread_mutex_unlock(&c->lock);
  return ok ? infinirtSuccess
            : infinirt_detail(infinirtErrorMemoryAllocation,
                              "no memory for capture dependencies");
}

void infinirt_cpu_capture_stream_gone(cpu_stream *s) {
  cpu_capture *c = atomic_load(&s->capture);
  if (!c)
    return;
  pthread_mutex_lock(&c->lock);
  c->invalidated = true;
  for (cpu_stream **pp = &c->members; *pp; pp = &(*pp)->cap_next)
    if (*pp == s) {
      *pp = s->cap_next;
      break;
    }
  atomic_store(&s->capture, NULL);
  s->cap_ndeps = 0;
  bool origin = c->origin == s;
  pthread_mutex_unlock(&c->lock);
  if (origin) { /* nobody can end it now */
    pthread_mutex_lock(&c->lock);
    cpu_graph *g = c->graph;
    bool own = c->own_graph;
    finish(c);
    if (own) {
      infinirt_handle_unregister(&g->h);
      infinirt_cpu_graph_free(g);
    }
  }
}
