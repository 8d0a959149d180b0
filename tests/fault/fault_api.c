/* fault_api.c - every public function of infinirt.h on the CPU backend,
 * with allocation and thread-creation failures injected (fault_inject.c).
 *
 * For each function the call is repeated with the n-th allocation failing,
 * n = 1, 2, 3, ..., until a call meets no injected failure. Each result must
 * be Success or a code infinirt.h documents for that function, and a failed
 * call must have changed nothing: out-parameters keep their values, no
 * handle or allocation appears, and the objects it was given still work.
 *
 *   unit-fault-api KERNEL_IMAGE   (the CPU test kernel library, kt_empty)
 *
 * with INFINIRT_CPU_DEVICE_COUNT=8: the synchronous calls each run on a
 * device of their own, whose legacy stream they make. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fault_inject.h"
#include "infinirt.h"

#define SENT ((void *)(uintptr_t)0x5e5e5e5e)
#define E_END (-1)
#define IV infinirtErrorInvalidValue
#define MA infinirtErrorMemoryAllocation
#define IRH infinirtErrorInvalidResourceHandle

static int failures;
static int device_count;
static bool verbose; /* FAULT_VERBOSE=1: every injected failure's result */
static const char *image_path;
static void *image;
static size_t image_size;

typedef struct ctx {
  infinirtStream_t s;
  infinirtEvent_t e, e2;
  void *d, *pool, *pinned;
  infinirtLibrary_t lib;
  infinirtKernel_t k;
  /* out-parameters the call writes */
  void *out_ptr;
  infinirtStream_t out_stream;
  infinirtEvent_t out_event;
  infinirtLibrary_t out_lib;
  infinirtKernel_t out_kernel;
  int out_int;
  float out_ms;
  _Alignas(4096) char reg[8192];
  char host[256];
  char host2[256];
} ctx;

static void must(infinirtError_t rc, const char *what) {
  if (rc != infinirtSuccess) {
    printf("setup failed: %s: %s\n", what, infinirtExtGetLastErrorDetail());
    exit(1);
  }
}

/* Streams and events are recycled, workers included: a case runs on fresh
 * objects only once every recycled one is taken. More than exist are taken
 * (they go back at the case's device reset). */
static long objects_made;
static void take_recycled(void) {
  long n = objects_made + 4;
  for (long i = 0; i < n; i++) {
    infinirtStream_t s;
    infinirtEvent_t e;
    must(infinirtStreamCreate(&s), "StreamCreate");
    must(infinirtEventCreate(&e), "EventCreate");
  }
  /* The reset before made every earlier object recyclable: n were reused or
   * made, and no more exist. */
  objects_made = n;
}

static void fresh_stream(ctx *c) {
  must(infinirtStreamCreate(&c->s), "StreamCreate");
  objects_made++;
}
static void fresh_events(ctx *c) {
  must(infinirtEventCreate(&c->e), "EventCreate");
  must(infinirtEventCreate(&c->e2), "EventCreate");
  objects_made += 2;
}
static void kernel(ctx *c) {
  must(infinirtLibraryLoadFromFile(&c->lib, image_path, NULL, NULL, 0, NULL,
                                   NULL, 0),
       "LibraryLoadFromFile");
  must(infinirtLibraryGetKernel(&c->k, c->lib, "kt_empty"), "GetKernel");
}
static void nothing(void *p) {
  (void)p;
}
static void sleep_ms(void *ms) {
  struct timespec ts = {0, (long)(intptr_t)ms * 1000000L};
  nanosleep(&ts, NULL);
}
/* Work pending on the legacy stream: work then enqueued on a blocking
 * stream must wait for it, which takes a command. */
static void legacy_busy(void) {
  must(infinirtLaunchHostFunc(NULL, sleep_ms, (void *)(intptr_t)20),
       "LaunchHostFunc");
}

/* A stream still takes and runs work. */
static const char *stream_ok(infinirtStream_t s) {
  int v = 0;
  if (infinirtMemsetAsync(&v, 1, 1, s) != infinirtSuccess ||
      infinirtStreamSynchronize(s) != infinirtSuccess || v != 1)
    return "the stream no longer works";
  return NULL;
}

typedef struct fcase {
  const char *name;
  infinirtError_t (*call)(ctx *);
  int docs[8]; /* documented error codes, E_END-terminated */
  void (*setup)(ctx *);
  /* After a failure: NULL if nothing changed, else what did. */
  const char *(*unchanged)(ctx *);
  /* Runs on a device not used before: its legacy stream is made lazily. */
  bool fresh_device;
} fcase;

/* ---- the calls -------------------------------------------------------- */

#define CALL(name) static infinirtError_t call_##name(ctx *c)
#define SAME(name) static const char *same_##name(ctx *c)
#define SETUP(name) static void setup_##name(ctx *c)

CALL(GetLastError) {
  (void)c;
  return infinirtGetLastError();
}
CALL(PeekAtLastError) {
  (void)c;
  return infinirtPeekAtLastError();
}
CALL(GetErrorString) {
  (void)c;
  return infinirtGetErrorString(MA) ? infinirtSuccess : infinirtErrorUnknown;
}
CALL(GetErrorName) {
  (void)c;
  return infinirtGetErrorName(MA) ? infinirtSuccess : infinirtErrorUnknown;
}
CALL(DriverGetVersion) {
  return infinirtDriverGetVersion(&c->out_int);
}
CALL(RuntimeGetVersion) {
  return infinirtRuntimeGetVersion(&c->out_int);
}
CALL(GetDeviceCount) {
  return infinirtGetDeviceCount(&c->out_int);
}
CALL(SetDevice) {
  (void)c;
  return infinirtSetDevice(0);
}
CALL(GetDevice) {
  return infinirtGetDevice(&c->out_int);
}
CALL(DeviceSynchronize) {
  (void)c;
  return infinirtDeviceSynchronize();
}
CALL(DeviceReset) {
  (void)c;
  return infinirtDeviceReset();
}
CALL(GetDeviceProperties) {
  static struct infinirtDeviceProp p;
  (void)c;
  return infinirtGetDeviceProperties(&p, 0);
}
CALL(DeviceGetAttribute) {
  return infinirtDeviceGetAttribute(&c->out_int,
                                    infinirtDevAttrMaxThreadsPerBlock, 0);
}
CALL(MemGetInfo) {
  size_t f, t;
  (void)c;
  return infinirtMemGetInfo(&f, &t);
}
SAME(out_ptr) {
  return c->out_ptr == SENT ? NULL : "the pointer was written";
}
CALL(Malloc) {
  return infinirtMalloc(&c->out_ptr, 1 << 20);
}
SETUP(d) {
  must(infinirtMalloc(&c->d, 4096), "Malloc");
}
CALL(Free) {
  return infinirtFree(c->d);
}
SAME(d) {
  return infinirtMemset(c->d, 0, 4096) == infinirtSuccess
             ? NULL
             : "the allocation is gone";
}
CALL(MallocHost) {
  return infinirtMallocHost(&c->out_ptr, 1 << 20);
}
SETUP(pinned) {
  must(infinirtMallocHost(&c->pinned, 4096), "MallocHost");
}
CALL(FreeHost) {
  return infinirtFreeHost(c->pinned);
}
SAME(pinned) {
  struct infinirtPointerAttributes a;
  return infinirtPointerGetAttributes(&a, c->pinned) == infinirtSuccess &&
                 a.type == infinirtMemoryTypeHost
             ? NULL
             : "the host allocation is gone";
}
CALL(HostAlloc) {
  return infinirtHostAlloc(&c->out_ptr, 1 << 20, 0);
}
CALL(HostRegister) {
  return infinirtHostRegister(c->reg, sizeof c->reg, 0);
}
SAME(unregistered) {
  struct infinirtPointerAttributes a;
  return infinirtPointerGetAttributes(&a, c->reg) == infinirtSuccess &&
                 a.type == infinirtMemoryTypeUnregistered
             ? NULL
             : "the range was left registered";
}
SETUP(registered) {
  must(infinirtHostRegister(c->reg, sizeof c->reg, 0), "HostRegister");
}
CALL(HostUnregister) {
  return infinirtHostUnregister(c->reg);
}
SAME(registered) {
  struct infinirtPointerAttributes a;
  return infinirtPointerGetAttributes(&a, c->reg) == infinirtSuccess &&
                 a.type == infinirtMemoryTypeHost
             ? NULL
             : "the range is no longer registered";
}
CALL(Memcpy) {
  return infinirtMemcpy(c->host2, c->host, 256, infinirtMemcpyHostToHost);
}
CALL(Memcpy2D) {
  return infinirtMemcpy2D(c->host2, 16, c->host, 16, 16, 16,
                          infinirtMemcpyHostToHost);
}
CALL(Memset) {
  return infinirtMemset(c->host, 1, 256);
}
CALL(MemcpyAsync) {
  return infinirtMemcpyAsync(c->host2, c->host, 256, infinirtMemcpyHostToHost,
                             c->s);
}
CALL(Memcpy2DAsync) {
  return infinirtMemcpy2DAsync(c->host2, 16, c->host, 16, 16, 16,
                               infinirtMemcpyHostToHost, c->s);
}
CALL(MemsetAsync) {
  return infinirtMemsetAsync(c->host, 1, 256, c->s);
}
CALL(MemcpyAsyncLegacy) {
  return infinirtMemcpyAsync(c->host2, c->host, 256, infinirtMemcpyHostToHost,
                             NULL);
}
SAME(s) {
  return stream_ok(c->s);
}
CALL(MallocAsync) {
  return infinirtMallocAsync(&c->out_ptr, 1 << 16, c->s);
}
SAME(out_ptr_s) {
  const char *why = same_out_ptr(c);
  return why ? why : stream_ok(c->s);
}
SETUP(pool) {
  fresh_stream(c);
  must(infinirtMallocAsync(&c->pool, 1 << 16, c->s), "MallocAsync");
}
CALL(FreeAsync) {
  return infinirtFreeAsync(c->pool, c->s);
}
SAME(pool) {
  return infinirtMemsetAsync(c->pool, 0, 1 << 16, c->s) == infinirtSuccess
             ? stream_ok(c->s)
             : "the block is gone";
}
CALL(PointerGetAttributes) {
  struct infinirtPointerAttributes a;
  return infinirtPointerGetAttributes(&a, c->host);
}
SAME(out_stream) {
  return c->out_stream == SENT ? NULL : "the stream handle was written";
}
CALL(StreamCreate) {
  return infinirtStreamCreate(&c->out_stream);
}
CALL(StreamCreateWithFlags) {
  return infinirtStreamCreateWithFlags(&c->out_stream,
                                       infinirtStreamNonBlocking);
}
CALL(StreamCreateWithPriority) {
  return infinirtStreamCreateWithPriority(&c->out_stream, 0, -1);
}
SETUP(busy_stream) {
  fresh_stream(c);
  must(infinirtLaunchHostFunc(c->s, nothing, NULL), "LaunchHostFunc");
}
CALL(StreamDestroy) {
  return infinirtStreamDestroy(c->s);
}
CALL(StreamSynchronize) {
  return infinirtStreamSynchronize(c->s);
}
CALL(StreamQuery) {
  infinirtError_t rc = infinirtStreamQuery(c->s);
  return rc == infinirtErrorNotReady ? infinirtSuccess : rc;
}
SETUP(stream_events) {
  fresh_stream(c);
  fresh_events(c);
  infinirtStream_t other;
  must(infinirtStreamCreate(&other), "StreamCreate");
  must(infinirtLaunchHostFunc(other, nothing, NULL), "LaunchHostFunc");
  must(infinirtEventRecord(c->e, other), "EventRecord");
  must(infinirtStreamDestroy(other), "StreamDestroy");
}
/* |e| pending on another stream, |s| fresh: the wait takes a command. */
SETUP(pending_event) {
  fresh_stream(c);
  fresh_events(c);
  infinirtStream_t other;
  must(infinirtStreamCreate(&other), "StreamCreate");
  objects_made++;
  must(infinirtLaunchHostFunc(other, sleep_ms, (void *)(intptr_t)20),
       "LaunchHostFunc");
  must(infinirtEventRecord(c->e, other), "EventRecord");
}
SETUP(stream_after_legacy) {
  fresh_stream(c);
  fresh_events(c);
  legacy_busy();
}
SETUP(pool_after_legacy) {
  setup_pool(c);
  legacy_busy();
}
CALL(StreamWaitEvent) {
  return infinirtStreamWaitEvent(c->s, c->e, 0);
}
CALL(LaunchHostFunc) {
  return infinirtLaunchHostFunc(c->s, nothing, NULL);
}
SAME(out_event) {
  return c->out_event == SENT ? NULL : "the event handle was written";
}
CALL(EventCreate) {
  return infinirtEventCreate(&c->out_event);
}
CALL(EventCreateWithFlags) {
  return infinirtEventCreateWithFlags(&c->out_event,
                                      infinirtEventDisableTiming);
}
CALL(EventRecord) {
  return infinirtEventRecord(c->e, c->s);
}
SAME(e_s) {
  if (infinirtEventQuery(c->e) != infinirtSuccess)
    return "the event tracks work";
  return stream_ok(c->s);
}
CALL(EventQuery) {
  infinirtError_t rc = infinirtEventQuery(c->e);
  return rc == infinirtErrorNotReady ? infinirtSuccess : rc;
}
CALL(EventSynchronize) {
  return infinirtEventSynchronize(c->e);
}
CALL(EventDestroy) {
  return infinirtEventDestroy(c->e);
}
SETUP(timed_events) {
  fresh_stream(c);
  fresh_events(c);
  must(infinirtEventRecord(c->e, c->s), "EventRecord");
  must(infinirtEventRecord(c->e2, c->s), "EventRecord");
  must(infinirtStreamSynchronize(c->s), "StreamSynchronize");
}
CALL(EventElapsedTime) {
  return infinirtEventElapsedTime(&c->out_ms, c->e, c->e2);
}
SAME(out_lib) {
  return c->out_lib == SENT ? NULL : "the library handle was written";
}
CALL(LibraryLoadData) {
  return infinirtLibraryLoadData(&c->out_lib, image, NULL, NULL, 0, NULL, NULL,
                                 0);
}
CALL(LibraryLoadFromFile) {
  return infinirtLibraryLoadFromFile(&c->out_lib, image_path, NULL, NULL, 0,
                                     NULL, NULL, 0);
}
SETUP(lib) {
  kernel(c);
}
CALL(LibraryUnload) {
  return infinirtLibraryUnload(c->lib);
}
CALL(LibraryGetKernel) {
  return infinirtLibraryGetKernel(&c->out_kernel, c->lib, "kt_empty");
}
SAME(out_kernel) {
  return c->out_kernel == SENT ? NULL : "the kernel handle was written";
}
SETUP(lib_stream) {
  kernel(c);
  fresh_stream(c);
}
CALL(LaunchKernel) {
  infinirtDim3 one = {1, 1, 1};
  return infinirtLaunchKernel(c->k, one, one, NULL, 0, c->s);
}

/* Trailing members left out of a row are zero. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#define S(x) setup_##x
#define U(x) same_##x
#define C(x) #x, call_##x
static const fcase cases[] = {
    {C(GetLastError), {E_END}, NULL, NULL},
    {C(PeekAtLastError), {E_END}, NULL, NULL},
    {C(GetErrorString), {E_END}, NULL, NULL},
    {C(GetErrorName), {E_END}, NULL, NULL},
    {C(DriverGetVersion), {IV, E_END}, NULL, NULL},
    {C(RuntimeGetVersion), {IV, E_END}, NULL, NULL},
    {C(GetDeviceCount), {IV, infinirtErrorNoDevice, E_END}, NULL, NULL},
    {C(SetDevice), {infinirtErrorInvalidDevice, E_END}, NULL, NULL},
    {C(GetDevice), {IV, E_END}, NULL, NULL},
    {C(GetDeviceProperties),
     {IV, infinirtErrorInvalidDevice, E_END},
     NULL,
     NULL},
    {C(DeviceGetAttribute),
     {IV, infinirtErrorInvalidDevice, E_END},
     NULL,
     NULL},
    {C(MemGetInfo), {IV, E_END}, NULL, NULL},
    {C(Malloc), {IV, MA, E_END}, NULL, U(out_ptr)},
    {C(Free), {IV, E_END}, S(d), U(d)},
    {C(MallocHost), {IV, MA, E_END}, NULL, U(out_ptr)},
    {C(FreeHost), {IV, E_END}, S(pinned), U(pinned)},
    {C(HostAlloc), {IV, MA, E_END}, NULL, U(out_ptr)},
    {C(HostRegister),
     {IV, infinirtErrorHostMemoryAlreadyRegistered, infinirtErrorNotSupported,
      MA, E_END},
     NULL,
     U(unregistered)},
    {C(HostUnregister),
     {IV, infinirtErrorHostMemoryNotRegistered, E_END},
     S(registered),
     U(registered)},
    {C(MemcpyAsyncLegacy),
     {IV, infinirtErrorInvalidMemcpyDirection, IRH, MA, E_END},
     NULL,
     NULL,
     true},
    {C(Memcpy),
     {IV, infinirtErrorInvalidMemcpyDirection, MA, E_END},
     NULL,
     NULL,
     true},
    {C(Memcpy2D),
     {infinirtErrorInvalidPitchValue, IV, infinirtErrorInvalidMemcpyDirection,
      MA, E_END},
     NULL,
     NULL,
     true},
    {C(Memset), {IV, MA, E_END}, NULL, NULL, true},
    {C(MemcpyAsync),
     {IV, infinirtErrorInvalidMemcpyDirection, IRH, MA, E_END},
     fresh_stream,
     U(s)},
    {C(Memcpy2DAsync),
     {infinirtErrorInvalidPitchValue, IV, infinirtErrorInvalidMemcpyDirection,
      IRH, MA, E_END},
     fresh_stream,
     U(s)},
    {C(MemsetAsync), {IV, IRH, MA, E_END}, fresh_stream, U(s)},
    {C(MallocAsync), {IV, MA, IRH, E_END}, fresh_stream, U(out_ptr_s)},
    {C(FreeAsync), {IV, IRH, MA, E_END}, S(pool_after_legacy), U(pool)},
    {C(PointerGetAttributes), {IV, E_END}, NULL, NULL},
    {C(StreamCreate),
     {IV, MA, infinirtErrorNoDevice, E_END},
     NULL,
     U(out_stream)},
    {C(StreamCreateWithFlags),
     {IV, MA, infinirtErrorNoDevice, E_END},
     NULL,
     U(out_stream)},
    {C(StreamCreateWithPriority),
     {IV, MA, infinirtErrorNoDevice, E_END},
     NULL,
     U(out_stream)},
    {C(StreamDestroy), {IRH, E_END}, S(busy_stream), U(s)},
    {C(StreamSynchronize), {IRH, E_END}, S(busy_stream), U(s)},
    {C(StreamQuery), {IRH, E_END}, S(busy_stream), U(s)},
    {C(StreamWaitEvent),
     {IRH, IV, infinirtErrorNotSupported, MA, E_END},
     S(pending_event),
     U(s)},
    {C(LaunchHostFunc),
     {IV, IRH, infinirtErrorNotPermitted, MA, E_END},
     fresh_stream,
     U(s)},
    {C(EventCreate), {IV, MA, E_END}, NULL, U(out_event)},
    {C(EventCreateWithFlags),
     {IV, infinirtErrorNotSupported, MA, E_END},
     NULL,
     U(out_event)},
    {C(EventRecord), {IRH, MA, E_END}, S(stream_after_legacy), U(e_s)},
    {C(EventQuery),
     {infinirtErrorNotReady, IRH, E_END},
     S(stream_events),
     NULL},
    {C(EventSynchronize), {IRH, E_END}, S(stream_events), NULL},
    {C(EventDestroy), {IRH, E_END}, S(stream_events), NULL},
    {C(EventElapsedTime),
     {IV, IRH, infinirtErrorNotReady, E_END},
     S(timed_events),
     NULL},
    {C(LibraryLoadData),
     {IV, infinirtErrorInvalidKernelImage, MA, E_END},
     NULL,
     U(out_lib)},
    {C(LibraryLoadFromFile),
     {IV, infinirtErrorInvalidKernelImage, MA, infinirtErrorFileNotFound,
      E_END},
     NULL,
     U(out_lib)},
    {C(LibraryUnload), {IRH, E_END}, S(lib), NULL},
    {C(LibraryGetKernel),
     {IV, IRH, infinirtErrorInvalidDeviceFunction, E_END},
     S(lib),
     U(out_kernel)},
    {C(LaunchKernel),
     {IRH, infinirtErrorInvalidConfiguration, IV, MA, E_END},
     S(lib_stream),
     U(s)},
    {C(DeviceSynchronize), {E_END}, S(busy_stream), NULL},
    {C(DeviceReset),
     {infinirtErrorNoDevice, infinirtErrorInvalidDevice, E_END},
     S(busy_stream),
     NULL},
};

static bool documented(const fcase *f, infinirtError_t rc) {
  if (rc == infinirtSuccess)
    return true;
  for (int i = 0; f->docs[i] != E_END; i++)
    if (f->docs[i] == (int)rc)
      return true;
  return false;
}

static void init_ctx(ctx *c) {
  memset(c, 0, sizeof *c);
  c->out_ptr = SENT;
  c->out_stream = SENT;
  c->out_event = SENT;
  c->out_lib = SENT;
  c->out_kernel = SENT;
}

/* Runs |f| with the n-th allocation failing for n = 1, 2, ...; returns how
 * many failures were injected. */
static int run_case(const fcase *f) {
  static int next_device = 1;
  int injected = 0;
  if (f->fresh_device) {
    if (next_device >= device_count) {
      printf("FAIL %s: no unused device left (INFINIRT_CPU_DEVICE_COUNT)\n",
             f->name);
      failures++;
      return 0;
    }
    must(infinirtSetDevice(next_device++), "SetDevice");
  }
  take_recycled();
  for (long n = 1; n < 10000; n++) {
    static ctx c;
    init_ctx(&c);
    /* Quiet before the setup, whose work may still be pending: the runtime's
     * own threads allocate nothing while they run or wait. */
    must(infinirtDeviceSynchronize(), "DeviceSynchronize");
    if (f->setup)
      f->setup(&c);
    infinirtGetLastError();
    fault_arm(n);
    infinirtError_t rc = f->call(&c);
    bool hit = fault_disarm();
    objects_made++; /* a create call may have made one */
    if (verbose && hit)
      printf("  %s, allocation %ld failing: %s (%s)\n", f->name, n,
             infinirtGetErrorName(rc),
             rc ? infinirtExtGetLastErrorDetail() : "");
    if (!documented(f, rc)) {
      printf("FAIL %s: with allocation %ld failing: %s, which infinirt.h does "
             "not document for it (%s)\n",
             f->name, n, infinirtGetErrorName(rc),
             infinirtExtGetLastErrorDetail());
      failures++;
    } else if (rc != infinirtSuccess && f->unchanged) {
      const char *why = f->unchanged(&c);
      if (why) {
        printf("FAIL %s: failed with %s (allocation %ld) but %s\n", f->name,
               infinirtGetErrorName(rc), n, why);
        failures++;
      }
    }
    if (rc != infinirtSuccess && !hit) {
      printf("FAIL %s: %s with no failure injected (%s)\n", f->name,
             infinirtGetErrorName(rc), infinirtExtGetLastErrorDetail());
      failures++;
    }
    /* Registrations outlive a device reset; this one is at a fixed address. */
    infinirtHostUnregister(c.reg);
    infinirtGetLastError();
    if (hit)
      injected++;
    /* The session's objects are cleaned up by a reset below. */
    if (!hit)
      break;
  }
  must(infinirtDeviceReset(), "DeviceReset");
  must(infinirtSetDevice(0), "SetDevice");
  return injected;
}

static void *read_file(const char *path, size_t *size) {
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return NULL;
  fseek(fp, 0, SEEK_END);
  long n = ftell(fp);
  fseek(fp, 0, SEEK_SET);
  void *p = n > 0 ? malloc((size_t)n) : NULL;
  if (p && fread(p, 1, (size_t)n, fp) != (size_t)n) {
    free(p);
    p = NULL;
  }
  fclose(fp);
  *size = (size_t)n;
  return p;
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc != 2) {
    printf("usage: %s KERNEL_IMAGE\n", argv[0]);
    return 2;
  }
  image_path = argv[1];
  verbose = getenv("FAULT_VERBOSE") && *getenv("FAULT_VERBOSE") == '1';
  if (!(image = read_file(image_path, &image_size))) {
    printf("cannot read %s\n", image_path);
    return 1;
  }
  printf("fault injection: every public function on the cpu backend\n");
  must(infinirtExtSetDeviceType(infinirtDeviceTypeCpu), "SetDeviceType");
  must(infinirtGetDeviceCount(&device_count), "GetDeviceCount");
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    int before = failures;
    int injected = run_case(&cases[i]);
    printf("%-26s %3d injected failure(s)%s\n", cases[i].name, injected,
           failures > before ? "  <-- FAIL" : "");
  }
  printf("%s: %d failure(s)\n", failures ? "FAIL" : "PASS", failures);
  return failures ? 1 : 0;
}
