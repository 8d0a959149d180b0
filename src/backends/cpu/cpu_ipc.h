/* cpu_ipc.h - what the CPU backend's interprocess handles are made of
 * (cpu_ipc.c), shared by the memory (cpu_ipc_mem.c) and event
 * (cpu_ipc_event.c) halves.
 *
 * An exported object is a memfd of the exporting process. Its handle says
 * where to find it (the exporter's pid and descriptor number) and which
 * file it must be: the memfd's name carries a 64-bit random cookie that the
 * handle carries too. Another process of the same user opens it again
 * through /proc/<pid>/fd/<n> (a read of the exporter's descriptor table,
 * which needs no ptrace attach, so Yama's ptrace_scope does not stop it)
 * and checks the name, the size and the seals before it maps anything. A
 * handle whose process exited, or whose descriptor was closed (the memory
 * freed, the event destroyed) and the number reused, opens nothing or a
 * file of another name, and is refused. The memfd is sealed against
 * resizing, so no opener can truncate it under the exporter (which would
 * make its accesses fault). */
#ifndef INFINIRT_CPU_IPC_H_
#define INFINIRT_CPU_IPC_H_

#include <stddef.h>
#include <stdint.h>

#include "infinirt.h"

typedef enum cpu_ipc_kind { CPU_IPC_MEM = 1, CPU_IPC_EVENT = 2 } cpu_ipc_kind;

/* The fields of a handle (the first 48 of its 64 bytes; the rest are 0). */
typedef struct cpu_ipc_wire {
  uint32_t magic;
  uint8_t version;
  uint8_t kind;      /* cpu_ipc_kind */
  uint16_t device;   /* the exporter's device ordinal (informative) */
  int32_t pid;       /* the exporting process */
  int32_t fd;        /* its descriptor of the memfd */
  uint64_t cookie;   /* in the memfd's name */
  uint64_t size;     /* bytes the object has (memory: the allocation's size) */
  uint64_t map_size; /* bytes of the memfd */
  uint64_t check;    /* a hash of the fields above */
} cpu_ipc_wire;
_Static_assert(sizeof(cpu_ipc_wire) <= INFINIRT_IPC_HANDLE_SIZE,
               "a handle holds the wire fields");

/* A random cookie, never 0. */
uint64_t infinirt_cpu_ipc_cookie(void);

/* A new sealed memfd of |size| bytes named for |kind| and |cookie|
 * (close-on-exec), or -1 with the error in |*err|. */
int infinirt_cpu_ipc_memfd(cpu_ipc_kind kind, uint64_t cookie, size_t size,
                           infinirtError_t *err);

/* Writes |w| (its check computed here) as the 64 bytes of a handle. */
void infinirt_cpu_ipc_encode(cpu_ipc_wire w,
                             char out[INFINIRT_IPC_HANDLE_SIZE]);

/* Reads a handle of |kind|: InvalidValue for bytes that are no such handle
 * of this backend, DeviceUninitialized for one this process made (CUDA
 * opens handles of other processes only). */
infinirtError_t infinirt_cpu_ipc_decode(const char in[INFINIRT_IPC_HANDLE_SIZE],
                                        cpu_ipc_kind kind, cpu_ipc_wire *w);

/* Opens the memfd |w| names in the exporting process, checked to be that
 * file; returns the descriptor (close-on-exec), or -1 with the error
 * (InvalidValue for a handle that names nothing live) in |*err|. */
int infinirt_cpu_ipc_reopen(const cpu_ipc_wire *w, infinirtError_t *err);

/* Rounds |n| up to a whole number of pages. */
size_t infinirt_cpu_ipc_pages(size_t n);

#endif /* INFINIRT_CPU_IPC_H_ */
