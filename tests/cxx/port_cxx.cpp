// port_cxx.cpp - cxx.port: C++17 host code as a CUDA port writes it, built
// with -pedantic-errors: the overloads and templates of infinirt_runtime.h,
// infinirtDim3's constructors and the version and callback names a port
// meets, run on the CPU device with the data checked (kernels: the test
// kernel library of tests/kernels).
#include <infinirt_runtime.h>

#include "../kernels/kernels/kt_types.h"
#include "infinirt_test_kernels_embedded.h"

#include <cstdio>
#include <cstring>
#include <vector>

#if !defined(INFINIRTRT_VERSION) || INFINIRTRT_VERSION < 13000
#error "a port's CUDART_VERSION check must take the CUDA 13 branch"
#endif

static int failures;

static void check(bool ok, const char *what) {
  std::printf("%s: %s\n", ok ? "ok" : "FAIL", what);
  failures += !ok;
}

static void INFINIRTRT_CB on_done(infinirtStream_t, infinirtError_t, void *) {}

// The kernel-attribute, occupancy, launch and symbol templates, as CUDA's
// are called, with the kernel handles and library globals a port has.
static void kernel_templates(infinirtStream_t s) {
  infinirtLibrary_t lib;
  const void *image = infinirt_test_kernels_image(infinirtDeviceTypeCpu, NULL);
  if (!image || infinirtLibraryLoadData(&lib, image, NULL, NULL, 0, NULL, NULL,
                                        0) != infinirtSuccess) {
    check(false, "the test kernel library loads");
    return;
  }
  infinirtKernel_t add = nullptr, coop = nullptr, use = nullptr;
  infinirtLibraryGetKernel(&add, lib, "kt_add_one");
  infinirtLibraryGetKernel(&coop, lib, "kt_grid_wait");
  infinirtLibraryGetKernel(&use, lib, "kt_use_globals");

  infinirtFuncAttributes attr;
  const char *name = nullptr;
  check(infinirtFuncGetAttributes(&attr, add) == infinirtSuccess &&
            attr.maxThreadsPerBlock > 0,
        "infinirtFuncGetAttributes(attr, kernel)");
  check(infinirtFuncSetAttribute(
            add, infinirtFuncAttributeMaxDynamicSharedMemorySize, 65536) ==
                infinirtSuccess &&
            infinirtFuncSetCacheConfig(add, infinirtFuncCachePreferL1) ==
                infinirtSuccess,
        "infinirtFuncSetAttribute, infinirtFuncSetCacheConfig(kernel, ...)");
  check(infinirtFuncGetName(&name, add) == infinirtSuccess &&
            std::strcmp(name, "kt_add_one") == 0,
        "infinirtFuncGetName(name, kernel)");

  int blocks = -1, flagged = -1, min_grid = -1, block = -1, sms = 0;
  size_t avail = 0;
  infinirtDeviceGetAttribute(&sms, infinirtDevAttrMultiProcessorCount, 0);
  check(infinirtOccupancyMaxActiveBlocksPerMultiprocessor(
            &blocks, add, 128, 0) == infinirtSuccess &&
            blocks >= 1 &&
            infinirtOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
                &flagged, add, 128, 0,
                infinirtOccupancyDisableCachingOverride) == infinirtSuccess &&
            flagged == blocks,
        "infinirtOccupancyMaxActiveBlocksPerMultiprocessor[WithFlags]");
  check(infinirtOccupancyMaxPotentialBlockSize(&min_grid, &block, add) ==
                infinirtSuccess &&
            block >= 1 && block <= attr.maxThreadsPerBlock && min_grid >= sms,
        "infinirtOccupancyMaxPotentialBlockSize(min grid, block, kernel)");
  check(infinirtOccupancyMaxPotentialBlockSizeVariableSMem(
            &min_grid, &block, add, [](int size) { return size_t(size) * 16; },
            256) == infinirtSuccess &&
            block >= 1 && block <= 256,
        "infinirtOccupancyMaxPotentialBlockSizeVariableSMem with a lambda");
  check(infinirtOccupancyMaxPotentialBlockSizeWithFlags(
            &min_grid, &block, add, 0, 64, infinirtOccupancyDefault) ==
                infinirtSuccess &&
            block >= 1 && block <= 64,
        "infinirtOccupancyMaxPotentialBlockSizeWithFlags");
  check(infinirtOccupancyAvailableDynamicSMemPerBlock(&avail, add, 1, 128) ==
                infinirtSuccess &&
            avail > 0,
        "infinirtOccupancyAvailableDynamicSMemPerBlock(size, kernel, ...)");

  // LaunchKernelEx: the arguments by value, of the kernel's types.
  int *d = nullptr;
  int h[64] = {};
  unsigned n = 64;
  infinirtMalloc(&d, sizeof h);
  infinirtMemcpy(d, h, sizeof h, infinirtMemcpyHostToDevice);
  infinirtLaunchConfig_t cfg = {};
  cfg.gridDim = infinirtDim3(1);
  cfg.blockDim = infinirtDim3(64);
  cfg.stream = s;
  infinirtLaunchAttribute attrs[1] = {};
  attrs[0].id = infinirtLaunchAttributePriority;
  cfg.attrs = attrs;
  cfg.numAttrs = 1;
  bool ok = infinirtLaunchKernelEx(&cfg, add, d, n) == infinirtSuccess &&
            infinirtLaunchKernelEx(&cfg, add, d, 32u) == infinirtSuccess;
  infinirtStreamSynchronize(s);
  infinirtMemcpy(h, d, sizeof h, infinirtMemcpyDeviceToHost);
  for (int i = 0; i < 64; i++)
    ok &= h[i] == (i < 32 ? 2 : 1);
  check(ok, "infinirtLaunchKernelEx(config, kernel, args...)");

  // LaunchCooperativeKernel with CUDA's defaults: every block resident.
  unsigned *counts = nullptr;
  unsigned back[3] = {};
  infinirtMalloc(&counts, sizeof back);
  infinirtMemset(counts, 0, sizeof back);
  unsigned *arrived = counts, *out = counts + 1;
  void *args[] = {&arrived, &out};
  ok = infinirtLaunchCooperativeKernel(coop, infinirtDim3(sms >= 2 ? 2 : 1),
                                       infinirtDim3(32),
                                       args) == infinirtSuccess;
  infinirtDeviceSynchronize();
  infinirtMemcpy(back, counts, sizeof back, infinirtMemcpyDeviceToHost);
  unsigned grid = sms >= 2 ? 2 : 1;
  check(ok && back[0] == grid && back[1] == grid &&
            (grid == 1 || back[2] == grid),
        "infinirtLaunchCooperativeKernel(kernel, grid, block, args)");

  // Globals: the typed GetGlobal, and the symbol templates on the variable.
  int(*coeffs)[KT_COEFFS] = nullptr;
  float *scale = nullptr;
  unsigned *managed = nullptr;
  size_t bytes = 0, size = 0;
  void *addr = nullptr;
  check(infinirtLibraryGetGlobal(&coeffs, &bytes, lib, "kt_coeffs") ==
                infinirtSuccess &&
            bytes == sizeof *coeffs &&
            infinirtLibraryGetGlobal(&scale, nullptr, lib, "kt_scale") ==
                infinirtSuccess &&
            infinirtLibraryGetManaged(&managed, nullptr, lib,
                                      "kt_managed_count") == infinirtSuccess,
        "infinirtLibraryGetGlobal(T **), infinirtLibraryGetManaged(T **)");
  check(infinirtGetSymbolAddress(&addr, *coeffs) == infinirtSuccess &&
            addr == coeffs &&
            infinirtGetSymbolSize(&size, *coeffs) == infinirtSuccess &&
            size == sizeof *coeffs,
        "infinirtGetSymbolAddress, infinirtGetSymbolSize(const T &symbol)");
  int c[KT_COEFFS];
  for (int i = 0; i < KT_COEFFS; i++)
    c[i] = i * i;
  float half = 0.5f, got = 0;
  ok = infinirtMemcpyToSymbol(*coeffs, c, 8 * sizeof(int)) == infinirtSuccess &&
       infinirtMemcpyToSymbolAsync(*coeffs, c + 8, 8 * sizeof(int),
                                   8 * sizeof(int)) == infinirtSuccess &&
       infinirtMemcpyToSymbol((const void *)scale, &half, sizeof half) ==
           infinirtSuccess;
  infinirtDeviceSynchronize();
  *managed = 0;
  float *fout = nullptr;
  float fh[KT_COEFFS];
  unsigned fn = KT_COEFFS;
  infinirtMalloc(&fout, sizeof fh);
  void *uargs[] = {&fout, &fn};
  ok &= infinirtLaunchKernel(use, infinirtDim3(1), infinirtDim3(KT_COEFFS),
                             uargs) == infinirtSuccess;
  int results[KT_COEFFS] = {};
  int(*res)[KT_RESULTS] = nullptr;
  infinirtLibraryGetGlobal(&res, nullptr, lib, "kt_results");
  infinirtDeviceSynchronize();
  ok &= infinirtMemcpyFromSymbol(results, *res, sizeof results) ==
            infinirtSuccess &&
        infinirtMemcpyFromSymbolAsync(&got, *scale, sizeof got) ==
            infinirtSuccess;
  infinirtDeviceSynchronize();
  infinirtMemcpy(fh, fout, sizeof fh, infinirtMemcpyDeviceToHost);
  for (int i = 0; i < KT_COEFFS; i++)
    ok &= results[i] == c[i] + i && fh[i] == float(c[i]) * 0.5f;
  check(ok && got == 0.5f && *managed == KT_COEFFS,
        "infinirtMemcpyToSymbol/FromSymbol[Async](const T &symbol, ...) with "
        "CUDA's defaults, read and written by a kernel");
  // The variable's own address is no symbol, as with CUDA's templates.
  check(infinirtMemcpyToSymbol(coeffs, c, 4) == infinirtErrorInvalidSymbol,
        "a pointer variable passed as the symbol is refused");
  infinirtGetLastError();

  infinirtFree(fout);
  infinirtFree(counts);
  infinirtFree(d);
  infinirtLibraryUnload(lib);
}

int main() {
  infinirtStreamCallback_t cb = on_done;
  (void)cb;
  enum infinirtComputeMode mode = infinirtComputeModeDefault;
  check(mode == 0 && infinirtComputeModeExclusiveProcess == 3,
        "infinirtComputeMode has CUDA's values");

  constexpr infinirtDim3 grid(4), block, all(2, 3, 4);
  static_assert(grid.x == 4 && grid.y == 1 && grid.z == 1, "dim3(4)");
  static_assert(block.x == 1 && block.y == 1 && block.z == 1, "dim3()");
  static_assert(all.x == 2 && all.y == 3 && all.z == 4, "dim3(2, 3, 4)");
  static_assert(sizeof(infinirtDim3) == 3 * sizeof(unsigned int),
                "the C layout");
  infinirtDim3 braced = {5, 6, 7};
  check(braced.z == 7, "infinirtDim3 from a braced list");

  if (infinirtExtSetDeviceType(infinirtDeviceTypeCpu) != infinirtSuccess) {
    std::printf("FAIL: no CPU device\n");
    return 1;
  }

  const size_t n = 1024;
  float *d = nullptr, *h = nullptr, *mapped = nullptr;
  double *pinned = nullptr;
  int *pooled = nullptr;
  check(infinirtMalloc(&d, n * sizeof *d) == infinirtSuccess && d,
        "infinirtMalloc(float **, bytes)");
  check(infinirtMallocHost(&h, n * sizeof *h) == infinirtSuccess && h,
        "infinirtMallocHost(float **, bytes)");
  check(infinirtMallocHost(&mapped, n * sizeof *mapped,
                           infinirtHostAllocMapped) == infinirtSuccess &&
            mapped,
        "infinirtMallocHost(float **, bytes, flags)");
  check(infinirtHostAlloc(&pinned, 64, infinirtHostAllocPortable) ==
                infinirtSuccess &&
            pinned,
        "infinirtHostAlloc(double **, bytes, flags)");

  infinirtStream_t s;
  check(infinirtStreamCreate(&s) == infinirtSuccess, "stream");
  check(infinirtMallocAsync(&pooled, 4 * sizeof *pooled, s) ==
                infinirtSuccess &&
            pooled,
        "infinirtMallocAsync(int **, bytes, stream)");
  infinirtEvent_t ev;
  check(infinirtEventCreate(&ev, infinirtEventDisableTiming) == infinirtSuccess,
        "infinirtEventCreate(event, flags)");

  std::vector<float> src(n), back(n);
  for (size_t i = 0; i < n; i++)
    src[i] = float(i) * 0.5f;
  std::memcpy(h, src.data(), n * sizeof *h);
  infinirtMemcpyAsync(d, h, n * sizeof *d, infinirtMemcpyHostToDevice, s);
  infinirtMemcpyAsync(mapped, d, n * sizeof *d, infinirtMemcpyDeviceToHost, s);
  infinirtEventRecord(ev, s);
  check(infinirtEventSynchronize(ev) == infinirtSuccess, "event");
  check(std::memcmp(mapped, src.data(), n * sizeof *mapped) == 0,
        "data through the typed allocations");

  int runtime = 0, driver = 0;
  infinirtRuntimeGetVersion(&runtime);
  infinirtDriverGetVersion(&driver);
  check(runtime == INFINIRTRT_VERSION && driver >= runtime,
        "versions on CUDA's scale, driver not older than runtime");
  infinirtDeviceProp prop;
  infinirtGetDeviceProperties(&prop, 0);
  check(prop.major == INFINIRT_CPU_COMPUTE_MAJOR && prop.major >= 3,
        "the CPU device passes a compute capability gate");

  float *managed = nullptr;
  check(infinirtMallocManaged(&managed, n * sizeof *managed) ==
                infinirtSuccess &&
            managed,
        "infinirtMallocManaged(float **, bytes) with the default flags");
  check(infinirtStreamAttachMemAsync(s, managed) == infinirtSuccess,
        "infinirtStreamAttachMemAsync(stream, T *) with the defaults");
  infinirtMemLocation host_loc = {infinirtMemLocationTypeHost, 0};
  check(infinirtMemPrefetchAsync(managed, n * sizeof *managed, host_loc, 0) ==
            infinirtSuccess,
        "infinirtMemPrefetchAsync on the default stream");
  check(infinirtMemcpyPeerAsync(managed, 0, d, 0, n * sizeof *d) ==
            infinirtSuccess,
        "infinirtMemcpyPeerAsync on the default stream");
  infinirtDeviceSynchronize();
  check(std::memcmp(managed, src.data(), n * sizeof *managed) == 0,
        "data through the managed allocation");
  infinirtFree(managed);

  // Pitched memory as a port writes it: a typed MallocPitch, CUDA's
  // aggregate initialisation of the 3D parameters and the make_ helpers.
  const size_t w = 5, rows = 3, slices = 2;
  float *pitched = nullptr;
  size_t pitch = 0;
  check(infinirtMallocPitch(&pitched, &pitch, w * sizeof(float), rows) ==
                infinirtSuccess &&
            pitched && pitch >= w * sizeof(float),
        "infinirtMallocPitch(float **, ...)");
  infinirtPitchedPtr vol;
  check(infinirtMalloc3D(
            &vol, make_infinirtExtent(w * sizeof(float), rows, slices)) ==
                infinirtSuccess &&
            vol.ptr && vol.ysize == rows,
        "infinirtMalloc3D with make_infinirtExtent");
  std::vector<float> cube(w * rows * slices), cube_back(cube.size());
  for (size_t i = 0; i < cube.size(); i++)
    cube[i] = float(i);
  infinirtMemcpy3DParms up = {};
  up.srcPtr = make_infinirtPitchedPtr(cube.data(), w * sizeof(float),
                                      w * sizeof(float), rows);
  up.dstPtr = vol;
  up.extent = make_infinirtExtent(w * sizeof(float), rows, slices);
  up.kind = infinirtMemcpyHostToDevice;
  infinirtMemcpy3DParms down = up;
  down.srcPtr = vol;
  down.dstPtr = make_infinirtPitchedPtr(cube_back.data(), w * sizeof(float),
                                        w * sizeof(float), rows);
  down.srcPos = make_infinirtPos(0, 0, 0);
  down.kind = infinirtMemcpyDeviceToHost;
  check(infinirtMemcpy3D(&up) == infinirtSuccess &&
            infinirtMemcpy3D(&down) == infinirtSuccess && cube == cube_back,
        "infinirtMemcpy3D there and back");
  // The async forms with CUDA's default stream; zeroes come back.
  check(infinirtMemset3DAsync(vol, 0, up.extent) == infinirtSuccess &&
            infinirtMemset2DAsync(pitched, pitch, 0, w * sizeof(float), rows) ==
                infinirtSuccess &&
            infinirtMemcpy3DAsync(&down) == infinirtSuccess &&
            infinirtStreamSynchronize(0) == infinirtSuccess &&
            cube_back == std::vector<float>(cube.size(), 0.0f),
        "infinirtMemset3DAsync, Memset2DAsync, Memcpy3DAsync, default stream");
  infinirtMemcpy3DPeerParms peer = {};
  peer.srcPtr = up.srcPtr;
  peer.dstPtr = vol;
  peer.extent = up.extent;
  check(infinirtMemcpy3DPeerAsync(&peer) == infinirtSuccess &&
            infinirtMemcpy3D(&down) == infinirtSuccess && cube == cube_back,
        "infinirtMemcpy3DPeerAsync on the default stream");
  infinirtFree(vol.ptr);
  infinirtFree(pitched);

  // A pool of its own, as a port that manages pools writes it.
  infinirtMemPoolProps props;
  std::memset(&props, 0, sizeof props);
  props.allocType = infinirtMemAllocationTypePinned;
  props.location.type = infinirtMemLocationTypeDevice;
  props.location.id = 0;
  infinirtMemPool_t pool = nullptr;
  check(infinirtMemPoolCreate(&pool, &props) == infinirtSuccess && pool,
        "infinirtMemPoolCreate");
  long *from_pool = nullptr;
  unsigned char *via_overload = nullptr;
  check(infinirtMallocFromPoolAsync(&from_pool, 8 * sizeof *from_pool, pool,
                                    s) == infinirtSuccess &&
            from_pool,
        "infinirtMallocFromPoolAsync(long **, bytes, pool, stream)");
  check(infinirtMallocAsync(&via_overload, 64, pool, s) == infinirtSuccess &&
            via_overload,
        "infinirtMallocAsync(unsigned char **, bytes, pool, stream)");
  void *untyped = nullptr;
  check(infinirtMallocAsync(&untyped, 32, pool, s) == infinirtSuccess &&
            untyped,
        "infinirtMallocAsync(void **, bytes, pool, stream)");
  long pattern[8];
  for (int i = 0; i < 8; i++)
    pattern[i] = 1000 + i;
  long back_pool[8] = {};
  infinirtMemcpyAsync(from_pool, pattern, sizeof pattern,
                      infinirtMemcpyHostToDevice, s);
  infinirtMemcpyAsync(back_pool, from_pool, sizeof back_pool,
                      infinirtMemcpyDeviceToHost, s);
  infinirtStreamSynchronize(s);
  check(std::memcmp(back_pool, pattern, sizeof pattern) == 0,
        "data through a pool allocation");
  unsigned long long used = 0;
  infinirtMemPoolGetAttribute(pool, infinirtMemPoolAttrUsedMemCurrent, &used);
  check(used >= 8 * sizeof *from_pool + 64 + 32,
        "the pool counts what it handed out");
  infinirtFreeAsync(from_pool, s);
  infinirtFreeAsync(via_overload, s);
  infinirtFreeAsync(untyped, s);

  kernel_templates(s);

  infinirtFreeAsync(pooled, s);
  infinirtStreamSynchronize(s);
  check(infinirtMemPoolDestroy(pool) == infinirtSuccess,
        "infinirtMemPoolDestroy");
  infinirtEventDestroy(ev);
  infinirtStreamDestroy(s);
  infinirtFree(d);
  infinirtFreeHost(h);
  infinirtFreeHost(mapped);
  infinirtFreeHost(pinned);
  std::printf("cxx.port: %s\n", failures ? "FAILED" : "all checks passed");
  return failures ? 1 : 0;
}
