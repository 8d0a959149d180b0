/* graph_exec.c - executable graphs: relaunching (1000 times, on several
 * streams, while the previous launch runs), launches of one executable
 * graph one at a time, the Exec*SetParams calls, GraphExecUpdate, enabling
 * and disabling nodes, and destroying a graph or an executable graph while
 * a launch waits, and DeviceReset ending executable graphs. */
#include <string.h>

#include "graph_util.h"

enum { N = 1024 };

CONF_TEST(graph, relaunch_1000_times) {
  atomic_int count;
  atomic_init(&count, 0);
  infinirtGraph_t g;
  infinirtGraphExec_t x;
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  ASSERT_OK(infinirtGraphCreate(&g, 0));
  if (gt_host(g, NULL, 0, conf_count_fn, &count) &&
      EXPECT_OK(infinirtGraphInstantiate(&x, g, 0))) {
    int launched = 0;
    while (launched < 1000 && infinirtGraphLaunch(x, s) == infinirtSuccess)
      launched++;
    EXPECT_EQ(launched, 1000);
    EXPECT_OK(infinirtStreamSynchronize(s));
    EXPECT_EQ(atomic_load(&count), 1000);
    EXPECT_OK(infinirtGraphExecDestroy(x));
  }
  EXPECT_OK(infinirtGraphDestroy(g));
  EXPECT_OK(infinirtStreamDestroy(s));
}

/* Launches of one executable graph into four streams run one at a time:
 * its host node never finds another call of itself inside. */
CONF_TEST(graph, launches_on_several_streams_do_not_overlap) {
  enum { STREAMS = 4, LAUNCHES = 40 };
  gt_exclusive ex;
  atomic_init(&ex.inside, 0);
  atomic_init(&ex.overlaps, 0);
  atomic_init(&ex.calls, 0);
  ex.sleep_ms = 2;
  infinirtStream_t s[STREAMS] = {NULL};
  infinirtGraph_t g = NULL;
  infinirtGraphExec_t x = NULL;
  for (int i = 0; i < STREAMS; i++)
    if (!EXPECT_OK(
            infinirtStreamCreateWithFlags(&s[i], infinirtStreamNonBlocking)))
      goto out;
  if (!EXPECT_OK(infinirtGraphCreate(&g, 0)) ||
      !gt_host(g, NULL, 0, gt_exclusive_fn, &ex) ||
      !EXPECT_OK(infinirtGraphInstantiate(&x, g, 0)))
    goto out;
  for (int i = 0; i < LAUNCHES; i++)
    if (!EXPECT_OK(infinirtGraphLaunch(x, s[i % STREAMS])))
      break;
  for (int i = 0; i < STREAMS; i++)
    EXPECT_OK(infinirtStreamSynchronize(s[i]));
  EXPECT_EQ(atomic_load(&ex.calls), LAUNCHES);
  EXPECT_EQ(atomic_load(&ex.overlaps), 0);
out:
  if (x)
    EXPECT_OK(infinirtGraphExecDestroy(x));
  if (g)
    EXPECT_OK(infinirtGraphDestroy(g));
  for (int i = 0; i < STREAMS; i++)
    if (s[i])
      EXPECT_OK(infinirtStreamDestroy(s[i]));
}

/* A second launch, on another stream, while the first waits at a gate:
 * it returns at once and runs after the first. */
CONF_TEST(graph, relaunch_while_the_previous_launch_runs) {
  conf_gate gate;
  conf_gate_init(&gate);
  atomic_int count;
  atomic_init(&count, 0);
  infinirtStream_t a = NULL, b = NULL;
  infinirtGraph_t g = NULL;
  infinirtGraphExec_t x = NULL;
  if (!EXPECT_OK(
          infinirtStreamCreateWithFlags(&a, infinirtStreamNonBlocking)) ||
      !EXPECT_OK(
          infinirtStreamCreateWithFlags(&b, infinirtStreamNonBlocking)) ||
      !EXPECT_OK(infinirtGraphCreate(&g, 0)))
    goto out;
  infinirtGraphNode_t wait = gt_host(g, NULL, 0, conf_gate_fn, &gate);
  if (!wait || !gt_host(g, &wait, 1, conf_count_fn, &count) ||
      !EXPECT_OK(infinirtGraphInstantiate(&x, g, 0)))
    goto out;
  if (EXPECT_OK(infinirtGraphLaunch(x, a)) &&
      EXPECT(conf_gate_wait_entered(&gate)) &&
      EXPECT_OK(infinirtGraphLaunch(x, b))) {
    conf_sleep_ms(50);
    EXPECT_EQ(atomic_load(&count), 0);
    /* The second launch waits for the first. */
    EXPECT_ERR(infinirtErrorNotReady, infinirtStreamQuery(b));
  }
  conf_gate_open(&gate);
  EXPECT_OK(infinirtStreamSynchronize(a));
  EXPECT_OK(infinirtStreamSynchronize(b));
  EXPECT_EQ(atomic_load(&count), 2);
out:
  conf_gate_open(&gate);
  if (x)
    EXPECT_OK(infinirtGraphExecDestroy(x));
  if (g)
    EXPECT_OK(infinirtGraphDestroy(g));
  if (a)
    EXPECT_OK(infinirtStreamDestroy(a));
  if (b)
    EXPECT_OK(infinirtStreamDestroy(b));
  EXPECT(!atomic_load(&gate.timed_out));
}

/* memset(value) -> copy(to host) -> host(count): changed through the
 * executable graph between two launches that wait at a gate, the first
 * launch keeps the old parameters and the second takes the new ones; the
 * graph keeps its own. */
CONF_TEST(graph, exec_set_params_change_later_launches_only) {
  unsigned char *d = NULL, *h1 = NULL, *h2 = NULL;
  atomic_int c1, c2;
  atomic_init(&c1, 0);
  atomic_init(&c2, 0);
  conf_gate gate;
  conf_gate_init(&gate);
  infinirtStream_t s = NULL;
  infinirtGraph_t g = NULL;
  infinirtGraphExec_t x = NULL, fresh = NULL;
  if (!EXPECT_OK(infinirtMalloc((void **)&d, N)) ||
      !EXPECT_OK(infinirtMallocHost((void **)&h1, N)) ||
      !EXPECT_OK(infinirtMallocHost((void **)&h2, N)) ||
      !EXPECT_OK(
          infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking)) ||
      !EXPECT_OK(infinirtGraphCreate(&g, 0)))
    goto out;
  memset(h1, 0, N);
  memset(h2, 0, N);
  infinirtGraphNode_t set = gt_memset(g, NULL, 0, d, 1, N);
  infinirtGraphNode_t copy = set ? gt_copy(g, &set, 1, h1, d, N) : NULL;
  infinirtGraphNode_t host =
      copy ? gt_host(g, &copy, 1, conf_count_fn, &c1) : NULL;
  if (!host || !EXPECT_OK(infinirtGraphInstantiate(&x, g, 0)))
    goto out;
  if (!EXPECT_OK(infinirtLaunchHostFunc(s, conf_gate_fn, &gate)) ||
      !EXPECT_OK(infinirtGraphLaunch(x, s)))
    goto out;
  struct infinirtMemsetParams two = {d, N, 2, 1, N, 1};
  struct infinirtHostNodeParams to_c2 = {conf_count_fn, &c2};
  EXPECT_OK(infinirtGraphExecMemsetNodeSetParams(x, set, &two));
  EXPECT_OK(infinirtGraphExecMemcpyNodeSetParams1D(x, copy, h2, d, N,
                                                   infinirtMemcpyDefault));
  EXPECT_OK(infinirtGraphExecHostNodeSetParams(x, host, &to_c2));
  EXPECT_OK(infinirtGraphLaunch(x, s));
  conf_gate_open(&gate);
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_EQ(conf_first_not(h1, N, 1), N);
  EXPECT_EQ(conf_first_not(h2, N, 2), N);
  EXPECT_EQ(atomic_load(&c1), 1);
  EXPECT_EQ(atomic_load(&c2), 1);
  /* The graph's nodes kept their parameters. */
  struct infinirtMemsetParams back;
  memset(&back, 0, sizeof back);
  if (EXPECT_OK(infinirtGraphMemsetNodeGetParams(set, &back)))
    EXPECT_EQ(back.value, 1);
  struct infinirtHostNodeParams hback = {NULL, NULL};
  if (EXPECT_OK(infinirtGraphHostNodeGetParams(host, &hback)))
    EXPECT_PTR_EQ(hback.userData, &c1);
  /* ... and a new executable graph of it has them too. */
  memset(h1, 0, N);
  if (EXPECT_OK(infinirtGraphInstantiate(&fresh, g, 0)) &&
      EXPECT_OK(infinirtGraphLaunch(fresh, s)) &&
      EXPECT_OK(infinirtStreamSynchronize(s))) {
    EXPECT_EQ(conf_first_not(h1, N, 1), N);
    EXPECT_EQ(atomic_load(&c1), 2);
  }
out:
  conf_gate_open(&gate);
  if (s)
    EXPECT_OK(infinirtStreamSynchronize(s));
  if (fresh)
    EXPECT_OK(infinirtGraphExecDestroy(fresh));
  if (x)
    EXPECT_OK(infinirtGraphExecDestroy(x));
  if (g)
    EXPECT_OK(infinirtGraphDestroy(g));
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
  if (h1)
    EXPECT_OK(infinirtFreeHost(h1));
  if (h2)
    EXPECT_OK(infinirtFreeHost(h2));
  if (d)
    EXPECT_OK(infinirtFree(d));
  EXPECT(!atomic_load(&gate.timed_out));
}

/* A kernel node pointed at another buffer through the executable graph. */
CONF_TEST(graph, exec_kernel_node_set_params) {
  enum { INTS = 256 };
  gt_kernel k;
  int *p1 = NULL, *p2 = NULL, h[INTS];
  infinirtGraph_t g = NULL;
  infinirtGraphExec_t x = NULL;
  if (!gt_kernel_load(&k))
    goto out;
  if (!EXPECT_OK(infinirtMalloc((void **)&p1, sizeof h)) ||
      !EXPECT_OK(infinirtMalloc((void **)&p2, sizeof h)) ||
      !EXPECT_OK(infinirtMemset(p1, 0, sizeof h)) ||
      !EXPECT_OK(infinirtMemset(p2, 0, sizeof h)) ||
      !EXPECT_OK(infinirtGraphCreate(&g, 0)))
    goto out;
  gt_add_one_args args;
  struct infinirtKernelNodeParams kp = gt_add_one_params(&k, &args, p1, INTS);
  infinirtGraphNode_t kern;
  if (!EXPECT_OK(infinirtGraphAddKernelNode(&kern, g, NULL, 0, &kp)) ||
      !EXPECT_OK(infinirtGraphInstantiate(&x, g, 0)) ||
      !EXPECT_OK(infinirtGraphLaunch(x, NULL)))
    goto out;
  /* p2, first half only */
  kp = gt_add_one_params(&k, &args, p2, INTS / 2);
  if (!EXPECT_OK(infinirtGraphExecKernelNodeSetParams(x, kern, &kp)) ||
      !EXPECT_OK(infinirtGraphLaunch(x, NULL)) ||
      !EXPECT_OK(infinirtGraphLaunch(x, NULL)) ||
      !EXPECT_OK(infinirtStreamSynchronize(NULL)))
    goto out;
  int bad = 0;
  if (gt_read(h, p1, sizeof h))
    for (int i = 0; i < INTS; i++)
      bad += h[i] != 1;
  if (gt_read(h, p2, sizeof h))
    for (int i = 0; i < INTS; i++)
      bad += h[i] != (i < INTS / 2 ? 2 : 0);
  EXPECT_EQ(bad, 0);
out:
  if (x)
    EXPECT_OK(infinirtGraphExecDestroy(x));
  if (g)
    EXPECT_OK(infinirtGraphDestroy(g));
  if (p1)
    EXPECT_OK(infinirtFree(p1));
  if (p2)
    EXPECT_OK(infinirtFree(p2));
  gt_kernel_unload(&k);
}

/* memset(d, value) -> copy(h <- d), as a graph of its own. */
static infinirtGraph_t set_and_copy(void *d, unsigned char value, void *h) {
  infinirtGraph_t g = NULL;
  if (!EXPECT_OK(infinirtGraphCreate(&g, 0)))
    return NULL;
  infinirtGraphNode_t set = gt_memset(g, NULL, 0, d, value, N);
  if (!set || !gt_copy(g, &set, 1, h, d, N)) {
    EXPECT_OK(infinirtGraphDestroy(g));
    return NULL;
  }
  return g;
}

CONF_TEST(graph, exec_update) {
  unsigned char *d = NULL, *h = NULL, *h2 = NULL;
  infinirtGraph_t g = NULL, same = NULL, more = NULL, other_type = NULL;
  infinirtGraphExec_t x = NULL;
  if (!EXPECT_OK(infinirtMalloc((void **)&d, N)) ||
      !EXPECT_OK(infinirtMallocHost((void **)&h, N)) ||
      !EXPECT_OK(infinirtMallocHost((void **)&h2, N)) ||
      !(g = set_and_copy(d, 1, h)) || !(same = set_and_copy(d, 3, h2)) ||
      !(more = set_and_copy(d, 5, h2)) ||
      !EXPECT_OK(infinirtGraphCreate(&other_type, 0)))
    goto out;
  /* more: a third node; other_type: a host node where the memset was */
  infinirtGraphNode_t host;
  if (!gt_empty(more, NULL, 0))
    goto out;
  atomic_int count;
  atomic_init(&count, 0);
  if (!(host = gt_host(other_type, NULL, 0, conf_count_fn, &count)) ||
      !gt_copy(other_type, &host, 1, h2, d, N))
    goto out;
  if (!EXPECT_OK(infinirtGraphInstantiate(&x, g, 0)))
    goto out;
  infinirtGraphExecUpdateResultInfo info;
  memset(&info, 0x5a, sizeof info);
  /* Changed topology: refused, nothing changes. */
  EXPECT_ERR(infinirtErrorGraphExecUpdateFailure,
             infinirtGraphExecUpdate(x, more, &info));
  EXPECT_EQ(info.result, infinirtGraphExecUpdateErrorTopologyChanged);
  EXPECT_PTR_EQ(info.errorNode, NULL);
  /* Changed node type. */
  memset(&info, 0x5a, sizeof info);
  EXPECT_ERR(infinirtErrorGraphExecUpdateFailure,
             infinirtGraphExecUpdate(x, other_type, &info));
  EXPECT_EQ(info.result, infinirtGraphExecUpdateErrorNodeTypeChanged);
  EXPECT_PTR_EQ(info.errorNode, host); /* the new graph's node */
  /* without resultInfo: the same refusal */
  EXPECT_ERR(infinirtErrorGraphExecUpdateFailure,
             infinirtGraphExecUpdate(x, other_type, NULL));
  memset(h, 0, N);
  memset(h2, 0, N);
  if (!EXPECT_OK(infinirtGraphLaunch(x, NULL)) ||
      !EXPECT_OK(infinirtStreamSynchronize(NULL)))
    goto out;
  EXPECT_EQ(conf_first_not(h, N, 1), N);
  EXPECT_EQ(conf_first_not(h2, N, 0), N);
  EXPECT_EQ(atomic_load(&count), 0);
  /* Same topology, new parameters: taken. */
  memset(&info, 0x5a, sizeof info);
  EXPECT_OK(infinirtGraphExecUpdate(x, same, &info));
  EXPECT_EQ(info.result, infinirtGraphExecUpdateSuccess);
  memset(h, 0, N);
  if (!EXPECT_OK(infinirtGraphLaunch(x, NULL)) ||
      !EXPECT_OK(infinirtStreamSynchronize(NULL)))
    goto out;
  EXPECT_EQ(conf_first_not(h, N, 0), N);
  EXPECT_EQ(conf_first_not(h2, N, 3), N);
  /* The update copied the parameters: |same| may go. */
  EXPECT_OK(infinirtGraphDestroy(same));
  same = NULL;
  memset(h2, 0, N);
  if (EXPECT_OK(infinirtGraphLaunch(x, NULL)) &&
      EXPECT_OK(infinirtStreamSynchronize(NULL)))
    EXPECT_EQ(conf_first_not(h2, N, 3), N);
out:
  if (x)
    EXPECT_OK(infinirtGraphExecDestroy(x));
  infinirtGraph_t all[] = {g, same, more, other_type};
  for (int i = 0; i < 4; i++)
    if (all[i])
      EXPECT_OK(infinirtGraphDestroy(all[i]));
  if (h)
    EXPECT_OK(infinirtFreeHost(h));
  if (h2)
    EXPECT_OK(infinirtFreeHost(h2));
  if (d)
    EXPECT_OK(infinirtFree(d));
}

/* A disabled memset node does nothing; its dependents still run. */
CONF_TEST(graph, disabled_node_does_nothing) {
  unsigned char *d = NULL, *h = NULL;
  infinirtGraph_t g = NULL;
  infinirtGraphExec_t x = NULL;
  atomic_int count;
  atomic_init(&count, 0);
  if (!EXPECT_OK(infinirtMalloc((void **)&d, N)) ||
      !EXPECT_OK(infinirtMallocHost((void **)&h, N)) ||
      !EXPECT_OK(infinirtMemset(d, 0, N)) ||
      !EXPECT_OK(infinirtGraphCreate(&g, 0)))
    goto out;
  infinirtGraphNode_t set = gt_memset(g, NULL, 0, d, 9, N);
  infinirtGraphNode_t copy = set ? gt_copy(g, &set, 1, h, d, N) : NULL;
  infinirtGraphNode_t host =
      copy ? gt_host(g, &copy, 1, conf_count_fn, &count) : NULL;
  if (!host || !EXPECT_OK(infinirtGraphInstantiate(&x, g, 0)))
    goto out;
  unsigned on = 7;
  EXPECT_OK(infinirtGraphNodeGetEnabled(x, set, &on));
  EXPECT_EQ(on, 1);
  EXPECT_OK(infinirtGraphNodeSetEnabled(x, set, 0));
  EXPECT_OK(infinirtGraphNodeGetEnabled(x, set, &on));
  EXPECT_EQ(on, 0);
  /* Host nodes cannot be disabled. */
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtGraphNodeSetEnabled(x, host, 0));
  memset(h, 0xff, N);
  if (!EXPECT_OK(infinirtGraphLaunch(x, NULL)) ||
      !EXPECT_OK(infinirtStreamSynchronize(NULL)))
    goto out;
  EXPECT_EQ(conf_first_not(h, N, 0), N);
  EXPECT_EQ(atomic_load(&count), 1);
  EXPECT_OK(infinirtGraphNodeSetEnabled(x, set, 1));
  if (!EXPECT_OK(infinirtGraphLaunch(x, NULL)) ||
      !EXPECT_OK(infinirtStreamSynchronize(NULL)))
    goto out;
  EXPECT_EQ(conf_first_not(h, N, 9), N);
  EXPECT_EQ(atomic_load(&count), 2);
out:
  if (x)
    EXPECT_OK(infinirtGraphExecDestroy(x));
  if (g)
    EXPECT_OK(infinirtGraphDestroy(g));
  if (h)
    EXPECT_OK(infinirtFreeHost(h));
  if (d)
    EXPECT_OK(infinirtFree(d));
}

/* The launch waits (through an event) for a gate on another stream; the
 * graph is destroyed, the exec launched again and destroyed, all before
 * the gate opens: both launches still run in full. */
CONF_TEST(graph, destroy_graph_and_exec_while_a_launch_waits) {
  unsigned char *d = NULL, *h = NULL;
  atomic_int count;
  atomic_init(&count, 0);
  conf_gate gate;
  conf_gate_init(&gate);
  infinirtStream_t s = NULL, other = NULL;
  infinirtEvent_t ev = NULL;
  infinirtGraph_t g = NULL;
  infinirtGraphExec_t x = NULL;
  if (!EXPECT_OK(infinirtMalloc((void **)&d, N)) ||
      !EXPECT_OK(infinirtMallocHost((void **)&h, N)) ||
      !EXPECT_OK(
          infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking)) ||
      !EXPECT_OK(
          infinirtStreamCreateWithFlags(&other, infinirtStreamNonBlocking)) ||
      !EXPECT_OK(infinirtEventCreate(&ev)) || !(g = set_and_copy(d, 0x3c, h)))
    goto out;
  infinirtGraphNode_t last = NULL, host;
  size_t n = 2;
  infinirtGraphNode_t nodes[2];
  if (!EXPECT_OK(infinirtGraphGetNodes(g, nodes, &n)) || !EXPECT_EQ(n, 2))
    goto out;
  last = nodes[1];
  if (!(host = gt_host(g, &last, 1, conf_count_fn, &count)) ||
      !EXPECT_OK(infinirtGraphInstantiate(&x, g, 0)))
    goto out;
  memset(h, 0, N);
  if (!EXPECT_OK(infinirtLaunchHostFunc(other, conf_gate_fn, &gate)) ||
      !EXPECT_OK(infinirtEventRecord(ev, other)) ||
      !EXPECT_OK(infinirtStreamWaitEvent(s, ev, 0)) ||
      !EXPECT_OK(infinirtGraphLaunch(x, s)))
    goto out;
  EXPECT_OK(infinirtGraphDestroy(g));
  g = NULL;
  EXPECT_OK(infinirtGraphLaunch(x, s));
  conf_sleep_ms(20);
  EXPECT_EQ(atomic_load(&count), 0);
  EXPECT_OK(infinirtGraphExecDestroy(x));
  x = NULL;
  conf_gate_open(&gate);
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_EQ(atomic_load(&count), 2);
  EXPECT_EQ(conf_first_not(h, N, 0x3c), N);
out:
  conf_gate_open(&gate);
  if (other)
    EXPECT_OK(infinirtStreamSynchronize(other));
  if (s)
    EXPECT_OK(infinirtStreamSynchronize(s));
  if (x)
    EXPECT_OK(infinirtGraphExecDestroy(x));
  if (g)
    EXPECT_OK(infinirtGraphDestroy(g));
  if (ev)
    EXPECT_OK(infinirtEventDestroy(ev));
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
  if (other)
    EXPECT_OK(infinirtStreamDestroy(other));
  if (h)
    EXPECT_OK(infinirtFreeHost(h));
  if (d)
    EXPECT_OK(infinirtFree(d));
  EXPECT(!atomic_load(&gate.timed_out));
}

/* An executable graph and a stream of another device type. */
CONF_TEST(graph, launch_on_stream_of_another_type) {
  int other = conf_other_type();
  if (other < 0)
    CONF_SKIP("no other device type has devices");
  infinirtGraph_t g;
  infinirtGraphExec_t x;
  infinirtStream_t s;
  ASSERT_OK(infinirtGraphCreate(&g, 0));
  ASSERT(gt_empty(g, NULL, 0) != NULL);
  ASSERT_OK(infinirtGraphInstantiate(&x, g, 0));
  ASSERT_OK(infinirtExtSetDeviceType((infinirtDeviceType)other));
  ASSERT_OK(infinirtStreamCreate(&s));
  ASSERT_OK(infinirtExtSetDeviceType(conf_backend));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtGraphLaunch(x, s));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtGraphUpload(x, s));
  /* A graph of one type cannot take a child of another. */
  infinirtGraph_t og;
  infinirtGraphNode_t n = (infinirtGraphNode_t)&og;
  ASSERT_OK(infinirtExtSetDeviceType((infinirtDeviceType)other));
  infinirtError_t made = infinirtGraphCreate(&og, 0);
  ASSERT_OK(infinirtExtSetDeviceType(conf_backend));
  if (made == infinirtSuccess) {
    EXPECT_ERR(infinirtErrorInvalidResourceHandle,
               infinirtGraphAddChildGraphNode(&n, g, NULL, 0, og));
    EXPECT_PTR_EQ(n, &og);
    EXPECT_OK(infinirtGraphDestroy(og));
  }
  EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT_OK(infinirtGraphExecDestroy(x));
  EXPECT_OK(infinirtGraphDestroy(g));
}

/* DeviceReset ends the device's executable graphs (CUDA's belong to the
 * context it destroys): the handle is refused afterwards. The graph itself
 * is not a context object: it outlives the reset and instantiates again. */
CONF_TEST(graph, device_reset_ends_executable_graphs) {
  atomic_int count;
  atomic_init(&count, 0);
  infinirtGraph_t g;
  infinirtGraphExec_t x, y;
  ASSERT_OK(infinirtGraphCreate(&g, 0));
  if (!gt_host(g, NULL, 0, conf_count_fn, &count) ||
      !EXPECT_OK(infinirtGraphInstantiate(&x, g, 0))) {
    EXPECT_OK(infinirtGraphDestroy(g));
    return;
  }
  EXPECT_OK(infinirtDeviceReset());
  EXPECT_ERR(infinirtGraphLaunch(x, NULL), infinirtErrorInvalidResourceHandle);
  EXPECT_ERR(infinirtGraphExecDestroy(x), infinirtErrorInvalidResourceHandle);
  if (EXPECT_OK(infinirtGraphInstantiate(&y, g, 0))) {
    EXPECT_OK(infinirtGraphLaunch(y, NULL));
    EXPECT_OK(infinirtStreamSynchronize(NULL));
    EXPECT_EQ(atomic_load(&count), 1);
    EXPECT_OK(infinirtGraphExecDestroy(y));
  }
  EXPECT_OK(infinirtGraphDestroy(g));
}
