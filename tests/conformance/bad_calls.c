/* bad_calls.c - the table of bad calls (bad_calls.def), run on the backend
 * under test. Every row must return the one code the contract documents,
 * record it as the last error (with a detail naming the function) or record
 * nothing for Success, leave its outputs and the current device as they
 * were, and not crash. Each backend runs the same table, so a backend that
 * answers a bad call differently from the others fails here. */
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "infinirt_test_kernels_embedded.h"

#define WRAP ((void *)(UINTPTR_MAX - 15))
#define FOREIGN ((void *)foreign_object)

/* Where a failing call must not have written. */
#define SENTINEL_INT (-12345)
#define SENTINEL_SIZE ((size_t)12345)
#define SENTINEL_PTR ((void *)(uintptr_t)0x5a5a5a5a0ul)

static const infinirtDim3 ONE = {1, 1, 1};
static const infinirtDim3 ZERO = {0, 1, 1};

/* Memory locations (commas in a compound literal would split a row). */
static struct infinirtMemLocation loc(int type, int id) {
  struct infinirtMemLocation l = {(enum infinirtMemLocationType)type, id};
  return l;
}
#define HOST_LOC loc(infinirtMemLocationTypeHost, 0)

/* A batch of two 16-byte copies (f.spare -> f.d) and its attributes. */
static void *batch_dst[2];
static const void *batch_src[2];
static size_t batch_size[2] = {16, 16};
static size_t batch_size_zero[2] = {16, 0};
static struct infinirtMemcpyAttributes batch_attr[2] = {
    {infinirtMemcpySrcAccessOrderStream, {0, 0}, {0, 0}, 0},
    {infinirtMemcpySrcAccessOrderStream, {0, 0}, {0, 0}, 0}};
static struct infinirtMemcpyAttributes batch_attr_bad[3] = {
    {infinirtMemcpySrcAccessOrderInvalid, {0, 0}, {0, 0}, 0},
    {infinirtMemcpySrcAccessOrderStream, {0, 0}, {0, 0}, 2},
    {(enum infinirtMemcpySrcAccessOrder)4, {0, 0}, {0, 0}, 0}};
static size_t batch_idx[2] = {0, 1};
static size_t batch_idx_bad[2][2] = {{1, 1}, {0, 0}};
static void *batch_null_dst[2];

/* Static memory that is no handle and no allocation. */
static long foreign_object[64];

static struct fixture {
  int count;
  void *d, *spare;
  unsigned char *h;
  unsigned char *page; /* pageable, not registered */
  infinirtStream_t s, dead_s;
  infinirtEvent_t e, e_spare, e_notiming, e_unrecorded, dead_e;
  infinirtLibrary_t lib, dead_lib;
  infinirtKernel_t k_empty, k_args, dead_k;
  const void *image; /* this backend's test kernels, or NULL */
  const char *image_path;
  const char *no_image; /* why there is none */
  unsigned char junk[256];
  enum infinirtLibraryOption preserved[1];
  void *preserved_values[1];
  infinirtDim3 block_too_big, grid_too_big;
  atomic_int host_fn_runs;
  struct infinirtDeviceProp prop;
  /* memory pools: a live created one, a destroyed one, device 0's default,
   * valid properties, a device-0 location and read-write access to it */
  infinirtMemPool_t pool, dead_pool, default_pool;
  struct infinirtMemPoolProps props;
  struct infinirtMemLocation loc0;
  struct infinirtMemAccessDesc rw0;
  uint64_t u64_zero, u64_one;
  /* outputs */
  int out_int;
  unsigned out_uint;
  unsigned long long out_ull;
  size_t out_size;
  float out_ms;
  void *out_dptr, *out_hptr, *out_aptr;
  infinirtStream_t out_s;
  infinirtEvent_t out_e;
  infinirtLibrary_t out_lib;
  infinirtKernel_t out_k;
  infinirtMemPool_t out_pool;
  uint64_t out_u64;
  enum infinirtMemAccessFlags out_access;
  /* interprocess: this process's own handles, and outputs */
  infinirtEvent_t e_ipc;
  infinirtIpcMemHandle_t memh;
  infinirtIpcEventHandle_t evh;
  infinirtIpcMemHandle_t out_memh;
  infinirtIpcEventHandle_t out_evh;
  /* kernel attributes, occupancy, launch forms, symbols */
  void *global, *dead_global; /* kt_coeffs of f.lib and of f.dead_lib */
  size_t global_size;
  struct infinirtFuncAttributes out_attr;
  const char *out_name;
  infinirtKernel_t out_ks[2];
  /* stream attributes: values StreamSetAttribute refuses */
  infinirtStreamAttrValue out_sattr, sattr_ok, sattr_wide_window,
      sattr_bad_hit_ratio, sattr_bad_hit_prop, sattr_bad_policy,
      sattr_bad_domain;
  /* cluster occupancy: a plain configuration, one with a 2x1x1 cluster,
   * one with an empty block, one with a NULL attribute array */
  infinirtLaunchAttribute cluster_attr;
  infinirtLaunchConfig_t occ_config, occ_config_cluster, occ_config_empty,
      occ_config_null_attrs;
  /* stream capture and graphs (graph_setup) */
  infinirtGraph_t g, g_other, g_alloc, dead_g;
  infinirtGraphNode_t n_a, n_b, n_c, n_set, n_other, dead_n;
  infinirtGraphNode_t n_twice[2], n_foreign[1], batch_from[2], batch_to[2];
  infinirtGraphExec_t x, x_alloc, dead_x;
  size_t g_nodes, g_edges; /* what nodes_kept/edges_kept expect */
  struct infinirtMemsetParams memset_ok, memset_elem3, memset_null_dst,
      memset_zero_width, memset_narrow_pitch;
  struct infinirtMemcpy3DParms copy_empty;
  struct infinirtHostNodeParams host_ok, host_null_fn;
  void *kp_values[2];
  int *kp_ptr;
  unsigned kp_n;
  struct infinirtKernelNodeParams kp_zero_grid, kp_extra, kp_dead_k;
  struct infinirtMemAllocNodeParams alloc_zero, alloc_managed,
      alloc_handle_types;
  struct infinirtGraphNodeParams gp_empty, gp_extsem, gp_reserved;
  infinirtGraphEdgeData edge_port, edge_reserved, edge_programmatic;
  infinirtGraphInstantiateParams inst_bad_flags;
  enum infinirtStreamCaptureMode mode_bad;
  infinirtGraph_t out_g;
  infinirtGraphNode_t out_n;
  infinirtGraphExec_t out_x;
  infinirtGraphNode_t out_nodes[2];
  enum infinirtGraphNodeType out_type;
  enum infinirtStreamCaptureStatus out_status;
  infinirtGraphEdgeData out_edge;
  struct infinirtMemsetParams out_memset;
} f;

/* Never called: the rows that pass it fail before enqueueing. */
static void bad_callback(infinirtStream_t s, infinirtError_t e, void *d) {
  (void)s, (void)e, (void)d;
}

/* Never called: a host node parameter the rows refuse. */
static void bad_host_fn(void *d) {
  (void)d;
}

/* |e|, or Unknown if f.g's node (edge) count changed since the last check;
 * the rows wrap a call whose failure must leave f.g as it was. */
static infinirtError_t nodes_kept(infinirtError_t e) {
  size_t n = 0;
  infinirtError_t c = infinirtGraphGetNodes(f.g, NULL, &n);
  bool same = c == infinirtSuccess && n == f.g_nodes;
  f.g_nodes = n;
  return same ? e : infinirtErrorUnknown;
}

static infinirtError_t edges_kept(infinirtError_t e) {
  size_t n = 0;
  infinirtError_t c = infinirtGraphGetEdges(f.g, NULL, NULL, NULL, &n);
  bool same = c == infinirtSuccess && n == f.g_edges;
  f.g_edges = n;
  return same ? e : infinirtErrorUnknown;
}

/* |e|, or Unknown if a failing ThreadExchangeStreamCaptureMode changed the
 * mode it was given or the thread's mode (Global). */
static infinirtError_t mode_kept(infinirtError_t e) {
  enum infinirtStreamCaptureMode m = infinirtStreamCaptureModeGlobal;
  bool same = f.mode_bad == (enum infinirtStreamCaptureMode)7 &&
              infinirtThreadExchangeStreamCaptureMode(&m) == infinirtSuccess &&
              m == infinirtStreamCaptureModeGlobal;
  f.mode_bad = (enum infinirtStreamCaptureMode)7;
  return same ? e : infinirtErrorUnknown;
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

enum zero_kind { ZERO_MEMCPY, ZERO_MEMSET, ZERO_MEMCPY2D };

static infinirtError_t zero_count_call(enum zero_kind k) {
  switch (k) {
  case ZERO_MEMCPY:
    return infinirtMemcpy(NULL, NULL, 0, infinirtMemcpyDefault);
  case ZERO_MEMSET:
    return infinirtMemset(NULL, 0, 0);
  case ZERO_MEMCPY2D:
    return infinirtMemcpy2D(NULL, 64, NULL, 64, 0, 4, infinirtMemcpyDefault);
  }
  return infinirtErrorUnknown;
}

/* A synchronous zero-count call while the legacy stream sleeps 300 ms:
 * its result, or Timeout if it waited for the stream. */
static infinirtError_t zero_count_on_busy_legacy(enum zero_kind k) {
  infinirtError_t e =
      infinirtLaunchHostFunc(NULL, conf_sleep_fn, (void *)(intptr_t)300);
  if (e != infinirtSuccess)
    return e;
  double t0 = now_ms();
  e = zero_count_call(k);
  double waited = now_ms() - t0;
  infinirtStreamSynchronize(NULL);
  return e == infinirtSuccess && waited >= 250 ? infinirtErrorTimeout : e;
}

typedef struct first_call {
  enum zero_kind kind;
  infinirtError_t result, last;
} first_call;

static void *first_call_main(void *arg) {
  first_call *c = arg;
  /* The type is the extension's; the zero-count call is the first call of
   * the mirrored API on this thread. */
  c->result = infinirtExtSetDeviceType(conf_backend);
  if (c->result == infinirtSuccess)
    c->result = zero_count_call(c->kind);
  c->last = infinirtGetLastError();
  return NULL;
}

/* A zero-count call as the first mirrored call of a new thread: its result,
 * or the last error it left on that thread if that differs. */
static infinirtError_t zero_count_first_call(enum zero_kind k) {
  first_call c = {k, infinirtErrorUnknown, infinirtErrorUnknown};
  pthread_t t;
  if (pthread_create(&t, NULL, first_call_main, &c) != 0)
    return infinirtErrorUnknown;
  pthread_join(t, NULL);
  return c.result == infinirtSuccess ? c.last : c.result;
}

enum needs { ANY, LIB };

typedef struct row {
  infinirtError_t want;
  enum needs needs;
  int line;
  const char *call;
} row;

static const row rows[] = {
#define BAD(want, needs, call) {want, needs, __LINE__, #call},
#include "bad_calls.def"
#undef BAD
};
enum { NROWS = sizeof rows / sizeof rows[0] };

static infinirtError_t run_row(int i) {
  int n = 0;
#define BAD(want, needs, call)                                                 \
  if (i == n++)                                                                \
    return (call);
#include "bad_calls.def"
#undef BAD
  return infinirtErrorUnknown;
}

static void reset_outputs(void) {
  f.out_int = SENTINEL_INT;
  f.out_size = SENTINEL_SIZE;
  f.out_ms = -1.0f;
  f.out_dptr = f.out_hptr = f.out_aptr = SENTINEL_PTR;
  f.out_s = (infinirtStream_t)SENTINEL_PTR;
  f.out_e = (infinirtEvent_t)SENTINEL_PTR;
  f.out_lib = (infinirtLibrary_t)SENTINEL_PTR;
  f.out_k = (infinirtKernel_t)SENTINEL_PTR;
  f.out_pool = (infinirtMemPool_t)SENTINEL_PTR;
  f.out_u64 = SENTINEL_SIZE;
  f.out_access = (enum infinirtMemAccessFlags)SENTINEL_INT;
  memset(&f.out_memh, 0x5a, sizeof f.out_memh);
  memset(&f.out_evh, 0x5a, sizeof f.out_evh);
  memset(&f.out_attr, 0x5a, sizeof f.out_attr);
  f.out_name = (const char *)SENTINEL_PTR;
  f.out_ks[0] = f.out_ks[1] = (infinirtKernel_t)SENTINEL_PTR;
  memset(&f.out_sattr, 0x5a, sizeof f.out_sattr);
  f.out_g = (infinirtGraph_t)SENTINEL_PTR;
  f.out_n = (infinirtGraphNode_t)SENTINEL_PTR;
  f.out_x = (infinirtGraphExec_t)SENTINEL_PTR;
  f.out_nodes[0] = f.out_nodes[1] = (infinirtGraphNode_t)SENTINEL_PTR;
  f.out_type = (enum infinirtGraphNodeType)SENTINEL_INT;
  f.out_status = (enum infinirtStreamCaptureStatus)SENTINEL_INT;
  memset(&f.out_edge, 0x5a, sizeof f.out_edge);
  memset(&f.out_memset, 0x5a, sizeof f.out_memset);
}

/* Whether a failing row left its outputs alone; gives back whatever a row
 * that should have failed made. */
static bool outputs_untouched(void) {
  bool ok = f.out_int == SENTINEL_INT && f.out_size == SENTINEL_SIZE &&
            f.out_ms == -1.0f;
  if (f.out_dptr != SENTINEL_PTR) {
    ok = false;
    infinirtFree(f.out_dptr);
  }
  if (f.out_hptr != SENTINEL_PTR) {
    ok = false;
    infinirtFreeHost(f.out_hptr);
  }
  if (f.out_aptr != SENTINEL_PTR) {
    ok = false;
    infinirtFreeAsync(f.out_aptr, f.s);
  }
  if (f.out_s != (infinirtStream_t)SENTINEL_PTR) {
    ok = false;
    infinirtStreamDestroy(f.out_s);
  }
  if (f.out_e != (infinirtEvent_t)SENTINEL_PTR) {
    ok = false;
    infinirtEventDestroy(f.out_e);
  }
  if (f.out_lib != (infinirtLibrary_t)SENTINEL_PTR) {
    ok = false;
    infinirtLibraryUnload(f.out_lib);
  }
  if (f.out_pool != (infinirtMemPool_t)SENTINEL_PTR) {
    ok = false;
    infinirtMemPoolDestroy(f.out_pool);
  }
  ok &= f.out_u64 == SENTINEL_SIZE &&
        f.out_access == (enum infinirtMemAccessFlags)SENTINEL_INT;
  ok &= f.out_k == (infinirtKernel_t)SENTINEL_PTR;
  ok &= conf_first_not(&f.out_memh, sizeof f.out_memh, 0x5a) ==
            sizeof f.out_memh &&
        conf_first_not(&f.out_evh, sizeof f.out_evh, 0x5a) == sizeof f.out_evh;
  struct infinirtFuncAttributes attr;
  memset(&attr, 0x5a, sizeof attr);
  ok &= memcmp(&attr, &f.out_attr, sizeof attr) == 0;
  ok &= f.out_name == (const char *)SENTINEL_PTR;
  ok &= conf_first_not(&f.out_sattr, sizeof f.out_sattr, 0x5a) ==
        sizeof f.out_sattr;
  ok &= f.out_ks[0] == (infinirtKernel_t)SENTINEL_PTR &&
        f.out_ks[1] == (infinirtKernel_t)SENTINEL_PTR;
  if (f.out_x != (infinirtGraphExec_t)SENTINEL_PTR) {
    ok = false;
    infinirtGraphExecDestroy(f.out_x);
  }
  if (f.out_g != (infinirtGraph_t)SENTINEL_PTR) {
    ok = false;
    /* a graph a row made (not one of the fixture's, returned by a get) */
    if (f.out_g != f.g && f.out_g != f.g_other && f.out_g != f.g_alloc)
      infinirtGraphDestroy(f.out_g);
  }
  ok &= f.out_n == (infinirtGraphNode_t)SENTINEL_PTR &&
        f.out_nodes[0] == (infinirtGraphNode_t)SENTINEL_PTR &&
        f.out_nodes[1] == (infinirtGraphNode_t)SENTINEL_PTR &&
        f.out_type == (enum infinirtGraphNodeType)SENTINEL_INT &&
        f.out_status == (enum infinirtStreamCaptureStatus)SENTINEL_INT;
  ok &= conf_first_not(&f.out_edge, sizeof f.out_edge, 0x5a) ==
            sizeof f.out_edge &&
        conf_first_not(&f.out_memset, sizeof f.out_memset, 0x5a) ==
            sizeof f.out_memset;
  infinirtGetLastError();
  return ok;
}

/* Runs row |i|; true if it behaved as documented. */
static bool check_row(int i) {
  const row *r = &rows[i];
  reset_outputs();
  infinirtGetLastError();
  infinirtError_t got = run_row(i);
  bool ok;
  if (strncmp(r->call, "infinirt", 8) == 0)
    ok = conf_check_err("bad_calls.def", r->line, r->call, r->want, got);
  else /* a helper: the call it makes ran on another thread, or waited */
    ok = got == r->want ||
         conf_fail("bad_calls.def", r->line, "%s\n    expected %s, got %s",
                   r->call, infinirtGetErrorName(r->want),
                   infinirtGetErrorName(got));
  if (r->want != infinirtSuccess && !outputs_untouched())
    ok = conf_fail("bad_calls.def", r->line, "%s failed but wrote its output",
                   r->call);
  int dev = -1;
  if (infinirtGetDevice(&dev) != infinirtSuccess || dev != 0) {
    ok = conf_fail("bad_calls.def", r->line,
                   "%s changed the current device to %d", r->call, dev);
    infinirtSetDevice(0);
  }
  infinirtGetLastError();
  return ok;
}

static bool load(infinirtLibrary_t *lib, infinirtKernel_t *k_empty,
                 infinirtKernel_t *k_args) {
  return EXPECT_OK(infinirtLibraryLoadData(lib, f.image, NULL, NULL, 0, NULL,
                                           NULL, 0)) &&
         EXPECT_OK(infinirtLibraryGetKernel(k_empty, *lib, "kt_empty")) &&
         (!k_args ||
          EXPECT_OK(infinirtLibraryGetKernel(k_args, *lib, "kt_add_one")));
}

/* The graphs, nodes and parameters of the capture and graph rows. A
 * failure here is recorded, and the rows run anyway (against the handles
 * that were made), so that the rest of the table still runs. */
static bool graph_setup(void) {
  infinirtGraphNode_t alloc, fr;
  f.memset_ok = (struct infinirtMemsetParams){f.d, 64, 1, 1, 64, 1};
  f.memset_elem3 = f.memset_null_dst = f.memset_zero_width = f.memset_ok;
  f.memset_elem3.elementSize = 3;
  f.memset_null_dst.dst = NULL;
  f.memset_zero_width.width = 0;
  f.memset_narrow_pitch =
      (struct infinirtMemsetParams){f.d, 32, 1, 4, 16, 2}; /* 64-byte rows */
  memset(&f.copy_empty, 0, sizeof f.copy_empty);
  f.copy_empty.srcPtr = make_infinirtPitchedPtr(f.spare, 64, 64, 1);
  f.copy_empty.dstPtr = make_infinirtPitchedPtr(f.d, 64, 64, 1);
  f.copy_empty.extent = make_infinirtExtent(0, 1, 1);
  f.copy_empty.kind = infinirtMemcpyDeviceToDevice;
  f.host_ok = (struct infinirtHostNodeParams){bad_host_fn, NULL};
  f.host_null_fn = (struct infinirtHostNodeParams){NULL, NULL};
  f.kp_ptr = f.d;
  f.kp_n = 1;
  f.kp_values[0] = &f.kp_ptr;
  f.kp_values[1] = &f.kp_n;
  memset(&f.kp_zero_grid, 0, sizeof f.kp_zero_grid);
  f.kp_zero_grid.func = (void *)f.k_args;
  f.kp_zero_grid.blockDim = ONE;
  f.kp_zero_grid.kernelParams = f.kp_values;
  f.kp_extra = f.kp_dead_k = f.kp_zero_grid;
  f.kp_zero_grid.gridDim = ZERO;
  f.kp_extra.gridDim = f.kp_dead_k.gridDim = ONE;
  f.kp_extra.extra = f.kp_values;
  f.kp_dead_k.func = (void *)f.dead_k;
  memset(&f.alloc_zero, 0, sizeof f.alloc_zero);
  f.alloc_zero.poolProps = f.props;
  f.alloc_managed = f.alloc_handle_types = f.alloc_zero;
  f.alloc_managed.bytesize = f.alloc_handle_types.bytesize = 256;
  f.alloc_managed.poolProps.allocType = infinirtMemAllocationTypeManaged;
  f.alloc_handle_types.poolProps.handleTypes =
      infinirtMemHandleTypePosixFileDescriptor;
  memset(&f.gp_empty, 0, sizeof f.gp_empty);
  f.gp_empty.type = infinirtGraphNodeTypeEmpty;
  f.gp_extsem = f.gp_reserved = f.gp_empty;
  f.gp_extsem.type = infinirtGraphNodeTypeExtSemaphoreSignal;
  f.gp_reserved.reserved0[1] = 1;
  memset(&f.edge_port, 0, sizeof f.edge_port);
  f.edge_reserved = f.edge_programmatic = f.edge_port;
  f.edge_port.to_port = 1;
  f.edge_reserved.reserved[2] = 1;
  f.edge_programmatic.type = infinirtGraphDependencyTypeProgrammatic;
  f.edge_programmatic.from_port = infinirtGraphKernelNodePortProgrammatic;
  memset(&f.inst_bad_flags, 0, sizeof f.inst_bad_flags);
  f.inst_bad_flags.flags = 16;
  f.mode_bad = (enum infinirtStreamCaptureMode)7;
  f.n_foreign[0] = (infinirtGraphNode_t)FOREIGN;
  struct infinirtMemAllocNodeParams ap = f.alloc_zero;
  ap.bytesize = 256;
  /* Live handles first, then the dead ones. */
  if (!EXPECT_OK(infinirtGraphCreate(&f.g, 0)) ||
      !EXPECT_OK(infinirtGraphCreate(&f.g_other, 0)) ||
      !EXPECT_OK(infinirtGraphCreate(&f.g_alloc, 0)) ||
      !EXPECT_OK(infinirtGraphAddEmptyNode(&f.n_a, f.g, NULL, 0)) ||
      !EXPECT_OK(infinirtGraphAddEmptyNode(&f.n_b, f.g, &f.n_a, 1)) ||
      !EXPECT_OK(infinirtGraphAddEmptyNode(&f.n_c, f.g, NULL, 0)) ||
      !EXPECT_OK(
          infinirtGraphAddMemsetNode(&f.n_set, f.g, NULL, 0, &f.memset_ok)) ||
      !EXPECT_OK(infinirtGraphAddEmptyNode(&f.n_other, f.g_other, NULL, 0)) ||
      !EXPECT_OK(
          infinirtGraphAddMemAllocNode(&alloc, f.g_alloc, NULL, 0, &ap)) ||
      !EXPECT_OK(
          infinirtGraphAddMemFreeNode(&fr, f.g_alloc, &alloc, 1, ap.dptr)) ||
      !EXPECT_OK(infinirtGraphInstantiate(&f.x, f.g, 0)) ||
      !EXPECT_OK(infinirtGraphInstantiate(&f.x_alloc, f.g_alloc, 0)))
    return false;
  f.n_twice[0] = f.n_twice[1] = f.n_a;
  f.batch_from[0] = f.n_a; /* a -> b, which exists, before ... */
  f.batch_to[0] = f.n_b;
  f.batch_from[1] = f.n_a; /* ... a new edge a -> c */
  f.batch_to[1] = f.n_c;
  if (!EXPECT_OK(infinirtGraphAddEmptyNode(&f.dead_n, f.g, &f.n_c, 1)) ||
      !EXPECT_OK(infinirtGraphDestroyNode(f.dead_n)) ||
      !EXPECT_OK(infinirtGraphCreate(&f.dead_g, 0)) ||
      !EXPECT_OK(infinirtGraphInstantiate(&f.dead_x, f.g_other, 0)) ||
      !EXPECT_OK(infinirtGraphExecDestroy(f.dead_x)) ||
      !EXPECT_OK(infinirtGraphDestroy(f.dead_g)))
    return false;
  f.g_nodes = 4;
  f.g_edges = 1;
  return true;
}

static void graph_teardown(void) {
  if (f.x)
    EXPECT_OK(infinirtGraphExecDestroy(f.x));
  if (f.x_alloc)
    EXPECT_OK(infinirtGraphExecDestroy(f.x_alloc));
  if (f.g)
    EXPECT_OK(infinirtGraphDestroy(f.g));
  if (f.g_other)
    EXPECT_OK(infinirtGraphDestroy(f.g_other));
  if (f.g_alloc)
    EXPECT_OK(infinirtGraphDestroy(f.g_alloc));
}

static bool setup(void) {
  memset(&f, 0, sizeof f);
  f.count = conf_device_count();
  memset(f.junk, 0xa5, sizeof f.junk - 1); /* no image of any kind */
  f.preserved[0] = infinirtLibraryBinaryIsPreserved;
  f.preserved_values[0] = (void *)(intptr_t)1;
  int max_threads = 0, max_grid_y = 0;
  static unsigned char page[2 * 4096];
  f.page = (unsigned char *)(((uintptr_t)page + 4095) & ~(uintptr_t)4095);
  /* Live handles first, then the dead ones, so that no live handle is a
   * dead one's reused object. */
  if (!EXPECT_OK(infinirtMalloc(&f.d, 4096)) ||
      !EXPECT_OK(infinirtMalloc(&f.spare, 4096)) ||
      !EXPECT_OK(infinirtMallocHost((void **)&f.h, 4096)) ||
      !EXPECT_OK(infinirtStreamCreate(&f.s)) ||
      !EXPECT_OK(infinirtEventCreate(&f.e)) ||
      !EXPECT_OK(infinirtEventCreate(&f.e_spare)) ||
      !EXPECT_OK(infinirtEventCreate(&f.e_unrecorded)) ||
      !EXPECT_OK(infinirtEventCreateWithFlags(&f.e_notiming,
                                              infinirtEventDisableTiming)) ||
      !EXPECT_OK(infinirtEventRecord(f.e, f.s)) ||
      !EXPECT_OK(infinirtEventRecord(f.e_notiming, f.s)) ||
      !EXPECT_OK(infinirtStreamSynchronize(f.s)) ||
      !EXPECT_OK(infinirtEventCreateWithFlags(
          &f.e_ipc, infinirtEventInterprocess | infinirtEventDisableTiming)) ||
      !EXPECT_OK(infinirtIpcGetEventHandle(&f.evh, f.e_ipc)) ||
      !EXPECT_OK(infinirtIpcGetMemHandle(&f.memh, f.d)) ||
      !EXPECT_OK(infinirtDeviceGetAttribute(
          &max_threads, infinirtDevAttrMaxThreadsPerBlock, 0)) ||
      !EXPECT_OK(infinirtDeviceGetAttribute(&max_grid_y,
                                            infinirtDevAttrMaxGridDimY, 0)))
    return false;
  f.props.allocType = infinirtMemAllocationTypePinned;
  f.props.location.type = infinirtMemLocationTypeDevice;
  f.loc0 = f.props.location;
  f.rw0 = (struct infinirtMemAccessDesc){f.loc0,
                                         infinirtMemAccessFlagsProtReadWrite};
  f.u64_one = 1;
  if (!EXPECT_OK(infinirtMemPoolCreate(&f.pool, &f.props)) ||
      !EXPECT_OK(infinirtDeviceGetDefaultMemPool(&f.default_pool, 0)))
    return false;
  f.block_too_big = (infinirtDim3){(unsigned)max_threads + 1, 1, 1};
  batch_dst[0] = f.d;
  batch_dst[1] = (unsigned char *)f.d + 16;
  batch_src[0] = f.spare;
  batch_src[1] = (unsigned char *)f.spare + 16;
  batch_null_dst[1] = f.d;
  f.grid_too_big = (infinirtDim3){1, (unsigned)max_grid_y + 1, 1};
  memset(&f.sattr_ok, 0, sizeof f.sattr_ok);
  f.sattr_wide_window = f.sattr_bad_hit_ratio = f.sattr_bad_hit_prop =
      f.sattr_ok;
  f.sattr_wide_window.accessPolicyWindow.base_ptr = f.d;
  f.sattr_wide_window.accessPolicyWindow.num_bytes = (size_t)1 << 50;
  f.sattr_bad_hit_ratio.accessPolicyWindow.hitRatio = 2.0f;
  f.sattr_bad_hit_prop.accessPolicyWindow.hitProp =
      (enum infinirtAccessProperty)7;
  f.sattr_bad_policy.syncPolicy = (enum infinirtSynchronizationPolicy)99;
  f.sattr_bad_domain.memSyncDomain = (infinirtLaunchMemSyncDomain)99;
  memset(&f.occ_config, 0, sizeof f.occ_config);
  f.occ_config.gridDim = (infinirtDim3){2, 1, 1};
  f.occ_config.blockDim = (infinirtDim3){32, 1, 1};
  f.occ_config_empty = f.occ_config_null_attrs = f.occ_config_cluster =
      f.occ_config;
  f.occ_config_empty.blockDim.x = 0;
  f.occ_config_null_attrs.numAttrs = 1;
  memset(&f.cluster_attr, 0, sizeof f.cluster_attr);
  f.cluster_attr.id = infinirtLaunchAttributeClusterDimension;
  f.cluster_attr.val.clusterDim.x = 2;
  f.cluster_attr.val.clusterDim.y = 1;
  f.cluster_attr.val.clusterDim.z = 1;
  f.occ_config_cluster.attrs = &f.cluster_attr;
  f.occ_config_cluster.numAttrs = 1;
  f.image = infinirt_test_kernels_image(conf_backend, NULL);
  f.image_path = infinirt_test_kernels_image_path(conf_backend);
  f.no_image = infinirt_test_kernels_image_missing(conf_backend);
  if (f.image && (!load(&f.lib, &f.k_empty, &f.k_args) ||
                  !EXPECT_OK(infinirtLibraryGetGlobal(&f.global, &f.global_size,
                                                      f.lib, "kt_coeffs"))))
    return false;
  if (!EXPECT_OK(infinirtStreamCreate(&f.dead_s)) ||
      !EXPECT_OK(infinirtStreamDestroy(f.dead_s)) ||
      !EXPECT_OK(infinirtEventCreate(&f.dead_e)) ||
      !EXPECT_OK(infinirtEventDestroy(f.dead_e)))
    return false;
  if (!EXPECT_OK(infinirtMemPoolCreate(&f.dead_pool, &f.props)) ||
      !EXPECT_OK(infinirtMemPoolDestroy(f.dead_pool)))
    return false;
  if (f.image && (!load(&f.dead_lib, &f.dead_k, NULL) ||
                  !EXPECT_OK(infinirtLibraryGetGlobal(
                      &f.dead_global, NULL, f.dead_lib, "kt_coeffs")) ||
                  !EXPECT_OK(infinirtLibraryUnload(f.dead_lib))))
    return false;
  graph_setup();
  return true;
}

static void teardown(void) {
  graph_teardown();
  if (f.lib)
    EXPECT_OK(infinirtLibraryUnload(f.lib));
  EXPECT_OK(infinirtDeviceSynchronize());
  if (f.pool)
    EXPECT_OK(infinirtMemPoolDestroy(f.pool));
  if (f.e_ipc)
    EXPECT_OK(infinirtEventDestroy(f.e_ipc));
  if (f.e_notiming)
    EXPECT_OK(infinirtEventDestroy(f.e_notiming));
  if (f.e_unrecorded)
    EXPECT_OK(infinirtEventDestroy(f.e_unrecorded));
  if (f.e_spare)
    EXPECT_OK(infinirtEventDestroy(f.e_spare));
  if (f.e)
    EXPECT_OK(infinirtEventDestroy(f.e));
  if (f.s)
    EXPECT_OK(infinirtStreamDestroy(f.s));
  if (f.h)
    EXPECT_OK(infinirtFreeHost(f.h));
  if (f.spare)
    EXPECT_OK(infinirtFree(f.spare));
  if (f.d)
    EXPECT_OK(infinirtFree(f.d));
}

CONF_TEST(bad_calls, table) {
  int passed = 0, failed = 0, not_run = 0;
  if (setup()) {
    for (int i = 0; i < NROWS; i++) {
      if (rows[i].needs == LIB && !f.image)
        not_run++;
      else if (check_row(i))
        passed++;
      else
        failed++;
    }
    /* Host functions refused on bad streams never run. */
    EXPECT_OK(infinirtDeviceSynchronize());
    EXPECT_EQ(atomic_load(&f.host_fn_runs), 0);
  }
  teardown();
  printf("bad_calls on %s: %d rows, %d as documented, %d not, %d not run%s%s\n",
         infinirtExtGetDeviceTypeName(conf_backend), (int)NROWS, passed, failed,
         not_run, not_run ? ": " : "", not_run && f.no_image ? f.no_image : "");
  fflush(stdout);
}
