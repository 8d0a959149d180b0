/* nv_staging.c - MemcpyAsync and Memcpy2DAsync that touch pageable host
 * memory.
 *
 * The driver copies pageable memory synchronously with respect to the host:
 * a device-to-host copy returns only once the stream has reached and
 * finished it, and a host-to-device copy reads the source at call time.
 * infinirt.h promises instead that these calls return at once and touch the
 * host memory when the stream reaches the copy. So such a copy is handed to
 * a worker thread of the stream ("stager"): the caller records an event at
 * the copy's place in the stream and makes the stream wait (a device-side
 * cuStreamWaitValue32) until a pinned flag reaches the copy's sequence
 * number; the worker waits for the event, does the driver's own copy on a
 * private stream (so bandwidth is the driver's) and raises the flag.
 *
 * No host function is involved, so a host function blocked on another
 * stream cannot hold the copy up. A driver without cuStreamWaitValue32 gets
 * the driver's synchronous behaviour instead. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nv.h"

#define DEV(p) ((CUdeviceptr)(uintptr_t)(p))

typedef struct nv_task {
  struct nv_task *next;
  CUevent reached; /* recorded on the user stream where the copy belongs */
  uint32_t seq;    /* the flag value that releases the user stream */
  void *dst;
  const void *src;
  size_t dpitch, spitch, width, height;
} nv_task;

struct nv_stager {
  pthread_mutex_t lock; /* guards everything below but the worker's own */
  pthread_cond_t wake;
  pthread_t thread;
  int dev;                 /* the user stream's device */
  bool quit;               /* retired: finish the queue, then exit */
  CUevent last;            /* retired: the user stream's end; NULL if idle */
  volatile uint32_t *flag; /* pinned, read by the device */
  uint32_t seq;            /* the last sequence number handed out */
  nv_task *head, *tail;    /* queued copies */
  nv_task *spare;          /* finished tasks, kept with their events */
  CUresult failed;         /* first failing asynchronous copy, reported next */
  CUstream copier;         /* the worker's stream (made by the worker) */
};

static void run_copy(nv_stager *st, nv_task *t, bool usable) {
  CUresult r = usable ? nv_sym.cuEventSynchronize(t->reached)
                      : CUDA_ERROR_INVALID_HANDLE;
  if (r == CUDA_SUCCESS) {
    if (t->height == 1) {
      r = nv_sym.cuMemcpyAsync(DEV(t->dst), DEV(t->src), t->width, st->copier);
    } else {
      CUDA_MEMCPY2D c = {
          .srcMemoryType = CU_MEMORYTYPE_UNIFIED,
          .srcDevice = DEV(t->src),
          .srcPitch = t->spitch,
          .dstMemoryType = CU_MEMORYTYPE_UNIFIED,
          .dstDevice = DEV(t->dst),
          .dstPitch = t->dpitch,
          .WidthInBytes = t->width,
          .Height = t->height,
      };
      r = nv_sym.cuMemcpy2DAsync(&c, st->copier);
    }
    if (r == CUDA_SUCCESS)
      r = nv_sym.cuStreamSynchronize(st->copier);
  }
  if (r != CUDA_SUCCESS) {
    pthread_mutex_lock(&st->lock);
    if (st->failed == CUDA_SUCCESS)
      st->failed = r;
    pthread_mutex_unlock(&st->lock);
  }
  /* Released even after a failure: the stream must not wait forever. */
  __atomic_store_n(st->flag, t->seq, __ATOMIC_RELEASE);
}

static void free_stager(nv_stager *st) {
  for (nv_task *t = st->spare, *next; t; t = next) {
    next = t->next;
    nv_sym.cuEventDestroy(t->reached);
    free(t);
  }
  if (st->copier)
    nv_sym.cuStreamDestroy(st->copier);
  nv_sym.cuMemFreeHost((void *)st->flag);
  pthread_cond_destroy(&st->wake);
  pthread_mutex_destroy(&st->lock);
  free(st);
}

static void *worker(void *arg) {
  nv_stager *st = arg;
  CUcontext ctx;
  bool ok = nv_ctx_get(st->dev, &ctx) == infinirtSuccess &&
            nv_sym.cuCtxSetCurrent(ctx) == CUDA_SUCCESS &&
            nv_sym.cuStreamCreateWithPriority(
                &st->copier, CU_STREAM_NON_BLOCKING, 0) == CUDA_SUCCESS;
  if (!ok)
    st->copier = NULL;
  pthread_mutex_lock(&st->lock);
  for (;;) {
    while (!st->head && !st->quit)
      pthread_cond_wait(&st->wake, &st->lock);
    nv_task *t = st->head;
    if (!t)
      break; /* retired and drained */
    st->head = t->next;
    if (!st->head)
      st->tail = NULL;
    pthread_mutex_unlock(&st->lock);
    run_copy(st, t, ok);
    pthread_mutex_lock(&st->lock);
    t->next = st->spare;
    st->spare = t;
  }
  CUevent last = st->last;
  pthread_mutex_unlock(&st->lock);
  /* The flag may still be read by waits the user stream has not reached. */
  if (last) {
    nv_sym.cuEventSynchronize(last);
    nv_sym.cuEventDestroy(last);
  }
  free_stager(st);
  return NULL;
}

/* A new stager for device |dev|, its worker started; NULL with |*err| set,
 * or with |*err| = Success where the driver cannot order a stream on a host
 * flag (then the caller copies the driver's way). */
static nv_stager *new_stager(int dev, infinirtError_t *err) {
  *err = infinirtSuccess;
  if (!nv_sym.cuStreamWaitValue32)
    return NULL;
  nv_stager *st = calloc(1, sizeof *st);
  if (!st) {
    *err = infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for a copy worker");
    return NULL;
  }
  void *flag;
  CUresult r = nv_sym.cuMemHostAlloc(
      &flag, 64, CU_MEMHOSTALLOC_PORTABLE | CU_MEMHOSTALLOC_DEVICEMAP);
  if (r != CUDA_SUCCESS) {
    free(st);
    *err = nv_fail(r, "cuMemHostAlloc (copy worker flag)");
    return NULL;
  }
  st->flag = flag;
  *st->flag = 0;
  st->dev = dev;
  pthread_mutex_init(&st->lock, NULL);
  pthread_cond_init(&st->wake, NULL);
  if (pthread_create(&st->thread, NULL, worker, st) != 0) {
    st->copier = NULL;
    free_stager(st);
    *err = infinirt_detail(infinirtErrorMemoryAllocation,
                           "cannot start a copy worker thread");
    return NULL;
  }
  return st;
}

/* The stager of |stream| (NULL: device |dev|'s legacy stream), made on
 * first use under the device lock. */
static nv_stager *stager_of(infinirtStream_t stream, int dev,
                            infinirtError_t *err) {
  _Atomic(nv_stager *) *slot =
      stream ? &((nv_stream *)stream)->stage : &nv_devices[dev].legacy_stage;
  nv_stager *st = atomic_load_explicit(slot, memory_order_acquire);
  *err = infinirtSuccess;
  if (st)
    return st;
  nv_device *d = &nv_devices[dev];
  pthread_mutex_lock(&d->lock);
  st = atomic_load_explicit(slot, memory_order_relaxed);
  if (!st) {
    st = new_stager(dev, err);
    if (st)
      atomic_store_explicit(slot, st, memory_order_release);
  }
  pthread_mutex_unlock(&d->lock);
  return st;
}

void nv_stager_retire(nv_stager *st, CUstream cu, bool wait) {
  CUevent last = NULL;
  /* The end-of-stream event belongs to the stream's context. */
  if (!wait && nv_ctx_switch(st->dev) == infinirtSuccess) {
    if (nv_sym.cuEventCreate(&last, CU_EVENT_BLOCKING_SYNC |
                                        CU_EVENT_DISABLE_TIMING) !=
        CUDA_SUCCESS) {
      last = NULL;
    } else if (nv_sym.cuEventRecord(last, cu) != CUDA_SUCCESS) {
      nv_sym.cuEventDestroy(last);
      last = NULL;
    }
  }
  pthread_t th = st->thread;
  pthread_mutex_lock(&st->lock);
  st->quit = true;
  st->last = last;
  pthread_cond_signal(&st->wake);
  pthread_mutex_unlock(&st->lock);
  if (wait)
    pthread_join(th, NULL);
  else
    pthread_detach(th);
}

void nv_staging_reset(nv_device *d) {
  nv_stager *st = atomic_exchange(&d->legacy_stage, NULL);
  if (st)
    nv_stager_retire(st, NULL, true);
}

bool nv_is_pageable(const void *p) {
  unsigned int type = 0;
  CUpointer_attribute a = CU_POINTER_ATTRIBUTE_MEMORY_TYPE;
  void *data = &type;
  return nv_sym.cuPointerGetAttributes(1, &a, &data, DEV(p)) == CUDA_SUCCESS &&
         type == 0;
}

/* The driver's own copy, synchronous for pageable memory. */
static infinirtError_t driver_copy(CUstream u, void *dst, size_t dpitch,
                                   const void *src, size_t spitch, size_t width,
                                   size_t height) {
  if (height == 1)
    return nv_check(nv_sym.cuMemcpyAsync(DEV(dst), DEV(src), width, u),
                    "cuMemcpyAsync");
  CUDA_MEMCPY2D c = {
      .srcMemoryType = CU_MEMORYTYPE_UNIFIED,
      .srcDevice = DEV(src),
      .srcPitch = spitch,
      .dstMemoryType = CU_MEMORYTYPE_UNIFIED,
      .dstDevice = DEV(dst),
      .dstPitch = dpitch,
      .WidthInBytes = width,
      .Height = height,
  };
  return nv_check(nv_sym.cuMemcpy2DAsync(&c, u), "cuMemcpy2DAsync_v2");
}

infinirtError_t nv_staged_copy(infinirtStream_t stream, int dev, void *dst,
                               size_t dpitch, const void *src, size_t spitch,
                               size_t width, size_t height) {
  CUstream u = nv_cu_stream(stream);
  /* Events and waits belong to the stream's own context. */
  if (stream && ((nv_stream *)stream)->h.device != dev) {
    dev = ((nv_stream *)stream)->h.device;
    infinirtError_t err = nv_ctx_switch(dev);
    if (err != infinirtSuccess)
      return err;
  }
  infinirtError_t err;
  nv_stager *st = stager_of(stream, dev, &err);
  if (!st)
    return err != infinirtSuccess
               ? err
               : driver_copy(u, dst, dpitch, src, spitch, width, height);

  pthread_mutex_lock(&st->lock);
  CUresult failed = st->failed;
  st->failed = CUDA_SUCCESS;
  nv_task *t = st->spare;
  if (t) {
    st->spare = t->next;
  } else if ((t = malloc(sizeof *t)) != NULL) {
    CUresult r = nv_sym.cuEventCreate(&t->reached, CU_EVENT_BLOCKING_SYNC |
                                                       CU_EVENT_DISABLE_TIMING);
    if (r != CUDA_SUCCESS) {
      free(t);
      t = NULL;
      err = nv_fail(r, "cuEventCreate (pageable copy)");
    }
  } else {
    err = infinirt_detail(infinirtErrorMemoryAllocation,
                          "no memory for a pageable copy");
  }
  if (t) {
    *t = (nv_task){NULL,   t->reached, st->seq + 1, dst,   src,
                   dpitch, spitch,     width,       height};
    CUresult r = nv_sym.cuEventRecord(t->reached, u);
    if (r == CUDA_SUCCESS)
      r = nv_sym.cuStreamWaitValue32(u, DEV(st->flag), t->seq,
                                     CU_STREAM_WAIT_VALUE_GEQ);
    if (r == CUDA_SUCCESS) {
      st->seq = t->seq;
      if (st->tail)
        st->tail->next = t;
      else
        st->head = t;
      st->tail = t;
      pthread_cond_signal(&st->wake);
    } else {
      t->next = st->spare;
      st->spare = t;
      err = nv_fail(r, "ordering a pageable copy");
    }
  }
  pthread_mutex_unlock(&st->lock);
  /* An earlier copy of this stream that failed on the worker is reported
   * now, as CUDA reports asynchronous errors on a later call. */
  if (err == infinirtSuccess && failed != CUDA_SUCCESS)
    err = nv_fail(failed, "an earlier asynchronous pageable copy");
  return err;
}
