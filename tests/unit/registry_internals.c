/* registry_internals.c - the core's handle registry driven directly (linked
 * statically, so the internal functions are reachable), with fake handles:
 *
 *  - churn: 300k distinct addresses registered and unregistered with few
 *    live at a time must not make the registry grow without bound;
 *  - concurrency: while threads register, look up and unregister their own
 *    handles (forcing the tables to grow and be rebuilt), a reader keeps
 *    finding a fixed set of live handles, and never finds dead ones;
 *  - node blocks: nodes small and bigger than a block, registered and not,
 *    are found only while live, by their own address only. */
#include <pthread.h>
#include <stdlib.h>

#include "backend.h"
#include "unit.h"

size_t infinirt_handle_registry_bytes(void);

static infinirt_handle *make_handles(size_t n) {
  infinirt_handle *h = calloc(n, sizeof *h);
  for (size_t i = 0; h && i < n; i++) {
    h[i].magic = INFINIRT_HANDLE_MAGIC;
    h[i].kind = INFINIRT_HANDLE_EVENT;
  }
  return h;
}

static void churn(void) {
  enum { N = 300000, LIVE = 32 };
  infinirt_handle *h = make_handles(N);
  if (!UNIT_CHECK(h != NULL))
    return;
  size_t before = infinirt_handle_registry_bytes();
  int bad = 0;
  for (size_t i = 0; i < N; i++) {
    bad += !infinirt_handle_register(&h[i]);
    if (i >= LIVE)
      bad += !infinirt_handle_unregister(&h[i - LIVE]);
  }
  UNIT_CHECK(bad == 0);
  for (size_t i = 0; i < N; i++) {
    bool live = i >= N - LIVE;
    bad +=
        (infinirt_handle_lookup(&h[i], INFINIRT_HANDLE_EVENT) != NULL) != live;
  }
  UNIT_CHECK(bad == 0);
  size_t after = infinirt_handle_registry_bytes();
  printf("churn: registry %zu -> %zu bytes\n", before, after);
  UNIT_CHECK(after <= before + (512u << 10));
  for (size_t i = N - LIVE; i < N; i++)
    infinirt_handle_unregister(&h[i]);
  free(h);
}

enum { THREADS = 3, PER_THREAD = 20000, STABLE = 2000, ROUNDS = 20 };

static infinirt_handle *stable;
static atomic_int writers_done;

static void *writer(void *arg) {
  infinirt_handle *h = arg;
  for (int r = 0; r < ROUNDS; r++) {
    for (int i = 0; i < PER_THREAD; i++)
      UNIT_CHECK(infinirt_handle_register(&h[i]));
    int missing = 0, found = 0;
    for (int i = 0; i < PER_THREAD; i++)
      missing += infinirt_handle_lookup(&h[i], INFINIRT_HANDLE_EVENT) == NULL;
    for (int i = 0; i < PER_THREAD; i += 2)
      UNIT_CHECK(infinirt_handle_unregister(&h[i]));
    for (int i = 0; i < PER_THREAD; i++)
      if (infinirt_handle_lookup(&h[i], INFINIRT_HANDLE_EVENT) != NULL)
        found += i % 2 == 0 ? 1000000 : 1;
    UNIT_CHECK(missing == 0);
    UNIT_CHECK(found == PER_THREAD / 2);
    for (int i = 1; i < PER_THREAD; i += 2)
      UNIT_CHECK(infinirt_handle_unregister(&h[i]));
    UNIT_CHECK(!infinirt_handle_unregister(&h[0]));
  }
  atomic_fetch_add(&writers_done, 1);
  return NULL;
}

static void *reader(void *unused) {
  (void)unused;
  long lookups = 0, misses = 0;
  while (atomic_load(&writers_done) < THREADS) {
    for (int i = 0; i < STABLE; i++, lookups++) {
      misses +=
          infinirt_handle_lookup(&stable[i], INFINIRT_HANDLE_EVENT) == NULL;
      /* Right kind only. */
      misses +=
          infinirt_handle_lookup(&stable[i], INFINIRT_HANDLE_STREAM) != NULL;
    }
  }
  printf("reader: %ld lookups, %ld wrong\n", lookups, misses);
  UNIT_CHECK(misses == 0);
  return NULL;
}

static void concurrency(void) {
  stable = make_handles(STABLE);
  infinirt_handle *own[THREADS];
  for (int t = 0; t < THREADS; t++)
    own[t] = make_handles(PER_THREAD);
  for (int i = 0; i < STABLE; i++)
    UNIT_CHECK(infinirt_handle_register(&stable[i]));
  pthread_t th[THREADS + 1];
  pthread_create(&th[THREADS], NULL, reader, NULL);
  for (int t = 0; t < THREADS; t++)
    pthread_create(&th[t], NULL, writer, own[t]);
  for (int t = 0; t <= THREADS; t++)
    pthread_join(th[t], NULL);
  for (int i = 0; i < STABLE; i++)
    UNIT_CHECK(infinirt_handle_unregister(&stable[i]));
  UNIT_CHECK(infinirt_handle_lookup(&stable[0], INFINIRT_HANDLE_EVENT) == NULL);
  /* NULL, the tombstone value and garbage are refused without a crash. */
  UNIT_CHECK(infinirt_handle_lookup(NULL, INFINIRT_HANDLE_EVENT) == NULL);
  UNIT_CHECK(infinirt_handle_lookup((void *)1, INFINIRT_HANDLE_EVENT) == NULL);
  UNIT_CHECK(infinirt_handle_lookup((void *)-64, INFINIRT_HANDLE_EVENT) ==
             NULL);
  free(stable);
  for (int t = 0; t < THREADS; t++)
    free(own[t]);
}

static infinirt_handle *node(infinirt_node_blocks *blocks, size_t bytes) {
  infinirt_handle *h = infinirt_node_alloc(blocks, bytes);
  if (h) {
    h->magic = INFINIRT_HANDLE_MAGIC;
    h->kind = INFINIRT_HANDLE_GRAPH_NODE;
  }
  return h;
}

static void node_blocks(void) {
  enum { SMALL = 2000 };
  infinirt_node_blocks blocks = {NULL};
  static infinirt_handle *small[SMALL];
  int bad = 0;
  for (int i = 0; i < SMALL; i++) {
    /* A node bigger than a block in the middle: the nodes after it must
     * still be found. */
    small[i] = node(&blocks, i == SMALL / 2 ? (size_t)100 << 10 : 96);
    bad += !small[i] || !infinirt_handle_register(small[i]);
  }
  infinirt_handle *unregistered = node(&blocks, 64);
  UNIT_CHECK(bad == 0);
  for (int i = 0; i < SMALL; i++) {
    bad += infinirt_handle_lookup(small[i], INFINIRT_HANDLE_GRAPH_NODE) !=
           small[i];
    bad += infinirt_handle_lookup((char *)small[i] + 64,
                                  INFINIRT_HANDLE_GRAPH_NODE) != NULL;
    bad += infinirt_handle_lookup(small[i], INFINIRT_HANDLE_EVENT) != NULL;
  }
  UNIT_CHECK(bad == 0);
  UNIT_CHECK(infinirt_handle_lookup(unregistered, INFINIRT_HANDLE_GRAPH_NODE) ==
             NULL);
  UNIT_CHECK(infinirt_handle_unregister(small[7]));
  UNIT_CHECK(!infinirt_handle_unregister(small[7]));
  UNIT_CHECK(infinirt_handle_lookup(small[7], INFINIRT_HANDLE_GRAPH_NODE) ==
             NULL);
  uintptr_t kept = (uintptr_t)small[8];
  infinirt_node_blocks_free(&blocks);
  /* Only the address is used: the block's registry entry is gone. */
  UNIT_CHECK(infinirt_handle_lookup((const void *)kept,
                                    INFINIRT_HANDLE_GRAPH_NODE) == NULL);

  /* A second graph takes the kept blocks: its nodes start dead and are
   * found once registered; after the trim the blocks are the allocator's
   * (ASan sees them freed once). */
  for (int i = 0; i < SMALL; i++) {
    small[i] = node(&blocks, 96);
    bad += !small[i];
    bad += small[i] &&
           infinirt_handle_lookup(small[i], INFINIRT_HANDLE_GRAPH_NODE);
    bad += small[i] && !infinirt_handle_register(small[i]);
    bad += small[i] && infinirt_handle_lookup(
                           small[i], INFINIRT_HANDLE_GRAPH_NODE) != small[i];
  }
  UNIT_CHECK(bad == 0);
  infinirt_node_blocks_free(&blocks);
  infinirt_node_blocks_trim();
  infinirt_node_blocks_trim();
}

int main(void) {
  churn();
  concurrency();
  node_blocks();
  return unit_result();
}
