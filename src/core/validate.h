/* validate.h - argument checks that every backend makes the same way, so
 * that bad input gets the same documented error whatever the device type.
 * Each returns Success with |*skip| set when the call has nothing to do
 * (a zero count), and on failure writes the error detail. Inline: they sit
 * on the hot path of every copy. */
#ifndef INFINIRT_CORE_VALIDATE_H_
#define INFINIRT_CORE_VALIDATE_H_

#include <stdbool.h>
#include <stdint.h>

#include "backend.h"

/* True if the |n| bytes at |p| run past the end of the address space. */
static inline bool infinirt_range_wraps(const void *p, size_t n) {
  return n != 0 && (uintptr_t)p > UINTPTR_MAX - (n - 1);
}

static inline infinirtError_t
infinirt_check_memcpy_kind(enum infinirtMemcpyKind kind) {
  if (__builtin_expect((unsigned)kind > (unsigned)infinirtMemcpyDefault, 0))
    return infinirt_detail(infinirtErrorInvalidMemcpyDirection,
                           "%d is not an infinirtMemcpyKind", (int)kind);
  return infinirtSuccess;
}

/* Memcpy, MemcpyAsync. */
static inline infinirtError_t infinirt_check_copy(void *dst, const void *src,
                                                  size_t count,
                                                  enum infinirtMemcpyKind kind,
                                                  bool *skip) {
  *skip = true;
  infinirtError_t err = infinirt_check_memcpy_kind(kind);
  if (err != infinirtSuccess || count == 0)
    return err;
  if (__builtin_expect(!dst || !src, 0))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "%s is NULL with count %zu", dst ? "src" : "dst",
                           count);
  if (__builtin_expect(infinirt_range_wraps(dst, count) ||
                           infinirt_range_wraps(src, count),
                       0))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "a %zu-byte range at %s %p wraps the address space",
                           count,
                           infinirt_range_wraps(dst, count) ? "dst" : "src",
                           infinirt_range_wraps(dst, count) ? dst : src);
  *skip = false;
  return infinirtSuccess;
}

/* Bytes spanned by |height| rows of |width| bytes |pitch| apart; false if
 * that overflows. */
static inline bool infinirt_pitched_extent(size_t pitch, size_t width,
                                           size_t height, size_t *out) {
  size_t rows;
  if (__builtin_mul_overflow(pitch, height - 1, &rows))
    return false;
  return !__builtin_add_overflow(rows, width, out);
}

/* Memcpy2D, Memcpy2DAsync. A width beyond a pitch is refused even when
 * there are no rows: the arguments are inconsistent either way. */
static inline infinirtError_t
infinirt_check_copy_2d(void *dst, size_t dpitch, const void *src, size_t spitch,
                       size_t width, size_t height,
                       enum infinirtMemcpyKind kind, bool *skip) {
  *skip = true;
  infinirtError_t err = infinirt_check_memcpy_kind(kind);
  if (err != infinirtSuccess)
    return err;
  if (width > dpitch || width > spitch)
    return infinirt_detail(
        infinirtErrorInvalidPitchValue, "width %zu exceeds %s %zu", width,
        width > dpitch ? "dpitch" : "spitch", width > dpitch ? dpitch : spitch);
  if (width == 0 || height == 0)
    return infinirtSuccess;
  if (!dst || !src)
    return infinirt_detail(infinirtErrorInvalidValue, "%s is NULL",
                           dst ? "src" : "dst");
  size_t dext, sext;
  if (!infinirt_pitched_extent(dpitch, width, height, &dext) ||
      !infinirt_pitched_extent(spitch, width, height, &sext) ||
      infinirt_range_wraps(dst, dext) || infinirt_range_wraps(src, sext))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "a %zu x %zu copy with pitches %zu/%zu overflows",
                           width, height, dpitch, spitch);
  *skip = false;
  return infinirtSuccess;
}

/* Memset, MemsetAsync. */
static inline infinirtError_t infinirt_check_set(void *dst, size_t count,
                                                 bool *skip) {
  *skip = true;
  if (count == 0)
    return infinirtSuccess;
  if (__builtin_expect(!dst, 0))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "devPtr is NULL with count %zu", count);
  if (__builtin_expect(infinirt_range_wraps(dst, count), 0))
    return infinirt_detail(infinirtErrorInvalidValue,
                           "a %zu-byte range at %p wraps the address space",
                           count, dst);
  *skip = false;
  return infinirtSuccess;
}

#endif /* INFINIRT_CORE_VALIDATE_H_ */
