// port_cxx.cpp - cxx.port: C++17 host code as a CUDA port writes it, built
// with -pedantic-errors: the overloads and templates of infinirt_runtime.h,
// infinirtDim3's constructors and the version and callback names a port
// meets, run on the CPU device with the data checked.
#include <infinirt_runtime.h>

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
