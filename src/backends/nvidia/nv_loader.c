/* infinirt_nv_loader.c - finds libcuda at first use, resolves the symbol table,
 * initialises the driver and counts devices; on any failure the backend has
 * zero devices and a reason naming what was tried. */
#include <dlfcn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "env.h"
#include "nv.h"

/* Oldest driver whose ABI matches the pinned versions in cu_symbols.def
 * (cuGetProcAddress_v2, cuLibrary*, the stream-ordered allocator). */
#define NV_MIN_DRIVER 12000

infinirt_nv_symbols infinirt_nv_sym;
int infinirt_nv_driver_version;
infinirt_nv_device infinirt_nv_devices[NV_MAX_DEVICES];
int infinirt_nv_device_count;

/* The probe's reason; written once, kept for the process lifetime. */
static char reason_buf[2048];
static size_t reason_len;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...) {
  if (reason_len >= sizeof reason_buf - 1)
    return;
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(reason_buf + reason_len, sizeof reason_buf - reason_len,
                    fmt, ap);
  va_end(ap);
  if (n > 0)
    reason_len += (size_t)n;
  if (reason_len > sizeof reason_buf - 1)
    reason_len = sizeof reason_buf - 1;
}

/* The paths that failed to open before the one that did ("" if none), so
 * that a later failure (stub, old driver, cuInit) still names every path
 * tried. */
static char tried_buf[1024];

/* Opens the first library that loads; records each failure. */
static void *open_libcuda(const char **opened) {
  const char *env = infinirt_env_string("INFINIRT_CUDA_LIBRARY");
  const char *paths[3];
  int n = 0;
  if (env)
    paths[n++] = env;
  paths[n++] = "libcuda.so.1";
  paths[n++] = "libcuda.so";
  size_t len = 0;
  for (int i = 0; i < n; i++) {
    dlerror();
    void *h = dlopen(paths[i], RTLD_NOW | RTLD_LOCAL);
    if (h) {
      *opened = paths[i];
      return h;
    }
    const char *e = dlerror();
    if (!e)
      e = "unknown dlopen error";
    /* dlerror() usually names the path already. */
    bool named = strstr(e, paths[i]) != NULL;
    if (len < sizeof tried_buf - 1) {
      int w = snprintf(tried_buf + len, sizeof tried_buf - len, "%s%s%s%s%s",
                       len ? "; " : "",
                       paths[i] == env ? "INFINIRT_CUDA_LIBRARY=" : "",
                       named ? "" : paths[i], named ? "" : ": ", e);
      if (w > 0)
        len += (size_t)w;
    }
  }
  say("cannot load the CUDA driver: %s", tried_buf);
  tried_buf[0] = '\0'; /* already said */
  return NULL;
}

typedef CUresult (*get_proc_fn)(const char *symbol, void **pfn, int version,
                                cuuint64_t flags,
                                CUdriverProcAddressQueryResult *status);

/* Resolves every table entry; returns false naming the first missing
 * required one. */
static bool resolve(void *lib, const char *path) {
  get_proc_fn gpa = (get_proc_fn)dlsym(lib, "cuGetProcAddress_v2");
  const char *missing = NULL;
#define SYM(need, field, version, versioned, params)                           \
  {                                                                            \
    void *p = NULL;                                                            \
    CUdriverProcAddressQueryResult st = CU_GET_PROC_ADDRESS_SYMBOL_NOT_FOUND;  \
    if (gpa && gpa(#field, &p, version, CU_GET_PROC_ADDRESS_LEGACY_STREAM,     \
                   &st) != CUDA_SUCCESS)                                       \
      p = NULL;                                                                \
    if (!p || st != CU_GET_PROC_ADDRESS_SUCCESS)                               \
      p = dlsym(lib, #versioned);                                              \
    infinirt_nv_sym.field = (CUresult(*) params)p;                             \
    if (!p && need && !missing)                                                \
      missing = #versioned;                                                    \
  }
#define REQUIRED 1
#define OPTIONAL 0
#include "cu_symbols.def"
#undef REQUIRED
#undef OPTIONAL
#undef SYM
  if (missing) {
    say("%s lacks the driver entry point %s (driver too old; %d.%d or newer "
        "is needed)",
        path, missing, NV_MIN_DRIVER / 1000, NV_MIN_DRIVER % 1000 / 10);
    return false;
  }
  return true;
}

static void init_device(int i, CUdevice cu) {
  infinirt_nv_device *d = &infinirt_nv_devices[i];
  d->cu = cu;
  pthread_mutex_init(&d->lock, NULL);
  d->streams.prev = d->streams.next = &d->streams;
  d->events.prev = d->events.next = &d->events;
  d->execs.prev = d->execs.next = &d->execs;
  d->pools.prev = d->pools.next = &d->pools;
  infinirt_nv_limits_init(d);
}

/* Drops everything resolved so that no entry point of a failed probe is
 * ever called. The library stays open: unloading a half-initialised driver
 * is riskier than keeping it mapped. */
static int give_up(void) {
  if (tried_buf[0])
    say("; tried before it: %s", tried_buf);
  memset(&infinirt_nv_sym, 0, sizeof infinirt_nv_sym);
  infinirt_nv_driver_version = 0;
  return 0;
}

int infinirt_nv_probe(const char **reason) {
  *reason = reason_buf;
  const char *path = NULL;
  void *lib = open_libcuda(&path);
  if (!lib)
    return give_up();
  if (!resolve(lib, path))
    return give_up();

  int version = 0;
  CUresult r = infinirt_nv_sym.cuDriverGetVersion(&version);
  if (r == CUDA_ERROR_STUB_LIBRARY) {
    say("%s is the CUDA toolkit's stub library (CUDA_ERROR_STUB_LIBRARY); "
        "no NVIDIA driver is installed",
        path);
    return give_up();
  }
  if (r != CUDA_SUCCESS) {
    say("cuDriverGetVersion failed in %s: %s (%d)", path,
        infinirt_nv_error_name(r), r);
    return give_up();
  }
  if (version < NV_MIN_DRIVER) {
    say("the CUDA driver in %s is version %d.%d; %d.%d or newer is needed",
        path, version / 1000, version % 1000 / 10, NV_MIN_DRIVER / 1000,
        NV_MIN_DRIVER % 1000 / 10);
    return give_up();
  }
  r = infinirt_nv_sym.cuInit(0);
  if (r == CUDA_ERROR_STUB_LIBRARY) {
    say("%s is the CUDA toolkit's stub library (CUDA_ERROR_STUB_LIBRARY); "
        "no NVIDIA driver is installed",
        path);
    return give_up();
  }
  if (r != CUDA_SUCCESS) {
    say("cuInit failed (driver %s, version %d): %s (%d)", path, version,
        infinirt_nv_error_name(r), r);
    return give_up();
  }
  int count = 0;
  r = infinirt_nv_sym.cuDeviceGetCount(&count);
  if (r != CUDA_SUCCESS || count <= 0) {
    if (r != CUDA_SUCCESS)
      say("cuDeviceGetCount failed: %s (%d)", infinirt_nv_error_name(r), r);
    else
      say("the CUDA driver (%s, version %d) reports no devices", path, version);
    return give_up();
  }
  if (count > NV_MAX_DEVICES)
    count = NV_MAX_DEVICES;
  for (int i = 0; i < count; i++) {
    CUdevice cu;
    r = infinirt_nv_sym.cuDeviceGet(&cu, i);
    if (r != CUDA_SUCCESS) {
      say("cuDeviceGet(%d) failed: %s (%d)", i, infinirt_nv_error_name(r), r);
      return give_up();
    }
    init_device(i, cu);
  }
  infinirt_nv_driver_version = version;
  infinirt_nv_device_count = count;
  return count;
}
