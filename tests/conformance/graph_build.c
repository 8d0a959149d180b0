/* graph_build.c - graphs built node by node and launched, with the data
 * checked: memset, memcpy, host, empty and kernel nodes, chains, diamonds,
 * wide layered DAGs (every edge checked against the order the nodes ran
 * in), child graphs, event nodes and memory nodes. Bad arguments:
 * bad_calls.def. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "graph_util.h"

enum { N = 4096 };

/* A host node that copies what a host buffer holds when it runs. */
typedef struct snapshot {
  const unsigned char *src;
  unsigned char seen[N];
  atomic_int runs;
} snapshot;

static void snapshot_fn(void *arg) {
  snapshot *s = arg;
  memcpy(s->seen, s->src, N);
  atomic_fetch_add(&s->runs, 1);
}

CONF_TEST(graph, memset_copy_host_empty_chain) {
  unsigned char *d = NULL, *h = NULL;
  infinirtGraph_t g = NULL;
  infinirtStream_t s = NULL;
  static snapshot snap;
  memset(&snap, 0, sizeof snap);
  if (!EXPECT_OK(infinirtMalloc((void **)&d, N)) ||
      !EXPECT_OK(infinirtMallocHost((void **)&h, N)) ||
      !EXPECT_OK(infinirtStreamCreate(&s)) ||
      !EXPECT_OK(infinirtMemset(d, 0, N)) ||
      !EXPECT_OK(infinirtGraphCreate(&g, 0)))
    goto out;
  memset(h, 0x11, N);
  snap.src = h;
  infinirtGraphNode_t a = gt_memset(g, NULL, 0, d, 0x5a, N);
  infinirtGraphNode_t b = a ? gt_copy(g, &a, 1, h, d, N) : NULL;
  infinirtGraphNode_t c = b ? gt_host(g, &b, 1, snapshot_fn, &snap) : NULL;
  infinirtGraphNode_t e = c ? gt_empty(g, &c, 1) : NULL;
  if (!e)
    goto out;
  EXPECT_EQ(gt_node_count(g), 4);
  EXPECT_EQ(gt_edge_count(g), 3);
  EXPECT_EQ(gt_root_count(g), 1);
  /* Building runs nothing. */
  EXPECT_EQ(conf_first_not(h, N, 0x11), N);
  EXPECT_EQ(atomic_load(&snap.runs), 0);
  if (!gt_run_once(g, s))
    goto out;
  EXPECT_EQ(conf_first_not(h, N, 0x5a), N);
  EXPECT_EQ(atomic_load(&snap.runs), 1);
  /* The host node ran after the copy had completed. */
  EXPECT_EQ(conf_first_not(snap.seen, N, 0x5a), N);
out:
  if (g)
    EXPECT_OK(infinirtGraphDestroy(g));
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
  if (h)
    EXPECT_OK(infinirtFreeHost(h));
  if (d)
    EXPECT_OK(infinirtFree(d));
}

/* Memset nodes of 2- and 4-byte elements over rows of a pitched region:
 * the bytes between the rows' ends and the pitch are left alone. */
CONF_TEST(graph, memset_node_2d_element_sizes) {
  enum { PITCH = 256, ROWS = 4 };
  unsigned char *d = NULL, h[PITCH * ROWS];
  infinirtGraph_t g = NULL;
  if (!EXPECT_OK(infinirtMalloc((void **)&d, sizeof h)) ||
      !EXPECT_OK(infinirtMemset(d, 0xee, sizeof h)) ||
      !EXPECT_OK(infinirtGraphCreate(&g, 0)))
    goto out;
  /* Rows 0-1: 16 uint32 each; rows 2-3: 8 uint16 each. */
  struct infinirtMemsetParams p4 = {d, PITCH, 0x01020304u, 4, 16, 2};
  struct infinirtMemsetParams p2 = {d + 2 * PITCH, PITCH, 0xabcdu, 2, 8, 2};
  infinirtGraphNode_t a, b;
  if (!EXPECT_OK(infinirtGraphAddMemsetNode(&a, g, NULL, 0, &p4)) ||
      !EXPECT_OK(infinirtGraphAddMemsetNode(&b, g, NULL, 0, &p2)) ||
      !gt_run_once(g, NULL) || !gt_read(h, d, sizeof h))
    goto out;
  for (int r = 0; r < ROWS; r++) {
    const unsigned char *row = h + r * PITCH;
    size_t set = r < 2 ? 64 : 16;
    bool ok = true;
    for (size_t i = 0; i < set; i += r < 2 ? 4 : 2) {
      if (r < 2) {
        uint32_t v;
        memcpy(&v, row + i, 4);
        ok &= v == 0x01020304u;
      } else {
        uint16_t v;
        memcpy(&v, row + i, 2);
        ok &= v == 0xabcd;
      }
    }
    EXPECT(ok);
    EXPECT_EQ(conf_first_not(row + set, PITCH - set, 0xee), PITCH - set);
  }
out:
  if (g)
    EXPECT_OK(infinirtGraphDestroy(g));
  if (d)
    EXPECT_OK(infinirtFree(d));
}

/* memset 41 -> kernel (+1) -> copy out: every int is 42. The node copies
 * the argument values when it is added. */
CONF_TEST(graph, kernel_node_between_memset_and_copy) {
  enum { INTS = 1000 };
  gt_kernel k;
  int *d = NULL, h[INTS];
  infinirtGraph_t g = NULL;
  if (!gt_kernel_load(&k))
    goto out;
  if (!EXPECT_OK(infinirtMalloc((void **)&d, sizeof h)) ||
      !EXPECT_OK(infinirtGraphCreate(&g, 0)))
    goto out;
  memset(h, 0, sizeof h);
  struct infinirtMemsetParams mp = {d, sizeof h, 41, 4, INTS, 1};
  infinirtGraphNode_t set, kern, copy;
  gt_add_one_args args;
  struct infinirtKernelNodeParams kp = gt_add_one_params(&k, &args, d, INTS);
  if (!EXPECT_OK(infinirtGraphAddMemsetNode(&set, g, NULL, 0, &mp)) ||
      !EXPECT_OK(infinirtGraphAddKernelNode(&kern, g, &set, 1, &kp)))
    goto out;
  /* Values changed after the add do not reach the node. */
  args.p = NULL;
  args.n = 0;
  kp.gridDim.x = 0;
  if (!(copy = gt_copy(g, &kern, 1, h, d, sizeof h)))
    goto out;
  EXPECT_EQ(gt_type(kern), infinirtGraphNodeTypeKernel);
  if (!gt_run_once(g, NULL))
    goto out;
  int bad = 0;
  for (int i = 0; i < INTS; i++)
    bad += h[i] != 42;
  EXPECT_EQ(bad, 0);
out:
  if (g)
    EXPECT_OK(infinirtGraphDestroy(g));
  if (d)
    EXPECT_OK(infinirtFree(d));
  gt_kernel_unload(&k);
}

/* A runs first, D last, B and C in between. */
CONF_TEST(graph, diamond_order) {
  conf_log log;
  conf_log_init(&log);
  conf_log_entry e[4];
  for (int i = 0; i < 4; i++)
    e[i] = (conf_log_entry){&log, i};
  infinirtGraph_t g;
  ASSERT_OK(infinirtGraphCreate(&g, 0));
  infinirtGraphNode_t a = gt_host(g, NULL, 0, conf_log_fn, &e[0]);
  infinirtGraphNode_t bc[2] = {a ? gt_host(g, &a, 1, conf_log_fn, &e[1]) : NULL,
                               a ? gt_host(g, &a, 1, conf_log_fn, &e[2])
                                 : NULL};
  infinirtGraphNode_t d =
      bc[0] && bc[1] ? gt_host(g, bc, 2, conf_log_fn, &e[3]) : NULL;
  if (d) {
    EXPECT_EQ(gt_edge_count(g), 4);
    EXPECT_EQ(gt_root_count(g), 1);
    for (int launch = 0; launch < 20; launch++) {
      conf_log_init(&log);
      if (!gt_run_once(g, NULL))
        break;
      EXPECT_EQ(atomic_load(&log.n), 4);
      EXPECT_EQ(atomic_load(&log.v[0]), 0);
      EXPECT_EQ(atomic_load(&log.v[3]), 3);
      int mid = atomic_load(&log.v[1]) + atomic_load(&log.v[2]);
      EXPECT_EQ(mid, 3);
    }
  }
  EXPECT_OK(infinirtGraphDestroy(g));
}

/* Each host node of a wide layered DAG takes a tick when it starts and
 * one when it ends: for every edge, the source ended before the target
 * started. */
enum { WIDTH = 8, LAYERS = 50, NODES = WIDTH * LAYERS };
typedef struct tick_node {
  atomic_int *clock;
  int start, end;
} tick_node;

static void tick_fn(void *arg) {
  tick_node *t = arg;
  t->start = atomic_fetch_add(t->clock, 1);
  /* a little work, so that concurrent nodes do overlap */
  volatile unsigned x = 0;
  for (int i = 0; i < 2000; i++)
    x = x + (unsigned)i;
  (void)x;
  t->end = atomic_fetch_add(t->clock, 1);
}

CONF_TEST(graph, wide_layered_dag_runs_every_node_after_its_dependencies) {
  static tick_node ticks[NODES];
  static infinirtGraphNode_t nodes[NODES];
  static infinirtGraphNode_t from[NODES * WIDTH], to[NODES * WIDTH];
  atomic_int clock;
  atomic_init(&clock, 0);
  infinirtGraph_t g;
  ASSERT_OK(infinirtGraphCreate(&g, 0));
  unsigned seed = 12345;
  size_t nedges = 0;
  bool built = true;
  for (int l = 0; l < LAYERS && built; l++) {
    for (int w = 0; w < WIDTH && built; w++) {
      infinirtGraphNode_t deps[WIDTH];
      size_t nd = 0;
      if (l > 0) {
        /* a pseudo-random non-empty subset of the layer above */
        seed = seed * 1103515245u + 12345u;
        unsigned mask = (seed >> 8) & ((1u << WIDTH) - 1);
        if (!mask)
          mask = 1u << w;
        for (int j = 0; j < WIDTH; j++)
          if (mask & (1u << j))
            deps[nd++] = nodes[(l - 1) * WIDTH + j];
      }
      tick_node *t = &ticks[l * WIDTH + w];
      t->clock = &clock;
      t->start = t->end = -1;
      nodes[l * WIDTH + w] = gt_host(g, deps, nd, tick_fn, t);
      built = nodes[l * WIDTH + w] != NULL;
      nedges += nd;
    }
  }
  if (!built)
    goto out;
  EXPECT_EQ(gt_node_count(g), NODES);
  EXPECT_EQ(gt_root_count(g), WIDTH);
  size_t n = sizeof from / sizeof from[0];
  if (!EXPECT_OK(infinirtGraphGetEdges(g, from, to, NULL, &n)) ||
      !EXPECT_EQ(n, nedges))
    goto out;
  for (int launch = 0; launch < 3; launch++) {
    for (int i = 0; i < NODES; i++)
      ticks[i].start = ticks[i].end = -1;
    if (!gt_run_once(g, NULL))
      break;
    int late = 0, unrun = 0;
    for (int i = 0; i < NODES; i++)
      unrun += ticks[i].end < 0;
    for (size_t e = 0; e < n; e++) {
      int a = -1, b = -1;
      for (int i = 0; i < NODES; i++) {
        if (nodes[i] == from[e])
          a = i;
        if (nodes[i] == to[e])
          b = i;
      }
      if (a < 0 || b < 0 || ticks[a].end >= ticks[b].start)
        late++;
    }
    EXPECT_EQ(unrun, 0);
    EXPECT_EQ(late, 0);
  }
out:
  EXPECT_OK(infinirtGraphDestroy(g));
}

/* Graphs whose creation order is not a run order: a node made later that
 * an earlier one depends on (AddDependencies backwards), and a chain made
 * before the independent nodes that precede its middle. Instantiation
 * orders them by their edges; every edge is checked against the ticks. */
CONF_TEST(graph, nodes_made_out_of_order_run_in_dependency_order) {
  enum { M = 6 };
  static tick_node ticks[M];
  atomic_int clock;
  atomic_init(&clock, 0);
  infinirtGraph_t g;
  ASSERT_OK(infinirtGraphCreate(&g, 0));
  infinirtGraphNode_t n[M];
  bool built = true;
  for (int i = 0; i < M && built; i++) {
    ticks[i].clock = &clock;
    /* 0 -> 1 -> 2 as made; 3, 4, 5 roots for now */
    infinirtGraphNode_t *dep = i == 1 || i == 2 ? &n[i - 1] : NULL;
    built = (n[i] = gt_host(g, dep, dep ? 1 : 0, tick_fn, &ticks[i])) != NULL;
  }
  if (!built)
    goto out;
  /* 5 -> 0 (backwards), 4 -> 2, 3 -> 5: 3 -> 5 -> 0 -> 1 -> 2, 4 -> 2. */
  infinirtGraphNode_t from[] = {n[5], n[4], n[3]}, to[] = {n[0], n[2], n[5]};
  if (!EXPECT_OK(infinirtGraphAddDependencies(g, from, to, NULL, 3)))
    goto out;
  const int edges[][2] = {{0, 1}, {1, 2}, {5, 0}, {4, 2}, {3, 5}};
  for (int launch = 0; launch < 3; launch++) {
    for (int i = 0; i < M; i++)
      ticks[i].start = ticks[i].end = -1;
    if (!gt_run_once(g, NULL))
      break;
    for (int i = 0; i < M; i++)
      EXPECT(ticks[i].end >= 0);
    for (size_t e = 0; e < sizeof edges / sizeof edges[0]; e++)
      EXPECT(ticks[edges[e][0]].end < ticks[edges[e][1]].start);
  }
  /* A cycle made the same way is refused. */
  if (EXPECT_OK(infinirtGraphAddDependencies(g, &n[2], &n[3], NULL, 1))) {
    infinirtGraphExec_t x = NULL;
    EXPECT_ERR(infinirtErrorInvalidValue, infinirtGraphInstantiate(&x, g, 0));
  }
out:
  EXPECT_OK(infinirtGraphDestroy(g));
}

/* A child graph node runs a copy of the child taken when it was added. */
CONF_TEST(graph, child_graph_is_copied_when_added) {
  atomic_int first, later;
  atomic_init(&first, 0);
  atomic_init(&later, 0);
  infinirtGraph_t child = NULL, parent = NULL, inner = NULL;
  infinirtGraphNode_t c1, node = NULL;
  if (!EXPECT_OK(infinirtGraphCreate(&child, 0)) ||
      !EXPECT_OK(infinirtGraphCreate(&parent, 0)) ||
      !(c1 = gt_host(child, NULL, 0, conf_count_fn, &first)))
    goto out;
  infinirtGraphNode_t pre = gt_empty(parent, NULL, 0);
  if (!pre ||
      !EXPECT_OK(infinirtGraphAddChildGraphNode(&node, parent, &pre, 1, child)))
    goto out;
  /* Added to the child afterwards: not part of the node. */
  if (!gt_host(child, &c1, 1, conf_count_fn, &later))
    goto out;
  EXPECT_EQ(gt_type(node), infinirtGraphNodeTypeGraph);
  if (EXPECT_OK(infinirtGraphChildGraphNodeGetGraph(node, &inner))) {
    EXPECT(inner != child);
    EXPECT_EQ(gt_node_count(inner), 1);
  }
  /* Destroying the original leaves the node's copy. */
  EXPECT_OK(infinirtGraphDestroy(child));
  child = NULL;
  if (gt_run_once(parent, NULL) && gt_run_once(parent, NULL)) {
    EXPECT_EQ(atomic_load(&first), 2);
    EXPECT_EQ(atomic_load(&later), 0);
  }
out:
  if (child)
    EXPECT_OK(infinirtGraphDestroy(child));
  if (parent)
    EXPECT_OK(infinirtGraphDestroy(parent));
}

/* An event record node records its event when it runs; an event wait node
 * holds its successors until the event's work is done. */
CONF_TEST(graph, event_record_and_wait_nodes) {
  unsigned char *d = NULL, h[64];
  infinirtStream_t s = NULL, other = NULL;
  infinirtEvent_t ev = NULL, done = NULL;
  infinirtGraph_t rec = NULL, wait = NULL;
  conf_gate gate;
  conf_gate_init(&gate);
  bool opened = false;
  if (!EXPECT_OK(infinirtMalloc((void **)&d, sizeof h)) ||
      !EXPECT_OK(infinirtMemset(d, 0, sizeof h)) ||
      !EXPECT_OK(
          infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking)) ||
      !EXPECT_OK(
          infinirtStreamCreateWithFlags(&other, infinirtStreamNonBlocking)) ||
      !EXPECT_OK(infinirtEventCreate(&ev)) ||
      !EXPECT_OK(infinirtEventCreate(&done)) ||
      !EXPECT_OK(infinirtGraphCreate(&rec, 0)) ||
      !EXPECT_OK(infinirtGraphCreate(&wait, 0)))
    goto out;
  /* record: memset, then record |done| */
  infinirtGraphNode_t m = gt_memset(rec, NULL, 0, d, 0x33, sizeof h), r;
  if (!m || !EXPECT_OK(infinirtGraphAddEventRecordNode(&r, rec, &m, 1, done)))
    goto out;
  EXPECT_EQ(gt_type(r), infinirtGraphNodeTypeEventRecord);
  if (!gt_run_once(rec, s))
    goto out;
  EXPECT_OK(infinirtEventQuery(done));
  if (!gt_read(h, d, sizeof h))
    goto out;
  EXPECT_EQ(conf_first_not(h, sizeof h, 0x33), sizeof h);

  /* wait: wait for |ev|, then memset */
  infinirtGraphNode_t w;
  if (!EXPECT_OK(infinirtGraphAddEventWaitNode(&w, wait, NULL, 0, ev)) ||
      !gt_memset(wait, &w, 1, d, 0x44, sizeof h))
    goto out;
  EXPECT_EQ(gt_type(w), infinirtGraphNodeTypeWaitEvent);
  infinirtGraphExec_t x;
  if (!EXPECT_OK(infinirtGraphInstantiate(&x, wait, 0)))
    goto out;
  if (EXPECT_OK(infinirtLaunchHostFunc(other, conf_gate_fn, &gate)) &&
      EXPECT_OK(infinirtEventRecord(ev, other)) &&
      EXPECT_OK(infinirtGraphLaunch(x, s))) {
    conf_sleep_ms(50);
    /* The wait node holds the launch while |other| is gated. */
    EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(s));
    conf_gate_open(&gate);
    opened = true;
    EXPECT_OK(infinirtStreamSynchronize(s));
    if (gt_read(h, d, sizeof h))
      EXPECT_EQ(conf_first_not(h, sizeof h, 0x44), sizeof h);
  }
  EXPECT_OK(infinirtGraphExecDestroy(x));
out:
  if (!opened)
    conf_gate_open(&gate);
  if (other)
    EXPECT_OK(infinirtStreamSynchronize(other));
  if (rec)
    EXPECT_OK(infinirtGraphDestroy(rec));
  if (wait)
    EXPECT_OK(infinirtGraphDestroy(wait));
  if (ev)
    EXPECT_OK(infinirtEventDestroy(ev));
  if (done)
    EXPECT_OK(infinirtEventDestroy(done));
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
  if (other)
    EXPECT_OK(infinirtStreamDestroy(other));
  if (d)
    EXPECT_OK(infinirtFree(d));
  EXPECT(!atomic_load(&gate.timed_out));
}

static struct infinirtMemAllocNodeParams alloc_params(size_t bytes) {
  struct infinirtMemAllocNodeParams p;
  memset(&p, 0, sizeof p);
  p.poolProps.allocType = infinirtMemAllocationTypePinned;
  p.poolProps.location.type = infinirtMemLocationTypeDevice;
  p.poolProps.location.id = 0;
  p.bytesize = bytes;
  return p;
}

/* alloc -> memset -> copy out -> free: the address is the same at every
 * launch and the data goes through it. */
CONF_TEST(graph, memory_nodes_fixed_address_across_launches) {
  unsigned char *h = NULL;
  infinirtGraph_t g = NULL;
  infinirtGraphExec_t x = NULL;
  if (!EXPECT_OK(infinirtMallocHost((void **)&h, N)) ||
      !EXPECT_OK(infinirtGraphCreate(&g, 0)))
    goto out;
  struct infinirtMemAllocNodeParams ap = alloc_params(N);
  infinirtGraphNode_t alloc, set, copy, fr;
  if (!EXPECT_OK(infinirtGraphAddMemAllocNode(&alloc, g, NULL, 0, &ap)))
    goto out;
  void *dptr = ap.dptr;
  if (!EXPECT(dptr != NULL))
    goto out;
  if (!(set = gt_memset(g, &alloc, 1, dptr, 0x77, N)) ||
      !(copy = gt_copy(g, &set, 1, h, dptr, N)) ||
      !EXPECT_OK(infinirtGraphAddMemFreeNode(&fr, g, &copy, 1, dptr)))
    goto out;
  EXPECT_EQ(gt_type(alloc), infinirtGraphNodeTypeMemAlloc);
  EXPECT_EQ(gt_type(fr), infinirtGraphNodeTypeMemFree);
  struct infinirtMemAllocNodeParams back;
  memset(&back, 0, sizeof back);
  if (EXPECT_OK(infinirtGraphMemAllocNodeGetParams(alloc, &back))) {
    EXPECT_PTR_EQ(back.dptr, dptr);
    EXPECT_EQ(back.bytesize, N);
    EXPECT_EQ(back.poolProps.location.type, infinirtMemLocationTypeDevice);
  }
  void *freed = NULL;
  if (EXPECT_OK(infinirtGraphMemFreeNodeGetParams(fr, &freed)))
    EXPECT_PTR_EQ(freed, dptr);
  if (!EXPECT_OK(infinirtGraphInstantiate(&x, g, 0)))
    goto out;
  for (int launch = 0; launch < 3; launch++) {
    memset(h, 0, N);
    if (!EXPECT_OK(infinirtGraphLaunch(x, NULL)) ||
        !EXPECT_OK(infinirtStreamSynchronize(NULL)))
      break;
    EXPECT_EQ(conf_first_not(h, N, 0x77), N);
    memset(&back, 0, sizeof back);
    if (EXPECT_OK(infinirtGraphMemAllocNodeGetParams(alloc, &back)))
      EXPECT_PTR_EQ(back.dptr, dptr);
  }
out:
  if (x)
    EXPECT_OK(infinirtGraphExecDestroy(x));
  if (g)
    EXPECT_OK(infinirtGraphDestroy(g));
  if (h)
    EXPECT_OK(infinirtFreeHost(h));
}

/* An allocation a launch leaves unfreed: the next launch is refused until
 * it is freed outside the graph; with AutoFreeOnLaunch it is not. */
CONF_TEST(graph, unfreed_allocation_blocks_the_next_launch) {
  unsigned char h[64];
  infinirtGraph_t g = NULL;
  infinirtGraphExec_t x = NULL, autofree = NULL;
  if (!EXPECT_OK(infinirtGraphCreate(&g, 0)))
    goto out;
  struct infinirtMemAllocNodeParams ap = alloc_params(sizeof h);
  infinirtGraphNode_t alloc;
  if (!EXPECT_OK(infinirtGraphAddMemAllocNode(&alloc, g, NULL, 0, &ap)) ||
      !gt_memset(g, &alloc, 1, ap.dptr, 0x21, sizeof h) ||
      !EXPECT_OK(infinirtGraphInstantiate(&x, g, 0)))
    goto out;
  if (!EXPECT_OK(infinirtGraphLaunch(x, NULL)) ||
      !EXPECT_OK(infinirtStreamSynchronize(NULL)))
    goto out;
  /* The allocation outlives the launch. */
  if (gt_read(h, ap.dptr, sizeof h))
    EXPECT_EQ(conf_first_not(h, sizeof h, 0x21), sizeof h);
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtGraphLaunch(x, NULL));
  if (!EXPECT_OK(infinirtFreeAsync(ap.dptr, NULL)) ||
      !EXPECT_OK(infinirtGraphLaunch(x, NULL)) ||
      !EXPECT_OK(infinirtFreeAsync(ap.dptr, NULL)) ||
      !EXPECT_OK(infinirtStreamSynchronize(NULL)))
    goto out;
  EXPECT_OK(infinirtGraphExecDestroy(x));
  x = NULL;
  /* A graph with memory nodes has one executable graph at a time. */
  if (!EXPECT_OK(infinirtGraphInstantiate(
          &autofree, g, infinirtGraphInstantiateFlagAutoFreeOnLaunch)))
    goto out;
  unsigned long long flags = 0;
  EXPECT_OK(infinirtGraphExecGetFlags(autofree, &flags));
  EXPECT_EQ(flags, infinirtGraphInstantiateFlagAutoFreeOnLaunch);
  for (int launch = 0; launch < 3; launch++)
    EXPECT_OK(infinirtGraphLaunch(autofree, NULL));
  EXPECT_OK(infinirtFreeAsync(ap.dptr, NULL));
  EXPECT_OK(infinirtStreamSynchronize(NULL));
out:
  if (x)
    EXPECT_OK(infinirtGraphExecDestroy(x));
  if (autofree)
    EXPECT_OK(infinirtGraphExecDestroy(autofree));
  if (g)
    EXPECT_OK(infinirtGraphDestroy(g));
}

/* A graph with memory nodes that has an executable graph cannot be
 * instantiated again. */
CONF_TEST(graph, memory_node_graph_has_one_exec) {
  infinirtGraph_t g;
  ASSERT_OK(infinirtGraphCreate(&g, 0));
  struct infinirtMemAllocNodeParams ap = alloc_params(256);
  infinirtGraphNode_t alloc, fr;
  infinirtGraphExec_t x = NULL, y = (infinirtGraphExec_t)&g;
  if (EXPECT_OK(infinirtGraphAddMemAllocNode(&alloc, g, NULL, 0, &ap)) &&
      EXPECT_OK(infinirtGraphAddMemFreeNode(&fr, g, &alloc, 1, ap.dptr)) &&
      EXPECT_OK(infinirtGraphInstantiate(&x, g, 0))) {
    /* CUDA: "will result in an error"; NotSupported as the H200 answers */
    EXPECT_ERR(infinirtErrorNotSupported, infinirtGraphInstantiate(&y, g, 0));
    EXPECT_PTR_EQ(y, &g);
    EXPECT_OK(infinirtGraphExecDestroy(x));
    /* Once it is gone, a new one can be made. */
    if (EXPECT_OK(infinirtGraphInstantiate(&x, g, 0)))
      EXPECT_OK(infinirtGraphExecDestroy(x));
  }
  EXPECT_OK(infinirtGraphDestroy(g));
}

/* A refused instantiation leaves the graph's own commands alone: a kernel
 * with arguments too big to keep inline after the memory node whose
 * second exec is refused, then the graph runs and is destroyed. */
CONF_TEST(graph, refused_instantiate_keeps_the_graph_intact) {
  gt_kernel k;
  if (!gt_kernel_load(&k))
    return;
  infinirtKernel_t big_fn = NULL;
  int *out = NULL;
  infinirtGraph_t g = NULL;
  infinirtGraphExec_t x = NULL, y = NULL;
  static struct { int v[64]; /* kt_big */ } big[5];
  int want = 0;
  for (int j = 0; j < 5; j++)
    for (int i = 0; i < 64; i++)
      want += big[j].v[i] = (i + j) % 7;
  if (!EXPECT_OK(infinirtLibraryGetKernel(&big_fn, k.lib, "kt_args_big")) ||
      !EXPECT_OK(infinirtMallocManaged((void **)&out, sizeof *out, 1)) ||
      !EXPECT_OK(infinirtGraphCreate(&g, 0)))
    goto out;
  struct infinirtMemAllocNodeParams ap = alloc_params(256);
  infinirtGraphNode_t alloc, kn, fr;
  void *args[] = {&big[0], &big[1], &big[2], &big[3], &big[4], &out};
  struct infinirtKernelNodeParams kp;
  memset(&kp, 0, sizeof kp);
  kp.func = (void *)big_fn;
  kp.gridDim = kp.blockDim = (infinirtDim3){1, 1, 1};
  kp.kernelParams = args;
  if (!EXPECT_OK(infinirtGraphAddMemAllocNode(&alloc, g, NULL, 0, &ap)) ||
      !EXPECT_OK(infinirtGraphAddKernelNode(&kn, g, &alloc, 1, &kp)) ||
      !EXPECT_OK(infinirtGraphAddMemFreeNode(&fr, g, &kn, 1, ap.dptr)) ||
      !EXPECT_OK(infinirtGraphInstantiate(&x, g, 0)))
    goto out;
  EXPECT_ERR(infinirtErrorNotSupported, infinirtGraphInstantiate(&y, g, 0));
  EXPECT_OK(infinirtGraphExecDestroy(x));
  x = NULL;
  *out = -1;
  if (EXPECT_OK(infinirtGraphInstantiate(&x, g, 0)) &&
      EXPECT_OK(infinirtGraphLaunch(x, NULL)) &&
      EXPECT_OK(infinirtStreamSynchronize(NULL)))
    EXPECT_EQ(*out, want);
out:
  if (x)
    EXPECT_OK(infinirtGraphExecDestroy(x));
  if (g)
    EXPECT_OK(infinirtGraphDestroy(g));
  if (out)
    EXPECT_OK(infinirtFree(out));
  gt_kernel_unload(&k);
}

/* The generic GraphAddNode makes the same nodes as the typed calls. */
CONF_TEST(graph, add_node_generic_parameters) {
  unsigned char *d = NULL, h[128];
  atomic_int count;
  atomic_init(&count, 0);
  infinirtGraph_t g = NULL;
  if (!EXPECT_OK(infinirtMalloc((void **)&d, sizeof h)) ||
      !EXPECT_OK(infinirtGraphCreate(&g, 0)))
    goto out;
  struct infinirtGraphNodeParams p;
  memset(&p, 0, sizeof p);
  p.type = infinirtGraphNodeTypeMemset;
  p.memset = (struct infinirtMemsetParamsV2){d, sizeof h, 0x66, 1, sizeof h, 1};
  infinirtGraphNode_t set, copy, host;
  if (!EXPECT_OK(infinirtGraphAddNode(&set, g, NULL, NULL, 0, &p)))
    goto out;
  memset(&p, 0, sizeof p);
  p.type = infinirtGraphNodeTypeMemcpy;
  p.memcpy.copyParams.srcPtr =
      make_infinirtPitchedPtr(d, sizeof h, sizeof h, 1);
  p.memcpy.copyParams.dstPtr =
      make_infinirtPitchedPtr(h, sizeof h, sizeof h, 1);
  p.memcpy.copyParams.extent = make_infinirtExtent(sizeof h, 1, 1);
  p.memcpy.copyParams.kind = infinirtMemcpyDefault;
  infinirtGraphEdgeData edge;
  memset(&edge, 0, sizeof edge);
  if (!EXPECT_OK(infinirtGraphAddNode(&copy, g, &set, &edge, 1, &p)))
    goto out;
  memset(&p, 0, sizeof p);
  p.type = infinirtGraphNodeTypeHost;
  p.host.fn = conf_count_fn;
  p.host.userData = &count;
  if (!EXPECT_OK(infinirtGraphAddNode(&host, g, &copy, NULL, 1, &p)))
    goto out;
  EXPECT_EQ(gt_type(set), infinirtGraphNodeTypeMemset);
  EXPECT_EQ(gt_type(copy), infinirtGraphNodeTypeMemcpy);
  EXPECT_EQ(gt_type(host), infinirtGraphNodeTypeHost);
  memset(h, 0, sizeof h);
  if (gt_run_once(g, NULL)) {
    EXPECT_EQ(conf_first_not(h, sizeof h, 0x66), sizeof h);
    EXPECT_EQ(atomic_load(&count), 1);
  }
out:
  if (g)
    EXPECT_OK(infinirtGraphDestroy(g));
  if (d)
    EXPECT_OK(infinirtFree(d));
}

/* An executable graph is a snapshot: nodes added to the graph afterwards
 * do not run. */
CONF_TEST(graph, exec_is_a_snapshot_of_the_graph) {
  atomic_int a, b;
  atomic_init(&a, 0);
  atomic_init(&b, 0);
  infinirtGraph_t g;
  infinirtGraphExec_t x;
  ASSERT_OK(infinirtGraphCreate(&g, 0));
  infinirtGraphNode_t n = gt_host(g, NULL, 0, conf_count_fn, &a);
  if (n && EXPECT_OK(infinirtGraphInstantiate(&x, g, 0))) {
    gt_host(g, &n, 1, conf_count_fn, &b);
    EXPECT_OK(infinirtGraphLaunch(x, NULL));
    EXPECT_OK(infinirtStreamSynchronize(NULL));
    EXPECT_EQ(atomic_load(&a), 1);
    EXPECT_EQ(atomic_load(&b), 0);
    EXPECT_OK(infinirtGraphExecDestroy(x));
  }
  EXPECT_OK(infinirtGraphDestroy(g));
}

/* The graph's SetParams (twice: the second finds the first's command) and
 * DestroyNode after instantiation change later instantiations only, also
 * once the graph is gone: an executable graph runs what its graph held
 * when it was made. And one exec's SetParams leave the graph and its other
 * execs alone. */
CONF_TEST(graph, graph_changes_after_instantiate_leave_the_exec_alone) {
  atomic_int a, b, c;
  atomic_init(&a, 0);
  atomic_init(&b, 0);
  atomic_init(&c, 0);
  unsigned char *d = NULL, h[N];
  infinirtGraph_t g = NULL;
  infinirtGraphExec_t x1 = NULL, x2 = NULL, x3 = NULL, x4 = NULL;
  if (!EXPECT_OK(infinirtMalloc((void **)&d, N)) ||
      !EXPECT_OK(infinirtGraphCreate(&g, 0)))
    goto out;
  infinirtGraphNode_t set = gt_memset(g, NULL, 0, d, 0x11, N);
  infinirtGraphNode_t host = set ? gt_host(g, &set, 1, conf_count_fn, &a) : 0;
  infinirtGraphNode_t gone = host ? gt_host(g, &host, 1, conf_count_fn, &b) : 0;
  infinirtGraphNode_t keep = gone ? gt_host(g, &host, 1, conf_count_fn, &c) : 0;
  if (!keep || !EXPECT_OK(infinirtGraphInstantiate(&x1, g, 0)))
    goto out;
  struct infinirtMemsetParams mp = {
      .dst = d, .value = 0x22, .elementSize = 1, .width = N, .height = 1};
  const struct infinirtHostNodeParams hp_b = {conf_count_fn, &b};
  if (!EXPECT_OK(infinirtGraphMemsetNodeSetParams(set, &mp)) ||
      !EXPECT_OK(infinirtGraphHostNodeSetParams(host, &hp_b)))
    goto out;
  mp.value = 0x33;
  if (!EXPECT_OK(infinirtGraphMemsetNodeSetParams(set, &mp)) ||
      !EXPECT_OK(infinirtGraphDestroyNode(gone)))
    goto out;
  /* x1: 0x11, each counter once. */
  if (!EXPECT_OK(infinirtGraphLaunch(x1, NULL)) ||
      !EXPECT_OK(infinirtStreamSynchronize(NULL)) || !gt_read(h, d, N))
    goto out;
  EXPECT_EQ(conf_first_not(h, N, 0x11), N);
  EXPECT_EQ(atomic_load(&a), 1);
  EXPECT_EQ(atomic_load(&b), 1);
  EXPECT_EQ(atomic_load(&c), 1);
  /* x2: 0x33, the host node counts b, the destroyed node is gone. */
  if (!EXPECT_OK(infinirtGraphInstantiate(&x2, g, 0)) ||
      !EXPECT_OK(infinirtGraphLaunch(x2, NULL)) ||
      !EXPECT_OK(infinirtStreamSynchronize(NULL)) || !gt_read(h, d, N))
    goto out;
  EXPECT_EQ(conf_first_not(h, N, 0x33), N);
  EXPECT_EQ(atomic_load(&a), 1);
  EXPECT_EQ(atomic_load(&b), 2);
  EXPECT_EQ(atomic_load(&c), 2);
  /* x3's SetParams of the unchanged node: x4 and the graph keep it. */
  const struct infinirtHostNodeParams hp_a = {conf_count_fn, &a};
  if (!EXPECT_OK(infinirtGraphInstantiate(&x3, g, 0)) ||
      !EXPECT_OK(infinirtGraphInstantiate(&x4, g, 0)) ||
      !EXPECT_OK(infinirtGraphExecHostNodeSetParams(x3, keep, &hp_a)) ||
      !EXPECT_OK(infinirtGraphLaunch(x4, NULL)) ||
      !EXPECT_OK(infinirtStreamSynchronize(NULL)))
    goto out;
  EXPECT_EQ(atomic_load(&a), 1);
  EXPECT_EQ(atomic_load(&b), 3);
  EXPECT_EQ(atomic_load(&c), 3);
  struct infinirtHostNodeParams got = {0};
  if (EXPECT_OK(infinirtGraphHostNodeGetParams(keep, &got)))
    EXPECT(got.userData == (void *)&c);
  /* x1 again, its graph destroyed. */
  EXPECT_OK(infinirtGraphDestroy(g));
  g = NULL;
  if (!EXPECT_OK(infinirtGraphLaunch(x1, NULL)) ||
      !EXPECT_OK(infinirtStreamSynchronize(NULL)) || !gt_read(h, d, N))
    goto out;
  EXPECT_EQ(conf_first_not(h, N, 0x11), N);
  EXPECT_EQ(atomic_load(&a), 2);
  EXPECT_EQ(atomic_load(&b), 4);
  EXPECT_EQ(atomic_load(&c), 4);
out:
  if (x1)
    EXPECT_OK(infinirtGraphExecDestroy(x1));
  if (x2)
    EXPECT_OK(infinirtGraphExecDestroy(x2));
  if (x3)
    EXPECT_OK(infinirtGraphExecDestroy(x3));
  if (x4)
    EXPECT_OK(infinirtGraphExecDestroy(x4));
  if (g)
    EXPECT_OK(infinirtGraphDestroy(g));
  if (d)
    EXPECT_OK(infinirtFree(d));
}
