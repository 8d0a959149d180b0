/* kernel_attr.c - kernel attributes, occupancy, the launch forms
 * (LaunchKernelExC, LaunchCooperativeKernel), library enumeration, globals
 * and symbols, on the test kernel library (tests/kernels). Bad arguments:
 * bad_calls.def; what only the CPU reports: tests/backends/cpu. */
#include <stdlib.h>
#include <string.h>

#include "../kernels/kernels/kt_types.h"
#include "harness.h"
#include "infinirt_test_kernels_embedded.h"

/* Every kernel of the test library, each once. */
static const char *const kernel_names[] = {
    "kt_args_scalars",   "kt_args_mixed",      "kt_args_pointers",
    "kt_args_16",        "kt_dims_index",      "kt_empty",
    "kt_atomics",        "kt_add_one",         "kt_busy",
    "kt_static_reverse", "kt_dynamic_reverse", "kt_dynamic_private",
    "kt_barrier_rounds", "kt_private_sum",     "kt_private_3d",
    "kt_use_globals",    "kt_grid_wait",       "kt_args_big",
};
enum { NKERNELS = sizeof kernel_names / sizeof kernel_names[0] };

static const infinirtDim3 one = {1, 1, 1};

static bool load(infinirtLibrary_t *lib) {
  const void *image = infinirt_test_kernels_image(conf_backend, NULL);
  *lib = NULL;
  if (!image) {
    conf_skip("%s", infinirt_test_kernels_image_missing(conf_backend));
    return false;
  }
  return EXPECT_OK(
      infinirtLibraryLoadData(lib, image, NULL, NULL, 0, NULL, NULL, 0));
}

static infinirtKernel_t kernel(infinirtLibrary_t lib, const char *name) {
  infinirtKernel_t k = NULL;
  EXPECT_OK(infinirtLibraryGetKernel(&k, lib, name));
  return k;
}

/* Frees what a helper used without touching the last error, which the
 * caller checks against the helper's result. */
static void release(void *p) {
  if (infinirtFree(p) != infinirtSuccess)
    conf_fail(__FILE__, __LINE__, "infinirtFree(%p) failed", p);
}

static bool props(struct infinirtDeviceProp *p) {
  int dev = 0;
  return EXPECT_OK(infinirtGetDevice(&dev)) &&
         EXPECT_OK(infinirtGetDeviceProperties(p, dev));
}

CONF_TEST(kernel_attr, attributes_within_device_limits) {
  infinirtLibrary_t lib;
  struct infinirtDeviceProp p;
  if (!load(&lib) || !props(&p))
    goto out;
  for (int i = 0; i < NKERNELS; i++) {
    infinirtKernel_t k = kernel(lib, kernel_names[i]);
    struct infinirtFuncAttributes a;
    memset(&a, 0xa5, sizeof a);
    if (!k || !EXPECT_OK(infinirtFuncGetAttributes(&a, k)))
      continue;
    EXPECT(a.maxThreadsPerBlock > 0 &&
           a.maxThreadsPerBlock <= p.maxThreadsPerBlock);
    EXPECT(a.numRegs >= 0 && a.binaryVersion > 0 && a.ptxVersion >= 0);
    EXPECT(a.sharedSizeBytes <= p.sharedMemPerBlock);
    /* CUDA's default: no more dynamic shared memory than fits in
     * sharedMemPerBlock without opting in. */
    EXPECT(a.maxDynamicSharedSizeBytes > 0 &&
           (size_t)a.maxDynamicSharedSizeBytes + a.sharedSizeBytes <=
               p.sharedMemPerBlock);
    EXPECT(a.preferredShmemCarveout >= -1 && a.preferredShmemCarveout <= 100);
    EXPECT(a.requiredClusterWidth >= 0 && a.clusterDimMustBeSet >= 0);
  }
out:
  if (lib)
    EXPECT_OK(infinirtLibraryUnload(lib));
}

/* Blocks of kt_dynamic_private over |words| words of dynamic shared memory:
 * the launch's result, and whether every block found its memory its own. */
static infinirtError_t run_private(infinirtKernel_t k, unsigned words,
                                   bool *own) {
  enum { BLOCKS = 4 };
  int *flags = NULL, host[BLOCKS];
  *own = false;
  if (!EXPECT_OK(infinirtMalloc((void **)&flags, sizeof host)) ||
      !EXPECT_OK(infinirtMemset(flags, 0, sizeof host)))
    return infinirtErrorUnknown;
  void *args[] = {&words, &flags};
  infinirtDim3 grid = {BLOCKS, 1, 1}, block = {64, 1, 1};
  infinirtError_t err =
      infinirtLaunchKernel(k, grid, block, args, (size_t)words * 4, NULL);
  if (err == infinirtSuccess && EXPECT_OK(infinirtDeviceSynchronize()) &&
      EXPECT_OK(infinirtMemcpy(host, flags, sizeof host,
                               infinirtMemcpyDeviceToHost))) {
    *own = true;
    for (int b = 0; b < BLOCKS; b++)
      *own &= host[b] == 0;
  }
  release(flags);
  return err;
}

CONF_TEST(kernel_attr, dynamic_shared_memory_needs_the_attribute_raised) {
  infinirtLibrary_t lib;
  struct infinirtDeviceProp p;
  if (!load(&lib) || !props(&p))
    goto out;
  infinirtKernel_t k = kernel(lib, "kt_dynamic_private");
  struct infinirtFuncAttributes a;
  if (!k || !EXPECT_OK(infinirtFuncGetAttributes(&a, k)))
    goto out;
  size_t optin = p.sharedMemPerBlockOptin - a.sharedSizeBytes;
  size_t want = (size_t)a.maxDynamicSharedSizeBytes + 16384;
  if (optin < want) {
    conf_skip("the device cannot opt in to more than %zu bytes", optin);
    goto out;
  }
  unsigned words = (unsigned)(want / 4);
  bool own;
  /* Within the default limit it runs; above it, as CUDA, not until the
   * kernel's attribute is raised. */
  EXPECT_OK(run_private(k, (unsigned)a.maxDynamicSharedSizeBytes / 4, &own));
  EXPECT(own);
  EXPECT_ERR(infinirtErrorInvalidConfiguration, run_private(k, words, &own));
  ASSERT_OK(infinirtFuncSetAttribute(
      k, infinirtFuncAttributeMaxDynamicSharedMemorySize, (int)want));
  struct infinirtFuncAttributes b;
  EXPECT_OK(infinirtFuncGetAttributes(&b, k));
  EXPECT_EQ(b.maxDynamicSharedSizeBytes, want);
  EXPECT_OK(run_private(k, words, &own));
  EXPECT(own);
  EXPECT_ERR(infinirtErrorInvalidConfiguration,
             run_private(k, words + 4, &own));
  /* The most the device allows, and no more. */
  EXPECT_OK(infinirtFuncSetAttribute(
      k, infinirtFuncAttributeMaxDynamicSharedMemorySize, (int)optin));
  EXPECT_OK(run_private(k, (unsigned)(optin / 4), &own));
  EXPECT(own);
  EXPECT_ERR(
      infinirtErrorInvalidValue,
      infinirtFuncSetAttribute(
          k, infinirtFuncAttributeMaxDynamicSharedMemorySize, (int)optin + 1));
  EXPECT_OK(infinirtFuncGetAttributes(&b, k));
  EXPECT_EQ(b.maxDynamicSharedSizeBytes, optin);
out:
  if (lib)
    EXPECT_OK(infinirtLibraryUnload(lib));
}

CONF_TEST(kernel_attr, per_device_attribute_and_its_override) {
  infinirtLibrary_t lib;
  struct infinirtDeviceProp p;
  int dev = 0;
  if (!load(&lib) || !props(&p) || !EXPECT_OK(infinirtGetDevice(&dev)))
    goto out;
  infinirtKernel_t k = kernel(lib, "kt_dynamic_private");
  struct infinirtFuncAttributes a;
  if (!k || !EXPECT_OK(infinirtFuncGetAttributes(&a, k)))
    goto out;
  int dflt = a.maxDynamicSharedSizeBytes;
  size_t want = (size_t)dflt + 16384;
  if (p.sharedMemPerBlockOptin - a.sharedSizeBytes < want) {
    conf_skip("the device cannot opt in to %zu bytes", want);
    goto out;
  }
  bool own;
  ASSERT_OK(infinirtKernelSetAttributeForDevice(
      k, infinirtFuncAttributeMaxDynamicSharedMemorySize, (int)want, dev));
  EXPECT_OK(run_private(k, (unsigned)(want / 4), &own));
  EXPECT(own);
  /* FuncSetAttribute overrides the per-device value, set before or after. */
  ASSERT_OK(infinirtFuncSetAttribute(
      k, infinirtFuncAttributeMaxDynamicSharedMemorySize, dflt));
  EXPECT_ERR(infinirtErrorInvalidConfiguration,
             run_private(k, (unsigned)(want / 4), &own));
  EXPECT_OK(infinirtKernelSetAttributeForDevice(
      k, infinirtFuncAttributeMaxDynamicSharedMemorySize, (int)want, dev));
  EXPECT_ERR(infinirtErrorInvalidConfiguration,
             run_private(k, (unsigned)(want / 4), &own));
out:
  if (lib)
    EXPECT_OK(infinirtLibraryUnload(lib));
}

CONF_TEST(kernel_attr, carveout_and_cache_preferences) {
  infinirtLibrary_t lib;
  if (!load(&lib))
    return;
  infinirtKernel_t k = kernel(lib, "kt_add_one");
  if (k) {
    const int carveouts[] = {infinirtSharedmemCarveoutMaxL1, 50,
                             infinirtSharedmemCarveoutMaxShared};
    for (int i = 0; i < 3; i++) {
      struct infinirtFuncAttributes a;
      EXPECT_OK(infinirtFuncSetAttribute(
          k, infinirtFuncAttributePreferredSharedMemoryCarveout, carveouts[i]));
      EXPECT_OK(infinirtFuncGetAttributes(&a, k));
      EXPECT_EQ(a.preferredShmemCarveout, carveouts[i]);
    }
    const enum infinirtFuncCache caches[] = {
        infinirtFuncCachePreferNone, infinirtFuncCachePreferShared,
        infinirtFuncCachePreferL1, infinirtFuncCachePreferEqual};
    for (int i = 0; i < 4; i++)
      EXPECT_OK(infinirtFuncSetCacheConfig(k, caches[i]));
    /* Preferences change no result. */
    int *d = NULL, h[64] = {0};
    unsigned n = 64;
    void *args[] = {&d, &n};
    infinirtDim3 block = {64, 1, 1};
    if (EXPECT_OK(infinirtMalloc((void **)&d, sizeof h)) &&
        EXPECT_OK(infinirtMemset(d, 0, sizeof h)) &&
        EXPECT_OK(infinirtLaunchKernel(k, one, block, args, 0, NULL)) &&
        EXPECT_OK(infinirtMemcpy(h, d, sizeof h, infinirtMemcpyDeviceToHost))) {
      for (int i = 0; i < 64; i++)
        EXPECT_EQ(h[i], 1);
    }
    if (d)
      EXPECT_OK(infinirtFree(d));
  }
  EXPECT_OK(infinirtLibraryUnload(lib));
}

CONF_TEST(kernel_attr, names_and_parameters) {
  infinirtLibrary_t lib;
  if (!load(&lib))
    return;
  for (int i = 0; i < NKERNELS; i++) {
    infinirtKernel_t k = kernel(lib, kernel_names[i]);
    const char *name = NULL;
    if (k && EXPECT_OK(infinirtFuncGetName(&name, k)))
      EXPECT(name && strcmp(name, kernel_names[i]) == 0);
  }
  /* kt_args_mixed(char, double, char, kt_pair16, short, long long, char,
   * float, int, pointer): each parameter after the last, aligned to its
   * size, and as large as its type. */
  static const size_t sizes[] = {1, 8, 1, 16, 2, 8, 1, 4, 4, sizeof(void *)};
  infinirtKernel_t k = kernel(lib, "kt_args_mixed");
  size_t end = 0;
  for (size_t i = 0; k && i < sizeof sizes / sizeof sizes[0]; i++) {
    size_t off = 99, size = 99;
    if (!EXPECT_OK(infinirtFuncGetParamInfo(k, i, &off, &size)))
      break;
    EXPECT_EQ(size, sizes[i]);
    EXPECT(off >= end && off % sizes[i] == 0);
    end = off + size;
    size_t off2 = 98;
    EXPECT_OK(infinirtFuncGetParamInfo(k, i, &off2, NULL));
    EXPECT_EQ(off2, off);
  }
  size_t off = 77, size = 77;
  if (k)
    EXPECT_ERR(infinirtErrorInvalidValue,
               infinirtFuncGetParamInfo(k, 10, &off, &size));
  EXPECT(off == 77 && size == 77);
  infinirtKernel_t e = kernel(lib, "kt_empty");
  if (e)
    EXPECT_ERR(infinirtErrorInvalidValue,
               infinirtFuncGetParamInfo(e, 0, &off, &size));
  EXPECT_OK(infinirtLibraryUnload(lib));
}

CONF_TEST(kernel_attr, occupancy_consistent_with_properties) {
  infinirtLibrary_t lib;
  struct infinirtDeviceProp p;
  if (!load(&lib) || !props(&p))
    goto out;
  infinirtKernel_t k = kernel(lib, "kt_dynamic_private");
  struct infinirtFuncAttributes a;
  if (!k || !EXPECT_OK(infinirtFuncGetAttributes(&a, k)))
    goto out;
  const int sizes[] = {1, 32, 64, 256, a.maxThreadsPerBlock};
  for (int i = 0; i < 5; i++) {
    int bs = sizes[i], n = -1, flagged = -1;
    size_t dyn = 1024;
    if (!EXPECT_OK(
            infinirtOccupancyMaxActiveBlocksPerMultiprocessor(&n, k, bs, dyn)))
      continue;
    EXPECT(n >= 1);
    EXPECT(n <= p.maxBlocksPerMultiProcessor);
    EXPECT((long long)n * bs <= p.maxThreadsPerMultiProcessor);
    EXPECT((size_t)n * (dyn + a.sharedSizeBytes) <=
           p.sharedMemPerMultiprocessor);
    EXPECT_OK(infinirtOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
        &flagged, k, bs, dyn, infinirtOccupancyDefault));
    EXPECT_EQ(flagged, n);
    EXPECT_OK(infinirtOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
        &flagged, k, bs, dyn, infinirtOccupancyDisableCachingOverride));
    EXPECT(flagged >= 0 && flagged <= n);
  }
  /* A block the kernel cannot have: none is active. */
  int n = -1;
  EXPECT_OK(infinirtOccupancyMaxActiveBlocksPerMultiprocessor(
      &n, k, a.maxThreadsPerBlock + 1, 0));
  EXPECT_EQ(n, 0);
  /* The dynamic shared memory one block may have is what the device can
   * opt in to, and a launch with it, once allowed, is active. */
  size_t avail = 0;
  if (EXPECT_OK(
          infinirtOccupancyAvailableDynamicSMemPerBlock(&avail, k, 1, 64))) {
    EXPECT(avail >= (size_t)a.maxDynamicSharedSizeBytes);
    EXPECT(avail + a.sharedSizeBytes <= p.sharedMemPerBlockOptin);
    EXPECT(avail + a.sharedSizeBytes <= p.sharedMemPerMultiprocessor);
    EXPECT_OK(infinirtFuncSetAttribute(
        k, infinirtFuncAttributeMaxDynamicSharedMemorySize, (int)avail));
    EXPECT_OK(
        infinirtOccupancyMaxActiveBlocksPerMultiprocessor(&n, k, 64, avail));
    EXPECT(n >= 1); /* the H200 fits 4 of the 48 KiB it offers first */
  }
out:
  if (lib)
    EXPECT_OK(infinirtLibraryUnload(lib));
}

/* kt_add_one over |n| ints through LaunchKernelExC with |attrs|. */
static infinirtError_t add_one_ex(infinirtKernel_t k, infinirtStream_t s,
                                  infinirtLaunchAttribute *attrs,
                                  unsigned nattrs, bool *right) {
  enum { N = 1000 };
  int *d = NULL;
  static int h[N];
  unsigned n = N;
  *right = false;
  for (int i = 0; i < N; i++)
    h[i] = i;
  if (!EXPECT_OK(infinirtMalloc((void **)&d, sizeof h)) ||
      !EXPECT_OK(infinirtMemcpy(d, h, sizeof h, infinirtMemcpyHostToDevice)))
    return infinirtErrorUnknown;
  infinirtLaunchConfig_t c = {
      {(N + 127) / 128, 1, 1}, {128, 1, 1}, 0, s, attrs, nattrs};
  void *args[] = {&d, &n};
  infinirtError_t err = infinirtLaunchKernelExC(&c, k, args);
  if (err == infinirtSuccess && EXPECT_OK(infinirtStreamSynchronize(s)) &&
      EXPECT_OK(infinirtMemcpy(h, d, sizeof h, infinirtMemcpyDeviceToHost))) {
    *right = true;
    for (int i = 0; i < N; i++)
      *right &= h[i] == i + 1;
  }
  release(d);
  return err;
}

CONF_TEST(kernel_attr, launch_ex_runs_the_kernel) {
  infinirtLibrary_t lib;
  infinirtStream_t s = NULL;
  if (!load(&lib) || !EXPECT_OK(infinirtStreamCreate(&s)))
    goto out;
  infinirtKernel_t k = kernel(lib, "kt_add_one");
  bool right;
  int least = 0, greatest = 0;
  EXPECT_OK(infinirtDeviceGetStreamPriorityRange(&least, &greatest));
  infinirtStream_t streams[] = {s, NULL, infinirtStreamPerThread};
  for (int i = 0; k && i < 3; i++) {
    EXPECT_OK(add_one_ex(k, streams[i], NULL, 0, &right));
    EXPECT(right);
  }
  infinirtLaunchAttribute attrs[4];
  memset(attrs, 0, sizeof attrs);
  attrs[0].id = infinirtLaunchAttributeIgnore;
  attrs[1].id = infinirtLaunchAttributePriority;
  attrs[1].val.priority = greatest;
  attrs[2].id = infinirtLaunchAttributeCooperative;
  attrs[2].val.cooperative = 0;
  attrs[3].id = infinirtLaunchAttributeProgrammaticStreamSerialization;
  attrs[3].val.programmaticStreamSerializationAllowed = 1;
  if (k) {
    EXPECT_OK(add_one_ex(k, s, attrs, 4, &right));
    EXPECT(right);
  }
  /* Events the launch records: completed once the kernel has. */
  infinirtEvent_t done = NULL, prog = NULL;
  if (k &&
      EXPECT_OK(
          infinirtEventCreateWithFlags(&done, infinirtEventDisableTiming)) &&
      EXPECT_OK(
          infinirtEventCreateWithFlags(&prog, infinirtEventDisableTiming))) {
    memset(attrs, 0, sizeof attrs);
    attrs[0].id = infinirtLaunchAttributeLaunchCompletionEvent;
    attrs[0].val.launchCompletionEvent.event = done;
    attrs[1].id = infinirtLaunchAttributeProgrammaticEvent;
    attrs[1].val.programmaticEvent.event = prog;
    attrs[1].val.programmaticEvent.triggerAtBlockStart = 0;
    EXPECT_OK(add_one_ex(k, s, attrs, 2, &right));
    EXPECT(right);
    EXPECT_OK(infinirtEventSynchronize(done));
    EXPECT_OK(infinirtEventQuery(done));
    EXPECT_OK(infinirtEventSynchronize(prog));
  }
  if (done)
    EXPECT_OK(infinirtEventDestroy(done));
  if (prog)
    EXPECT_OK(infinirtEventDestroy(prog));
out:
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
  if (lib)
    EXPECT_OK(infinirtLibraryUnload(lib));
}

/* kt_grid_wait over |blocks| blocks of 32 threads, cooperatively (through
 * LaunchCooperativeKernel, or LaunchKernelExC's attribute): the result,
 * and whether every block saw all of them arrive. */
static infinirtError_t grid_wait(infinirtKernel_t k, unsigned blocks, bool ex,
                                 bool *all) {
  unsigned *d = NULL;
  size_t bytes = ((size_t)blocks + 1) * sizeof *d;
  unsigned *h = calloc(blocks + 1, sizeof *h);
  *all = false;
  if (!h || !EXPECT_OK(infinirtMalloc((void **)&d, bytes)) ||
      !EXPECT_OK(infinirtMemset(d, 0, bytes))) {
    free(h);
    return infinirtErrorUnknown;
  }
  unsigned *arrived = d, *out = d + 1;
  void *args[] = {&arrived, &out};
  infinirtDim3 grid = {blocks, 1, 1}, block = {32, 1, 1};
  infinirtError_t err;
  if (ex) {
    infinirtLaunchAttribute coop;
    memset(&coop, 0, sizeof coop);
    coop.id = infinirtLaunchAttributeCooperative;
    coop.val.cooperative = 1;
    infinirtLaunchConfig_t c = {grid, block, 0, NULL, &coop, 1};
    err = infinirtLaunchKernelExC(&c, k, args);
  } else {
    err = infinirtLaunchCooperativeKernel(k, grid, block, args, 0, NULL);
  }
  if (err == infinirtSuccess && EXPECT_OK(infinirtDeviceSynchronize()) &&
      EXPECT_OK(infinirtMemcpy(h, d, bytes, infinirtMemcpyDeviceToHost))) {
    *all = h[0] == blocks;
    for (unsigned b = 0; b < blocks; b++)
      *all &= h[b + 1] == blocks;
  }
  release(d);
  free(h);
  return err;
}

CONF_TEST(kernel_attr, cooperative_blocks_are_all_resident) {
  infinirtLibrary_t lib;
  struct infinirtDeviceProp p;
  if (!load(&lib) || !props(&p))
    goto out;
  if (!p.cooperativeLaunch) {
    conf_skip("the device does not support cooperative launches");
    goto out;
  }
  infinirtKernel_t k = kernel(lib, "kt_grid_wait");
  int per_sm = 0;
  if (!k || !EXPECT_OK(infinirtOccupancyMaxActiveBlocksPerMultiprocessor(
                &per_sm, k, 32, 0)))
    goto out;
  unsigned most = (unsigned)per_sm * (unsigned)p.multiProcessorCount;
  ASSERT(most >= 1);
  bool all;
  EXPECT_OK(grid_wait(k, most, false, &all));
  EXPECT(all);
  EXPECT_OK(grid_wait(k, most, true, &all));
  EXPECT(all);
  EXPECT_OK(grid_wait(k, 1, false, &all));
  EXPECT(all);
  EXPECT_ERR(infinirtErrorCooperativeLaunchTooLarge,
             grid_wait(k, most + 1, false, &all));
  EXPECT_ERR(infinirtErrorCooperativeLaunchTooLarge,
             grid_wait(k, most + 1, true, &all));
out:
  if (lib)
    EXPECT_OK(infinirtLibraryUnload(lib));
}

CONF_TEST(kernel_attr, enumerate_returns_every_kernel_once) {
  infinirtLibrary_t lib;
  if (!load(&lib))
    return;
  unsigned count = 0;
  ASSERT_OK(infinirtLibraryGetKernelCount(&count, lib));
  EXPECT_EQ(count, NKERNELS);
  infinirtKernel_t got[NKERNELS + 2];
  for (int i = 0; i < NKERNELS + 2; i++)
    got[i] = (infinirtKernel_t)(uintptr_t)0x5a5a;
  /* A larger buffer: |count| handles, the rest left alone. */
  if (EXPECT_OK(infinirtLibraryEnumerateKernels(got, NKERNELS + 2, lib))) {
    EXPECT(got[NKERNELS] == (infinirtKernel_t)(uintptr_t)0x5a5a &&
           got[NKERNELS + 1] == (infinirtKernel_t)(uintptr_t)0x5a5a);
    bool seen[NKERNELS] = {false};
    for (int i = 0; i < NKERNELS; i++) {
      const char *name = NULL;
      if (!EXPECT_OK(infinirtFuncGetName(&name, got[i])))
        continue;
      int j = 0;
      while (j < NKERNELS && strcmp(kernel_names[j], name) != 0)
        j++;
      if (!EXPECT(j < NKERNELS && !seen[j]))
        continue;
      seen[j] = true;
      /* The handle GetKernel gives for its name, usable as any other. */
      EXPECT_PTR_EQ(got[i], kernel(lib, name));
      struct infinirtFuncAttributes a;
      EXPECT_OK(infinirtFuncGetAttributes(&a, got[i]));
    }
  }
  /* A smaller one: that many, distinct. */
  infinirtKernel_t few[3] = {NULL, NULL, NULL};
  if (EXPECT_OK(infinirtLibraryEnumerateKernels(few, 3, lib)))
    EXPECT(few[0] && few[1] && few[2] && few[0] != few[1] && few[1] != few[2] &&
           few[0] != few[2]);
  EXPECT_OK(infinirtLibraryEnumerateKernels(NULL, 0, lib));
  infinirtKernel_t e = kernel(lib, "kt_empty");
  if (e)
    EXPECT_OK(infinirtLaunchKernel(e, one, one, NULL, 0, NULL));
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT_OK(infinirtLibraryUnload(lib));
}

/* A global of the test library: its address and size. */
static bool global(infinirtLibrary_t lib, const char *name, void **p,
                   size_t *bytes, size_t want) {
  *p = NULL;
  *bytes = 0;
  return EXPECT_OK(infinirtLibraryGetGlobal(p, bytes, lib, name)) &&
         EXPECT(*p != NULL) && EXPECT_EQ(*bytes, want);
}

CONF_TEST(kernel_attr, globals_through_symbols_and_a_kernel) {
  infinirtLibrary_t lib;
  infinirtStream_t s = NULL;
  float *out = NULL;
  if (!load(&lib) || !EXPECT_OK(infinirtStreamCreate(&s)))
    goto out;
  void *coeffs, *results, *scale;
  size_t n_coeffs, n_results, n_scale;
  if (!global(lib, "kt_coeffs", &coeffs, &n_coeffs, KT_COEFFS * sizeof(int)) ||
      !global(lib, "kt_results", &results, &n_results,
              KT_RESULTS * sizeof(int)) ||
      !global(lib, "kt_scale", &scale, &n_scale, sizeof(float)))
    goto out;
  /* Asked again, or for one output only: the same. */
  void *again = NULL;
  size_t bytes = 0;
  EXPECT_OK(infinirtLibraryGetGlobal(&again, NULL, lib, "kt_coeffs"));
  EXPECT_PTR_EQ(again, coeffs);
  EXPECT_OK(infinirtLibraryGetGlobal(NULL, &bytes, lib, "kt_coeffs"));
  EXPECT_EQ(bytes, n_coeffs);
  /* The symbol functions know them. */
  void *addr = NULL;
  EXPECT_OK(infinirtGetSymbolAddress(&addr, results));
  EXPECT_PTR_EQ(addr, results);
  EXPECT_OK(infinirtGetSymbolSize(&bytes, results));
  EXPECT_EQ(bytes, n_results);
  /* The image's initial value. */
  float sc = 0;
  EXPECT_OK(infinirtMemcpyFromSymbol(&sc, scale, sizeof sc, 0,
                                     infinirtMemcpyDeviceToHost));
  EXPECT(sc == 2.5f);
  /* Written in two parts (the second at an offset), read by a kernel. */
  int c[KT_COEFFS];
  for (int i = 0; i < KT_COEFFS; i++)
    c[i] = 3 * i - 7;
  EXPECT_OK(infinirtMemcpyToSymbol(coeffs, c, 8 * sizeof(int), 0,
                                   infinirtMemcpyHostToDevice));
  EXPECT_OK(
      infinirtMemcpyToSymbolAsync(coeffs, c + 8, (KT_COEFFS - 8) * sizeof(int),
                                  8 * sizeof(int), infinirtMemcpyDefault, s));
  sc = 0.5f;
  EXPECT_OK(infinirtMemcpyToSymbolAsync(scale, &sc, sizeof sc, 0,
                                        infinirtMemcpyHostToDevice, s));
  /* A zero-count copy does nothing, to any symbol. */
  EXPECT_OK(infinirtMemcpyToSymbol(coeffs, NULL, 0, n_coeffs,
                                   infinirtMemcpyHostToDevice));
  enum { N = 200 };
  unsigned n = N;
  void *managed = NULL;
  size_t n_managed = 0;
  if (!EXPECT_OK(infinirtMalloc((void **)&out, N * sizeof *out)) ||
      !EXPECT_OK(infinirtLibraryGetManaged(&managed, &n_managed, lib,
                                           "kt_managed_count")))
    goto out;
  EXPECT_EQ(n_managed, sizeof(unsigned));
  EXPECT_OK(infinirtStreamSynchronize(s));
  *(unsigned *)managed = 5; /* the host's through its address */
  infinirtKernel_t k = kernel(lib, "kt_use_globals");
  void *args[] = {&out, &n};
  infinirtDim3 grid = {(N + 63) / 64, 1, 1}, block = {64, 1, 1};
  if (!k || !EXPECT_OK(infinirtLaunchKernel(k, grid, block, args, 0, s)))
    goto out;
  float h[N];
  int r[KT_RESULTS];
  memset(r, 0, sizeof r);
  EXPECT_OK(
      infinirtMemcpyAsync(h, out, sizeof h, infinirtMemcpyDeviceToHost, s));
  EXPECT_OK(infinirtMemcpyFromSymbolAsync(r, results, sizeof r, 0,
                                          infinirtMemcpyDeviceToHost, s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  for (int i = 0; i < N; i++)
    EXPECT(h[i] == (float)c[i % KT_COEFFS] * 0.5f);
  for (int i = 0; i < KT_RESULTS; i++)
    EXPECT_EQ(r[i], c[i % KT_COEFFS] + i);
  EXPECT_EQ(*(volatile unsigned *)managed, 5 + N);
  /* Part of it, from an offset, synchronously and device to device. */
  int tail[4] = {0};
  EXPECT_OK(infinirtMemcpyFromSymbol(tail, results, sizeof tail,
                                     (KT_RESULTS - 4) * sizeof(int),
                                     infinirtMemcpyDefault));
  for (int i = 0; i < 4; i++)
    EXPECT_EQ(tail[i],
              c[(KT_RESULTS - 4 + i) % KT_COEFFS] + KT_RESULTS - 4 + i);
  EXPECT_OK(infinirtMemcpyToSymbol(results, out, 2 * sizeof(int), 0,
                                   infinirtMemcpyDeviceToDevice));
  EXPECT_OK(infinirtMemcpyFromSymbol(out + 2, results, 2 * sizeof(int), 0,
                                     infinirtMemcpyDeviceToDevice));
  float back[4];
  EXPECT_OK(infinirtMemcpy(back, out, sizeof back, infinirtMemcpyDeviceToHost));
  EXPECT(memcmp(back, back + 2, 2 * sizeof(float)) == 0);
  /* Outside it: refused, nothing copied. */
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtMemcpyToSymbol(coeffs, c, n_coeffs, 4,
                                    infinirtMemcpyHostToDevice));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtMemcpyFromSymbolAsync(c, coeffs, 4, n_coeffs + 1,
                                           infinirtMemcpyDeviceToHost, s));
  EXPECT_ERR(infinirtErrorInvalidSymbol,
             infinirtMemcpyToSymbol((char *)coeffs + 4, c, 4, 0,
                                    infinirtMemcpyHostToDevice));
out:
  if (out)
    EXPECT_OK(infinirtFree(out));
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
  if (lib)
    EXPECT_OK(infinirtLibraryUnload(lib));
}

CONF_TEST(kernel_attr, managed_only_for_managed_globals) {
  infinirtLibrary_t lib;
  if (!load(&lib))
    return;
  void *p = (void *)(uintptr_t)0x5a5a;
  size_t n = 77;
  EXPECT_ERR(infinirtErrorSymbolNotFound,
             infinirtLibraryGetManaged(&p, &n, lib, "kt_scale"));
  EXPECT_ERR(infinirtErrorSymbolNotFound,
             infinirtLibraryGetGlobal(&p, &n, lib, "kt_no_such_global"));
  EXPECT_ERR(infinirtErrorSymbolNotFound,
             infinirtLibraryGetGlobal(&p, &n, lib, ""));
  EXPECT(p == (void *)(uintptr_t)0x5a5a && n == 77);
  EXPECT_OK(infinirtLibraryUnload(lib));
}

CONF_TEST(kernel_attr, symbols_end_with_their_library) {
  infinirtLibrary_t lib;
  if (!load(&lib))
    return;
  void *coeffs = NULL;
  size_t n = 0;
  if (!global(lib, "kt_coeffs", &coeffs, &n, KT_COEFFS * sizeof(int))) {
    EXPECT_OK(infinirtLibraryUnload(lib));
    return;
  }
  int c[KT_COEFFS] = {0};
  EXPECT_OK(infinirtMemcpyToSymbol(coeffs, c, sizeof c, 0,
                                   infinirtMemcpyHostToDevice));
  EXPECT_OK(infinirtLibraryUnload(lib));
  EXPECT_ERR(infinirtErrorInvalidSymbol,
             infinirtMemcpyToSymbol(coeffs, c, sizeof c, 0,
                                    infinirtMemcpyHostToDevice));
  EXPECT_ERR(infinirtErrorInvalidSymbol, infinirtGetSymbolSize(&n, coeffs));
  /* A library loaded again has its own globals. */
  if (!load(&lib))
    return;
  void *again = NULL;
  if (global(lib, "kt_coeffs", &again, &n, KT_COEFFS * sizeof(int)))
    EXPECT_OK(infinirtMemcpyToSymbol(again, c, sizeof c, 0,
                                     infinirtMemcpyHostToDevice));
  EXPECT_OK(infinirtLibraryUnload(lib));
}

CONF_TEST(kernel_attr, shared_mem_config_accepted) {
  infinirtLibrary_t lib;
  if (!load(&lib))
    return;
  infinirtKernel_t k = kernel(lib, "kt_add_one");
  const enum infinirtSharedMemConfig configs[] = {
      infinirtSharedMemBankSizeFourByte, infinirtSharedMemBankSizeEightByte,
      infinirtSharedMemBankSizeDefault};
  for (int i = 0; i < 3; i++)
    EXPECT_OK(infinirtFuncSetSharedMemConfig(k, configs[i]));
  EXPECT_OK(infinirtLibraryUnload(lib));
}

/* Cluster occupancy: where the device has clusters, the largest cluster is
 * at least one block and that many clusters of it fit; the CPU has none. */
CONF_TEST(kernel_attr, cluster_occupancy) {
  infinirtLibrary_t lib;
  struct infinirtDeviceProp p;
  if (!load(&lib) || !props(&p))
    goto out;
  infinirtKernel_t k = kernel(lib, "kt_add_one");
  infinirtLaunchConfig_t c;
  memset(&c, 0, sizeof c);
  c.gridDim = (infinirtDim3){8, 1, 1};
  c.blockDim = (infinirtDim3){128, 1, 1};
  int size = -1, count = -1;
  infinirtError_t err = infinirtOccupancyMaxPotentialClusterSize(&size, k, &c);
  if (!p.clusterLaunch) {
    EXPECT_EQ(err, infinirtErrorNotSupported);
    EXPECT_EQ(size, -1);
    infinirtGetLastError();
    /* Without a cluster dimension a block is its own cluster. */
    EXPECT_OK(infinirtOccupancyMaxActiveClusters(&count, k, &c));
    EXPECT(count >= 1);
    goto out;
  }
  EXPECT_OK(err);
  EXPECT(size >= 1);
  infinirtLaunchAttribute a;
  memset(&a, 0, sizeof a);
  a.id = infinirtLaunchAttributeClusterDimension;
  a.val.clusterDim.x = 2;
  a.val.clusterDim.y = 1;
  a.val.clusterDim.z = 1;
  c.attrs = &a;
  c.numAttrs = 1;
  EXPECT_OK(infinirtOccupancyMaxActiveClusters(&count, k, &c));
  EXPECT(count >= 1);
out:
  if (lib)
    EXPECT_OK(infinirtLibraryUnload(lib));
}
