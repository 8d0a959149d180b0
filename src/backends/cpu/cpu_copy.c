/* cpu_copy.c - Memcpy, Memcpy2D and Memset, synchronous and stream-ordered,
 * and their execution (big ones split over the scheduler's workers). */
#include <stdlib.h>
#include <string.h>

#include "cpu_internal.h"

#define PARALLEL_MIN (1u << 20) /* below this one thread is faster */
#define PIECE_MIN (256u << 10)

/* ---- execution -------------------------------------------------------- */

static size_t piece_size(size_t n) {
  size_t p = n / (infinirt_cpu_parallel_width() * 4);
  if (p < PIECE_MIN)
    p = PIECE_MIN;
  return (p + 4095) & ~(size_t)4095;
}

static bool overlap(uintptr_t a, size_t an, uintptr_t b, size_t bn) {
  return a < b + bn && b < a + an;
}

typedef struct copy_job {
  unsigned char *dst;
  const unsigned char *src;
} copy_job;

static void copy_range(void *arg, size_t begin, size_t end) {
  copy_job *j = arg;
  memcpy(j->dst + begin, j->src + begin, end - begin);
}

void infinirt_cpu_exec_copy(void *dst, const void *src, size_t n) {
  if (dst == src || n == 0)
    return;
  if (overlap((uintptr_t)dst, n, (uintptr_t)src, n)) {
    memmove(dst, src, n);
  } else if (n < PARALLEL_MIN) {
    memcpy(dst, src, n);
  } else {
    copy_job j = {dst, src};
    infinirt_cpu_parallel_for(n, piece_size(n), copy_range, &j);
  }
}

typedef struct set_job {
  unsigned char *dst;
  int value;
} set_job;

static void set_range(void *arg, size_t begin, size_t end) {
  set_job *j = arg;
  memset(j->dst + begin, j->value, end - begin);
}

void infinirt_cpu_exec_set(void *dst, int value, size_t n) {
  if (n < PARALLEL_MIN) {
    memset(dst, value, n);
  } else {
    set_job j = {dst, value};
    infinirt_cpu_parallel_for(n, piece_size(n), set_range, &j);
  }
}

typedef struct copy2d_job {
  unsigned char *dst;
  const unsigned char *src;
  size_t dpitch, spitch, width;
} copy2d_job;

static void copy_rows(void *arg, size_t begin, size_t end) {
  copy2d_job *j = arg;
  for (size_t r = begin; r < end; r++)
    memcpy(j->dst + r * j->dpitch, j->src + r * j->spitch, j->width);
}

void infinirt_cpu_exec_copy2d(void *dst, size_t dpitch, const void *src,
                              size_t spitch, size_t width, size_t height) {
  if (width == 0 || height == 0)
    return;
  if (dpitch == width && spitch == width) {
    infinirt_cpu_exec_copy(dst, src, width * height);
    return;
  }
  size_t dext = dpitch * (height - 1) + width;
  size_t sext = spitch * (height - 1) + width;
  unsigned char *d = dst;
  const unsigned char *s = src;
  if (overlap((uintptr_t)dst, dext, (uintptr_t)src, sext)) {
    /* Rows in the order that never overwrites a source row before use. */
    if (d < s) {
      for (size_t r = 0; r < height; r++)
        memmove(d + r * dpitch, s + r * spitch, width);
    } else {
      for (size_t r = height; r-- > 0;)
        memmove(d + r * dpitch, s + r * spitch, width);
    }
    return;
  }
  copy2d_job j = {d, s, dpitch, spitch, width};
  size_t rows_per_piece = PIECE_MIN / width + 1;
  if (width * height < PARALLEL_MIN)
    copy_rows(&j, 0, height);
  else
    infinirt_cpu_parallel_for(height, rows_per_piece, copy_rows, &j);
}

/* ---- entry points ----------------------------------------------------- */

/* Claims the slot of one command on |stream| under the legacy-stream rules;
 * NULL with |*err| set on failure. */
static cpu_slot *begin_async(infinirtStream_t stream, cpu_enqueue *e,
                             infinirtError_t *err) {
  cpu_slot *h = NULL;
  cpu_stream *s = infinirt_cpu_stream_arg(stream, err);
  if (s && (*err = infinirt_cpu_begin_ordered(s, 0, e, &h)) != infinirtSuccess)
    h = NULL;
  return h;
}

infinirtError_t infinirt_cpu_Memcpy(void *dst, const void *src, size_t count,
                                    enum infinirtMemcpyKind kind) {
  (void)kind; /* all memory is host memory: one kind of copy */
  infinirtError_t err;
  cpu_enqueue e;
  if ((err = infinirt_cpu_legacy_enter(infinirt_cpu_current(), &e)) !=
      infinirtSuccess)
    return err;
  infinirt_cpu_exec_copy(dst, src, count);
  infinirt_cpu_legacy_leave(&e);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_MemcpyAsync(void *dst, const void *src,
                                         size_t count,
                                         enum infinirtMemcpyKind kind,
                                         infinirtStream_t stream) {
  (void)kind; /* all memory is host memory: one kind of copy */
  infinirtError_t err = infinirtSuccess;
  cpu_enqueue e;
  cpu_slot *h = begin_async(stream, &e, &err);
  if (!h)
    return err;
  h->cmd.p.copy.dst = dst;
  h->cmd.p.copy.src = src;
  h->cmd.p.copy.n = count;
  infinirt_cpu_commit(&e, CPU_OP_COPY);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_Memcpy2D(void *dst, size_t dpitch, const void *src,
                                      size_t spitch, size_t width,
                                      size_t height,
                                      enum infinirtMemcpyKind kind) {
  (void)kind; /* all memory is host memory: one kind of copy */
  infinirtError_t err;
  cpu_enqueue e;
  if ((err = infinirt_cpu_legacy_enter(infinirt_cpu_current(), &e)) !=
      infinirtSuccess)
    return err;
  infinirt_cpu_exec_copy2d(dst, dpitch, src, spitch, width, height);
  infinirt_cpu_legacy_leave(&e);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_Memcpy2DAsync(void *dst, size_t dpitch,
                                           const void *src, size_t spitch,
                                           size_t width, size_t height,
                                           enum infinirtMemcpyKind kind,
                                           infinirtStream_t stream) {
  (void)kind; /* all memory is host memory: one kind of copy */
  infinirtError_t err = infinirtSuccess;
  cpu_enqueue e;
  cpu_slot *h = begin_async(stream, &e, &err);
  if (!h)
    return err;
  h->cmd.p.copy2d.dst = dst;
  h->cmd.p.copy2d.dpitch = dpitch;
  h->cmd.p.copy2d.src = src;
  h->cmd.p.copy2d.spitch = spitch;
  h->cmd.p.copy2d.width = width;
  h->cmd.p.copy2d.height = height;
  infinirt_cpu_commit(&e, CPU_OP_COPY2D);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_Memset(void *devPtr, int value, size_t count) {
  infinirtError_t err;
  cpu_enqueue e;
  if ((err = infinirt_cpu_legacy_enter(infinirt_cpu_current(), &e)) !=
      infinirtSuccess)
    return err;
  infinirt_cpu_exec_set(devPtr, value & 0xff, count);
  infinirt_cpu_legacy_leave(&e);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_MemsetAsync(void *devPtr, int value, size_t count,
                                         infinirtStream_t stream) {
  infinirtError_t err = infinirtSuccess;
  cpu_enqueue e;
  cpu_slot *h = begin_async(stream, &e, &err);
  if (!h)
    return err;
  h->cmd.p.set.dst = devPtr;
  h->cmd.p.set.n = count;
  h->cmd.p.set.value = value & 0xff;
  infinirt_cpu_commit(&e, CPU_OP_SET);
  return infinirtSuccess;
}

/* The copies of a batch go to the stream one after another, which is one of
 * the orders the batch allows. A source read "during the API call" is
 * copied aside now, and the copy reads the staged bytes, freed after it. */
infinirtError_t infinirt_cpu_MemcpyBatchAsync(
    void *const *dsts, const void *const *srcs, const size_t *sizes,
    size_t count, struct infinirtMemcpyAttributes *attrs, size_t *attrsIdxs,
    size_t numAttrs, infinirtStream_t stream) {
  infinirtError_t err = infinirtSuccess;
  if (!infinirt_cpu_stream_arg(stream, &err))
    return err;
  size_t staged = 0;
  for (size_t k = 0, i = 0; i < count; i++) {
    if (k + 1 < numAttrs && i == attrsIdxs[k + 1])
      k++;
    if (attrs[k].srcAccessOrder == infinirtMemcpySrcAccessOrderDuringApiCall &&
        __builtin_add_overflow(staged, sizes[i], &staged))
      return infinirt_detail(infinirtErrorInvalidValue,
                             "the batch's staged sources overflow size_t");
  }
  unsigned char *stage = NULL;
  if (staged > 0 && !(stage = malloc(staged)))
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to stage %zu bytes of sources", staged);
  size_t at = 0;
  for (size_t k = 0, i = 0; i < count && err == infinirtSuccess; i++) {
    if (k + 1 < numAttrs && i == attrsIdxs[k + 1])
      k++;
    if (sizes[i] == 0)
      continue;
    const void *src = srcs[i];
    if (attrs[k].srcAccessOrder == infinirtMemcpySrcAccessOrderDuringApiCall) {
      infinirt_cpu_exec_copy(stage + at, src, sizes[i]);
      src = stage + at;
      at += sizes[i];
    }
    err = infinirt_cpu_MemcpyAsync(dsts[i], src, sizes[i],
                                   infinirtMemcpyDefault, stream);
  }
  if (stage) {
    /* After the copies that read it, even if the batch stopped early. */
    if (infinirt_cpu_LaunchHostFunc(stream, free, stage) != infinirtSuccess) {
      infinirt_cpu_StreamSynchronize(stream);
      free(stage);
    }
  }
  return err;
}
