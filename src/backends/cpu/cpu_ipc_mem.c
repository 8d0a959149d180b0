/* cpu_ipc_mem.c - IpcGetMemHandle, IpcOpenMemHandle and IpcCloseMemHandle
 * of the CPU backend.
 *
 * Exporting. Every infinirtMalloc block owns whole pages (cpu_memory.c
 * rounds it up to them), so its pages can be put onto a memfd without
 * touching any other data. The first export of a block waits for every
 * CPU device (so no enqueued work writes it meanwhile), copies the block's
 * pages that are not all zero into a new memfd, and maps the memfd over the
 * block at the same address (MAP_FIXED | MAP_SHARED): the exporter keeps
 * its pointer, and from then on the pages are shared. Later exports of the
 * block return the same handle. When the block is freed (Free, FreeAsync,
 * DeviceReset) its pages are made private anonymous memory again before
 * the allocator gets them back, and the memfd is closed. A program that
 * never exports pays one load per freed block.
 *
 * Importing. The exporter's memfd is reopened through /proc (cpu_ipc.c),
 * mapped where the kernel chooses and registered as device memory of the
 * current device (CPU_MEM_IPC); opening the same handle again counts one
 * more opening of that mapping, as CUDA does.
 *
 * Shared pages are not inherited by fork() children (MADV_DONTFORK): device
 * memory is not usable in a child, as in CUDA, and a child writing the
 * parent's shared pages would be worse than one that faults. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cpu_internal.h"
#include "cpu_ipc.h"

typedef struct export_entry {
  uintptr_t start;
  size_t map_size;
  int fd; /* the memfd importers reopen */
  char handle[INFINIRT_IPC_HANDLE_SIZE];
  struct export_entry *next;
} export_entry;

typedef struct import_entry {
  int32_t pid;
  uint64_t cookie;
  cpu_alloc *alloc; /* the registered mapping */
  size_t map_size;
  unsigned opens;
  struct import_entry *next;
} import_entry;

#define EXPORT_BUCKETS 256

/* Both tables; held while a block's pages move. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static export_entry *exports[EXPORT_BUCKETS];
static import_entry *imports;
/* Exports made or being made: raised before an export looks at the block's
 * state, read by the free path after the block was claimed (both seq_cst),
 * so that one of the two always sees the other. */
static atomic_size_t nexports;

static unsigned bucket(uintptr_t start) {
  return (unsigned)((start >> 12) * 0x9E3779B97F4A7C15ull >> 56) %
         EXPORT_BUCKETS;
}

static export_entry **find_export(uintptr_t start) {
  export_entry **pp = &exports[bucket(start)];
  while (*pp && (*pp)->start != start)
    pp = &(*pp)->next;
  return pp;
}

static void sync_all_devices(void) {
  for (int d = 0; d < infinirt_cpu_device_count; d++)
    infinirt_cpu_device_sync(&infinirt_cpu_devices[d]);
}

/* ---- exporting ---------------------------------------------------------- */

typedef struct block {
  uintptr_t start;
  size_t size;
  int kind, device, state;
} block;

static int read_block(cpu_alloc *a, const void *p, void *ctx) {
  (void)p;
  if (!a)
    return 0;
  *(block *)ctx =
      (block){a->start, a->size, a->kind, a->device, atomic_load(&a->state)};
  return 1;
}

static infinirtError_t not_exportable(const block *b, const void *p) {
  const char *why = b->kind == CPU_MEM_POOL  ? "stream-ordered (MallocAsync) "
                                               "memory, which CUDA exports "
                                               "through pools"
                    : b->kind == CPU_MEM_IPC ? "memory opened from another "
                                               "process"
                    : b->kind == CPU_MEM_MANAGED ? "managed memory"
                                                 : "host memory";
  return infinirt_detail(infinirtErrorInvalidValue,
                         "%p is %s, not an infinirtMalloc allocation", p, why);
}

static bool all_zero(const unsigned char *p, size_t n) {
  const uint64_t *w = (const uint64_t *)(const void *)p;
  for (size_t i = 0; i < n / sizeof *w; i++)
    if (w[i])
      return false;
  return true;
}

/* Puts the pages of the block at |start| onto a new memfd; under |lock|. */
static infinirtError_t share(const block *b, export_entry **out) {
  size_t map_size = infinirt_cpu_ipc_pages(b->size);
  size_t page = (size_t)infinirt_cpu_sys.page_size;
  export_entry *e = malloc(sizeof *e);
  if (!e)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to export a block");
  infinirtError_t err = infinirtSuccess;
  uint64_t cookie = infinirt_cpu_ipc_cookie();
  int fd = infinirt_cpu_ipc_memfd(CPU_IPC_MEM, cookie, map_size, &err);
  void *tmp =
      fd < 0 ? MAP_FAILED
             : mmap(NULL, map_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (tmp == MAP_FAILED) {
    if (fd >= 0) {
      err =
          infinirt_detail(errno == ENOMEM ? infinirtErrorMemoryAllocation
                                          : infinirtErrorMapBufferObjectFailed,
                          "mapping the shared file: %s", strerror(errno));
      close(fd);
    }
    free(e);
    return err;
  }
  /* Pages never written read as zero in the memfd too: copying only the
   * others keeps untouched memory uncommitted. */
  unsigned char *src = (unsigned char *)b->start, *dst = tmp;
  for (size_t off = 0; off < map_size; off += page)
    if (!all_zero(src + off, page))
      memcpy(dst + off, src + off, page);
  void *at = mmap(src, map_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
                  fd, 0);
  if (at == MAP_FAILED) {
    /* MAP_FIXED may have unmapped the range: put private pages with the
     * contents back. */
    int e2 = errno;
    if (mmap(src, map_size, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED)
      memcpy(src, tmp, map_size);
    munmap(tmp, map_size);
    close(fd);
    free(e);
    return infinirt_detail(e2 == ENOMEM ? infinirtErrorMemoryAllocation
                                        : infinirtErrorMapBufferObjectFailed,
                           "mapping the block onto the shared file: %s",
                           strerror(e2));
  }
  munmap(tmp, map_size);
  madvise(src, map_size, MADV_DONTFORK);
  *e = (export_entry){.start = b->start, .map_size = map_size, .fd = fd};
  infinirt_cpu_ipc_encode((cpu_ipc_wire){.kind = CPU_IPC_MEM,
                                         .device = (uint16_t)b->device,
                                         .pid = (int32_t)getpid(),
                                         .fd = fd,
                                         .cookie = cookie,
                                         .size = b->size,
                                         .map_size = map_size},
                          e->handle);
  export_entry **pp = find_export(b->start);
  e->next = NULL;
  *pp = e;
  *out = e;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_IpcGetMemHandle(infinirtIpcMemHandle_t *handle,
                                             void *devPtr) {
  block b = {0};
  if (!infinirt_cpu_reg_with(devPtr, read_block, &b))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "%p is not memory of the cpu backend", devPtr);
  if (b.kind != CPU_MEM_DEVICE)
    return not_exportable(&b, devPtr);
  char out[INFINIRT_IPC_HANDLE_SIZE];
  pthread_mutex_lock(&lock);
  export_entry *e = *find_export(b.start);
  if (e)
    memcpy(out, e->handle, sizeof out);
  pthread_mutex_unlock(&lock);
  if (!e) {
    /* Enqueued work that writes the block must be done before its pages
     * are copied. */
    sync_all_devices();
    atomic_fetch_add(&nexports, 1);
    pthread_mutex_lock(&lock);
    infinirtError_t err = infinirtSuccess;
    block now = {0};
    if ((e = *find_export(b.start)) != NULL) {
      atomic_fetch_sub(&nexports, 1); /* another thread made it meanwhile */
    } else if (!infinirt_cpu_reg_with_start((void *)b.start, read_block,
                                            &now) ||
               now.kind != CPU_MEM_DEVICE || now.state != CPU_ALLOC_LIVE ||
               now.size != b.size) {
      err = infinirt_detail(infinirtErrorInvalidValue,
                            "the allocation at %p was freed meanwhile",
                            (void *)b.start);
    } else {
      err = share(&now, &e);
    }
    if (err == infinirtSuccess)
      memcpy(out, e->handle, sizeof out);
    else
      atomic_fetch_sub(&nexports, 1);
    pthread_mutex_unlock(&lock);
    if (err != infinirtSuccess)
      return err;
  }
  memcpy(handle->reserved, out, sizeof out);
  return infinirtSuccess;
}

void infinirt_cpu_ipc_unshare(cpu_alloc *a) {
  if (a->kind != CPU_MEM_DEVICE || atomic_load(&nexports) == 0)
    return;
  pthread_mutex_lock(&lock);
  export_entry **pp = find_export(a->start), *e = *pp;
  if (e) {
    *pp = e->next;
    /* Private pages again (the contents are being freed); should that
     * fail, the allocator gets shared pages, which only the importers that
     * still map them (an error of theirs) would see. */
    mmap((void *)e->start, e->map_size, PROT_READ | PROT_WRITE,
         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    close(e->fd);
    free(e);
    atomic_fetch_sub(&nexports, 1);
  }
  pthread_mutex_unlock(&lock);
}

/* ---- importing ---------------------------------------------------------- */

infinirtError_t infinirt_cpu_IpcOpenMemHandle(void **devPtr,
                                              infinirtIpcMemHandle_t handle,
                                              unsigned int flags) {
  (void)flags; /* the CPU devices share one memory: no peer access to make */
  cpu_ipc_wire w;
  infinirtError_t err =
      infinirt_cpu_ipc_decode(handle.reserved, CPU_IPC_MEM, &w);
  if (err != infinirtSuccess)
    return err;
  if (w.size == 0 || w.size > w.map_size ||
      w.map_size != infinirt_cpu_ipc_pages(w.size))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "the handle's sizes are inconsistent (forged)");
  pthread_mutex_lock(&lock);
  for (import_entry *i = imports; i; i = i->next)
    if (i->pid == w.pid && i->cookie == w.cookie) {
      i->opens++;
      *devPtr = (void *)i->alloc->start;
      pthread_mutex_unlock(&lock);
      return infinirtSuccess;
    }
  import_entry *i = malloc(sizeof *i);
  cpu_alloc *a = malloc(sizeof *a);
  int fd = i && a ? infinirt_cpu_ipc_reopen(&w, &err) : -1;
  void *p = fd < 0 ? MAP_FAILED
                   : mmap(NULL, w.map_size, PROT_READ | PROT_WRITE, MAP_SHARED,
                          fd, 0);
  if (fd >= 0 && p == MAP_FAILED)
    err = infinirt_detail(errno == ENOMEM ? infinirtErrorMemoryAllocation
                                          : infinirtErrorMapBufferObjectFailed,
                          "mapping %llu bytes of process %d: %s",
                          (unsigned long long)w.map_size, (int)w.pid,
                          strerror(errno));
  else if (!i || !a)
    err = infinirt_detail(infinirtErrorMemoryAllocation,
                          "no memory to open a handle");
  if (fd >= 0)
    close(fd); /* the mapping keeps the file */
  if (p != MAP_FAILED) {
    madvise(p, w.map_size, MADV_DONTFORK);
    *a = (cpu_alloc){.start = (uintptr_t)p,
                     .size = (size_t)w.size,
                     .kind = CPU_MEM_IPC,
                     .device = infinirt_current_device(infinirtDeviceTypeCpu)};
    atomic_init(&a->state, CPU_ALLOC_LIVE);
    if (infinirt_cpu_reg_insert(a) != 0) {
      err = infinirt_detail(infinirtErrorMemoryAllocation,
                            "no memory to register an opened handle");
      munmap(p, w.map_size);
      p = MAP_FAILED;
    }
  }
  if (p == MAP_FAILED) {
    pthread_mutex_unlock(&lock);
    free(i);
    free(a);
    return err;
  }
  *i = (import_entry){w.pid, w.cookie, a, (size_t)w.map_size, 1, imports};
  imports = i;
  pthread_mutex_unlock(&lock);
  *devPtr = p;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_IpcCloseMemHandle(void *devPtr) {
  pthread_mutex_lock(&lock);
  import_entry **pp = &imports;
  while (*pp && (*pp)->alloc->start != (uintptr_t)devPtr)
    pp = &(*pp)->next;
  import_entry *i = *pp;
  if (!i) {
    pthread_mutex_unlock(&lock);
    return infinirt_detail(infinirtErrorInvalidValue,
                           "%p is not an address infinirtIpcOpenMemHandle "
                           "returned (or it was closed)",
                           devPtr);
  }
  if (--i->opens > 0) {
    pthread_mutex_unlock(&lock);
    return infinirtSuccess;
  }
  *pp = i->next;
  pthread_mutex_unlock(&lock);
  /* Work this process enqueued may still use the mapping. */
  sync_all_devices();
  infinirt_cpu_reg_remove(i->alloc);
  munmap((void *)i->alloc->start, i->map_size);
  free(i->alloc);
  free(i);
  return infinirtSuccess;
}
