/* cpu_launch.c - LaunchKernel: validation, argument capture into the
 * stream's ring, and execution of the blocks (inline for one block, over
 * the thread pool otherwise). */
#include <stdlib.h>
#include <string.h>

#include "cpu_internal.h"
#include "cpu_pool.h"

/* Limits the CPU devices report (cpu_device.c). */
#define MAX_BLOCK_THREADS 1024u
#define MAX_SHARED (48u << 10)

static infinirtError_t check_geometry(infinirtDim3 g, infinirtDim3 b,
                                      size_t shared) {
  if (!g.x || !g.y || !g.z || !b.x || !b.y || !b.z)
    return infinirt_detail(infinirtErrorInvalidConfiguration,
                           "zero dimension in grid (%u,%u,%u) or block "
                           "(%u,%u,%u)",
                           g.x, g.y, g.z, b.x, b.y, b.z);
  if (g.x > 0x7fffffffu || g.y > 65535u || g.z > 65535u)
    return infinirt_detail(infinirtErrorInvalidConfiguration,
                           "grid (%u,%u,%u) exceeds (2^31-1,65535,65535)", g.x,
                           g.y, g.z);
  if (b.x > 1024u || b.y > 1024u || b.z > 64u ||
      (uint64_t)b.x * b.y * b.z > MAX_BLOCK_THREADS)
    return infinirt_detail(infinirtErrorInvalidConfiguration,
                           "block (%u,%u,%u) exceeds (1024,1024,64) or %u "
                           "threads",
                           b.x, b.y, b.z, MAX_BLOCK_THREADS);
  if (shared > MAX_SHARED)
    return infinirt_detail(infinirtErrorInvalidConfiguration,
                           "%zu bytes of dynamic shared memory exceed the "
                           "device's %u per block",
                           shared, MAX_SHARED);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_LaunchKernel(const void *func,
                                          infinirtDim3 gridDim,
                                          infinirtDim3 blockDim, void **args,
                                          size_t sharedMem,
                                          infinirtStream_t stream) {
  INFINIRT_REFUSE_IN_HOST_FN();
  cpu_kernel *k = (cpu_kernel *)func;
  const infinirtCpuKernelInfo *info = k->info;
  infinirtError_t err = check_geometry(gridDim, blockDim, sharedMem);
  if (err != infinirtSuccess)
    return err;
  if (info->num_args && !args)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "kernel \"%.200s\" takes %u arguments but args is "
                           "NULL",
                           k->name, info->num_args);
  for (uint32_t i = 0; i < info->num_args; i++)
    if (!args[i])
      return infinirt_detail(infinirtErrorInvalidValue,
                             "args[%u] of kernel \"%.200s\" is NULL", i,
                             k->name);
  cpu_stream *s = infinirt_cpu_stream_arg(stream, &err);
  cpu_enqueue e;
  cpu_slot *h;
  if (!s || (err = infinirt_cpu_begin_ordered(s, k->extra_slots, &e, &h)) !=
                infinirtSuccess)
    return err;
  h->cmd.p.launch = (cpu_launch){k, gridDim, blockDim, sharedMem};
  if (info->num_args) {
    /* Capture the values now, as CUDA does: pack, then spread over the
     * continuation slots. */
    _Alignas(16) unsigned char packed[INFINIRT_CPU_KERNEL_MAX_ARGS * 256];
    for (uint32_t i = 0; i < info->num_args; i++)
      memcpy(packed + k->arg_offset[i], args[i], info->arg_sizes[i]);
    for (unsigned i = 0; i < k->extra_slots; i++) {
      size_t off = (size_t)i * CPU_SLOT_DATA;
      size_t n = k->arg_bytes - off < CPU_SLOT_DATA ? k->arg_bytes - off
                                                    : CPU_SLOT_DATA;
      memcpy(infinirt_cpu_cont(&e, i)->data, packed + off, n);
    }
  }
  infinirt_cpu_library_hold(k->lib);
  infinirt_cpu_commit(&e, CPU_OP_LAUNCH);
  return infinirtSuccess;
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

void infinirt_cpu_exec_launch(const cpu_launch *l, unsigned char *args) {
  const cpu_kernel *k = l->kernel;
  void *argv[INFINIRT_CPU_KERNEL_MAX_ARGS];
  for (uint32_t i = 0; i < k->info->num_args; i++)
    argv[i] = args + k->arg_offset[i];
  grid_job j = {l, argv};
  uint64_t blocks = (uint64_t)l->grid.x * l->grid.y * l->grid.z;
  if (blocks == 1) {
    run_blocks(&j, 0, 1);
  } else {
    /* Pieces small enough to balance, large enough to amortise claiming. */
    uint64_t grain = blocks / (infinirt_cpu_pool_width() * 16u);
    infinirt_cpu_parallel_for((size_t)blocks, grain ? (size_t)grain : 1,
                              run_blocks, &j);
  }
  infinirt_cpu_library_release(k->lib);
}
