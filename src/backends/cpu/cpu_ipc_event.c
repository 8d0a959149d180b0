/* cpu_ipc_event.c - the shared state of interprocess events, and the
 * waiter that keeps streams waiting for another process's record off the
 * workers.
 *
 * An interprocess event's record state lives in one page of a memfd that
 * every process holding the event maps (the creator's memfd, reopened by
 * the others through /proc: cpu_ipc.c):
 *
 *   gen    the generation of the latest record, made by any process (a
 *          record takes gen + 1 when it is made);
 *   done   the highest generation that has completed;
 *   wake   a futex word bumped on every completion, which waiters of any
 *          process sleep on (a FUTEX_WAIT without _PRIVATE keys on the
 *          file's page, not on the address).
 *
 * The event is complete when done >= gen. A wait (EventSynchronize,
 * StreamWaitEvent) takes the latest generation g when it is called and is
 * satisfied once done >= g: exactly CUDA's "the latest record at the time
 * of the call" when the event's records complete in the order they were
 * made (always, for records on one stream); a record that completes before
 * an older one on another stream releases the older one's waiters too. A
 * record this process made is waited for through its (stream, seq)
 * position instead (cpu_event.c), exactly and with no polling.
 *
 * A stream that reaches the wait for another process's record before it is
 * done does not hold its worker: its owner hands it to the waiter, one
 * thread started on first need, which watches the parked streams' events
 * (sleeping on the futex of the event when only one is waited for, else
 * polling with a backoff of 20 us to 1 ms) and puts each stream back in the
 * run queue when its record is done. */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "cpu_internal.h"
#include "cpu_ipc.h"

#define SHARED_MAGIC 0x54564549u /* "IEVT" */
#define SHARED_VERSION 1

/* The page every process maps. Lock-free 64-bit atomics are address-free,
 * so they work between processes. */
typedef struct cpu_ipc_shared {
  uint32_t magic, version;
  uint64_t cookie;
  _Atomic uint64_t gen, done;
  atomic_uint wake, sleepers;
} cpu_ipc_shared;
_Static_assert(ATOMIC_LLONG_LOCK_FREE == 2 && ATOMIC_INT_LOCK_FREE == 2,
               "shared atomics must be lock-free");

struct cpu_ipc_event {
  cpu_ipc_shared *sh;
  size_t map_size;
  atomic_uint refs;
  int fd; /* the creator's memfd, which the others reopen; -1 elsewhere */
  infinirtIpcEventHandle_t handle;
};

/* ---- shared futexes ----------------------------------------------------- */

static void futex_wait_shared(atomic_uint *addr, unsigned expected,
                              uint64_t ns) {
  struct timespec ts = {(time_t)(ns / 1000000000u), (long)(ns % 1000000000u)};
  syscall(SYS_futex, (unsigned *)addr, FUTEX_WAIT, expected, &ts, NULL, 0);
}

static void futex_wake_shared(atomic_uint *addr) {
  syscall(SYS_futex, (unsigned *)addr, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

/* ---- objects ------------------------------------------------------------ */

static infinirtError_t map_error(const char *what) {
  return infinirt_detail(errno == ENOMEM ? infinirtErrorMemoryAllocation
                                         : infinirtErrorMapBufferObjectFailed,
                         "%s: %s", what, strerror(errno));
}

infinirtError_t infinirt_cpu_ipc_event_new(int device, cpu_ipc_event **out) {
  cpu_ipc_event *ev = malloc(sizeof *ev);
  if (!ev)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for an interprocess event");
  infinirtError_t err = infinirtSuccess;
  size_t size = infinirt_cpu_ipc_pages(sizeof(cpu_ipc_shared));
  uint64_t cookie = infinirt_cpu_ipc_cookie();
  int fd = infinirt_cpu_ipc_memfd(CPU_IPC_EVENT, cookie, size, &err);
  void *p = fd < 0
                ? MAP_FAILED
                : mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) {
    if (fd >= 0) {
      err = map_error("mapping an event's shared page");
      close(fd);
    }
    free(ev);
    return err;
  }
  madvise(p, size, MADV_DONTFORK);
  cpu_ipc_shared *sh = p;
  sh->magic = SHARED_MAGIC;
  sh->version = SHARED_VERSION;
  sh->cookie = cookie;
  *ev = (cpu_ipc_event){.sh = sh, .map_size = size, .fd = fd};
  atomic_init(&ev->refs, 1);
  infinirt_cpu_ipc_encode((cpu_ipc_wire){.kind = CPU_IPC_EVENT,
                                         .device = (uint16_t)device,
                                         .pid = (int32_t)getpid(),
                                         .fd = fd,
                                         .cookie = cookie,
                                         .size = sizeof(cpu_ipc_shared),
                                         .map_size = size},
                          ev->handle.reserved);
  *out = ev;
  return infinirtSuccess;
}

infinirtError_t
infinirt_cpu_ipc_event_open(const infinirtIpcEventHandle_t *handle,
                            cpu_ipc_event **out) {
  cpu_ipc_wire w;
  infinirtError_t err =
      infinirt_cpu_ipc_decode(handle->reserved, CPU_IPC_EVENT, &w);
  if (err != infinirtSuccess)
    return err;
  if (w.size != sizeof(cpu_ipc_shared) ||
      w.map_size != infinirt_cpu_ipc_pages(sizeof(cpu_ipc_shared)))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "the handle's sizes are not an event's (forged)");
  cpu_ipc_event *ev = malloc(sizeof *ev);
  if (!ev)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to open an interprocess event");
  int fd = infinirt_cpu_ipc_reopen(&w, &err);
  void *p = fd < 0 ? MAP_FAILED
                   : mmap(NULL, (size_t)w.map_size, PROT_READ | PROT_WRITE,
                          MAP_SHARED, fd, 0);
  if (fd >= 0 && p == MAP_FAILED)
    err = map_error("mapping the event's shared page");
  if (fd >= 0)
    close(fd); /* the mapping keeps the file */
  if (p == MAP_FAILED) {
    free(ev);
    return err;
  }
  cpu_ipc_shared *sh = p;
  if (sh->magic != SHARED_MAGIC || sh->version != SHARED_VERSION ||
      sh->cookie != w.cookie) {
    munmap(p, (size_t)w.map_size);
    free(ev);
    return infinirt_detail(infinirtErrorInvalidValue,
                           "the handle's file holds no event of this backend");
  }
  madvise(p, (size_t)w.map_size, MADV_DONTFORK);
  *ev = (cpu_ipc_event){
      .sh = sh, .map_size = (size_t)w.map_size, .fd = -1, .handle = *handle};
  atomic_init(&ev->refs, 1);
  *out = ev;
  return infinirtSuccess;
}

void infinirt_cpu_ipc_event_get(cpu_ipc_event *ev) {
  atomic_fetch_add_explicit(&ev->refs, 1, memory_order_relaxed);
}

void infinirt_cpu_ipc_event_put(cpu_ipc_event *ev) {
  if (atomic_fetch_sub_explicit(&ev->refs, 1, memory_order_acq_rel) != 1)
    return;
  munmap(ev->sh, ev->map_size);
  if (ev->fd >= 0)
    close(ev->fd);
  free(ev);
}

void infinirt_cpu_ipc_event_handle(const cpu_ipc_event *ev,
                                   infinirtIpcEventHandle_t *out) {
  *out = ev->handle;
}

/* ---- records ------------------------------------------------------------ */

uint64_t infinirt_cpu_ipc_event_begin(cpu_ipc_event *ev) {
  return atomic_fetch_add(&ev->sh->gen, 1) + 1;
}

void infinirt_cpu_ipc_event_complete(cpu_ipc_event *ev, uint64_t gen) {
  cpu_ipc_shared *sh = ev->sh;
  uint64_t d = atomic_load(&sh->done);
  while (d < gen && !atomic_compare_exchange_weak(&sh->done, &d, gen)) {
  }
  /* seq_cst: a waiter raises |sleepers| before it reads |done|. */
  atomic_fetch_add(&sh->wake, 1);
  if (atomic_load(&sh->sleepers) != 0)
    futex_wake_shared(&sh->wake);
}

uint64_t infinirt_cpu_ipc_event_latest(const cpu_ipc_event *ev) {
  return atomic_load(&ev->sh->gen);
}

bool infinirt_cpu_ipc_event_done(const cpu_ipc_event *ev, uint64_t gen) {
  return atomic_load(&ev->sh->done) >= gen;
}

typedef struct wait_ctx {
  const cpu_ipc_event *ev;
  uint64_t gen;
} wait_ctx;

static bool wait_done(const void *ctx) {
  const wait_ctx *w = ctx;
  return infinirt_cpu_ipc_event_done(w->ev, w->gen);
}

/* A sleeper re-checks this often, in case its waker is a process that
 * died between completing and waking. */
#define SLEEP_SLICE_NS 100000000u

/* Sleeps on |ev|'s futex for at most |ns| unless the wait is done. */
static void sleep_on(cpu_ipc_event *ev, uint64_t gen, uint64_t ns) {
  cpu_ipc_shared *sh = ev->sh;
  atomic_fetch_add(&sh->sleepers, 1);
  unsigned w = atomic_load(&sh->wake);
  if (!infinirt_cpu_ipc_event_done(ev, gen))
    futex_wait_shared(&sh->wake, w, ns);
  atomic_fetch_sub(&sh->sleepers, 1);
}

void infinirt_cpu_ipc_event_wait(cpu_ipc_event *ev, uint64_t gen, bool spin) {
  wait_ctx c = {ev, gen};
  if (spin ? infinirt_cpu_spin(wait_done, &c, 0) : wait_done(&c))
    return;
  while (!wait_done(&c))
    sleep_on(ev, gen, SLEEP_SLICE_NS);
}

/* ---- the waiter --------------------------------------------------------- */

#define BACKOFF_MIN_NS 20000u
#define BACKOFF_MAX_NS 1000000u

static struct {
  pthread_mutex_t lock;
  pthread_cond_t work;
  cpu_stream *parked; /* through ipc_next */
  int state;          /* 0: not started, 1: running, -1: cannot start */
} waiter = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, 0};

static void *waiter_main(void *arg) {
  (void)arg;
  uint64_t backoff = BACKOFF_MIN_NS;
  for (;;) {
    pthread_mutex_lock(&waiter.lock);
    while (!waiter.parked) {
      backoff = BACKOFF_MIN_NS;
      pthread_cond_wait(&waiter.work, &waiter.lock);
    }
    cpu_stream *ready = NULL, *only = NULL;
    unsigned waiting = 0;
    for (cpu_stream **pp = &waiter.parked; *pp;) {
      cpu_stream *s = *pp;
      if (infinirt_cpu_ipc_event_done(s->ipc_wait, s->ipc_wait_gen)) {
        *pp = s->ipc_next;
        s->ipc_next = ready;
        ready = s;
      } else {
        waiting++;
        only = s;
        pp = &s->ipc_next;
      }
    }
    /* A parked stream stays until this thread takes it out: |only| and
     * the reference its command holds on the event stay valid. */
    cpu_ipc_event *ev = waiting == 1 ? only->ipc_wait : NULL;
    uint64_t gen = ev ? only->ipc_wait_gen : 0;
    pthread_mutex_unlock(&waiter.lock);
    if (ready) {
      while (ready) {
        cpu_stream *next = ready->ipc_next;
        infinirt_cpu_sched_push(&ready->task); /* resumes at its wait */
        ready = next;
      }
      backoff = BACKOFF_MIN_NS;
      continue;
    }
    if (ev) {
      sleep_on(ev, gen, backoff);
    } else {
      struct timespec ts = {0, (long)backoff};
      nanosleep(&ts, NULL);
    }
    backoff = backoff * 2 < BACKOFF_MAX_NS ? backoff * 2 : BACKOFF_MAX_NS;
  }
  return NULL;
}

/* Under waiter.lock. */
static bool waiter_running(void) {
  if (waiter.state == 0) {
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    /* Signals are the application's threads' to take, as with the
     * workers. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_t t;
    waiter.state = pthread_create(&t, &attr, waiter_main, NULL) == 0 ? 1 : -1;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
  }
  return waiter.state == 1;
}

bool infinirt_cpu_ipc_park(cpu_stream *s, cpu_ipc_event *ev, uint64_t gen) {
  pthread_mutex_lock(&waiter.lock);
  if (!waiter_running()) {
    pthread_mutex_unlock(&waiter.lock);
    /* No thread to hand the stream to: this worker waits itself. */
    infinirt_cpu_ipc_event_wait(ev, gen, false);
    return false;
  }
  s->ipc_wait = ev;
  s->ipc_wait_gen = gen;
  s->ipc_next = waiter.parked;
  waiter.parked = s;
  pthread_cond_signal(&waiter.work);
  pthread_mutex_unlock(&waiter.lock);
  return true;
}
