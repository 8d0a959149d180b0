/*
 * rows.c - the one table of bench_cpu's report: what each row times on each
 * side, its unit, its target, and which case (and variant) produces it.
 * Rows of one case and variant share its runs.
 */
#include "suite.h"

#define HOSTFN "LaunchHostFunc"
#define KERNEL "clEnqueueNDRangeKernel"
#define TASK "starpu_task_submit"

/* The original table. */
#define ROW(id_, what_, irt_, peer_, spu_, unit_, hib_, tk_, tgt_, kase_,      \
            fig_)                                                              \
  {                                                                            \
    .id = id_, .what = what_, .irt_op = irt_, .peer_op = peer_,                \
    .spu_op = spu_, .unit = unit_, .higher_is_better = hib_,                   \
    .target_kind = tk_, .target = tgt_, .kase = kase_, .fig = fig_             \
  }
#define ENQ_ROW(id_, kase_, spu_, what_)                                       \
  ROW(id_, "  of which " what_, "", "", spu_, "ns", 0, TARGET_NONE, 0, kase_, 1)

/* Batches of n empty ops, one sync. */
#define BATCH(id_, n_, flags_)                                                 \
  {                                                                            \
    .id = id_, .what = "batch of " #n_ " empty ops, one sync; per op",         \
    .irt_op = HOSTFN, .peer_op = KERNEL " (empty)", .spu_op = TASK " (empty)", \
    .unit = "ns", .target_kind = TARGET_PEER, .kase = CASE_SMALL_FUNC,         \
    .n = n_, .flags = flags_                                                   \
  }

/* A figure of arg streams (no StarPU: it has no streams). */
#define STREAMS(id_, what_, unit_, fig_, arg_, flat_, flags_)                  \
  {                                                                            \
    .id = id_, .what = what_, .irt_op = "", .peer_op = "", .unit = unit_,      \
    .target_kind = TARGET_PEER, .flat_ref = flat_, .kase = CASE_STREAMS,       \
    .fig = fig_, .arg = arg_, .flags = ROW_LATE | (flags_)                     \
  }
#define STREAMS3(id_, what_, unit_, fig_, flat_)                               \
  STREAMS(id_ ".1", what_ ", 1 stream", unit_, fig_, 1, NULL, 0),              \
      STREAMS(id_ ".64", what_ ", 64 streams", unit_, fig_, 64,                \
              flat_ ? id_ ".1" : NULL, 0),                                     \
      STREAMS(id_ ".1024", what_ ", 1024 streams", unit_, fig_, 1024,          \
              flat_ ? id_ ".1" : NULL, ROW_HEAVY)

/* arg host threads. */
#define THREADS(id_, what_, fig_, arg_, kase_, spu_)                           \
  {                                                                            \
    .id = id_, .what = what_, .irt_op = "", .peer_op = "", .spu_op = spu_,     \
    .unit = "ns", .target_kind = TARGET_PEER, .kase = kase_, .fig = fig_,      \
    .arg = arg_                                                                \
  }
#define THREADS4(id_, what_, fig_)                                             \
  THREADS(id_ ".1", what_ ", 1 thread", fig_, 1, CASE_THREADS, ""),            \
      THREADS(id_ ".8", what_ ", 8 threads, a stream each", fig_, 8,           \
              CASE_THREADS, ""),                                               \
      THREADS(id_ ".32", what_ ", 32 threads, a stream each", fig_, 32,        \
              CASE_THREADS, ""),                                               \
      THREADS(id_ ".32s", what_ ", 32 threads on one shared stream", fig_, 32, \
              CASE_THREADS_SH, NULL)

row bench_rows[] = {
    ROW("S.copy", "4-byte async D2D copy; 100k, one sync; per op",
        "MemcpyAsync", "clEnqueueCopyBuffer", NULL, "ns", 0, TARGET_AT_MOST,
        100, CASE_SMALL_COPY, 0),
    ENQ_ROW("S.copy.enq", CASE_SMALL_COPY, NULL,
            "enqueue only (calling thread)"),
    ROW("S.func", "empty host function / empty 1-WI kernel; 100k, one sync",
        HOSTFN, KERNEL, TASK " (empty)", "ns", 0, TARGET_AT_MOST, 100,
        CASE_SMALL_FUNC, 0),
    ENQ_ROW("S.func.enq", CASE_SMALL_FUNC, "", "enqueue only (calling thread)"),
    ROW("S.mark", "marker; 100k, one sync; per op",
        "EventRecord (DisableTiming)", "clEnqueueMarkerWithWaitList", NULL,
        "ns", 0, TARGET_AT_MOST, 100, CASE_SMALL_MARK, 0),
    ENQ_ROW("S.mark.enq", CASE_SMALL_MARK, NULL,
            "enqueue only (calling thread)"),
    ROW("R.func", "submit a no-op + wait for the queue (round trip)",
        HOSTFN " + StreamSynchronize", "clEnqueueMarkerWithWaitList + clFinish",
        TASK " + starpu_task_wait", "ns", 0, TARGET_AT_MOST, 1000, CASE_RT_FUNC,
        0),
    ROW("R.set", "4-byte async memset + wait for the queue (round trip)",
        "MemsetAsync + StreamSynchronize", "clEnqueueFillBuffer + clFinish",
        NULL, "ns", 0, TARGET_AT_MOST, 1000, CASE_RT_SET, 0),
    ROW("E.sync", "record an event + wait for it (round trip)",
        "EventRecord + EventSynchronize",
        "clEnqueueMarkerWithWaitList(&ev) + clWaitForEvents", NULL, "ns", 0,
        TARGET_AT_MOST, 1000, CASE_EVENT, 0),
    ROW("B.copy", "async D2D copy + wait; bandwidth (buffer bytes / time)",
        "MemcpyAsync + StreamSynchronize", "clEnqueueCopyBuffer + clFinish",
        NULL, "GB/s", 1, TARGET_AT_LEAST_P2, 0, CASE_COPY_BW, 0),
    ROW("A.pair", "alloc + free pair; batch, one sync; per pair",
        "MallocAsync + FreeAsync", "clCreateBuffer + clReleaseMemObject", NULL,
        "ns", 0, TARGET_NONE, 0, CASE_ALLOC, 0),
    ENQ_ROW("A.pair.enq", CASE_ALLOC, NULL, "calling thread only"),

    BATCH("N.1k", 1000, 0),
    BATCH("N.10k", 10000, 0),
    BATCH("N.1M", 1000000, ROW_HEAVY),

    {.id = "R.pin",
     .what = "the R.func round trip, every thread pinned to CPU 0",
     .irt_op = HOSTFN " + StreamSynchronize",
     .peer_op = "clEnqueueMarkerWithWaitList + clFinish",
     .spu_op = TASK " + starpu_task_wait",
     .unit = "ns",
     .target_kind = TARGET_PEER_X2,
     .kase = CASE_RT_FUNC,
     .flags = ROW_PINNED},

    STREAMS3("Q.make", "create + destroy, per stream", "ns", 0, 1),
    STREAMS3("Q.thr", "threads this side holds with the streams alive",
             "threads", 1, 1),
    STREAMS3("Q.rss", "resident memory this side holds with the streams alive",
             "KiB", 2, 0),
    STREAMS3("Q.rr",
             "ops round robin over the streams, one sync of all; per op", "ns",
             3, 1),
    STREAMS3("Q.fan",
             "fan-out: a marker on a root stream, then on each stream an op "
             "waiting for it; per round",
             "ns", 4, 0),

    THREADS4("T.batch", "batch of ops then a sync per thread; per op", 0),
    THREADS4("T.rt", "op + sync round trips; wall time per round trip", 1),

    {.id = "D.chain",
     .what = "chain over 8 streams, link i after link i-1; per link",
     .irt_op = "StreamWaitEvent + " HOSTFN " + EventRecord",
     .peer_op = KERNEL " with the previous event in its wait list",
     .spu_op = TASK " with starpu_task_declare_deps_array on the previous",
     .unit = "ns",
     .target_kind = TARGET_PEER,
     .kase = CASE_CHAIN},
    {.id = "D.dag",
     .what = "full fan-in DAG, layers of 8 nodes each waiting for the whole "
             "layer above; per node",
     .irt_op = "8x StreamWaitEvent + " HOSTFN " + EventRecord",
     .peer_op = KERNEL " with 8 events in its wait list",
     .spu_op = TASK " with 8 task dependencies",
     .unit = "ns",
     .target_kind = TARGET_PEER,
     .kase = CASE_DAG},

    {.id = "M.rss",
     .what = "churn of mixed-size blocks, each filled: resident memory this "
             "side holds after free + sync",
     .irt_op = "MallocAsync + MemsetAsync + FreeAsync, StreamSynchronize",
     .peer_op = "clCreateBuffer + clEnqueueFillBuffer + clReleaseMemObject, "
                "clFinish",
     .unit = "KiB",
     .target_kind = TARGET_PEER,
     .kase = CASE_CHURN},
    {.id = "M.pair",
     .what = "  the same churn: alloc + free calls, per pair",
     .irt_op = "",
     .peer_op = "",
     .unit = "ns",
     .target_kind = TARGET_PEER,
     .kase = CASE_CHURN,
     .fig = 1},
};
const int bench_nrows = (int)(sizeof bench_rows / sizeof bench_rows[0]);
