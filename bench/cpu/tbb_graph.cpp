// tbb_graph.cpp - the oneTBB contestants of bench_cpu_graph: a flow graph of
// continue_node<continue_msg> with empty bodies, one per DAG node, an edge
// per dependency; built once, run by try_put on every source node and
// graph::wait_for_all, all inside a task_arena of GRAPH_PEER_THREADS threads
// (and global_control capping TBB at that). Two variants: the default node
// policy, and the lightweight policy (the body runs in the thread that made
// it ready, without a task of its own).
#include <cstdio>
#include <deque>
#include <memory>
#include <vector>

#include <oneapi/tbb/flow_graph.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/task_arena.h>
#include <oneapi/tbb/version.h>

#include "graph.h"

namespace flow = oneapi::tbb::flow;

namespace {

std::unique_ptr<oneapi::tbb::global_control> control, stack;
std::unique_ptr<oneapi::tbb::task_arena> arena;
char desc[200];

int tbb_setup(char *err, size_t len) {
  (void)err;
  (void)len;
  if (!control) {
    stack = std::make_unique<oneapi::tbb::global_control>(
        oneapi::tbb::global_control::thread_stack_size, GRAPH_STACK_BYTES);
    control = std::make_unique<oneapi::tbb::global_control>(
        oneapi::tbb::global_control::max_allowed_parallelism,
        GRAPH_PEER_THREADS);
    arena = std::make_unique<oneapi::tbb::task_arena>(GRAPH_PEER_THREADS);
    arena->initialize();
  }
  std::snprintf(desc, sizeof desc,
                "oneTBB %d.%d (interface %d), task_arena of %d threads",
                TBB_VERSION_MAJOR, TBB_VERSION_MINOR, TBB_INTERFACE_VERSION,
                arena->max_concurrency());
  return 0;
}

void tbb_teardown(void) {
  arena.reset();
  control.reset();
  stack.reset();
}

const char *tbb_describe(void) {
  return desc;
}

template <typename node_t> void run_shape(const graph_shape *s, graph_fig *f) {
  arena->execute([&] {
    double t0 = graph_now_ns();
    flow::graph g;
    std::deque<node_t> nodes;
    std::vector<node_t *> sources;
    int preds[GRAPH_MAX_DEPS];
    for (int i = 0; i < s->n; i++) {
      nodes.emplace_back(
          g, [](const flow::continue_msg &) { return flow::continue_msg(); });
      int np = graph_preds(s, i, preds);
      for (int k = 0; k < np; k++)
        flow::make_edge(nodes[(size_t)preds[k]], nodes.back());
      if (np == 0)
        sources.push_back(&nodes.back());
    }
    double t1 = graph_now_ns();
    double launched = 0;
    for (int l = -1; l < s->launches; l++) {
      double a = graph_now_ns();
      for (node_t *src : sources)
        src->try_put(flow::continue_msg());
      g.wait_for_all();
      if (l >= 0)
        launched += graph_now_ns() - a;
    }
    f->build_ns = (t1 - t0) / s->n;
    f->launch_ns = launched / s->launches / s->n;
    // The nodes go before the graph (they were made after it).
    nodes.clear();
  });
}

void tbb_run(const graph_shape *s, graph_fig *f) {
  run_shape<flow::continue_node<flow::continue_msg>>(s, f);
}

void tbb_run_lightweight(const graph_shape *s, graph_fig *f) {
  run_shape<flow::continue_node<flow::continue_msg, flow::lightweight>>(s, f);
}

} // namespace

extern "C" const graph_side graph_tbb = {
    "oneTBB", tbb_setup, tbb_teardown, tbb_describe, tbb_run, NULL, NULL, 0};
extern "C" const graph_side graph_tbb_lightweight = {
    "oneTBB lightweight", tbb_setup, tbb_teardown, tbb_describe,
    tbb_run_lightweight,  NULL,      NULL,         0};
