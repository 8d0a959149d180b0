/*
 * infinirt_cpu_kernel.h - the binary interface between the CPU backend and a
 * CPU kernel library.
 *
 * A CPU kernel library is an ELF shared object. For each kernel NAME it
 * exports one object symbol
 *
 *     const infinirtCpuKernelInfo infinirt_cpu_kernel__NAME;
 *
 * (infinirtLibraryGetKernel(&k, lib, "NAME") looks that symbol up). The info
 * says how many arguments the kernel takes and their sizes, so that
 * infinirtLaunchKernel can copy the argument values at launch time, as CUDA
 * does, and the entry point that runs one block.
 *
 * Execution model: the blocks of a launch run in parallel on the backend's
 * worker threads, in no particular order; each call of |run_block| runs every
 * thread of one block, on one OS thread, so a block's "threads" are the
 * iterations of loops inside the entry point (infinirt_kernel.h provides
 * the loops and the barrier between them). Dynamic shared memory is a buffer
 * private to the running block, 64-byte aligned, uninitialised, of the size
 * given at launch. Entry points must not call infinirt functions.
 *
 * Most users do not write this by hand: infinirt_kernel.h generates it from a
 * kernel written once for CUDA and the CPU.
 */
#ifndef INFINIRT_CPU_KERNEL_H_
#define INFINIRT_CPU_KERNEL_H_

#include <stdint.h>

#include "infinirt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped when this interface changes incompatibly; the backend refuses
 * (InvalidKernelImage) a kernel whose abi_version differs. */
#define INFINIRT_CPU_KERNEL_ABI_VERSION 1u

/* Largest number of arguments a CPU kernel may take. */
#define INFINIRT_CPU_KERNEL_MAX_ARGS 32u

/* What a block sees of its launch. */
typedef struct infinirtCpuBlockContext {
  infinirtDim3 gridDim;  /* blocks in the grid */
  infinirtDim3 blockDim; /* threads in a block */
  infinirtDim3 blockIdx; /* this block */
  void *sharedMem;       /* dynamic shared memory of this block, or NULL */
  size_t sharedMemBytes; /* its size, as given at launch */
} infinirtCpuBlockContext;

/* Runs every thread of one block. |args[i]| points to a copy of the value of
 * argument i, aligned to at least 16 bytes. */
typedef void (*infinirtCpuBlockFn)(const infinirtCpuBlockContext *ctx,
                                   void *const *args);

typedef struct infinirtCpuKernelInfo {
  uint32_t abi_version;      /* INFINIRT_CPU_KERNEL_ABI_VERSION */
  uint32_t num_args;         /* <= INFINIRT_CPU_KERNEL_MAX_ARGS */
  const uint32_t *arg_sizes; /* num_args sizes in bytes, each 1..256 */
  infinirtCpuBlockFn run_block;
} infinirtCpuKernelInfo;

/* Prefix of the exported symbol that describes a kernel. */
#define INFINIRT_CPU_KERNEL_SYMBOL_PREFIX "infinirt_cpu_kernel__"

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* INFINIRT_CPU_KERNEL_H_ */
