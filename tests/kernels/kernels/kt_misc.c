/* Kernels for launch errors, concurrency and unloading. */
#include <infinirt_kernel.h>

INFINIRT_KERNEL(kt_empty) {}

/* Every thread adds 1 to |count| and 0.5 to |half|, from all blocks. */
INFINIRT_KERNEL(kt_atomics, (int *, count), (float *, half),
                (unsigned long long *, wide), (double *, dsum)) {
  INFINIRT_THREADS {
    infinirt_atomic_add_i32(count, 1);
    infinirt_atomic_add_f32(half, 0.5f);
    infinirt_atomic_add_u64(wide, 1ull << 33);
    infinirt_atomic_add_f64(dsum, 0.25);
  }
}

/* p[i] += 1 for i < n. */
INFINIRT_KERNEL(kt_add_one, (int *, p), (unsigned int, n)) {
  INFINIRT_THREADS {
    unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
      p[i] += 1;
  }
}

/* out[i] = f^iters(i) for a cheap integer map f: busy work whose result
 * the host can recompute, to keep launches in flight for a while. */
INFINIRT_KERNEL(kt_busy, (unsigned int *, out), (unsigned int, n),
                (unsigned int, iters)) {
  INFINIRT_THREADS {
    unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
      unsigned int v = i;
      for (unsigned int k = 0; k < iters; k++)
        v = v * 1664525u + 1013904223u;
      out[i] = v;
    }
  }
}
