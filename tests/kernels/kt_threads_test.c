/* Group threads: 8 threads launching at once, on their own streams and on
 * the shared legacy default stream, and loading/unloading concurrently. */
#include <pthread.h>
#include <stdlib.h>

#include "kt_util.h"

enum { THREADS = 8, N = 1000, REPS = 200 };

typedef struct worker {
  infinirtKernel_t kernel; /* kt_add_one, shared by all threads */
  int own_stream;
  int *dev;
  int ok;
} worker;

static void *launcher(void *p) {
  worker *w = p;
  infinirtStream_t s = NULL;
  if (!conf_thread_enter(0) || !(w->dev = kt_dev_alloc(N * sizeof(int))) ||
      !EXPECT_OK(infinirtMemset(w->dev, 0, N * sizeof(int))))
    return NULL;
  if (w->own_stream &&
      !EXPECT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking)))
    return NULL;
  unsigned int n = N;
  void *args[] = {&w->dev, &n};
  infinirtDim3 g = {(N + 63) / 64, 1, 1}, b = {64, 1, 1};
  int ok = 1;
  for (int r = 0; r < REPS && ok; r++)
    ok = EXPECT_OK(infinirtLaunchKernel(w->kernel, g, b, args, 0, s));
  if (ok)
    ok = EXPECT_OK(s ? infinirtStreamSynchronize(s)
                     : infinirtStreamSynchronize(NULL));
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
  w->ok = ok;
  return NULL;
}

static void run_launchers(int own_stream) {
  infinirtLibrary_t lib;
  if (!kt_load(&lib))
    return;
  worker w[THREADS] = {{0}};
  pthread_t t[THREADS];
  int started[THREADS] = {0};
  infinirtKernel_t k = kt_kernel(lib, "kt_add_one");
  for (int i = 0; k && i < THREADS; i++) {
    w[i] = (worker){k, own_stream, NULL, 0};
    started[i] = EXPECT(pthread_create(&t[i], NULL, launcher, &w[i]) == 0);
  }
  for (int i = 0; i < THREADS; i++)
    if (started[i])
      pthread_join(t[i], NULL);
  EXPECT_OK(infinirtDeviceSynchronize());
  int *host = malloc(N * sizeof(int));
  for (int i = 0; i < THREADS; i++) {
    if (w[i].ok && EXPECT(host != NULL) &&
        kt_to_host(host, w[i].dev, N * sizeof(int)))
      for (int j = 0; j < N; j++)
        if (!EXPECT_EQ(host[j], REPS))
          break;
    EXPECT(w[i].ok);
    infinirtFree(w[i].dev);
  }
  free(host);
  EXPECT_OK(infinirtLibraryUnload(lib));
}

CONF_TEST(threads, eight_threads_own_streams) {
  run_launchers(1);
}

CONF_TEST(threads, eight_threads_default_stream) {
  run_launchers(0);
}

/* Each thread loads its own copy of the library, launches, unloads, many
 * times, while the others do the same. */
static void *loader(void *p) {
  int *ok = p;
  if (!conf_thread_enter(0))
    return NULL;
  int *dev = kt_dev_alloc(sizeof(int));
  if (!dev || !EXPECT_OK(infinirtMemset(dev, 0, sizeof(int))))
    return NULL;
  unsigned int n = 1;
  void *args[] = {&dev, &n};
  infinirtDim3 one = {1, 1, 1};
  int good = 1;
  for (int r = 0; r < 20 && good; r++) {
    infinirtLibrary_t lib;
    if (!kt_load(&lib))
      good = 0;
    infinirtKernel_t k = good ? kt_kernel(lib, "kt_add_one") : NULL;
    good = good && k &&
           EXPECT_OK(infinirtLaunchKernel(k, one, one, args, 0, NULL));
    if (lib)
      good = EXPECT_OK(infinirtLibraryUnload(lib)) && good;
  }
  int host = 0;
  if (good && EXPECT_OK(infinirtStreamSynchronize(NULL)) &&
      kt_to_host(&host, dev, sizeof host))
    good = EXPECT_EQ(host, 20);
  infinirtFree(dev);
  *ok = good;
  return NULL;
}

CONF_TEST(threads, concurrent_load_launch_unload) {
  if (!kt_image(NULL))
    CONF_SKIP("%s", "no kernel image was built for this backend");
  pthread_t t[THREADS];
  int ok[THREADS] = {0}, started[THREADS] = {0};
  for (int i = 0; i < THREADS; i++)
    started[i] = EXPECT(pthread_create(&t[i], NULL, loader, &ok[i]) == 0);
  for (int i = 0; i < THREADS; i++) {
    if (started[i])
      pthread_join(t[i], NULL);
    EXPECT(ok[i]);
  }
}
