/* fz_ops_copy.c - Memcpy, Memcpy2D and Memset (synchronous and on a
 * stream): predicted results, ordering before the call, shadow bytes after.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "fz.h"

#define ALL_KINDS 0xfu
#define WRAPPING ((void *)(UINTPTR_MAX - 15))

static bool wraps(const void *p, size_t n) {
  return n != 0 && (uintptr_t)p > UINTPTR_MAX - (n - 1);
}

static enum infinirtMemcpyKind pick_kind(fz_exec *e, bool bad) {
  static const int bad_kinds[] = {5, 7, 100, -1, INT_MAX};
  uint8_t b = fz_u8(e);
  return bad ? (enum infinirtMemcpyKind)bad_kinds[b % 5]
             : (enum infinirtMemcpyKind)(b % 5);
}

/* The stream an operation is ordered on: its own, or for a synchronous one
 * the executor's view of the legacy stream. */
static int target_sid(fz_exec *e, bool async, int sid) {
  return async ? sid : fz_sid_legacy(e->id, e->cur);
}

/* Commits a successful operation on |sid|; a synchronous one is complete. */
static uint32_t finish_op(fz_exec *e, bool async, int sid, const fz_vc *v) {
  fz_commit(sid, v);
  if (!async)
    fz_vc_join(&e->H, v);
  return v->c[sid];
}

static fz_fn fn_of(bool async, fz_fn sync_fn, fz_fn async_fn) {
  return async ? async_fn : sync_fn;
}

static void shadow_copy(fz_alloc *d, size_t doff, const fz_alloc *s,
                        size_t soff, size_t n) {
  memmove(d->val + doff, s->val + soff, n);
  memmove(d->known + doff, s->known + soff, n);
}

void fz_op_copy(fz_exec *e, bool async) {
  fz_alloc *da = fz_pick_alloc(e, ALL_KINDS), *sa = fz_pick_alloc(e, ALL_KINDS);
  if (!da || !sa)
    return;
  size_t doff, dlen, soff, slen;
  fz_region(e, da, 8192, &doff, &dlen);
  fz_region(e, sa, 8192, &soff, &slen);
  size_t count = dlen < slen ? dlen : slen;
  void *dst = da->p + doff;
  const void *src = sa->p + soff;
  uint8_t fault = fz_u8(e) % 16;
  enum infinirtMemcpyKind kind = pick_kind(e, fault == 5);
  infinirtStream_t h = NULL;
  int sid = async ? fz_stream_operand(e, &h) : 0;
  bool real = true;
  switch (fault) {
  case 0:
    dst = NULL, real = false;
    break;
  case 1:
    src = NULL, real = false;
    break;
  case 2:
    dst = WRAPPING, count = 32 + count % 64, real = false;
    break;
  case 3:
    count = SIZE_MAX, real = false;
    break;
  case 4:
    dst = fz_pick_garbage(e), src = fz_pick_dead(e, DEAD_PTR), count = 0;
    real = false;
    break;
  }
  /* Overlapping source and destination: not a valid copy. */
  if (real && da == sa && doff < soff + count && soff < doff + count)
    return;
  fz_cset faults = 0;
  if (async && sid < 0)
    faults |= B(IRH);
  if ((unsigned)kind > (unsigned)infinirtMemcpyDefault)
    faults |= B(IMD);
  if (count && (!dst || !src || wraps(dst, count) || wraps(src, count)))
    faults |= B(IV);
  fz_cset exp = faults ? faults | (count == 0 ? B(S) : 0) : B(S);
  int tsid = target_sid(e, async, sid);
  bool effect = !faults && count > 0;
  if (effect) {
    fz_order_after(e, tsid, da, doff, count, true, true);
    fz_order_after(e, tsid, sa, soff, count, false, true);
    tsid = target_sid(e, async, sid);
  }
  fz_vc v;
  if (tsid >= 0)
    fz_enqueue_clock(e, tsid, &v);
  infinirtError_t r = async ? infinirtMemcpyAsync(dst, src, count, kind, h)
                            : infinirtMemcpy(dst, src, count, kind);
  fz_check(e, fn_of(async, FN_Memcpy, FN_MemcpyAsync), r, exp);
  if (r != infinirtSuccess || !effect)
    return;
  uint32_t seq = finish_op(e, async, tsid, &v);
  fz_add_access(da, tsid, seq, doff, count, true, e->step);
  fz_add_access(sa, tsid, seq, soff, count, false, e->step);
  shadow_copy(da, doff, sa, soff, count);
  if (!async)
    fz_settle(e);
}

void fz_op_copy2d(fz_exec *e, bool async) {
  fz_alloc *da = fz_pick_alloc(e, ALL_KINDS), *sa = fz_pick_alloc(e, ALL_KINDS);
  if (!da || !sa)
    return;
  size_t doff = fz_u16(e) % da->n, soff = fz_u16(e) % sa->n;
  size_t width = fz_u8(e) % 65, height = fz_u8(e) % 17;
  size_t dpitch = width + fz_u8(e) % 32, spitch = width + fz_u8(e) % 32;
  while (height > 0 && (dpitch * (height - 1) + width > da->n - doff ||
                        spitch * (height - 1) + width > sa->n - soff))
    height--;
  void *dst = da->p + doff;
  const void *src = sa->p + soff;
  uint8_t fault = fz_u8(e) % 16;
  enum infinirtMemcpyKind kind = pick_kind(e, fault == 5);
  infinirtStream_t h = NULL;
  int sid = async ? fz_stream_operand(e, &h) : 0;
  bool real = true;
  switch (fault) {
  case 0:
    dst = NULL, real = false;
    break;
  case 1:
    src = NULL, real = false;
    break;
  case 2:
    if (width)
      dpitch = width - 1, real = false;
    break;
  case 3:
    if (width)
      spitch = width - 1, real = false;
    break;
  case 4: /* rows that overflow size_t */
    height = SIZE_MAX - fz_u8(e);
    width = width ? width : 1;
    dpitch = dpitch < 2 ? 2 : dpitch, spitch = spitch < width ? width : spitch;
    dpitch = dpitch < width ? width : dpitch;
    real = false;
    break;
  case 6:
    dst = fz_pick_garbage(e), src = fz_pick_garbage(e);
    if (fz_u8(e) & 1)
      width = 0;
    else
      height = 0;
    real = false;
    break;
  case 7:
    /* More than the 16 bytes left below the top of the address space. */
    dst = WRAPPING, width = 32 + width % 32, height = height ? height : 1;
    dpitch = dpitch < width ? width : dpitch;
    spitch = spitch < width ? width : spitch;
    real = false;
    break;
  }
  bool zero = width == 0 || height == 0;
  size_t dext = 0, sext = 0;
  bool overflow = false;
  if (!zero) {
    size_t rows;
    overflow |= __builtin_mul_overflow(dpitch, height - 1, &rows) ||
                __builtin_add_overflow(rows, width, &dext);
    overflow |= __builtin_mul_overflow(spitch, height - 1, &rows) ||
                __builtin_add_overflow(rows, width, &sext);
  }
  if (real && !zero && da == sa && doff < soff + sext && soff < doff + dext)
    return;
  fz_cset faults = 0;
  if (async && sid < 0)
    faults |= B(IRH);
  if ((unsigned)kind > (unsigned)infinirtMemcpyDefault)
    faults |= B(IMD);
  if (width > dpitch || width > spitch)
    faults |= B(IPV);
  if (!zero &&
      (!dst || !src || overflow || wraps(dst, dext) || wraps(src, sext)))
    faults |= B(IV);
  fz_cset exp = faults ? faults | (zero ? B(S) : 0) : B(S);
  int tsid = target_sid(e, async, sid);
  bool effect = !faults && !zero;
  if (effect) {
    fz_order_after(e, tsid, da, doff, dext, true, true);
    fz_order_after(e, tsid, sa, soff, sext, false, true);
    tsid = target_sid(e, async, sid);
  }
  fz_vc v;
  if (tsid >= 0)
    fz_enqueue_clock(e, tsid, &v);
  infinirtError_t r =
      async ? infinirtMemcpy2DAsync(dst, dpitch, src, spitch, width, height,
                                    kind, h)
            : infinirtMemcpy2D(dst, dpitch, src, spitch, width, height, kind);
  fz_check(e, fn_of(async, FN_Memcpy2D, FN_Memcpy2DAsync), r, exp);
  if (r != infinirtSuccess || !effect)
    return;
  uint32_t seq = finish_op(e, async, tsid, &v);
  fz_add_access(da, tsid, seq, doff, dext, true, e->step);
  fz_add_access(sa, tsid, seq, soff, sext, false, e->step);
  for (size_t row = 0; row < height; row++)
    shadow_copy(da, doff + row * dpitch, sa, soff + row * spitch, width);
  if (!async)
    fz_settle(e);
}

void fz_op_set(fz_exec *e, bool async) {
  fz_alloc *a = fz_pick_alloc(e, ALL_KINDS);
  if (!a)
    return;
  size_t off, count;
  fz_region(e, a, 8192, &off, &count);
  int value = (int)fz_u32(e);
  void *p = a->p + off;
  infinirtStream_t h = NULL;
  int sid = async ? fz_stream_operand(e, &h) : 0;
  bool real = true;
  switch (fz_u8(e) % 12) {
  case 0:
    p = NULL, count = count ? count : 1, real = false;
    break;
  case 1:
    p = WRAPPING, count = 32 + count % 64, real = false;
    break;
  case 2:
    count = SIZE_MAX, real = false;
    break;
  case 3:
    p = fz_pick_garbage(e), count = 0, real = false;
    break;
  }
  (void)real;
  fz_cset faults = 0;
  if (async && sid < 0)
    faults |= B(IRH);
  if (count && (!p || wraps(p, count)))
    faults |= B(IV);
  fz_cset exp = faults ? faults | (count == 0 ? B(S) : 0) : B(S);
  int tsid = target_sid(e, async, sid);
  bool effect = !faults && count > 0;
  if (effect) {
    fz_order_after(e, tsid, a, off, count, true, true);
    tsid = target_sid(e, async, sid);
  }
  fz_vc v;
  if (tsid >= 0)
    fz_enqueue_clock(e, tsid, &v);
  infinirtError_t r = async ? infinirtMemsetAsync(p, value, count, h)
                            : infinirtMemset(p, value, count);
  fz_check(e, fn_of(async, FN_Memset, FN_MemsetAsync), r, exp);
  if (r != infinirtSuccess || !effect)
    return;
  uint32_t seq = finish_op(e, async, tsid, &v);
  fz_add_access(a, tsid, seq, off, count, true, e->step);
  memset(a->val + off, value & 0xff, count);
  memset(a->known + off, 1, count);
  if (!async)
    fz_settle(e);
}
