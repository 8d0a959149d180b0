/* cpu_launch.h - the parts of a launch that LaunchKernel and kernel graph
 * nodes share: the checks on a device, the heap block for arguments too big
 * for the command's slots, and the command itself. The common case (a
 * geometry within the limits, every argument given, no dynamic shared
 * memory, not cooperative, arguments that fit the slots) is inline; every
 * other case, and every error, is out of line in cpu_launch.c. */
#ifndef INFINIRT_CPU_LAUNCH_H_
#define INFINIRT_CPU_LAUNCH_H_

#include <string.h>

#include "cpu_internal.h"

/* The full check: geometry, arguments, the kernel's dynamic shared memory
 * limit on |device|, and for a cooperative launch the blocks that can be
 * active at once (reserving their threads). */
infinirtError_t infinirt_cpu_launch_check_full(const cpu_kernel *k,
                                               infinirtDim3 gridDim,
                                               infinirtDim3 blockDim,
                                               void **args, size_t sharedMem,
                                               int device, bool cooperative);
/* The heap block of a kernel whose arguments outgrow the slots. */
infinirtError_t infinirt_cpu_launch_heap_alloc(const cpu_kernel *k,
                                               unsigned char **heap);

static inline bool infinirt_cpu_geometry_ok(infinirtDim3 g, infinirtDim3 b) {
  return g.x && g.y && g.z && b.x && b.y && b.z && g.x <= 0x7fffffffu &&
         g.y <= 65535u && g.z <= 65535u && b.x <= 1024u && b.y <= 1024u &&
         b.z <= 64u && (uint64_t)b.x * b.y * b.z <= CPU_MAX_BLOCK_THREADS;
}

/* A launch's checks on |device|. No dynamic shared memory is within every
 * limit, so only a launch that asks for some reads the kernel's. */
static inline infinirtError_t
infinirt_cpu_launch_check(const cpu_kernel *k, infinirtDim3 gridDim,
                          infinirtDim3 blockDim, void **args, size_t sharedMem,
                          int device, bool cooperative) {
  const infinirtCpuKernelInfo *info = k->info;
  bool ok = infinirt_cpu_geometry_ok(gridDim, blockDim) && !sharedMem &&
            !cooperative && (!info->num_args || args);
  for (uint32_t i = 0; ok && i < info->num_args; i++)
    ok = args[i] != NULL;
  if (__builtin_expect(ok, 1))
    return infinirtSuccess;
  return infinirt_cpu_launch_check_full(k, gridDim, blockDim, args, sharedMem,
                                        device, cooperative);
}

/* NULL in |*heap| when the arguments fit the command's continuation slots
 * (k->extra_slots of them), else a heap block for them. */
static inline infinirtError_t infinirt_cpu_launch_heap(const cpu_kernel *k,
                                                       unsigned char **heap) {
  *heap = NULL;
  if (__builtin_expect(k->extra_slots <= CPU_INLINE_ARG_SLOTS, 1))
    return infinirtSuccess;
  return infinirt_cpu_launch_heap_alloc(k, heap);
}

/* The launch command at |h| (cleared, with its continuation slots): the
 * argument values are copied now, as CUDA captures them at the call. */
static inline void infinirt_cpu_launch_command(
    cpu_slot *h, cpu_kernel *k, infinirtDim3 gridDim, infinirtDim3 blockDim,
    void **args, size_t sharedMem, bool cooperative, unsigned char *heap) {
  h->cmd.p.launch = (cpu_launch){
      k, gridDim, blockDim, (uint32_t)sharedMem, cooperative, heap};
  const infinirtCpuKernelInfo *info = k->info;
  unsigned char *dst = heap ? heap : (k->extra_slots ? h[1].data : NULL);
  for (uint32_t i = 0; i < info->num_args; i++)
    memcpy(dst + k->arg_offset[i], args[i], info->arg_sizes[i]);
}

#endif /* INFINIRT_CPU_LAUNCH_H_ */
