/*
 * infinirt_kernel.h - write a kernel once, build it for NVIDIA and the CPU.
 *
 * A kernel source (a .c file) that includes only this header compiles
 *   - with nvcc (as CUDA) into an extern "C" __global__ function whose name
 *     is the kernel's name, for cuLibraryGetKernel / infinirtLibraryGetKernel;
 *   - with a C11 compiler into a CPU kernel per infinirt_cpu_kernel.h: an
 *     exported `const infinirtCpuKernelInfo infinirt_cpu_kernel__NAME` whose
 *     run_block runs every thread of one block.
 * cmake/kernels.cmake (infinirt_add_kernel_library) does both builds.
 *
 *     #include <infinirt_kernel.h>
 *
 *     INFINIRT_KERNEL(scale, (float *, x), (float, a), (int, n)) {
 *       INFINIRT_THREADS {
 *         int i = blockIdx.x * blockDim.x + threadIdx.x;
 *         if (i < n) x[i] *= a;
 *       }
 *     }
 *
 * INFINIRT_KERNEL(name, (T1, a1), ..., (Tn, an)) declares a kernel of 0 to 16
 * parameters. Each T must be a type that a '*' can follow (use a typedef for
 * arrays and function pointers); the host passes a pointer to each value in
 * the |args| of infinirtLaunchKernel, as with CUDA.
 *
 * The CPU model, and so the rules a portable kernel follows:
 *
 *  1. The kernel body is block-level code. Per-thread code goes in thread
 *     regions, `INFINIRT_THREADS { ... }`: on CUDA the region is the body
 *     itself, run by every thread; on the CPU it is a loop over threadIdx
 *     (z, y, x; x fastest) run by the one OS thread that runs the block.
 *     threadIdx exists only inside a region (the CPU build rejects it
 *     elsewhere); blockIdx, blockDim, gridDim and the parameters exist
 *     everywhere.
 *  2. INFINIRT_BARRIER (CUDA: __syncthreads()) goes only between regions, at
 *     the top level of the body or inside block-uniform control flow there
 *     (an `if` or loop whose condition depends only on parameters, blockIdx,
 *     blockDim, gridDim and block-level variables). On the CPU a barrier is
 *     the end of one region's loop and the start of the next; two regions
 *     with no barrier between them are still ordered on the CPU but not on
 *     CUDA, so write the barrier wherever CUDA needs one.
 *  3. Per-thread local variables die at the end of their region. A value a
 *     thread keeps across a barrier lives in INFINIRT_PRIVATE storage or in
 *     shared memory indexed by the thread. INFINIRT_PRIVATE(type, name), at
 *     block level, declares it; INFINIRT_PRIV(name), inside a region, is this
 *     thread's slot. On the CPU it is an array of 1024 slots (the largest
 *     block) on the worker's stack whatever the block size, so keep such
 *     values few and small (4 KiB per float).
 *  4. Block-level variables (declared outside regions) are computed the same
 *     way by every CUDA thread; inside regions they are read-only (on the CPU
 *     one copy is shared by the block's threads, on CUDA each thread has its
 *     own). Memory accesses belong inside regions.
 *  5. Inside a region, threads of a block do not communicate: no warp
 *     shuffles, votes or __syncwarp, no spinning on a value another thread of
 *     the block writes (on the CPU the other thread runs later or has run
 *     already). Within one region, a thread reads only the shared memory it
 *     wrote itself or that was written before the last barrier.
 *  6. Leave a thread's region early with INFINIRT_THREAD_RETURN (written at
 *     the region's own level, not inside a loop of yours). Never `return`
 *     inside a region: on the CPU it ends the whole block.
 *  7. Blocks run in parallel, in any order, on both. Atomics
 *     (infinirt_atomic_*) are real atomics between blocks on the CPU too; a
 *     block may not wait for another block (no grid-wide barrier), on either,
 *     except in a cooperative launch (infinirtLaunchCooperativeKernel), whose
 *     blocks are all resident at once: one thread of a block may then spin
 *     on an atomic that other blocks move (tests/kernels/kernels/kt_globals.c
 *     does so).
 *  8. Shared memory: INFINIRT_SHARED(type, name, count) declares a block's
 *     static array of a compile-time |count| (48 KiB in all at most, as on
 *     CUDA without opt-in; on the CPU it lives on the worker's stack);
 *     infinirt_dynamic_shared() is the block's dynamic shared memory (the
 *     launch's sharedMem bytes, 16-byte aligned, uninitialised).
 *  9. No printf, malloc, recursion, texture or surface objects, cooperative
 *     groups, dynamic parallelism or inline assembly: what the two compilers
 *     both accept is plain C arithmetic, loops, math.h functions and helper
 *     functions declared INFINIRT_DEVICE. Helper names are static: the NVIDIA
 *     build compiles every source of a library as one unit, so two sources of
 *     one library must not define the same static name.
 * 10. Speed on the CPU: the compiler vectorizes a region across threadIdx.x
 *     (one SIMD lane per thread; x is the innermost loop), so consecutive x
 *     should touch consecutive elements; a loop of your own inside a region
 *     should have a small constant trip count (it is unrolled, leaving the
 *     x loop innermost). Sum global indices in size_t (a[(size_t)r * n + c0
 *     + threadIdx.x]): an unsigned int sum that could wrap is not an affine
 *     index and stops the vectorizer. A per-thread `if` around a load or
 *     store needs masked vector instructions (-march with AVX-512, say);
 *     where it guards only the edge of the data, a block-uniform `if` that
 *     takes a check-free path for interior blocks keeps them vector
 *     (examples/kernels/kernels/matmul_tiled.c does so).
 * 11. Globals: INFINIRT_DEVICE_GLOBAL(type, name), at file scope, defines a
 *     global of the library (CUDA: __device__), optionally followed by an
 *     initializer: `INFINIRT_DEVICE_GLOBAL(float, scale) = 2.0f;`,
 *     `INFINIRT_DEVICE_GLOBAL(int, table[64]);` (zero). Kernels use it by
 *     name; the host finds it with infinirtLibraryGetGlobal(&p, &bytes, lib,
 *     "scale") and copies with infinirtMemcpyToSymbol(p, ...) and its kin.
 *     INFINIRT_CONSTANT_GLOBAL is the same for data kernels only read (CUDA:
 *     __constant__, 64 KiB in all), INFINIRT_MANAGED_GLOBAL for one the host
 *     may also use through its address (CUDA: __managed__;
 *     infinirtLibraryGetManaged). The type must not be const (a const C++
 *     global has internal linkage, so the NVIDIA image would not export
 *     it); a source that uses a global another source of the library
 *     defines declares it with `extern` before the macro. On the CPU a
 *     global is an exported variable of the shared object, one for all CPU
 *     devices; accesses from kernels are plain memory accesses (use
 *     infinirt_atomic_* where blocks race).
 */
#ifndef INFINIRT_KERNEL_H_
#define INFINIRT_KERNEL_H_

/* --- Preprocessor helpers (internal) ------------------------------------ */

#define INFINIRT_PP_CAT(a, b) INFINIRT_PP_CAT_(a, b)
#define INFINIRT_PP_CAT_(a, b) a##b
#define INFINIRT_PP_EMPTY()
#define INFINIRT_PP_COMMA() ,
/* Number of arguments after the first (the first is always present, so that
 * the count of an empty list needs no comma elision). */
#define INFINIRT_PP_NARGS(...)                                                 \
  INFINIRT_PP_PICK(__VA_ARGS__, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4,  \
                   3, 2, 1, 0, ~)
#define INFINIRT_PP_PICK(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11,     \
                         _12, _13, _14, _15, _16, N, ...)                      \
  N
/* INFINIRT_PP_MAP_n(m, s, p0..pn-1): m(0, p0) s() m(1, p1) s() ... */
#define INFINIRT_PP_MAP_0(m, s)
#define INFINIRT_PP_MAP_1(m, s, a) m(0, a)
#define INFINIRT_PP_MAP_2(m, s, a, b) INFINIRT_PP_MAP_1(m, s, a) s() m(1, b)
#define INFINIRT_PP_MAP_3(m, s, a, b, c)                                       \
  INFINIRT_PP_MAP_2(m, s, a, b) s() m(2, c)
#define INFINIRT_PP_MAP_4(m, s, a, b, c, d)                                    \
  INFINIRT_PP_MAP_3(m, s, a, b, c) s() m(3, d)
#define INFINIRT_PP_MAP_5(m, s, a, b, c, d, e)                                 \
  INFINIRT_PP_MAP_4(m, s, a, b, c, d) s() m(4, e)
#define INFINIRT_PP_MAP_6(m, s, a, b, c, d, e, f)                              \
  INFINIRT_PP_MAP_5(m, s, a, b, c, d, e) s() m(5, f)
#define INFINIRT_PP_MAP_7(m, s, a, b, c, d, e, f, g)                           \
  INFINIRT_PP_MAP_6(m, s, a, b, c, d, e, f) s() m(6, g)
#define INFINIRT_PP_MAP_8(m, s, a, b, c, d, e, f, g, h)                        \
  INFINIRT_PP_MAP_7(m, s, a, b, c, d, e, f, g) s() m(7, h)
#define INFINIRT_PP_MAP_9(m, s, a, b, c, d, e, f, g, h, i)                     \
  INFINIRT_PP_MAP_8(m, s, a, b, c, d, e, f, g, h) s() m(8, i)
#define INFINIRT_PP_MAP_10(m, s, a, b, c, d, e, f, g, h, i, j)                 \
  INFINIRT_PP_MAP_9(m, s, a, b, c, d, e, f, g, h, i) s() m(9, j)
#define INFINIRT_PP_MAP_11(m, s, a, b, c, d, e, f, g, h, i, j, k)              \
  INFINIRT_PP_MAP_10(m, s, a, b, c, d, e, f, g, h, i, j) s() m(10, k)
#define INFINIRT_PP_MAP_12(m, s, a, b, c, d, e, f, g, h, i, j, k, l)           \
  INFINIRT_PP_MAP_11(m, s, a, b, c, d, e, f, g, h, i, j, k) s() m(11, l)
#define INFINIRT_PP_MAP_13(m, s, a, b, c, d, e, f, g, h, i, j, k, l, n)        \
  INFINIRT_PP_MAP_12(m, s, a, b, c, d, e, f, g, h, i, j, k, l) s() m(12, n)
#define INFINIRT_PP_MAP_14(m, s, a, b, c, d, e, f, g, h, i, j, k, l, n, o)     \
  INFINIRT_PP_MAP_13(m, s, a, b, c, d, e, f, g, h, i, j, k, l, n)              \
  s() m(13, o)
#define INFINIRT_PP_MAP_15(m, s, a, b, c, d, e, f, g, h, i, j, k, l, n, o, p)  \
  INFINIRT_PP_MAP_14(m, s, a, b, c, d, e, f, g, h, i, j, k, l, n, o)           \
  s() m(14, p)
#define INFINIRT_PP_MAP_16(m, s, a, b, c, d, e, f, g, h, i, j, k, l, n, o, p,  \
                           q)                                                  \
  INFINIRT_PP_MAP_15(m, s, a, b, c, d, e, f, g, h, i, j, k, l, n, o, p)        \
  s() m(15, q)
/* (T, a) pairs. */
#define INFINIRT_PP_TYPE(T, a) T
#define INFINIRT_PP_DECL(T, a) T a
#define INFINIRT_PP_PARAM(i, p) INFINIRT_PP_DECL p
#define INFINIRT_PP_PARAM_LEAD(i, p) , INFINIRT_PP_DECL p

/* The kernel's name is the first argument; the (T, a) pairs follow. */
#define INFINIRT_KERNEL(name, ...)                                             \
  INFINIRT_KERNEL_IMPL_(                                                       \
      name, INFINIRT_PP_NARGS(name, ##__VA_ARGS__),                            \
      INFINIRT_PP_CAT(INFINIRT_PP_MAP_,                                        \
                      INFINIRT_PP_NARGS(name, ##__VA_ARGS__)),                 \
      ##__VA_ARGS__)

#if defined(__CUDACC__)
/* ======================================================================== */
/* CUDA (nvcc)                                                              */
/* ======================================================================== */

#define INFINIRT_KERNEL_IMPL_(name, n, map, ...)                               \
  extern "C" __global__ void name(                                             \
      map(INFINIRT_PP_PARAM, INFINIRT_PP_COMMA, ##__VA_ARGS__))

/* A single-trip loop, so that INFINIRT_THREAD_RETURN (continue) leaves it. */
#define INFINIRT_THREADS                                                       \
  for (int infinirt_once__ = 1; infinirt_once__; infinirt_once__ = 0)
#define INFINIRT_THREAD_RETURN continue
#define INFINIRT_BARRIER __syncthreads()

#define INFINIRT_SHARED(type, name, count) __shared__ type name[count]
extern __shared__ __align__(16) unsigned char infinirt_dynamic_shared__[];
#define infinirt_dynamic_shared() ((void *)infinirt_dynamic_shared__)

#define INFINIRT_PRIVATE(type, name) type name
#define INFINIRT_PRIV(name) name

#define INFINIRT_DEVICE static __device__ __forceinline__
#define INFINIRT_RESTRICT __restrict__

/* Globals (rule 11). A C++ global of the global namespace keeps its plain
 * name, so cuLibraryGetGlobal finds it under the name the C build exports. */
#define INFINIRT_DEVICE_GLOBAL(type, name) __device__ type name
#define INFINIRT_CONSTANT_GLOBAL(type, name) __constant__ type name
#define INFINIRT_MANAGED_GLOBAL(type, name) __managed__ type name

/* Atomics (relaxed, as CUDA's); each returns the old value. */
INFINIRT_DEVICE int infinirt_atomic_add_i32(int *p, int v) {
  return atomicAdd(p, v);
}
INFINIRT_DEVICE unsigned int infinirt_atomic_add_u32(unsigned int *p,
                                                     unsigned int v) {
  return atomicAdd(p, v);
}
INFINIRT_DEVICE unsigned long long
infinirt_atomic_add_u64(unsigned long long *p, unsigned long long v) {
  return atomicAdd(p, v);
}
INFINIRT_DEVICE float infinirt_atomic_add_f32(float *p, float v) {
  return atomicAdd(p, v);
}
INFINIRT_DEVICE double infinirt_atomic_add_f64(double *p, double v) {
  return atomicAdd(p, v);
}
INFINIRT_DEVICE int infinirt_atomic_max_i32(int *p, int v) {
  return atomicMax(p, v);
}

#elif defined(__cplusplus)
#error "infinirt_kernel.h: compile kernels as C (CPU) or with nvcc (NVIDIA)"

#else
/* ======================================================================== */
/* CPU (C11): the infinirt_cpu_kernel.h ABI                                 */
/* ======================================================================== */

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "infinirt_cpu_kernel.h"

/* The largest block the CPU backend launches (its maxThreadsPerBlock and
 * maxThreadsDim); it never calls run_block with more. */
#define INFINIRT_CPU_MAX_BLOCK_THREADS_ 1024u
#define INFINIRT_CPU_ASSUME_BLOCK_(d)                                          \
  do {                                                                         \
    if ((d).x > 1024u || (d).y > 1024u || (d).z > 64u ||                       \
        (d).x * (d).y * (d).z > INFINIRT_CPU_MAX_BLOCK_THREADS_)               \
      __builtin_unreachable();                                                 \
  } while (0)

#define INFINIRT_PP_ARG_LEAD(i, p) , (*(INFINIRT_PP_TYPE p *)infinirt_args__[i])
#define INFINIRT_PP_SIZE_TRAIL(i, p) (uint32_t)sizeof(INFINIRT_PP_TYPE p),

#define INFINIRT_KERNEL_BODY_PARAMS_                                           \
  const infinirtCpuBlockContext *infinirt_ctx__ __attribute__((unused)),       \
      const infinirtDim3 gridDim __attribute__((unused)),                      \
      const infinirtDim3 blockDim __attribute__((unused)),                     \
      const infinirtDim3 blockIdx __attribute__((unused))

/* The user's body becomes a static function taking the launch geometry and
 * the typed parameters; run_block unpacks args[] into it. The body is always
 * inlined, so that it sees the block limits run_block states: with them the
 * compiler proves that thread index arithmetic (threadIdx.y * 16 +
 * threadIdx.x in unsigned int) does not wrap, which the vectorizer needs. */
#define INFINIRT_KERNEL_IMPL_(name, n, map, ...)                               \
  static inline __attribute__((always_inline)) void infinirt_kbody__##name(    \
      INFINIRT_KERNEL_BODY_PARAMS_ map(INFINIRT_PP_PARAM_LEAD,                 \
                                       INFINIRT_PP_EMPTY, ##__VA_ARGS__));     \
  static void infinirt_krun__##name(                                           \
      const infinirtCpuBlockContext *infinirt_ctx__,                           \
      void *const *infinirt_args__ __attribute__((unused))) {                  \
    const infinirtDim3 infinirt_bd__ = infinirt_ctx__->blockDim;               \
    INFINIRT_CPU_ASSUME_BLOCK_(infinirt_bd__);                                 \
    infinirt_kbody__##name(                                                    \
        infinirt_ctx__, infinirt_ctx__->gridDim, infinirt_bd__,                \
        infinirt_ctx__->blockIdx map(INFINIRT_PP_ARG_LEAD, INFINIRT_PP_EMPTY,  \
                                     ##__VA_ARGS__));                          \
  }                                                                            \
  static const uint32_t infinirt_ksizes__##name[] = {                          \
      map(INFINIRT_PP_SIZE_TRAIL, INFINIRT_PP_EMPTY, ##__VA_ARGS__) 0u};       \
  __attribute__((visibility("default"))) extern const infinirtCpuKernelInfo    \
      infinirt_cpu_kernel__##name;                                             \
  const infinirtCpuKernelInfo infinirt_cpu_kernel__##name = {                  \
      INFINIRT_CPU_KERNEL_ABI_VERSION, (n), infinirt_ksizes__##name,           \
      infinirt_krun__##name};                                                  \
  static inline __attribute__((always_inline)) void infinirt_kbody__##name(    \
      INFINIRT_KERNEL_BODY_PARAMS_ map(INFINIRT_PP_PARAM_LEAD,                 \
                                       INFINIRT_PP_EMPTY, ##__VA_ARGS__))

/* The block's threads, one after the other, x fastest as CUDA numbers them.
 * The x loop is innermost and countable, so the compiler can vectorize it
 * (one SIMD lane per thread). Inside it, a single-trip loop makes threadIdx
 * a const per thread (as on CUDA), whose address is never taken, so its
 * members stay plain copies of the loop counters; INFINIRT_THREAD_RETURN
 * (continue) leaves that single-trip loop, i.e. this thread's region. */
#define INFINIRT_THREADS                                                       \
  for (unsigned int infinirt_z__ = 0; infinirt_z__ < blockDim.z;               \
       ++infinirt_z__)                                                         \
    for (unsigned int infinirt_y__ = 0; infinirt_y__ < blockDim.y;             \
         ++infinirt_y__)                                                       \
      for (unsigned int infinirt_x__ = 0, infinirt_once__ = 1;                 \
           infinirt_x__ < blockDim.x; ++infinirt_x__, infinirt_once__ = 1)     \
        for (const infinirtDim3 threadIdx __attribute__((                      \
                 unused)) = {infinirt_x__, infinirt_y__, infinirt_z__};        \
             infinirt_once__; infinirt_once__ = 0)
#define INFINIRT_THREAD_RETURN continue
/* Regions are separate loops, so the end of one is the barrier. */
#define INFINIRT_BARRIER ((void)0)

#define INFINIRT_SHARED(type, name, count) _Alignas(16) type name[count]
#define infinirt_dynamic_shared() (infinirt_ctx__->sharedMem)

/* One slot per thread of the largest block, a fixed-size array (a VLA
 * would defeat the vectorizer), indexed in size_t so that the index is
 * affine in the x loop. */
#define INFINIRT_PRIVATE(type, name) type name[INFINIRT_CPU_MAX_BLOCK_THREADS_]
#define INFINIRT_PRIV(name)                                                    \
  name[((size_t)threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x +         \
       threadIdx.x]

#define INFINIRT_DEVICE static inline
#define INFINIRT_RESTRICT restrict

/* Globals (rule 11): exported variables of the shared object (the build
 * hides everything else); a managed one lives in the section that marks it
 * managed (infinirt_cpu_kernel.h). */
#define INFINIRT_DEVICE_GLOBAL(type, name)                                     \
  __attribute__((visibility("default"))) type name
#define INFINIRT_CONSTANT_GLOBAL(type, name) INFINIRT_DEVICE_GLOBAL(type, name)
#define INFINIRT_MANAGED_GLOBAL(type, name)                                    \
  __attribute__((visibility("default"),                                        \
                 section(INFINIRT_CPU_MANAGED_SECTION))) type name

/* Atomics (relaxed, as CUDA's); each returns the old value. */
INFINIRT_DEVICE int infinirt_atomic_add_i32(int *p, int v) {
  return __atomic_fetch_add(p, v, __ATOMIC_RELAXED);
}
INFINIRT_DEVICE unsigned int infinirt_atomic_add_u32(unsigned int *p,
                                                     unsigned int v) {
  return __atomic_fetch_add(p, v, __ATOMIC_RELAXED);
}
INFINIRT_DEVICE unsigned long long
infinirt_atomic_add_u64(unsigned long long *p, unsigned long long v) {
  return __atomic_fetch_add(p, v, __ATOMIC_RELAXED);
}
/* Floating point: a compare-and-swap loop on the value's bits. */
INFINIRT_DEVICE float infinirt_atomic_add_f32(float *p, float v) {
  float old, sum;
  __atomic_load(p, &old, __ATOMIC_RELAXED);
  do {
    sum = old + v;
  } while (!__atomic_compare_exchange(p, &old, &sum, 1, __ATOMIC_RELAXED,
                                      __ATOMIC_RELAXED));
  return old;
}
INFINIRT_DEVICE double infinirt_atomic_add_f64(double *p, double v) {
  double old, sum;
  __atomic_load(p, &old, __ATOMIC_RELAXED);
  do {
    sum = old + v;
  } while (!__atomic_compare_exchange(p, &old, &sum, 1, __ATOMIC_RELAXED,
                                      __ATOMIC_RELAXED));
  return old;
}
INFINIRT_DEVICE int infinirt_atomic_max_i32(int *p, int v) {
  int old = __atomic_load_n(p, __ATOMIC_RELAXED);
  while (old < v && !__atomic_compare_exchange_n(
                        p, &old, v, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
  }
  return old;
}

#endif /* __CUDACC__ */

/* Reference for the names both builds give a kernel (documentation only):
 *   threadIdx  this thread within its block (only inside INFINIRT_THREADS)
 *   blockIdx   this block within the grid
 *   blockDim   threads per block
 *   gridDim    blocks in the grid
 * Their members x, y, z are unsigned int on both. */

#endif /* INFINIRT_KERNEL_H_ */
