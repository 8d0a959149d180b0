/* cpu_registry.c - every address range the CPU backend owns (device
 * allocations, pool blocks, host allocations, registered host ranges), for
 * interior-pointer lookups.
 *
 * The ranges never overlap, so "overlaps" is a valid equality for libc's
 * balanced tree (tsearch): insert finds a clash for free and a lookup of
 * [p, p+1) finds the range containing p. Reads share a rwlock; a pointer
 * outside [lowest, highest) of everything ever registered misses without
 * touching it. */
#include <search.h>

#include "cpu_internal.h"

static void *root;
static pthread_rwlock_t lock = PTHREAD_RWLOCK_INITIALIZER;
static atomic_uintptr_t lowest = UINTPTR_MAX, highest = 0;
/* DEVICE and POOL entries of each device, for DeviceReset. */
static cpu_alloc *device_lists[CPU_MAX_DEVICES];

static int compare(const void *x, const void *y) {
  const cpu_alloc *a = x, *b = y;
  if (a->start + a->size <= b->start)
    return -1;
  if (b->start + b->size <= a->start)
    return 1;
  return 0;
}

static bool per_device(const cpu_alloc *a) {
  return a->kind == CPU_MEM_DEVICE || a->kind == CPU_MEM_POOL;
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
    unlink_locked(a);
    a->dev_next = taken;
    taken = a;
  }
  pthread_rwlock_unlock(&lock);
  return taken;
}
