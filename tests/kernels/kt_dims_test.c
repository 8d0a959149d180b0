/* Group dims: 1-, 2- and 3-dimensional grids and blocks; every thread
 * writes its global index and coordinates, and every slot is checked. */
#include <stdlib.h>
#include <string.h>

#include "kernels/kt_types.h"
#include "kt_util.h"

static void check_launch(infinirtKernel_t k, infinirtDim3 g, infinirtDim3 b) {
  size_t per_block = (size_t)b.x * b.y * b.z;
  size_t total = per_block * g.x * g.y * g.z;
  size_t bytes = total * KT_DIMS_WORDS * sizeof(unsigned int);
  unsigned int *host = malloc(bytes);
  unsigned int *dev = kt_dev_alloc(bytes);
  if (!EXPECT(host != NULL) || !dev)
    goto out;
  void *args[] = {&dev};
  if (!EXPECT_OK(infinirtMemset(dev, 0xff, bytes)) ||
      !EXPECT_OK(infinirtLaunchKernel(k, g, b, args, 0, NULL)) ||
      !kt_to_host(host, dev, bytes))
    goto out;
  size_t gid = 0;
  for (unsigned int bz = 0; bz < g.z; bz++)
    for (unsigned int by = 0; by < g.y; by++)
      for (unsigned int bx = 0; bx < g.x; bx++)
        for (unsigned int tz = 0; tz < b.z; tz++)
          for (unsigned int ty = 0; ty < b.y; ty++)
            for (unsigned int tx = 0; tx < b.x; tx++, gid++) {
              const unsigned int want[13] = {(unsigned int)gid,
                                             tx,
                                             ty,
                                             tz,
                                             bx,
                                             by,
                                             bz,
                                             b.x,
                                             b.y,
                                             b.z,
                                             g.x,
                                             g.y,
                                             g.z};
              const unsigned int *got = host + gid * KT_DIMS_WORDS;
              if (memcmp(got, want, sizeof want) != 0) {
                conf_fail(
                    __FILE__, __LINE__,
                    "grid (%u,%u,%u) block (%u,%u,%u): thread %zu wrote "
                    "%u (%u,%u,%u) (%u,%u,%u), expected thread (%u,%u,%u) "
                    "of block (%u,%u,%u)",
                    g.x, g.y, g.z, b.x, b.y, b.z, gid, got[0], got[1], got[2],
                    got[3], got[4], got[5], got[6], tx, ty, tz, bx, by, bz);
                goto out;
              }
            }
out:
  infinirtFree(dev);
  free(host);
}

CONF_TEST(dims, one_two_three_dimensional) {
  infinirtLibrary_t lib;
  if (!kt_load(&lib))
    return;
  infinirtKernel_t k = kt_kernel(lib, "kt_dims_index");
  static const infinirtDim3 cases[][2] = {
      {{1, 1, 1}, {1, 1, 1}},  {{7, 1, 1}, {33, 1, 1}},
      {{3, 5, 1}, {8, 4, 1}},  {{2, 3, 4}, {4, 3, 2}},
      {{1, 1, 3}, {1, 1, 64}}, {{1, 9, 1}, {1, 32, 1}},
      {{5, 1, 2}, {3, 1, 7}},  {{1, 2, 1}, {1024, 1, 1}},
  };
  for (size_t i = 0; k && i < sizeof cases / sizeof cases[0]; i++)
    check_launch(k, cases[i][0], cases[i][1]);
  EXPECT_OK(infinirtLibraryUnload(lib));
}

/* Grids beyond 65535 blocks in x, as CUDA allows. */
CONF_TEST(dims, large_grid_x) {
  infinirtLibrary_t lib;
  if (!kt_load(&lib))
    return;
  infinirtKernel_t k = kt_kernel(lib, "kt_dims_index");
  if (k)
    check_launch(k, (infinirtDim3){70001, 1, 1}, (infinirtDim3){2, 1, 1});
  EXPECT_OK(infinirtLibraryUnload(lib));
}
