/* Shared memory and barriers. */
#include <infinirt_kernel.h>

#include "kt_types.h"

/* Reverses each block's slice of |data| through static shared memory. */
INFINIRT_KERNEL(kt_static_reverse, (int *, data)) {
  INFINIRT_SHARED(int, buf, KT_REVERSE_MAX);
  const size_t base = (size_t)blockIdx.x * blockDim.x;
  INFINIRT_THREADS {
    buf[threadIdx.x] = data[base + threadIdx.x];
  }
  INFINIRT_BARRIER;
  INFINIRT_THREADS {
    data[base + threadIdx.x] = buf[blockDim.x - 1 - threadIdx.x];
  }
}

/* The same through dynamic shared memory (blockDim.x ints at launch). */
INFINIRT_KERNEL(kt_dynamic_reverse, (int *, data)) {
  const size_t base = (size_t)blockIdx.x * blockDim.x;
  INFINIRT_THREADS {
    int *buf = (int *)infinirt_dynamic_shared();
    buf[threadIdx.x] = data[base + threadIdx.x];
  }
  INFINIRT_BARRIER;
  INFINIRT_THREADS {
    const int *buf = (const int *)infinirt_dynamic_shared();
    data[base + threadIdx.x] = buf[blockDim.x - 1 - threadIdx.x];
  }
}

/* Each block fills all |words| of its dynamic shared memory with its own
 * number, and after a barrier checks that no other block's number shows
 * there: flags[block] stays 0 if the memory is the block's own. Also checks
 * the 16-byte alignment. */
INFINIRT_KERNEL(kt_dynamic_private, (unsigned int, words), (int *, flags)) {
  const unsigned int per_block = blockDim.x * blockDim.y * blockDim.z;
  INFINIRT_THREADS {
    unsigned int *buf = (unsigned int *)infinirt_dynamic_shared();
    unsigned int t =
        (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
    for (unsigned int w = t; w < words; w += per_block)
      buf[w] = blockIdx.x * 7919u + w;
    if (t == 0 && ((size_t)buf & 15) != 0)
      flags[blockIdx.x] |= 2;
  }
  INFINIRT_BARRIER;
  INFINIRT_THREADS {
    const unsigned int *buf = (const unsigned int *)infinirt_dynamic_shared();
    unsigned int t =
        (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
    for (unsigned int w = (t + 1) % per_block; w < words; w += per_block)
      if (buf[w] != blockIdx.x * 7919u + w)
        infinirt_atomic_max_i32(&flags[blockIdx.x], 1);
  }
}

/* Barriers in a block-uniform loop: each round every thread reads its
 * neighbour's value from the previous round (double-buffered in shared
 * memory), static and dynamic shared memory used together. After |rounds|
 * rounds thread t holds t + rounds (mod n) + rounds. */
INFINIRT_KERNEL(kt_barrier_rounds, (unsigned int, rounds), (int *, out)) {
  INFINIRT_SHARED(int, a, KT_REVERSE_MAX);
  const unsigned int n = blockDim.x;
  INFINIRT_THREADS {
    a[threadIdx.x] = (int)threadIdx.x;
  }
  INFINIRT_BARRIER;
  for (unsigned int r = 0; r < rounds; r++) {
    INFINIRT_THREADS {
      int *b = (int *)infinirt_dynamic_shared();
      if (r % 2 == 0)
        b[threadIdx.x] = a[(threadIdx.x + 1) % n] + 1;
      else
        a[threadIdx.x] = b[(threadIdx.x + 1) % n] + 1;
    }
    INFINIRT_BARRIER;
  }
  INFINIRT_THREADS {
    const int *b = (const int *)infinirt_dynamic_shared();
    out[(size_t)blockIdx.x * n + threadIdx.x] =
        rounds % 2 ? b[threadIdx.x] : a[threadIdx.x];
  }
}

/* INFINIRT_PRIVATE keeps a per-thread value across barriers; threads that
 * INFINIRT_THREAD_RETURN early skip only their own rest of the region. */
INFINIRT_KERNEL(kt_private_sum, (const int *, in), (unsigned int, rounds),
                (int *, out)) {
  INFINIRT_PRIVATE(int, acc);
  const size_t base = (size_t)blockIdx.x * blockDim.x;
  INFINIRT_THREADS {
    INFINIRT_PRIV(acc) = 0;
  }
  for (unsigned int r = 0; r < rounds; r++) {
    INFINIRT_BARRIER;
    INFINIRT_THREADS {
      if (threadIdx.x % 2)
        INFINIRT_THREAD_RETURN;
      INFINIRT_PRIV(acc) += in[base + threadIdx.x] + (int)r;
    }
  }
  INFINIRT_BARRIER;
  INFINIRT_THREADS {
    out[base + threadIdx.x] = INFINIRT_PRIV(acc);
  }
}

/* Two INFINIRT_PRIVATE values of different types in a 3D block of up to
 * 1024 threads, across rounds of barriers: each round every thread passes
 * its int through shared memory to the thread at the mirrored linear index,
 * and threads with (t + r) % 3 == 0 leave the round early with
 * INFINIRT_THREAD_RETURN. kt_private3d.h computes the expected result. */
INFINIRT_KERNEL(kt_private_3d, (unsigned int, rounds), (long long *, out)) {
  INFINIRT_SHARED(int, mirror, 1024);
  INFINIRT_PRIVATE(int, isum);
  INFINIRT_PRIVATE(double, dsum);
  const unsigned int nt = blockDim.x * blockDim.y * blockDim.z;
  INFINIRT_THREADS {
    unsigned int t =
        (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
    INFINIRT_PRIV(isum) = (int)(t + blockIdx.x);
    INFINIRT_PRIV(dsum) = 0.5 * t;
  }
  for (unsigned int r = 0; r < rounds; r++) {
    INFINIRT_BARRIER;
    INFINIRT_THREADS {
      unsigned int t =
          (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
      mirror[t] = INFINIRT_PRIV(isum) + (int)r;
    }
    INFINIRT_BARRIER;
    INFINIRT_THREADS {
      unsigned int t =
          (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
      if ((t + r) % 3 == 0)
        INFINIRT_THREAD_RETURN;
      INFINIRT_PRIV(isum) += mirror[nt - 1 - t] % 7;
      INFINIRT_PRIV(dsum) += 1.0;
    }
  }
  INFINIRT_BARRIER;
  INFINIRT_THREADS {
    unsigned int t =
        (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
    size_t g = (size_t)blockIdx.x * nt + t;
    out[2 * g] = INFINIRT_PRIV(isum);
    out[2 * g + 1] = (long long)(2.0 * INFINIRT_PRIV(dsum));
  }
}
