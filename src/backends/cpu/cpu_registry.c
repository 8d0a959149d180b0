/* cpu_registry.c - every address range the CPU backend owns (device
 * allocations, pool blocks, host allocations, registered host ranges), for
 * interior-pointer lookups.
 *
 * The ranges never overlap, so "overlaps" is a valid equality for libc's
 * balanced tree (tsearch): insert finds a clash for free and a lookup of
 * [p, p+1) finds the range containing p. Reads share a rwlock; a pointer
 * outside [lowest, highest) of everything ever registered misses without
 * touching it.
 *
 * Frees name an allocation by its start, so exact-start lookups (Free,
 * FreeAsync, FreeHost, HostUnregister) go through a hash of starts under
 * striped locks instead: the hot FreeAsync path takes no process-wide
 * lock. */
#include <search.h>

#include "cpu_internal.h"

static void *root;
static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static atomic_uintptr_t lowest = UINTPTR_MAX, highest = 0;
/* DEVICE and POOL entries of each device, for DeviceReset. */
static cpu_alloc *device_lists[CPU_MAX_DEVICES];

#define HASH_BITS 12
#define STRIPES 64
static cpu_alloc *buckets[1u << HASH_BITS];
static pthread_mutex_t stripes[STRIPES];
static pthread_once_t stripes_once = PTHREAD_ONCE_INIT;

static void init_stripes(void) {
  for (int i = 0; i < STRIPES; i++)
    pthread_mutex_init(&stripes[i], NULL);
}

static unsigned bucket_of(uintptr_t start) {
  return (unsigned)(((uint64_t)(start >> 6) * 0x9E3779B97F4A7C15ull) >>
                    (64 - HASH_BITS));
}

static pthread_mutex_t *stripe_of(unsigned b) {
  pthread_once(&stripes_once, init_stripes);
  return &stripes[b % STRIPES];
}

static void hash_insert(cpu_alloc *a) {
  unsigned b = bucket_of(a->start);
  pthread_mutex_t *m = stripe_of(b);
  pthread_mutex_lock(m);
  a->hash_next = buckets[b];
  buckets[b] = a;
  pthread_mutex_unlock(m);
}

static void hash_remove(cpu_alloc *a) {
  unsigned b = bucket_of(a->start);
  pthread_mutex_t *m = stripe_of(b);
  pthread_mutex_lock(m);
  for (cpu_alloc **pp = &buckets[b]; *pp; pp = &(*pp)->hash_next)
    if (*pp == a) {
      *pp = a->hash_next;
      break;
    }
  pthread_mutex_unlock(m);
}

int infinirt_cpu_reg_with_start(const void *p, infinirt_cpu_reg_fn fn,
                                void *ctx) {
  uintptr_t u = (uintptr_t)p;
  unsigned b = bucket_of(u);
  pthread_mutex_t *m = stripe_of(b);
  pthread_mutex_lock(m);
  cpu_alloc *a = buckets[b];
  while (a && a->start != u)
    a = a->hash_next;
  int rc = fn(a, p, ctx);
  pthread_mutex_unlock(m);
  return rc;
}

static int compare(const void *x, const void *y) {
  const cpu_alloc *a = x, *b = y;
  if (a->start + a->size <= b->start)
    return -1;
  if (b->start + b->size <= a->start)
    return 1;
  return 0;
}

static bool per_device(const cpu_alloc *a) {
  return infinirt_cpu_device_kind(a->kind);
}

int infinirt_cpu_reg_insert(cpu_alloc *a) {
  pthread_rwlock_wrlock(&lock);
  void **r = tsearch(a, &root, compare);
  int rc = r == NULL ? -2 : *r != a ? -1 : 0;
  if (rc == 0) {
    if (a->start < atomic_load_explicit(&lowest, memory_order_relaxed))
      atomic_store_explicit(&lowest, a->start, memory_order_relaxed);
    if (a->start + a->size >
        atomic_load_explicit(&highest, memory_order_relaxed))
      atomic_store_explicit(&highest, a->start + a->size, memory_order_relaxed);
    if (per_device(a)) {
      cpu_alloc **head = &device_lists[a->device];
      a->dev_prev = NULL;
      a->dev_next = *head;
      if (*head)
        (*head)->dev_prev = a;
      *head = a;
    }
  }
  pthread_rwlock_unlock(&lock);
  if (rc == 0)
    hash_insert(a);
  return rc;
}

static void unlink_locked(cpu_alloc *a) {
  tdelete(a, &root, compare);
  if (per_device(a)) {
    if (a->dev_prev)
      a->dev_prev->dev_next = a->dev_next;
    else
      device_lists[a->device] = a->dev_next;
    if (a->dev_next)
      a->dev_next->dev_prev = a->dev_prev;
  }
}

void infinirt_cpu_reg_remove(cpu_alloc *a) {
  hash_remove(a);
  pthread_rwlock_wrlock(&lock);
  unlink_locked(a);
  pthread_rwlock_unlock(&lock);
}

int infinirt_cpu_reg_with(const void *p, infinirt_cpu_reg_fn fn, void *ctx) {
  uintptr_t u = (uintptr_t)p;
  if (u < atomic_load_explicit(&lowest, memory_order_relaxed) ||
      u >= atomic_load_explicit(&highest, memory_order_relaxed))
    return fn(NULL, p, ctx);
  cpu_alloc key = {.start = u, .size = 1};
  pthread_rwlock_rdlock(&lock);
  void **r = tfind(&key, &root, compare);
  int rc = fn(r ? *r : NULL, p, ctx);
  pthread_rwlock_unlock(&lock);
  return rc;
}

cpu_alloc *infinirt_cpu_reg_take_device(int device) {
  cpu_alloc *taken = NULL;
  pthread_rwlock_wrlock(&lock);
  for (cpu_alloc *a = device_lists[device], *next; a; a = next) {
    next = a->dev_next;
    /* Only live allocations: a freeing one belongs to its pending free, a
     * cached pool block to its pool. */
    int live = CPU_ALLOC_LIVE;
    if (!atomic_compare_exchange_strong(&a->state, &live, CPU_ALLOC_FREEING))
      continue;
    hash_remove(a);
    unlink_locked(a);
    a->dev_next = taken;
    taken = a;
  }
  pthread_rwlock_unlock(&lock);
  return taken;
}
