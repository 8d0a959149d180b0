/* Argument passing: every scalar size, a 16-byte struct, pointers, mixed
 * orders (padding) and the widest arity the header offers. Thread 0 of
 * block 0 stores what it received into |out| at fixed offsets. */
#include <infinirt_kernel.h>

#include "kt_types.h"

INFINIRT_KERNEL(kt_args_scalars, (char, c), (short, s), (int, i),
                (long long, ll), (float, f), (double, d), (kt_pair16, p),
                (unsigned char *, out)) {
  INFINIRT_THREADS {
    if (threadIdx.x == 0 && blockIdx.x == 0) {
      out[0] = (unsigned char)c;
      *(short *)(out + 2) = s;
      *(int *)(out + 4) = i;
      *(long long *)(out + 8) = ll;
      *(float *)(out + 16) = f;
      *(double *)(out + 24) = d;
      *(long long *)(out + 32) = p.a;
      *(double *)(out + 40) = p.b;
    }
  }
}

/* Small and large arguments interleaved, so each needs its own alignment. */
INFINIRT_KERNEL(kt_args_mixed, (char, c1), (double, d), (char, c2),
                (kt_pair16, p), (short, s), (long long, ll), (char, c3),
                (float, f), (int, i), (unsigned char *, out)) {
  INFINIRT_THREADS {
    if (threadIdx.x == 0 && blockIdx.x == 0) {
      out[0] = (unsigned char)c1;
      out[1] = (unsigned char)c2;
      out[2] = (unsigned char)c3;
      *(short *)(out + 4) = s;
      *(int *)(out + 8) = i;
      *(float *)(out + 12) = f;
      *(double *)(out + 16) = d;
      *(long long *)(out + 24) = ll;
      *(long long *)(out + 32) = p.a;
      *(double *)(out + 40) = p.b;
    }
  }
}

/* Pointers arrive as the addresses the host passed. */
INFINIRT_KERNEL(kt_args_pointers, (const void *, p1), (void *, p2),
                (unsigned long long *, out)) {
  INFINIRT_THREADS {
    if (threadIdx.x == 0 && blockIdx.x == 0) {
      out[0] = (unsigned long long)(size_t)p1;
      out[1] = (unsigned long long)(size_t)p2;
    }
  }
}

INFINIRT_KERNEL(kt_args_16, (int, a0), (int, a1), (int, a2), (int, a3),
                (int, a4), (int, a5), (int, a6), (int, a7), (int, a8),
                (int, a9), (int, a10), (int, a11), (int, a12), (int, a13),
                (int, a14), (int *, out)) {
  INFINIRT_THREADS {
    if (threadIdx.x == 0 && blockIdx.x == 0) {
      out[0] = a0;
      out[1] = a1;
      out[2] = a2;
      out[3] = a3;
      out[4] = a4;
      out[5] = a5;
      out[6] = a6;
      out[7] = a7;
      out[8] = a8;
      out[9] = a9;
      out[10] = a10;
      out[11] = a11;
      out[12] = a12;
      out[13] = a13;
      out[14] = a14;
    }
  }
}

/* *out = the sum of five 256-byte arguments' elements. */
INFINIRT_KERNEL(kt_args_big, (kt_big, b0), (kt_big, b1), (kt_big, b2),
                (kt_big, b3), (kt_big, b4), (int *, out)) {
  INFINIRT_THREADS {
    if (threadIdx.x == 0 && blockIdx.x == 0) {
      int sum = 0;
      for (int i = 0; i < 64; i++)
        sum += b0.v[i] + b1.v[i] + b2.v[i] + b3.v[i] + b4.v[i];
      *out = sum;
    }
  }
}
