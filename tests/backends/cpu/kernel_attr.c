/* kernel_attr.c - CPU backend: the numbers its kernels report, its
 * occupancy formula (infinirt.h), its parameter layout, the launch
 * attributes and function attributes it refuses, and cooperative blocks on
 * threads of their own even with one worker (the group runs with
 * INFINIRT_CPU_WORKERS=1). */
#include <string.h>

#include "../../kernels/kernels/kt_types.h"
#include "harness.h"
#include "infinirt_test_kernels_embedded.h"

static bool load(infinirtLibrary_t *lib) {
  return EXPECT_OK(infinirtLibraryLoadData(
      lib, infinirt_test_kernels_image(infinirtDeviceTypeCpu, NULL), NULL, NULL,
      0, NULL, NULL, 0));
}

static infinirtKernel_t kernel(infinirtLibrary_t lib, const char *name) {
  infinirtKernel_t k = NULL;
  EXPECT_OK(infinirtLibraryGetKernel(&k, lib, name));
  return k;
}

CONF_TEST(kernel_attr, reported_numbers) {
  struct infinirtDeviceProp p;
  ASSERT_OK(infinirtGetDeviceProperties(&p, 0));
  EXPECT_EQ(p.cooperativeLaunch, 1);
  EXPECT_EQ(p.sharedMemPerBlock, 48 << 10);
  EXPECT_EQ(p.sharedMemPerBlockOptin, 163 << 10);
  EXPECT_EQ(p.sharedMemPerMultiprocessor, 164 << 10);
  EXPECT_EQ(p.maxBlocksPerMultiProcessor, 1);
  infinirtLibrary_t lib;
  if (!load(&lib))
    return;
  infinirtKernel_t k = kernel(lib, "kt_static_reverse");
  struct infinirtFuncAttributes a, zero;
  memset(&zero, 0, sizeof zero);
  if (k && EXPECT_OK(infinirtFuncGetAttributes(&a, k))) {
    EXPECT_EQ(a.maxThreadsPerBlock, 1024);
    EXPECT_EQ(a.numRegs, 0);
    EXPECT_EQ(a.ptxVersion, 80);
    EXPECT_EQ(a.binaryVersion, 80);
    EXPECT_EQ(a.sharedSizeBytes, 0); /* the image does not record it */
    EXPECT_EQ(a.constSizeBytes, 0);
    EXPECT_EQ(a.localSizeBytes, 0);
    EXPECT_EQ(a.maxDynamicSharedSizeBytes, 48 << 10);
    EXPECT_EQ(a.preferredShmemCarveout, -1);
    EXPECT(memcmp(&a.clusterDimMustBeSet, &zero.clusterDimMustBeSet,
                  sizeof a - offsetof(struct infinirtFuncAttributes,
                                      clusterDimMustBeSet)) == 0);
  }
  EXPECT_OK(infinirtLibraryUnload(lib));
}

CONF_TEST(kernel_attr, occupancy_formula) {
  infinirtLibrary_t lib;
  if (!load(&lib))
    return;
  infinirtKernel_t k = kernel(lib, "kt_dynamic_private");
  int n = -1;
  size_t s = 1;
  const struct {
    int block;
    size_t dyn;
    int want;
  } cases[] = {
      {1, 0, 1},
      {1024, 0, 1},
      {1025, 0, 0},
      {256, 48 << 10, 1},
      {256, (48 << 10) + 1, 0},
  };
  for (size_t i = 0; k && i < sizeof cases / sizeof cases[0]; i++) {
    EXPECT_OK(infinirtOccupancyMaxActiveBlocksPerMultiprocessor(
        &n, k, cases[i].block, cases[i].dyn));
    EXPECT_EQ(n, cases[i].want);
  }
  if (k) {
    EXPECT_OK(infinirtOccupancyAvailableDynamicSMemPerBlock(&s, k, 1, 128));
    EXPECT_EQ(s, 163 << 10);
    EXPECT_OK(infinirtOccupancyAvailableDynamicSMemPerBlock(&s, k, 2, 128));
    EXPECT_EQ(s, 0);
    EXPECT_OK(infinirtOccupancyAvailableDynamicSMemPerBlock(&s, k, 1, 1025));
    EXPECT_EQ(s, 0);
    /* Raised to the opt-in limit, a block with all of it is active. */
    EXPECT_OK(infinirtFuncSetAttribute(
        k, infinirtFuncAttributeMaxDynamicSharedMemorySize, 163 << 10));
    EXPECT_OK(infinirtOccupancyMaxActiveBlocksPerMultiprocessor(&n, k, 1024,
                                                                163 << 10));
    EXPECT_EQ(n, 1);
  }
  EXPECT_OK(infinirtLibraryUnload(lib));
}

CONF_TEST(kernel_attr, parameters_on_16_byte_boundaries) {
  infinirtLibrary_t lib;
  if (!load(&lib))
    return;
  infinirtKernel_t k = kernel(lib, "kt_args_mixed");
  for (size_t i = 0; k && i < 10; i++) {
    size_t off = 1, size = 0;
    EXPECT_OK(infinirtFuncGetParamInfo(k, i, &off, &size));
    EXPECT_EQ(off, 16 * i); /* every parameter fits in 16 bytes */
  }
  EXPECT_OK(infinirtLibraryUnload(lib));
}

CONF_TEST(kernel_attr, refused_attributes_change_nothing) {
  infinirtLibrary_t lib;
  if (!load(&lib))
    return;
  infinirtKernel_t k = kernel(lib, "kt_add_one");
  int *d = NULL, h[32] = {0};
  unsigned n = 32;
  if (!k || !EXPECT_OK(infinirtMalloc((void **)&d, sizeof h)) ||
      !EXPECT_OK(infinirtMemset(d, 0, sizeof h)))
    goto out;
  const enum infinirtFuncAttribute clusters[] = {
      infinirtFuncAttributeRequiredClusterWidth,
      infinirtFuncAttributeRequiredClusterHeight,
      infinirtFuncAttributeRequiredClusterDepth,
      infinirtFuncAttributeNonPortableClusterSizeAllowed,
      infinirtFuncAttributeClusterSchedulingPolicyPreference};
  for (int i = 0; i < 5; i++) {
    EXPECT_ERR(infinirtErrorNotSupported,
               infinirtFuncSetAttribute(k, clusters[i], 1));
    EXPECT_ERR(infinirtErrorNotSupported,
               infinirtKernelSetAttributeForDevice(k, clusters[i], 1, 0));
  }
  const infinirtLaunchAttributeID refused[] = {
      infinirtLaunchAttributeAccessPolicyWindow,
      infinirtLaunchAttributeSynchronizationPolicy,
      infinirtLaunchAttributeClusterDimension,
      infinirtLaunchAttributeClusterSchedulingPolicyPreference,
      infinirtLaunchAttributeMemSyncDomainMap,
      infinirtLaunchAttributeMemSyncDomain,
      infinirtLaunchAttributePreferredClusterDimension,
      infinirtLaunchAttributeDeviceUpdatableKernelNode};
  void *args[] = {&d, &n};
  for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
    infinirtLaunchAttribute a[2];
    memset(a, 0, sizeof a);
    a[0].id = infinirtLaunchAttributePriority;
    a[1].id = refused[i];
    infinirtLaunchConfig_t c = {{1, 1, 1}, {32, 1, 1}, 0, NULL, a, 2};
    EXPECT_ERR(infinirtErrorNotSupported, infinirtLaunchKernelExC(&c, k, args));
  }
  /* The hints are taken. */
  infinirtLaunchAttribute hints[3];
  memset(hints, 0, sizeof hints);
  hints[0].id = infinirtLaunchAttributePreferredSharedMemoryCarveout;
  hints[0].val.sharedMemCarveout = 50;
  hints[1].id = infinirtLaunchAttributeNvlinkUtilCentricScheduling;
  hints[1].val.nvlinkUtilCentricScheduling = 1;
  hints[2].id = infinirtLaunchAttributePriority;
  hints[2].val.priority = -5;
  infinirtLaunchConfig_t c = {{1, 1, 1}, {32, 1, 1}, 0, NULL, hints, 3};
  EXPECT_OK(infinirtLaunchKernelExC(&c, k, args));
  EXPECT_OK(infinirtMemcpy(h, d, sizeof h, infinirtMemcpyDeviceToHost));
  for (int i = 0; i < 32; i++)
    EXPECT_EQ(h[i], 1); /* one launch ran: the one that was not refused */
out:
  if (d)
    EXPECT_OK(infinirtFree(d));
  EXPECT_OK(infinirtLibraryUnload(lib));
}

CONF_TEST(kernel_attr, cooperative_grid_beyond_the_workers) {
  struct infinirtDeviceProp p;
  ASSERT_OK(infinirtGetDeviceProperties(&p, 0));
  if (p.multiProcessorCount < 2)
    CONF_SKIP("needs 2 cores, to run more blocks than the one worker");
  infinirtLibrary_t lib;
  if (!load(&lib))
    return;
  infinirtKernel_t k = kernel(lib, "kt_grid_wait");
  unsigned blocks = (unsigned)p.multiProcessorCount, *d = NULL;
  size_t bytes = (blocks + 1) * sizeof *d;
  unsigned h[1025];
  if (!k || blocks > 1024 || !EXPECT_OK(infinirtMalloc((void **)&d, bytes)))
    goto out;
  /* Twice: the helper threads are made once and reused. */
  for (int round = 0; round < 2; round++) {
    EXPECT_OK(infinirtMemset(d, 0, bytes));
    unsigned *arrived = d, *out = d + 1;
    void *args[] = {&arrived, &out};
    infinirtDim3 grid = {blocks, 1, 1}, block = {1, 1, 1};
    EXPECT_OK(infinirtLaunchCooperativeKernel(k, grid, block, args, 0, NULL));
    EXPECT_OK(infinirtMemcpy(h, d, bytes, infinirtMemcpyDeviceToHost));
    for (unsigned b = 0; b <= blocks; b++)
      EXPECT_EQ(h[b], blocks);
  }
out:
  if (d)
    EXPECT_OK(infinirtFree(d));
  EXPECT_OK(infinirtLibraryUnload(lib));
}
