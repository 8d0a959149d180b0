/* cpu_copy.c - Memcpy, Memcpy2D and Memset, synchronous and stream-ordered,
 * and the execution of every copy and set, the pitched ones of
 * cpu_pitched.c too (big ones split over the scheduler's workers). */
#include <stdlib.h>
#include <string.h>

#include "cpu_graph.h"

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

/* Offsets of row |r| (in slice-major order) of the two layouts of |c|. */
static inline size_t dst_row(const cpu_copy3d *c, size_t r) {
  return r / c->height * c->dslice + r % c->height * c->dpitch;
}
static inline size_t src_row(const cpu_copy3d *c, size_t r) {
  return r / c->height * c->sslice + r % c->height * c->spitch;
}

static void copy_rows(void *arg, size_t begin, size_t end) {
  const cpu_copy3d *c = arg;
  size_t z = begin / c->height, y = begin % c->height;
  for (size_t r = begin; r < end; r++) {
    memcpy(c->dst + z * c->dslice + y * c->dpitch,
           c->src + z * c->sslice + y * c->spitch, c->width);
    if (++y == c->height) {
      y = 0;
      z++;
    }
  }
}

void infinirt_cpu_exec_copy3d(const cpu_copy3d *in) {
  cpu_copy3d c = *in;
  if (c.width == 0 || c.height == 0 || c.depth == 0)
    return;
  /* Slices that start where their last row ends are more rows of one. */
  if (c.depth > 1 && c.dslice == c.dpitch * c.height &&
      c.sslice == c.spitch * c.height) {
    c.height *= c.depth;
    c.depth = 1;
  }
  if (c.depth == 1 &&
      (c.height == 1 || (c.dpitch == c.width && c.spitch == c.width))) {
    infinirt_cpu_exec_copy(c.dst, c.src, c.width * c.height);
    return;
  }
  size_t rows = c.height * c.depth;
  size_t dext = dst_row(&c, rows - 1) + c.width;
  size_t sext = src_row(&c, rows - 1) + c.width;
  if (overlap((uintptr_t)c.dst, dext, (uintptr_t)c.src, sext)) {
    /* Rows in the order that never overwrites a source row before use
     * (CUDA leaves overlapping copies undefined; a plain 2D one works). */
    if (c.dst < c.src) {
      for (size_t r = 0; r < rows; r++)
        memmove(c.dst + dst_row(&c, r), c.src + src_row(&c, r), c.width);
    } else {
      for (size_t r = rows; r-- > 0;)
        memmove(c.dst + dst_row(&c, r), c.src + src_row(&c, r), c.width);
    }
    return;
  }
  if (c.width * rows < PARALLEL_MIN)
    copy_rows(&c, 0, rows);
  else
    infinirt_cpu_parallel_for(rows, PIECE_MIN / c.width + 1, copy_rows, &c);
}

void infinirt_cpu_exec_copy2d(void *dst, size_t dpitch, const void *src,
                              size_t spitch, size_t width, size_t height) {
  cpu_copy3d c = {dst, src, dpitch, spitch, 0, 0, width, height, 1};
  infinirt_cpu_exec_copy3d(&c);
}

static void set_rows(void *arg, size_t begin, size_t end) {
  const cpu_set3d *c = arg;
  size_t z = begin / c->height, y = begin % c->height;
  for (size_t r = begin; r < end; r++) {
    memset(c->dst + z * c->slice + y * c->pitch, c->value, c->width);
    if (++y == c->height) {
      y = 0;
      z++;
    }
  }
}

void infinirt_cpu_exec_set3d(const cpu_set3d *in) {
  cpu_set3d c = *in;
  if (c.width == 0 || c.height == 0 || c.depth == 0)
    return;
  if (c.depth > 1 && c.slice == c.pitch * c.height) {
    c.height *= c.depth;
    c.depth = 1;
  }
  if (c.depth == 1 && (c.height == 1 || c.pitch == c.width)) {
    infinirt_cpu_exec_set(c.dst, c.value, c.width * c.height);
    return;
  }
  size_t rows = c.height * c.depth;
  if (c.width * rows < PARALLEL_MIN)
    set_rows(&c, 0, rows);
  else
    infinirt_cpu_parallel_for(rows, PIECE_MIN / c.width + 1, set_rows, &c);
}

/* ---- entry points ----------------------------------------------------- */

cpu_slot *infinirt_cpu_begin_async(infinirtStream_t stream, unsigned extra,
                                   cpu_enqueue *e, infinirtError_t *err) {
  cpu_slot *h = NULL;
  cpu_stream *s = infinirt_cpu_stream_arg(stream, err);
  if (s &&
      (*err = infinirt_cpu_begin_ordered(s, extra, e, &h)) != infinirtSuccess)
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
  cpu_slot *h = infinirt_cpu_begin_async(stream, 0, &e, &err);
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
  cpu_slot *h = infinirt_cpu_begin_async(stream, 0, &e, &err);
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
  cpu_slot *h = infinirt_cpu_begin_async(stream, 0, &e, &err);
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
  cpu_stream *s = infinirt_cpu_stream_arg(stream, &err);
  if (!s)
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
  /* A graph would read staged bytes at every launch, long after the call. */
  if (staged > 0 && infinirt_cpu_capturing(s))
    return infinirt_detail(infinirtErrorNotSupported,
                           "a batch whose sources are read during the call "
                           "cannot be captured on the cpu backend (use "
                           "infinirtMemcpySrcAccessOrderStream)");
  unsigned char *stage = NULL;
  if (staged > 0 && !(stage = malloc(staged)))
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to stage %zu bytes of sources", staged);
  size_t at = 0;
  for (size_t k = 0, i = 0; i < count && err == infinirtSuccess; i++) {
    if (k + 1 < numAttrs && i == attrsIdxs[k + 1])
      k++;
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
