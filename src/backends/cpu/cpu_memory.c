/* cpu_memory.c - device and host allocations, host registration and pointer
 * lookup for the CPU backend. "Device" memory is host memory with CUDA's
 * alignment guarantees (whole pages: see try_allocate), tracked so that
 * Free, PointerGetAttributes and DeviceReset know it. */
#include <stdlib.h>
#include <string.h>

#include "cpu_graph.h"

#define ALIGN_SMALL 256u
#define ALIGN_LARGE 4096u
#define LARGE (1u << 20)

static void sync_all_devices(void) {
  for (int d = 0; d < infinirt_cpu_device_count; d++)
    infinirt_cpu_device_sync(&infinirt_cpu_devices[d]);
}

/* Device memory takes whole pages of its own, so that any block can be
 * exported to another process (cpu_ipc_mem.c moves its pages onto a memfd
 * without touching other data); host memory packs as the C library does. */
static cpu_alloc *try_allocate(size_t size, int kind, int device) {
  void *mem = NULL;
  size_t align = size >= LARGE ? ALIGN_LARGE : ALIGN_SMALL, bytes = size;
  if (kind == CPU_MEM_DEVICE) {
    align = (size_t)infinirt_cpu_sys.page_size;
    bytes = (size + align - 1) & ~(align - 1);
  }
  cpu_alloc *a = malloc(sizeof *a);
  if (!a || posix_memalign(&mem, align, bytes)) {
    free(a);
    return NULL;
  }
  *a = (cpu_alloc){
      .start = (uintptr_t)mem, .size = size, .kind = kind, .device = device};
  atomic_init(&a->state, CPU_ALLOC_LIVE);
  if (infinirt_cpu_reg_insert(a) != 0) {
    free(mem);
    free(a);
    return NULL;
  }
  return a;
}

/* Allocates and registers |size| bytes of |kind|; NULL on failure. */
static cpu_alloc *allocate(size_t size, int kind, int device) {
  /* More than the host has can never be "device memory" (and asking the
   * allocator for it would abort a sanitizer build). */
  if (size > infinirt_cpu_sys.mem_total)
    return NULL;
  cpu_alloc *a = try_allocate(size, kind, device);
  if (!a) {
    /* Pool blocks kept unused may make room. */
    infinirt_cpu_reclaim_memory();
    a = try_allocate(size, kind, device);
  }
  return a;
}

infinirtError_t infinirt_cpu_Malloc(void **devPtr, size_t size) {
  infinirtError_t err = infinirt_cpu_capture_unsafe_check("Malloc");
  if (err != infinirtSuccess)
    return err;
  if (size == 0) {
    *devPtr = NULL;
    return infinirtSuccess;
  }
  cpu_device *dev = infinirt_cpu_current();
  cpu_alloc *a = allocate(size, CPU_MEM_DEVICE, dev->ordinal);
  if (!a)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "cannot allocate %zu bytes on cpu device %d", size,
                           dev->ordinal);
  *devPtr = (void *)a->start;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_MallocManaged(void **devPtr, size_t size,
                                           unsigned int flags) {
  /* Host memory is managed memory already: every device and the host reach
   * it at any time (ConcurrentManagedAccess). */
  cpu_device *dev = infinirt_cpu_current();
  cpu_alloc *a = allocate(size, CPU_MEM_MANAGED, dev->ordinal);
  if (!a)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "cannot allocate %zu bytes of managed memory on "
                           "cpu device %d",
                           size, dev->ordinal);
  a->flags = flags;
  *devPtr = (void *)a->start;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_Free(void *devPtr) {
  if (!devPtr)
    return infinirtSuccess;
  infinirtError_t err = infinirt_cpu_capture_unsafe_check("Free");
  if (err != infinirtSuccess)
    return err;
  cpu_gmem *m = infinirt_cpu_gmem_find(devPtr);
  if (m) { /* a graph's allocation: freed once the device is idle */
    infinirt_cpu_device_sync(&infinirt_cpu_devices[m->alloc.device]);
    bool was = atomic_exchange(&m->live, false);
    infinirt_cpu_gmem_put(m);
    return was ? infinirtSuccess
               : infinirt_detail(infinirtErrorInvalidValue,
                                 "graph allocation %p is not allocated now",
                                 devPtr);
  }
  cpu_alloc *a;
  if ((err = infinirt_cpu_claim_device_alloc(devPtr, &a)) != infinirtSuccess)
    return err;
  infinirt_cpu_device_sync(&infinirt_cpu_devices[a->device]);
  a->freed_on = NULL; /* freed in no stream's order: any may reuse it */
  infinirt_cpu_release(a);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_HostAlloc(void **pHost, size_t size,
                                       unsigned int flags) {
  (void)flags; /* host memory is portable and mapped whatever they say */
  if (size == 0) {
    *pHost = NULL;
    return infinirtSuccess;
  }
  cpu_alloc *a = allocate(size, CPU_MEM_HOST,
                          infinirt_current_device(infinirtDeviceTypeCpu));
  if (!a)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "cannot allocate %zu bytes of host memory", size);
  a->flags = flags;
  *pHost = (void *)a->start;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_MallocHost(void **ptr, size_t size) {
  infinirtError_t err = infinirt_cpu_capture_unsafe_check("MallocHost");
  if (err != infinirtSuccess)
    return err;
  /* What CUDA reports for MallocHost memory (HostGetFlags on the H200). */
  return infinirt_cpu_HostAlloc(
      ptr, size, infinirtHostAllocPortable | infinirtHostAllocMapped);
}

typedef struct claim {
  int kind;
  cpu_alloc *found;
} claim;

/* Claims the live entry of |c->kind| starting at |p|. */
static int claim_start(cpu_alloc *a, const void *p, void *ctx) {
  claim *c = ctx;
  if (!a || a->start != (uintptr_t)p || a->kind != c->kind)
    return 1;
  int live = CPU_ALLOC_LIVE;
  if (!atomic_compare_exchange_strong(&a->state, &live, CPU_ALLOC_FREEING))
    return 1;
  c->found = a;
  return 0;
}

infinirtError_t infinirt_cpu_FreeHost(void *ptr) {
  infinirtError_t cerr = infinirt_cpu_capture_unsafe_check("FreeHost");
  if (cerr != infinirtSuccess)
    return cerr;
  if (!ptr)
    return infinirtSuccess;
  claim c = {CPU_MEM_HOST, NULL};
  if (infinirt_cpu_reg_with_start(ptr, claim_start, &c) != 0)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "%p is not a live host allocation", ptr);
  /* Async copies may still read or write it. */
  sync_all_devices();
  infinirt_cpu_reg_remove(c.found);
  infinirt_cpu_free_alloc_memory(c.found);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_HostRegister(void *ptr, size_t size,
                                          unsigned int flags) {
  if (flags & infinirtHostRegisterIoMemory)
    return infinirt_detail(infinirtErrorNotSupported,
                           "the cpu backend cannot register I/O memory");
  cpu_alloc *a = malloc(sizeof *a);
  if (!a)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to register a range");
  *a = (cpu_alloc){.start = (uintptr_t)ptr,
                   .size = size,
                   .kind = CPU_MEM_REGISTERED,
                   .device = infinirt_current_device(infinirtDeviceTypeCpu),
                   .flags = flags};
  atomic_init(&a->state, CPU_ALLOC_LIVE);
  int rc = infinirt_cpu_reg_insert(a);
  if (rc != 0) {
    free(a);
    if (rc == -1)
      return infinirt_detail(infinirtErrorHostMemoryAlreadyRegistered,
                             "[%p, +%zu) overlaps memory already registered "
                             "or allocated by the runtime",
                             ptr, size);
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to register a range");
  }
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_HostUnregister(void *ptr) {
  claim c = {CPU_MEM_REGISTERED, NULL};
  if (infinirt_cpu_reg_with_start(ptr, claim_start, &c) != 0)
    return infinirt_detail(infinirtErrorHostMemoryNotRegistered,
                           "no registered range starts at %p", ptr);
  sync_all_devices();
  infinirt_cpu_reg_remove(c.found);
  free(c.found);
  return infinirtSuccess;
}

static int describe(cpu_alloc *a, const void *p, void *ctx) {
  if (!a || atomic_load(&a->state) == CPU_ALLOC_CACHED)
    return 0;
  struct infinirtPointerAttributes *attr = ctx;
  memset(attr, 0, sizeof *attr); /* reserved fields too */
  /* Memory opened from another process's handle is device memory here,
   * but neither Free nor a reset of the device releases it. */
  bool device = infinirt_cpu_device_kind(a->kind) || a->kind == CPU_MEM_IPC ||
                a->kind == CPU_MEM_GRAPH;
  attr->type = a->kind == CPU_MEM_MANAGED ? infinirtMemoryTypeManaged
               : device                   ? infinirtMemoryTypeDevice
                                          : infinirtMemoryTypeHost;
  attr->device = a->device;
  attr->devicePointer = (void *)p;
  attr->hostPointer = (void *)p;
  return 1;
}

bool infinirt_cpu_find_pointer(const void *ptr,
                               struct infinirtPointerAttributes *attr) {
  return infinirt_cpu_reg_with(ptr, describe, attr) == 1;
}
