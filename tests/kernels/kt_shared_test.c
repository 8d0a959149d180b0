/* Group shared: static and dynamic shared memory, barriers in block-uniform
 * loops, per-thread values across barriers, and atomics between blocks. */
#include <stdlib.h>

#include "kernels/kt_types.h"
#include "kt_private3d.h"
#include "kt_util.h"

/* Launches |name| (args: int *data) over blocks of |threads| threads and
 * checks that each block's slice came back reversed. */
static void check_reverse(infinirtLibrary_t lib, const char *name,
                          unsigned int blocks, unsigned int threads,
                          size_t shared) {
  infinirtKernel_t k = kt_kernel(lib, name);
  size_t n = (size_t)blocks * threads;
  int *host = malloc(n * sizeof(int));
  int *dev = NULL;
  if (!k || !EXPECT(host != NULL))
    goto out;
  for (size_t i = 0; i < n; i++)
    host[i] = (int)(i * 2654435761u);
  if (!(dev = kt_dev_from(host, n * sizeof(int))))
    goto out;
  void *args[] = {&dev};
  infinirtDim3 g = {blocks, 1, 1}, b = {threads, 1, 1};
  if (!EXPECT_OK(infinirtLaunchKernel(k, g, b, args, shared, NULL)) ||
      !kt_to_host(host, dev, n * sizeof(int)))
    goto out;
  for (size_t i = 0; i < n; i++) {
    size_t blk = i / threads, t = i % threads;
    size_t src = blk * threads + (threads - 1 - t);
    if (host[i] != (int)(src * 2654435761u)) {
      conf_fail(__FILE__, __LINE__, "%s %ux%u: element %zu wrong", name, blocks,
                threads, i);
      break;
    }
  }
out:
  infinirtFree(dev);
  free(host);
}

CONF_TEST(shared, static_reverse) {
  infinirtLibrary_t lib;
  if (!kt_load(&lib))
    return;
  check_reverse(lib, "kt_static_reverse", 37, KT_REVERSE_MAX, 0);
  check_reverse(lib, "kt_static_reverse", 5, 100, 0);
  /* Dynamic shared memory given to a kernel that uses none is harmless. */
  check_reverse(lib, "kt_static_reverse", 3, 64, 4096);
  EXPECT_OK(infinirtLibraryUnload(lib));
}

CONF_TEST(shared, dynamic_reverse) {
  infinirtLibrary_t lib;
  if (!kt_load(&lib))
    return;
  check_reverse(lib, "kt_dynamic_reverse", 41, 200, 200 * sizeof(int));
  check_reverse(lib, "kt_dynamic_reverse", 2, 1024, 1024 * sizeof(int));
  EXPECT_OK(infinirtLibraryUnload(lib));
}

/* Each block's dynamic shared memory is its own, even while blocks run in
 * parallel, and is 16-byte aligned. */
CONF_TEST(shared, dynamic_private_per_block) {
  infinirtLibrary_t lib;
  if (!kt_load(&lib))
    return;
  infinirtKernel_t k = kt_kernel(lib, "kt_dynamic_private");
  enum { BLOCKS = 96 };
  unsigned int words = 4096; /* 16 KiB */
  int flags[BLOCKS] = {0};
  int *dev = kt_dev_from(flags, sizeof flags);
  void *args[] = {&words, &dev};
  infinirtDim3 g = {BLOCKS, 1, 1}, b = {8, 4, 2};
  if (k && dev &&
      EXPECT_OK(infinirtLaunchKernel(k, g, b, args, words * 4, NULL)) &&
      kt_to_host(flags, dev, sizeof flags))
    for (int i = 0; i < BLOCKS; i++)
      if (!EXPECT_EQ(flags[i], 0))
        break;
  infinirtFree(dev);
  EXPECT_OK(infinirtLibraryUnload(lib));
}

CONF_TEST(shared, barriers_in_uniform_loop) {
  infinirtLibrary_t lib;
  if (!kt_load(&lib))
    return;
  infinirtKernel_t k = kt_kernel(lib, "kt_barrier_rounds");
  enum { BLOCKS = 9, N = 96 };
  int *dev = kt_dev_alloc(BLOCKS * N * sizeof(int));
  static int host[BLOCKS * N];
  const unsigned int rounds_list[] = {0, 1, 2, 7, 8, 33};
  for (size_t r = 0; k && dev && r < sizeof rounds_list / sizeof(unsigned);
       r++) {
    unsigned int rounds = rounds_list[r];
    void *args[] = {&rounds, &dev};
    infinirtDim3 g = {BLOCKS, 1, 1}, b = {N, 1, 1};
    if (!EXPECT_OK(
            infinirtLaunchKernel(k, g, b, args, N * sizeof(int), NULL)) ||
        !kt_to_host(host, dev, sizeof host))
      break;
    for (int i = 0; i < BLOCKS * N; i++) {
      int t = i % N, want = (int)((t + rounds) % N + rounds);
      if (host[i] != want) {
        conf_fail(__FILE__, __LINE__, "rounds %u: thread %d holds %d, not %d",
                  rounds, i, host[i], want);
        break;
      }
    }
  }
  infinirtFree(dev);
  EXPECT_OK(infinirtLibraryUnload(lib));
}

CONF_TEST(shared, private_values_across_barriers) {
  infinirtLibrary_t lib;
  if (!kt_load(&lib))
    return;
  infinirtKernel_t k = kt_kernel(lib, "kt_private_sum");
  enum { BLOCKS = 13, N = 160 };
  static int in[BLOCKS * N], out[BLOCKS * N];
  for (int i = 0; i < BLOCKS * N; i++)
    in[i] = i * 3 - 1000;
  int *din = kt_dev_from(in, sizeof in), *dout = kt_dev_alloc(sizeof out);
  unsigned int rounds = 5;
  void *args[] = {&din, &rounds, &dout};
  infinirtDim3 g = {BLOCKS, 1, 1}, b = {N, 1, 1};
  if (din && dout && k &&
      EXPECT_OK(infinirtLaunchKernel(k, g, b, args, 0, NULL)) &&
      kt_to_host(out, dout, sizeof out))
    for (int i = 0; i < BLOCKS * N; i++) {
      /* Odd threads leave each region early and keep 0. */
      int want = (i % N) % 2 ? 0 : (int)rounds * in[i] + 0 + 1 + 2 + 3 + 4;
      if (!EXPECT_EQ(out[i], want))
        break;
    }
  infinirtFree(din);
  infinirtFree(dout);
  EXPECT_OK(infinirtLibraryUnload(lib));
}

/* INFINIRT_PRIVATE of two types across barriers, INFINIRT_THREAD_RETURN and
 * shared memory in 1D, 2D and 3D blocks up to 1024 threads. */
CONF_TEST(shared, private_3d_blocks) {
  infinirtLibrary_t lib;
  if (!kt_load(&lib))
    return;
  infinirtKernel_t k = kt_kernel(lib, "kt_private_3d");
  static const infinirtDim3 shapes[] = {{1024, 1, 1}, {32, 32, 1}, {16, 8, 8},
                                        {1, 16, 64},  {5, 7, 3},   {1, 1, 1},
                                        {2, 512, 1},  {3, 1, 17}};
  enum { BLOCKS = 6 };
  const unsigned int rounds = 4;
  size_t bytes = (size_t)BLOCKS * 1024 * 2 * sizeof(long long);
  long long *got = malloc(bytes), *want = malloc(bytes);
  long long *dev = kt_dev_alloc(bytes);
  for (size_t s = 0;
       k && dev && EXPECT(got && want) && s < sizeof shapes / sizeof shapes[0];
       s++) {
    infinirtDim3 b = shapes[s], g = {BLOCKS, 1, 1};
    unsigned int nt = b.x * b.y * b.z;
    size_t n = (size_t)BLOCKS * nt * 2;
    void *args[] = {(void *)&rounds, &dev};
    if (!EXPECT_OK(infinirtLaunchKernel(k, g, b, args, 0, NULL)) ||
        !kt_to_host(got, dev, n * sizeof(long long)) ||
        !EXPECT_EQ(kt_private3d_expect(BLOCKS, nt, rounds, want), 0))
      break;
    for (size_t i = 0; i < n; i++)
      if (got[i] != want[i]) {
        conf_fail(__FILE__, __LINE__,
                  "block (%u,%u,%u): word %zu is %lld, expected %lld", b.x, b.y,
                  b.z, i, got[i], want[i]);
        break;
      }
  }
  infinirtFree(dev);
  free(got);
  free(want);
  EXPECT_OK(infinirtLibraryUnload(lib));
}

CONF_TEST(shared, atomics_between_blocks) {
  infinirtLibrary_t lib;
  if (!kt_load(&lib))
    return;
  infinirtKernel_t k = kt_kernel(lib, "kt_atomics");
  struct {
    int count;
    float half;
    unsigned long long wide;
    double dsum;
  } h = {0, 0.0f, 0, 0.0};
  char *dev = kt_dev_from(&h, sizeof h);
  int *count = dev ? (int *)(dev + offsetof(__typeof__(h), count)) : NULL;
  float *half = dev ? (float *)(dev + offsetof(__typeof__(h), half)) : NULL;
  unsigned long long *wide =
      dev ? (unsigned long long *)(dev + offsetof(__typeof__(h), wide)) : NULL;
  double *dsum = dev ? (double *)(dev + offsetof(__typeof__(h), dsum)) : NULL;
  void *args[] = {&count, &half, &wide, &dsum};
  infinirtDim3 g = {50, 1, 1}, b = {16, 4, 1};
  const int threads = 50 * 64;
  if (k && dev && EXPECT_OK(infinirtLaunchKernel(k, g, b, args, 0, NULL)) &&
      kt_to_host(&h, dev, sizeof h)) {
    EXPECT_EQ(h.count, threads);
    EXPECT(h.half == 0.5f * threads); /* exact: small multiples of 0.5 */
    EXPECT(h.wide == (unsigned long long)threads << 33);
    EXPECT(h.dsum == 0.25 * threads);
  }
  infinirtFree(dev);
  EXPECT_OK(infinirtLibraryUnload(lib));
}
