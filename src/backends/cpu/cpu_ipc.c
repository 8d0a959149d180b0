/* cpu_ipc.c - the memfds and handles of the CPU backend's interprocess
 * functions (cpu_ipc.h). */
#include "cpu_ipc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cpu_internal.h"

#define WIRE_MAGIC 0x43505249u /* "IRPC" */
#define WIRE_VERSION 1

static const char *kind_name(cpu_ipc_kind kind) {
  return kind == CPU_IPC_MEM ? "mem" : "event";
}

static void memfd_name(cpu_ipc_kind kind, uint64_t cookie, char *out,
                       size_t cap) {
  snprintf(out, cap, "infinirt-ipc-%s-%016llx", kind_name(kind),
           (unsigned long long)cookie);
}

uint64_t infinirt_cpu_ipc_cookie(void) {
  static atomic_uint_fast64_t counter;
  uint64_t c = 0;
  if (getrandom(&c, sizeof c, GRND_NONBLOCK) != (ssize_t)sizeof c) {
    /* No entropy yet (early boot): unique in this process, and unlikely to
     * match a stale descriptor's name elsewhere. */
    c = infinirt_cpu_now_ns() ^ ((uint64_t)getpid() << 40) ^
        (atomic_fetch_add(&counter, 1) * 0x9E3779B97F4A7C15ull);
  }
  return c ? c : 1;
}

static infinirtError_t errno_error(int e, const char *what) {
  infinirtError_t err = e == ENOMEM || e == EMFILE || e == ENFILE
                            ? infinirtErrorMemoryAllocation
                        : e == ENOSYS ? infinirtErrorNotSupported
                                      : infinirtErrorMapBufferObjectFailed;
  return infinirt_detail(err, "%s: %s", what, strerror(e));
}

int infinirt_cpu_ipc_memfd(cpu_ipc_kind kind, uint64_t cookie, size_t size,
                           infinirtError_t *err) {
  char name[64];
  memfd_name(kind, cookie, name, sizeof name);
  int fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) {
    *err = errno_error(errno, "memfd_create");
    return -1;
  }
  if (ftruncate(fd, (off_t)size) != 0 ||
      fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) != 0) {
    *err = errno_error(errno, "sizing the shared file");
    close(fd);
    return -1;
  }
  return fd;
}

/* FNV-1a over the fields before |check|, so that damaged bytes are refused
 * before any system call. */
static uint64_t wire_check(const cpu_ipc_wire *w) {
  const unsigned char *p = (const unsigned char *)w;
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < offsetof(cpu_ipc_wire, check); i++)
    h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

void infinirt_cpu_ipc_encode(cpu_ipc_wire w,
                             char out[INFINIRT_IPC_HANDLE_SIZE]) {
  w.magic = WIRE_MAGIC;
  w.version = WIRE_VERSION;
  w.check = wire_check(&w);
  memset(out, 0, INFINIRT_IPC_HANDLE_SIZE);
  memcpy(out, &w, sizeof w);
}

infinirtError_t infinirt_cpu_ipc_decode(const char in[INFINIRT_IPC_HANDLE_SIZE],
                                        cpu_ipc_kind kind, cpu_ipc_wire *w) {
  memcpy(w, in, sizeof *w);
  bool tail_clear = true;
  for (size_t i = sizeof *w; i < INFINIRT_IPC_HANDLE_SIZE; i++)
    tail_clear &= in[i] == 0;
  if (w->magic != WIRE_MAGIC || w->version != WIRE_VERSION ||
      w->check != wire_check(w) || !tail_clear)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "the handle is not one the cpu backend made "
                           "(damaged or forged)");
  if (w->kind != kind)
    return infinirt_detail(infinirtErrorInvalidValue,
                           "the handle is an interprocess %s handle, not a "
                           "%s handle",
                           kind_name((cpu_ipc_kind)w->kind), kind_name(kind));
  if (w->pid == (int32_t)getpid())
    return infinirt_detail(infinirtErrorDeviceUninitialized,
                           "the %s handle was made by this process; handles "
                           "open in other processes only (CUDA: invalid "
                           "device context)",
                           kind_name(kind));
  return infinirtSuccess;
}

int infinirt_cpu_ipc_reopen(const cpu_ipc_wire *w, infinirtError_t *err) {
  char path[64], want[64], got[128];
  snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)w->pid, (int)w->fd);
  int fd = open(path, O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    *err = e == EMFILE || e == ENFILE || e == ENOMEM
               ? errno_error(e, path)
               : infinirt_detail(infinirtErrorInvalidValue,
                                 "cannot open %s (%s): the exporting process "
                                 "exited or freed what the handle names, or "
                                 "belongs to another user",
                                 path, strerror(e));
    return -1;
  }
  /* The descriptor may have been closed and its number reused: the file
   * must be the memfd of this very export. */
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(path, got, sizeof got - 1);
  got[n > 0 ? n : 0] = '\0';
  memfd_name((cpu_ipc_kind)w->kind, w->cookie, want, sizeof want);
  struct stat st;
  int seals = fcntl(fd, F_GET_SEALS);
  bool named = strncmp(got, "/memfd:", 7) == 0 &&
               strncmp(got + 7, want, strlen(want)) == 0 &&
               (got[7 + strlen(want)] == '\0' || got[7 + strlen(want)] == ' ');
  if (!named || fstat(fd, &st) != 0 || (uint64_t)st.st_size != w->map_size ||
      seals < 0 || (seals & (F_SEAL_SHRINK | F_SEAL_GROW)) == 0) {
    *err = infinirt_detail(infinirtErrorInvalidValue,
                           "descriptor %d of process %d is no longer what "
                           "the handle names (freed or destroyed since)",
                           (int)w->fd, (int)w->pid);
    close(fd);
    return -1;
  }
  return fd;
}

size_t infinirt_cpu_ipc_pages(size_t n) {
  size_t page = (size_t)infinirt_cpu_sys.page_size;
  return (n + page - 1) & ~(page - 1);
}
