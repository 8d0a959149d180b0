/* C = A * B for row-major A (m x k), B (k x n), C (m x n), in
 * MATMUL_TILE x MATMUL_TILE tiles staged through static shared memory. Needs
 * blockDim = (MATMUL_TILE, MATMUL_TILE, 1) and a grid covering C. Each
 * thread's running sum survives the barriers in INFINIRT_PRIVATE storage.
 *
 * A tile wholly inside A and B is loaded without bounds checks (the choice
 * is block-uniform, so both paths may end in the same barrier): on the CPU
 * that load is a plain copy the compiler vectorizes, where the checked one
 * is a branch per element. Indices are summed in size_t so that they are
 * affine in threadIdx.x. */
#include <infinirt_kernel.h>

#define MATMUL_TILE 16

INFINIRT_KERNEL(matmul_tiled, (const float *, a), (const float *, b),
                (float *, c), (unsigned int, m), (unsigned int, n),
                (unsigned int, k)) {
  INFINIRT_SHARED(float, ta, MATMUL_TILE *MATMUL_TILE);
  INFINIRT_SHARED(float, tb, MATMUL_TILE *MATMUL_TILE);
  INFINIRT_PRIVATE(float, acc);
  const unsigned int row0 = blockIdx.y * MATMUL_TILE;
  const unsigned int col0 = blockIdx.x * MATMUL_TILE;
  const int inside = row0 + MATMUL_TILE <= m && col0 + MATMUL_TILE <= n;
  INFINIRT_THREADS {
    INFINIRT_PRIV(acc) = 0.0f;
  }
  for (unsigned int k0 = 0; k0 < k; k0 += MATMUL_TILE) {
    if (inside && k0 + MATMUL_TILE <= k) {
      INFINIRT_THREADS {
        ta[threadIdx.y * MATMUL_TILE + threadIdx.x] =
            a[(size_t)(row0 + threadIdx.y) * k + k0 + threadIdx.x];
        tb[threadIdx.y * MATMUL_TILE + threadIdx.x] =
            b[(size_t)(k0 + threadIdx.y) * n + col0 + threadIdx.x];
      }
    } else {
      INFINIRT_THREADS {
        unsigned int r = row0 + threadIdx.y, cc = col0 + threadIdx.x;
        unsigned int ka = k0 + threadIdx.x, kb = k0 + threadIdx.y;
        ta[threadIdx.y * MATMUL_TILE + threadIdx.x] =
            (r < m && ka < k) ? a[(size_t)r * k + ka] : 0.0f;
        tb[threadIdx.y * MATMUL_TILE + threadIdx.x] =
            (kb < k && cc < n) ? b[(size_t)kb * n + cc] : 0.0f;
      }
    }
    INFINIRT_BARRIER;
    INFINIRT_THREADS {
      float s = INFINIRT_PRIV(acc);
      for (unsigned int j = 0; j < MATMUL_TILE; j++)
        s += ta[threadIdx.y * MATMUL_TILE + j] *
             tb[j * MATMUL_TILE + threadIdx.x];
      INFINIRT_PRIV(acc) = s;
    }
    INFINIRT_BARRIER;
  }
  INFINIRT_THREADS {
    unsigned int r = row0 + threadIdx.y, cc = col0 + threadIdx.x;
    if (r < m && cc < n)
      c[(size_t)r * n + cc] = INFINIRT_PRIV(acc);
  }
}
