/* infinirt_nv_context.c - the NVIDIA backend's per-thread context cache against
 * threads whose driver context is not what the cache last set:
 *
 *   - a fresh thread (no context current) asks PointerGetAttributes about
 *     device memory: the lookup must still find it;
 *   - code outside infinirt clears the thread's context (as interop code
 *     calling cuCtxSetCurrent would): pointer lookups still work, and
 *     infinirtSetDevice makes the device's primary context current again,
 *     as cudaSetDevice does.
 *
 * The driver entry points that stand for "code outside infinirt" are looked
 * up in libcuda here (the test's own, never the library's). Skips (77)
 * without an NVIDIA device. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>

#include "unit.h"

typedef int (*ctx_set_fn)(void *ctx);
typedef int (*ctx_get_fn)(void **ctx);

static void *dev_ptr;

static void check_device_pointer(const char *where) {
  struct infinirtPointerAttributes a;
  printf("lookup from %s\n", where);
  if (UNIT_CHECK_ERR(infinirtSuccess,
                     infinirtPointerGetAttributes(&a, dev_ptr))) {
    UNIT_CHECK(a.type == infinirtMemoryTypeDevice);
    UNIT_CHECK(a.device == 0);
    UNIT_CHECK(a.devicePointer == dev_ptr);
  }
}

static void *fresh_thread(void *arg) {
  (void)arg;
  check_device_pointer("a fresh thread");
  return NULL;
}

int main(void) {
  int count = 0;
  const char *reason = NULL;
  UNIT_CHECK_ERR(
      infinirtSuccess,
      infinirtExtGetBackendStatus(infinirtDeviceTypeNvidia, &count, &reason));
  if (count == 0) {
    printf("SKIP: no NVIDIA device: %s\n", reason ? reason : "");
    return 77;
  }
  void *cuda = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  ctx_set_fn set = cuda ? (ctx_set_fn)dlsym(cuda, "cuCtxSetCurrent") : NULL;
  ctx_get_fn get = cuda ? (ctx_get_fn)dlsym(cuda, "cuCtxGetCurrent") : NULL;
  if (!UNIT_CHECK(set && get))
    return unit_result();

  UNIT_CHECK_ERR(infinirtSuccess,
                 infinirtExtSetDeviceType(infinirtDeviceTypeNvidia));
  UNIT_CHECK_ERR(infinirtSuccess, infinirtSetDevice(0));
  if (!UNIT_CHECK_ERR(infinirtSuccess, infinirtMalloc(&dev_ptr, 1 << 20)))
    return unit_result();

  pthread_t t;
  UNIT_CHECK(pthread_create(&t, NULL, fresh_thread, NULL) == 0);
  pthread_join(t, NULL);

  void *primary = NULL;
  UNIT_CHECK_ERR(infinirtSuccess,
                 infinirtExtGetNativeHandle(infinirtExtHandleContext,
                                            (void *)(intptr_t)0, &primary));

  UNIT_CHECK(set(NULL) == 0);
  check_device_pointer("a thread whose context was cleared natively");

  UNIT_CHECK(set(NULL) == 0);
  UNIT_CHECK_ERR(infinirtSuccess, infinirtSetDevice(0));
  void *now = NULL;
  UNIT_CHECK(get(&now) == 0);
  printf("after SetDevice(0): current context %p, primary %p\n", now, primary);
  UNIT_CHECK(now == primary);

  UNIT_CHECK_ERR(infinirtSuccess, infinirtFree(dev_ptr));
  return unit_result();
}
