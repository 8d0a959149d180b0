/* cpu_launch.c - the launch forms (LaunchKernel, LaunchCooperativeKernel,
 * LaunchKernelExC): the device's limits, argument capture into the command,
 * and execution of the blocks (inline for one block, as a parallel job of
 * the scheduler otherwise, on threads of their own when cooperative). */
#include <stdlib.h>
#include <string.h>

#include "cpu_launch.h"

/* The error of a shape infinirt_cpu_geometry_ok() refused (kept out of the
 * launch path, which only compares). */
static __attribute__((noinline, cold)) infinirtError_t
geometry_refuse(const infinirtDim3 *g, const infinirtDim3 *b) {
  if (!g->x || !g->y || !g->z || !b->x || !b->y || !b->z)
    return infinirt_detail(infinirtErrorInvalidConfiguration,
                           "zero dimension in grid (%u,%u,%u) or block "
                           "(%u,%u,%u)",
                           g->x, g->y, g->z, b->x, b->y, b->z);
  if (g->x > 0x7fffffffu || g->y > 65535u || g->z > 65535u)
    return infinirt_detail(infinirtErrorInvalidConfiguration,
                           "grid (%u,%u,%u) exceeds (2^31-1,65535,65535)", g->x,
                           g->y, g->z);
  return infinirt_detail(infinirtErrorInvalidConfiguration,
                         "block (%u,%u,%u) exceeds (1024,1024,64) or %u "
                         "threads",
                         b->x, b->y, b->z, CPU_MAX_BLOCK_THREADS);
}

/* A NULL argument list or argument (cold, as geometry_refuse). */
static __attribute__((noinline, cold)) infinirtError_t
args_refuse(const cpu_kernel *k, void **args) {
  if (!args)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "kernel \"%.200s\" takes %u arguments but args is "
                           "NULL",
                           k->name, k->info->num_args);
  uint32_t i = 0;
  while (i < k->info->num_args && args[i])
    i++;
  return infinirt_detail(infinirtErrorInvalidValue,
                         "args[%u] of kernel \"%.200s\" is NULL", i, k->name);
}

/* Dynamic shared memory over the kernel's limit (cold). */
static __attribute__((noinline, cold)) infinirtError_t
shared_refuse(const cpu_kernel *k, size_t shared, uint32_t max_shared) {
  return infinirt_detail(infinirtErrorInvalidConfiguration,
                         "%zu bytes of dynamic shared memory exceed kernel "
                         "\"%.200s\"'s %u (raise "
                         "infinirtFuncAttributeMaxDynamicSharedMemorySize, "
                         "up to sharedMemPerBlockOptin)",
                         shared, k->name, max_shared);
}

/* A cooperative grid: no more blocks than can be active at once. */
static __attribute__((noinline)) infinirtError_t
coop_check(const cpu_kernel *k, int device, const infinirtDim3 *g,
           const infinirtDim3 *b, size_t shared) {
  uint64_t blocks = (uint64_t)g->x * g->y * g->z;
  uint64_t most = (uint64_t)infinirt_cpu_occupancy(
                      k, device, (uint64_t)b->x * b->y * b->z, shared) *
                  infinirt_cpu_sys.cores;
  if (blocks > most)
    return infinirt_detail(infinirtErrorCooperativeLaunchTooLarge,
                           "a cooperative grid of %llu blocks exceeds the %llu "
                           "that can be active at once",
                           (unsigned long long)blocks,
                           (unsigned long long)most);
  return infinirt_cpu_coop_reserve(blocks);
}

/* What the launch's device allows this kernel: its dynamic shared memory
 * limit (CUDA's rule: 48 KiB unless FuncSetAttribute raised it) and, for a
 * cooperative launch, no more blocks than can be active at once. */
static infinirtError_t check_resources(const cpu_kernel *k, int device,
                                       const infinirtDim3 *g,
                                       const infinirtDim3 *b, size_t shared,
                                       bool cooperative) {
  uint32_t max_shared = infinirt_cpu_kernel_max_dynamic_shared(k, device);
  if (__builtin_expect(shared > max_shared, 0))
    return shared_refuse(k, shared, max_shared);
  return cooperative ? coop_check(k, device, g, b, shared) : infinirtSuccess;
}

infinirtError_t infinirt_cpu_launch_check_full(const cpu_kernel *k,
                                               infinirtDim3 gridDim,
                                               infinirtDim3 blockDim,
                                               void **args, size_t sharedMem,
                                               int device, bool cooperative) {
  if (!infinirt_cpu_geometry_ok(gridDim, blockDim))
    return geometry_refuse(&gridDim, &blockDim);
  const infinirtCpuKernelInfo *info = k->info;
  bool args_ok = !info->num_args || args;
  for (uint32_t i = 0; args_ok && i < info->num_args; i++)
    args_ok = args[i] != NULL;
  if (!args_ok)
    return args_refuse(k, args);
  return check_resources(k, device, &gridDim, &blockDim, sharedMem,
                         cooperative);
}

infinirtError_t infinirt_cpu_launch_heap_alloc(const cpu_kernel *k,
                                               unsigned char **heap) {
  if (posix_memalign((void **)heap, 64, k->extra_slots * CPU_SLOT_BYTES)) {
    *heap = NULL;
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for the %u argument bytes of kernel "
                           "\"%.200s\"",
                           k->arg_bytes, k->name);
  }
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_launch(cpu_kernel *k, infinirtDim3 gridDim,
                                    infinirtDim3 blockDim, void **args,
                                    size_t sharedMem, infinirtStream_t stream,
                                    bool cooperative) {
  infinirtError_t err = infinirtSuccess;
  cpu_stream *s = infinirt_cpu_stream_arg(stream, &err);
  if (!s)
    return err;
  if ((err = infinirt_cpu_launch_check(k, gridDim, blockDim, args, sharedMem,
                                       s->dev->ordinal, cooperative)) !=
      infinirtSuccess)
    return err;
  /* Capture the values now, as CUDA does: packed into the command's
   * continuation slots, or onto the heap when they are too many. */
  unsigned char *heap;
  if ((err = infinirt_cpu_launch_heap(k, &heap)) != infinirtSuccess)
    return err;
  cpu_enqueue e;
  cpu_slot *h;
  if ((err = infinirt_cpu_begin_ordered(s, heap ? 0 : k->extra_slots, &e,
                                        &h)) != infinirtSuccess) {
    free(heap);
    return err;
  }
  infinirt_cpu_launch_command(h, k, gridDim, blockDim, args, sharedMem,
                              cooperative, heap);
  infinirt_cpu_commit(&e, CPU_OP_LAUNCH);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_LaunchKernel(const void *func,
                                          infinirtDim3 gridDim,
                                          infinirtDim3 blockDim, void **args,
                                          size_t sharedMem,
                                          infinirtStream_t stream) {
  return infinirt_cpu_launch((cpu_kernel *)func, gridDim, blockDim, args,
                             sharedMem, stream, false);
}

infinirtError_t infinirt_cpu_LaunchCooperativeKernel(
    const void *func, infinirtDim3 gridDim, infinirtDim3 blockDim, void **args,
    size_t sharedMem, infinirtStream_t stream) {
  return infinirt_cpu_launch((cpu_kernel *)func, gridDim, blockDim, args,
                             sharedMem, stream, true);
}

/* What the CPU cannot do of each launch attribute it refuses. */
static const char *refused_attribute(infinirtLaunchAttributeID id) {
  switch (id) {
  case infinirtLaunchAttributeAccessPolicyWindow:
    return "AccessPolicyWindow: the CPU device has no persisting L2 cache "
           "(accessPolicyMaxWindowSize 0)";
  case infinirtLaunchAttributeSynchronizationPolicy:
    return "SynchronizationPolicy: an attribute of streams, which the CPU "
           "backend does not take per launch";
  case infinirtLaunchAttributeClusterDimension:
  case infinirtLaunchAttributeClusterSchedulingPolicyPreference:
  case infinirtLaunchAttributePreferredClusterDimension:
    return "cluster attributes: the CPU device has no thread block clusters "
           "(clusterLaunch 0)";
  case infinirtLaunchAttributeMemSyncDomainMap:
  case infinirtLaunchAttributeMemSyncDomain:
    return "memory synchronisation domains: the CPU device has none";
  case infinirtLaunchAttributeDeviceUpdatableKernelNode:
    return "DeviceUpdatableKernelNode: an attribute of graph nodes, and "
           "InfiniRT has no graphs";
  default:
    return NULL;
  }
}

static bool records_event(const infinirtLaunchAttribute *a,
                          infinirtEvent_t *ev) {
  if (a->id == infinirtLaunchAttributeProgrammaticEvent)
    *ev = a->val.programmaticEvent.event;
  else if (a->id == infinirtLaunchAttributeLaunchCompletionEvent)
    *ev = a->val.launchCompletionEvent.event;
  else
    return false;
  return true;
}

/* The attributes were checked by the core (known ids; events live, of this
 * backend, timing-free, without flags). Refused ones fail the call before
 * anything is enqueued; the events are recorded after the kernel. */
infinirtError_t
infinirt_cpu_LaunchKernelExC(const infinirtLaunchConfig_t *config,
                             const void *func, void **args) {
  bool cooperative = false;
  for (unsigned i = 0; i < config->numAttrs; i++) {
    const infinirtLaunchAttribute *a = &config->attrs[i];
    const char *why = refused_attribute(a->id);
    if (why)
      return infinirt_detail(infinirtErrorNotSupported, "attrs[%u]: %s", i,
                             why);
    if (a->id == infinirtLaunchAttributeCooperative)
      cooperative = a->val.cooperative != 0;
  }
  infinirtError_t err = infinirt_cpu_launch(
      (cpu_kernel *)func, config->gridDim, config->blockDim, args,
      config->dynamicSmemBytes, config->stream, cooperative);
  for (unsigned i = 0; err == infinirtSuccess && i < config->numAttrs; i++) {
    infinirtEvent_t ev;
    if (records_event(&config->attrs[i], &ev))
      err = infinirt_cpu_EventRecord(ev, config->stream);
  }
  return err;
}

/* ---- execution -------------------------------------------------------- */

/* Each thread's dynamic shared memory, grown on demand and kept. */
static _Thread_local void *shared_buf;
static _Thread_local size_t shared_cap;

static void *shared_memory(size_t bytes) {
  if (bytes == 0)
    return NULL;
  if (bytes > shared_cap) {
    void *p = NULL;
    if (posix_memalign(&p, 64, bytes) != 0)
      return NULL;
    free(shared_buf);
    shared_buf = p;
    shared_cap = bytes;
  }
  return shared_buf;
}

typedef struct grid_job {
  const cpu_launch *l;
  void *const *argv;
} grid_job;

static void run_blocks(void *arg, size_t begin, size_t end) {
  const grid_job *j = arg;
  const cpu_launch *l = j->l;
  infinirtCpuBlockFn fn = l->kernel->info->run_block;
  infinirtCpuBlockContext ctx = {.gridDim = l->grid, .blockDim = l->block};
  ctx.sharedMemBytes = (size_t)l->shared;
  ctx.sharedMem = shared_memory(ctx.sharedMemBytes);
  uint64_t gx = l->grid.x, gxy = gx * l->grid.y;
  for (size_t b = begin; b < end; b++) {
    ctx.blockIdx.x = (unsigned)(b % gx);
    ctx.blockIdx.y = (unsigned)((b / gx) % l->grid.y);
    ctx.blockIdx.z = (unsigned)(b / gxy);
    fn(&ctx, j->argv);
  }
}

static void run_one_block(void *arg, size_t block) {
  run_blocks(arg, block, block + 1);
}

void infinirt_cpu_exec_launch(const cpu_launch *l, unsigned char *args) {
  const cpu_kernel *k = l->kernel;
  void *argv[INFINIRT_CPU_KERNEL_MAX_ARGS];
  for (uint32_t i = 0; i < k->info->num_args; i++)
    argv[i] = args + k->arg_offset[i];
  grid_job j = {l, argv};
  uint64_t blocks = (uint64_t)l->grid.x * l->grid.y * l->grid.z;
  if (blocks == 1) {
    run_blocks(&j, 0, 1);
  } else if (l->cooperative) {
    infinirt_cpu_coop_run(blocks, run_one_block, &j);
  } else {
    /* Pieces small enough to balance, large enough to amortise claiming. */
    uint64_t grain = blocks / (infinirt_cpu_parallel_width() * 16u);
    infinirt_cpu_parallel_for((size_t)blocks, grain ? (size_t)grain : 1,
                              run_blocks, &j);
  }
}
