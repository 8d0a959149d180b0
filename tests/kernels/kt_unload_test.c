/* Group unload: unloading a library while launches of its kernels are still
 * queued; they complete with correct results, and its handles die. */
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "kt_gate.h"
#include "kt_util.h"

enum { LAUNCHES = 24, N = 4096, ITERS = 200 };

static unsigned int busy_ref(unsigned int i) {
  unsigned int v = i;
  for (int k = 0; k < ITERS; k++)
    v = v * 1664525u + 1013904223u;
  return v;
}

static void *open_later(void *gate) {
  struct timespec ts = {0, 50 * 1000 * 1000};
  nanosleep(&ts, NULL);
  atomic_store((atomic_int *)gate, 1);
  return NULL;
}

CONF_TEST(unload, while_launches_in_flight) {
  infinirtLibrary_t lib;
  if (!kt_load(&lib))
    return;
  infinirtKernel_t busy = kt_kernel(lib, "kt_busy");
  infinirtKernel_t add = kt_kernel(lib, "kt_add_one");
  infinirtStream_t s = NULL;
  unsigned int *outs[LAUNCHES] = {0};
  int *counter = kt_dev_alloc(N * sizeof(int));
  atomic_int gate = 0;
  pthread_t opener;
  int have_opener = 0;
  if (!busy || !add || !counter ||
      !EXPECT_OK(infinirtMemset(counter, 0, N * sizeof(int))) ||
      !EXPECT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking)))
    goto out;
  for (int i = 0; i < LAUNCHES; i++)
    if (!(outs[i] = kt_dev_alloc(N * sizeof(unsigned int))))
      goto out;
  if (!EXPECT_OK(infinirtLaunchHostFunc(s, kt_gate_fn, &gate)))
    goto out;
  unsigned int n = N, iters = ITERS;
  infinirtDim3 g = {N / 128, 1, 1}, b = {128, 1, 1};
  for (int i = 0; i < LAUNCHES; i++) {
    void *a1[] = {&outs[i], &n, &iters};
    void *a2[] = {&counter, &n};
    if (!EXPECT_OK(infinirtLaunchKernel(busy, g, b, a1, 0, s)) ||
        !EXPECT_OK(infinirtLaunchKernel(add, g, b, a2, 0, s)))
      goto out;
  }
  /* Unload may wait for the queued launches or return at once; either way
   * the gate opens soon. */
  have_opener = pthread_create(&opener, NULL, open_later, &gate) == 0;
  if (!have_opener)
    atomic_store(&gate, 1);
  EXPECT_OK(infinirtLibraryUnload(lib));
  lib = NULL;
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtLaunchKernel(busy, g, b, NULL, 0, s));
  if (!EXPECT_OK(infinirtStreamSynchronize(s)))
    goto out;
  unsigned int *host = malloc(N * sizeof(unsigned int));
  int *count = malloc(N * sizeof(int));
  if (EXPECT(host && count)) {
    for (int i = 0; i < LAUNCHES; i++) {
      if (!kt_to_host(host, outs[i], N * sizeof(unsigned int)))
        break;
      for (unsigned int j = 0; j < N; j += 97)
        if (!EXPECT_EQ(host[j], busy_ref(j)))
          break;
    }
    if (kt_to_host(count, counter, N * sizeof(int)))
      for (unsigned int j = 0; j < N; j++)
        if (!EXPECT_EQ(count[j], LAUNCHES))
          break;
  }
  free(host);
  free(count);
out:
  atomic_store(&gate, 1);
  if (have_opener)
    pthread_join(opener, NULL);
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
  for (int i = 0; i < LAUNCHES; i++)
    infinirtFree(outs[i]);
  infinirtFree(counter);
  if (lib)
    EXPECT_OK(infinirtLibraryUnload(lib));
}

/* A second copy of the same image is a separate library: unloading one
 * leaves the other working. */
CONF_TEST(unload, copies_are_independent) {
  infinirtLibrary_t a, b;
  if (!kt_load(&a))
    return;
  if (!kt_load(&b)) {
    infinirtLibraryUnload(a);
    return;
  }
  EXPECT(a != b);
  infinirtKernel_t ka = kt_kernel(a, "kt_empty");
  infinirtKernel_t kb = kt_kernel(b, "kt_empty");
  EXPECT_OK(infinirtLibraryUnload(a));
  infinirtDim3 one = {1, 1, 1};
  if (kb) {
    EXPECT_OK(infinirtLaunchKernel(kb, one, one, NULL, 0, NULL));
    EXPECT_OK(infinirtDeviceSynchronize());
  }
  if (ka)
    EXPECT_ERR(infinirtErrorInvalidResourceHandle,
               infinirtLaunchKernel(ka, one, one, NULL, 0, NULL));
  EXPECT_OK(infinirtLibraryUnload(b));
}

/* Unloading waits for the library's launches (NVIDIA drains the devices
 * that ran them), so from a host function it is refused and changes
 * nothing: the library and its kernels stay usable. */
typedef struct unload_call {
  infinirtLibrary_t lib;
  infinirtError_t rc;
} unload_call;

static void unload_from_host_fn(void *arg) {
  unload_call *u = arg;
  u->rc = infinirtLibraryUnload(u->lib);
}

CONF_TEST(unload, from_a_host_function_is_refused) {
  unload_call u = {NULL, infinirtSuccess};
  if (!kt_load(&u.lib))
    return;
  infinirtKernel_t k = kt_kernel(u.lib, "kt_empty");
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  EXPECT_OK(infinirtLaunchHostFunc(s, unload_from_host_fn, &u));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_EQ(u.rc, infinirtErrorNotPermitted);
  infinirtDim3 one = {1, 1, 1};
  if (k)
    EXPECT_OK(infinirtLaunchKernel(k, one, one, NULL, 0, s));
  infinirtKernel_t again = NULL;
  EXPECT_OK(infinirtLibraryGetKernel(&again, u.lib, "kt_empty"));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_OK(infinirtLibraryUnload(u.lib));
  EXPECT_OK(infinirtStreamDestroy(s));
}
