/* cpu_managed.c - managed-memory hints and mapped host memory queries on
 * the CPU backend. Every allocation is host memory that the host and every
 * CPU device reach at any time, so advice, prefetches and stream
 * attachments have nothing to move: each is checked as CUDA checks it and
 * then has no further effect (CUDA documents them as performance hints). */
#include <errno.h>
#include <sys/mman.h>

#include "cpu_internal.h"

/* What a query needs of an allocation, copied under the registry lock. */
typedef struct alloc_view {
  uintptr_t start;
  size_t size;
  int kind;
  unsigned flags;
} alloc_view;

static alloc_view view_of(const cpu_alloc *a) {
  return (alloc_view){a->start, a->size, a->kind, a->flags};
}

typedef struct range_query {
  const void *p;
  size_t n;
  bool found; /* in a registered allocation */
  bool inside;
  alloc_view alloc;
} range_query;

static int find_range(cpu_alloc *a, const void *p, void *ctx) {
  range_query *q = ctx;
  (void)p;
  if (!a || atomic_load(&a->state) == CPU_ALLOC_CACHED)
    return 0;
  q->found = true;
  q->alloc = view_of(a);
  q->inside = (uintptr_t)q->p - a->start <= a->size &&
              q->n <= a->size - ((uintptr_t)q->p - a->start);
  return 0;
}

/* Whether every page of [p, p + n) is mapped in this process. */
static bool mapped(const void *p, size_t n) {
  size_t page = (size_t)infinirt_cpu_sys.page_size;
  uintptr_t begin = (uintptr_t)p & ~(uintptr_t)(page - 1);
  uintptr_t end = (uintptr_t)p + n;
  unsigned char vec[4096];
  while (begin < end) {
    size_t len = end - begin;
    if (len > sizeof vec * page)
      len = sizeof vec * page;
    if (mincore((void *)begin, len, vec) != 0)
      return false; /* ENOMEM: a page of the range is not mapped */
    begin += (len + page - 1) & ~(page - 1);
  }
  return true;
}

bool infinirt_cpu_host_range(const void *p, size_t n) {
  range_query q = {p, n, false, false, {0}};
  infinirt_cpu_reg_with(p, find_range, &q);
  if (q.found)
    return q.inside;
  return mapped(p, n);
}

static infinirtError_t not_host_memory(const void *p, size_t n) {
  return infinirt_detail(infinirtErrorInvalidValue,
                         "[%p, +%zu) is not memory the host can access (not "
                         "within one allocation, or not mapped)",
                         p, n);
}

infinirtError_t infinirt_cpu_MemAdvise(const void *devPtr, size_t count,
                                       enum infinirtMemoryAdvise advice,
                                       struct infinirtMemLocation location) {
  (void)advice;
  (void)location;
  if (!infinirt_cpu_host_range(devPtr, count))
    return not_host_memory(devPtr, count);
  return infinirtSuccess;
}

infinirtError_t
infinirt_cpu_MemPrefetchAsync(const void *devPtr, size_t count,
                              struct infinirtMemLocation location,
                              unsigned int flags, infinirtStream_t stream) {
  (void)location;
  (void)flags;
  infinirtError_t err;
  if (!infinirt_cpu_stream_arg(stream, &err))
    return err;
  if (!infinirt_cpu_host_range(devPtr, count))
    return not_host_memory(devPtr, count);
  return infinirtSuccess; /* the data is where every location reads it */
}

infinirtError_t infinirt_cpu_StreamAttachMemAsync(infinirtStream_t stream,
                                                  void *devPtr, size_t length,
                                                  unsigned int flags) {
  (void)flags;
  infinirtError_t err;
  if (!infinirt_cpu_stream_arg(stream, &err))
    return err;
  range_query q = {devPtr, length, false, false, {0}};
  infinirt_cpu_reg_with(devPtr, find_range, &q);
  if (q.found && q.alloc.kind == CPU_MEM_MANAGED) {
    /* A managed allocation changes association as a whole. */
    if ((uintptr_t)devPtr != q.alloc.start ||
        (length != 0 && length != q.alloc.size))
      return infinirt_detail(infinirtErrorInvalidValue,
                             "a managed allocation is attached whole: %p "
                             "+%zu is not [%p, +%zu) (or length 0)",
                             devPtr, length, (void *)q.alloc.start,
                             q.alloc.size);
    return infinirtSuccess;
  }
  /* Other memory the host can access is pageable memory to CUDA. */
  if (length == 0)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "%p is not managed memory: give its length", devPtr);
  if (!infinirt_cpu_host_range(devPtr, length))
    return not_host_memory(devPtr, length);
  return infinirtSuccess;
}

static int find_pinned(cpu_alloc *a, const void *p, void *ctx) {
  (void)p;
  if (!a || (a->kind != CPU_MEM_HOST && a->kind != CPU_MEM_REGISTERED))
    return 0;
  *(alloc_view *)ctx = view_of(a);
  return 1;
}

infinirtError_t infinirt_cpu_HostGetDevicePointer(void **pDevice, void *pHost,
                                                  unsigned int flags) {
  (void)flags;
  alloc_view a;
  if (infinirt_cpu_reg_with(pHost, find_pinned, &a) != 1)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "%p is not in page-locked host memory of this "
                           "runtime",
                           pHost);
  *pDevice = pHost; /* one address space */
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_HostGetFlags(unsigned int *pFlags, void *pHost) {
  alloc_view a;
  if (infinirt_cpu_reg_with(pHost, find_pinned, &a) != 1)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "%p is not in page-locked host memory of this "
                           "runtime",
                           pHost);
  *pFlags = a.flags;
  return infinirtSuccess;
}
