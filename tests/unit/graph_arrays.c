/* graph_arrays.c - the CPU backend's cache of executable graphs' arrays
 * (cpu_graph_arrays.c) driven directly: arrays are 64-byte aligned; a big
 * one freed is handed to the next request it fits without wasting more
 * than half of it, and cleared by calloc; small ones and ones past the
 * cache's bound go back to the allocator; a trim empties the cache; threads
 * allocating and freeing at once get arrays of their own. */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "cpu_graph.h"
#include "unit.h"

#define MIB ((size_t)1 << 20)

static void reuse(void) {
  unsigned char *a = infinirt_cpu_array_alloc(MIB);
  if (!UNIT_CHECK(a != NULL))
    return;
  UNIT_CHECK(((uintptr_t)a & 63) == 0);
  memset(a, 0xab, MIB);
  infinirt_cpu_array_free(a);
  /* Too small to take it (it would waste more than half). */
  unsigned char *small = infinirt_cpu_array_alloc(MIB / 4);
  UNIT_CHECK(small != NULL && small != a);
  /* Fits: the same array, cleared by calloc. */
  unsigned char *b = infinirt_cpu_array_calloc(MIB - 4096);
  UNIT_CHECK(b == a);
  size_t nonzero = 0;
  for (size_t i = 0; b && i < MIB - 4096; i++)
    nonzero += b[i] != 0;
  UNIT_CHECK(nonzero == 0);
  infinirt_cpu_array_free(b);
  infinirt_cpu_array_free(small);
  /* After a trim nothing is kept (ASan sees each freed once). */
  infinirt_cpu_arrays_trim();
  unsigned char *c = infinirt_cpu_array_alloc(1);
  UNIT_CHECK(c != NULL && ((uintptr_t)c & 63) == 0);
  infinirt_cpu_array_free(c);
  infinirt_cpu_array_free(NULL);
  UNIT_CHECK(infinirt_cpu_array_alloc(SIZE_MAX) == NULL);
}

/* More than the cache keeps (64 MiB): the rest is freed, not leaked. */
static void bound(void) {
  enum { N = 80 };
  static void *p[N];
  for (int i = 0; i < N; i++)
    p[i] = infinirt_cpu_array_alloc(MIB);
  for (int i = 0; i < N; i++)
    infinirt_cpu_array_free(p[i]);
  int again = 0;
  for (int i = 0; i < N; i++) {
    void *q = infinirt_cpu_array_alloc(MIB);
    again += q != NULL;
    p[i] = q;
  }
  UNIT_CHECK(again == N);
  for (int i = 0; i < N; i++)
    infinirt_cpu_array_free(p[i]);
  infinirt_cpu_arrays_trim();
}

static void *churn(void *arg) {
  unsigned char tag = (unsigned char)(uintptr_t)arg;
  int bad = 0;
  for (int i = 0; i < 200; i++) {
    size_t n = (size_t)(64 + (i % 7) * 48) << 10;
    unsigned char *a = infinirt_cpu_array_alloc(n);
    if (!a) {
      bad++;
      continue;
    }
    memset(a, tag, n);
    for (size_t j = 0; j < n; j += 4096)
      bad += a[j] != tag;
    infinirt_cpu_array_free(a);
  }
  return (void *)(intptr_t)bad;
}

static void threads(void) {
  enum { T = 4 };
  pthread_t t[T];
  for (int i = 0; i < T; i++)
    pthread_create(&t[i], NULL, churn, (void *)(uintptr_t)(i + 1));
  intptr_t bad = 0;
  for (int i = 0; i < T; i++) {
    void *r;
    pthread_join(t[i], &r);
    bad += (intptr_t)r;
  }
  UNIT_CHECK(bad == 0);
  infinirt_cpu_arrays_trim();
}

int main(void) {
  reuse();
  bound();
  threads();
  return unit_result();
}
