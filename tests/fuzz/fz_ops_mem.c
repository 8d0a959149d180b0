/* fz_ops_mem.c - allocation, free, host registration, pointer attributes
 * and host writes, with the results the model predicts. */
#include <stdint.h>
#include <string.h>

#include "fz.h"

#define SENTINEL ((void *)0x5a5a5a5a)
#define HOST_ALLOC_FLAGS 0x7u
#define DEVICE_KINDS ((1u << AK_DEVICE) | (1u << AK_POOL))
#define ALL_KINDS 0xfu

void fz_region(fz_exec *e, const fz_alloc *a, size_t maxlen, size_t *off,
               size_t *len) {
  *off = fz_u16(e) % a->n;
  size_t room = a->n - *off, want = fz_u16(e) % (maxlen + 1);
  if (fz_u8(e) % 8 == 0)
    want = room;
  *len = want < room ? want : room;
}

/* Malloc (0), MallocHost (1), HostAlloc (2), MallocAsync (3). */
void fz_op_malloc(fz_exec *e, int which) {
  static const fz_fn fns[] = {FN_Malloc, FN_MallocHost, FN_HostAlloc,
                              FN_MallocAsync};
  bool null_out = fz_u8(e) % 16 == 0;
  size_t n = fz_size(e, FZ_ALLOC_CAP);
  unsigned flags = 0;
  if (which == 2) {
    uint8_t b = fz_u8(e);
    flags = b < 200 ? b & HOST_ALLOC_FLAGS : 0x8u << (b % 28);
  }
  infinirtStream_t h = NULL;
  int sid = which == 3 ? fz_stream_operand(e, &h) : 0;
  bool huge = n > FZ_ALLOC_CAP;
  if (!null_out && n && !huge && !fz_alloc_room(e))
    return; /* nowhere to track it */
  fz_cset faults = 0;
  if (null_out || (flags & ~HOST_ALLOC_FLAGS))
    faults |= B(IV);
  if (sid < 0)
    faults |= B(IRH);
  fz_cset exp;
  if (faults)
    exp = faults | (huge ? B(MA) : 0) | (n == 0 && !null_out ? B(S) : 0);
  else
    exp = huge ? B(MA) : B(S);
  void *p = SENTINEL;
  void **out = null_out ? NULL : &p;
  fz_vc v;
  if (sid >= 0 && which == 3)
    fz_enqueue_clock_plain(e, sid, &v);
  infinirtError_t r;
  switch (which) {
  case 0:
    r = infinirtMalloc(out, n);
    break;
  case 1:
    r = infinirtMallocHost(out, n);
    break;
  case 2:
    r = infinirtHostAlloc(out, n, flags);
    break;
  default:
    r = infinirtMallocAsync(out, n, h);
    break;
  }
  fz_check(e, fns[which], r, exp);
  if (r != infinirtSuccess) {
    if (p != SENTINEL)
      fz_fail(e, "%s failed but changed *ptr", fz_fn_name(fns[which]));
    return;
  }
  if (n == 0) {
    if (p != NULL)
      fz_fail(e, "%s of 0 bytes stored %p, not NULL", fz_fn_name(fns[which]),
              p);
    return;
  }
  if (!p || p == SENTINEL)
    fz_fail(e, "%s succeeded without storing a pointer",
            fz_fn_name(fns[which]));
  if (which == 0 && ((uintptr_t)p & 255))
    fz_fail(e, "infinirtMalloc returned %p, not 256-byte aligned", p);
  if (fz_find(e, p, NULL))
    fz_fail(e, "%s returned %p, inside a live allocation",
            fz_fn_name(fns[which]), p);
  fz_akind kind = which == 0 ? AK_DEVICE : which == 3 ? AK_POOL : AK_PINNED;
  int dev = which == 3 ? fz.st[sid].dev : e->cur;
  fz_alloc *a = fz_new_alloc(e, p, n, kind, dev);
  if (which == 3) {
    /* Usable in stream order: a write of unspecified bytes on |sid|. */
    fz_commit(sid, &v);
    fz_add_access(a, sid, v.c[sid], 0, n, true, e->step);
  }
}

/* Free (0), FreeHost (1), FreeAsync (2). */
void fz_op_free(fz_exec *e, int which) {
  static const fz_fn fns[] = {FN_Free, FN_FreeHost, FN_FreeAsync};
  unsigned right = which == 1 ? 1u << AK_PINNED : DEVICE_KINDS;
  void *p = NULL;
  fz_alloc *a;
  switch (fz_u8(e) % 10) {
  case 0:
    break;
  case 5:
    a = fz_pick_alloc(e, ALL_KINDS);
    p = a ? a->p : NULL;
    break;
  case 6:
    a = fz_pick_alloc(e, ALL_KINDS);
    p = a && a->n > 1 ? a->p + 1 + fz_u16(e) % (a->n - 1) : NULL;
    break;
  case 7:
    p = fz_pick_dead(e, DEAD_PTR);
    break;
  case 8:
    p = fz_pick_garbage(e);
    break;
  case 9:
    a = fz_pick_alloc(e, 1u << AK_PAGEABLE);
    p = a && a->nreg ? a->p + a->reg[0].off : NULL;
    break;
  default:
    a = fz_pick_alloc(e, right);
    p = a ? a->p : NULL;
    break;
  }
  infinirtStream_t h = NULL;
  int sid = which == 2 ? fz_stream_operand(e, &h) : 0;
  a = p ? fz_find(e, p, NULL) : NULL;
  bool valid = a && a->p == p && ((1u << a->kind) & right);
  fz_cset faults = (sid < 0 ? B(IRH) : 0) | (p && !valid ? B(IV) : 0);
  fz_cset exp = faults ? faults | (p ? 0 : B(S)) : B(S);
  if (valid && !faults) {
    /* Free waits for the work of the allocation's device; work of other
     * devices' streams, and anything else, the caller must have ordered. */
    fz_order_after(e, which == 2 ? sid : -1, a, 0, a->n, true, which != 0);
  }
  fz_vc v;
  if (which == 2 && sid >= 0)
    fz_enqueue_clock(e, sid, &v);
  infinirtError_t r = which == 0   ? infinirtFree(p)
                      : which == 1 ? infinirtFreeHost(p)
                                   : infinirtFreeAsync(p, h);
  fz_check(e, fns[which], r, exp);
  if (r == infinirtSuccess && valid) {
    if (which == 2) {
      fz_commit(sid, &v);
      unsigned k = e->npf++ % FZ_MAX_DEAD;
      e->pf[k].p = a->p, e->pf[k].n = a->n, e->pf[k].dev = a->dev;
      e->pf[k].sid = sid, e->pf[k].seq = v.c[sid];
    }
    fz_drop_alloc(e, a);
  }
}

#define HOST_REGISTER_FLAGS 0xfu
#define REGISTER_IO 0x4u
#define REGISTER_READONLY 0x8u

void fz_op_host_register(fz_exec *e) {
  fz_alloc *a = fz_pick_alloc(e, 1u << AK_PAGEABLE);
  void *p;
  size_t off = 0, len;
  bool runtime = false, inbuf = false;
  uint8_t b = fz_u8(e) % 8;
  if (b == 0) {
    p = NULL;
    len = 1 + fz_u16(e) % 4096;
  } else if (b == 1) {
    p = (void *)(UINTPTR_MAX - 100);
    len = 4096;
  } else if (b == 2 &&
             (a = fz_pick_alloc(e, ALL_KINDS & ~(1u << AK_PAGEABLE)))) {
    fz_region(e, a, 4096, &off, &len);
    p = a->p + off;
    runtime = true;
  } else {
    if (!(a = fz_pick_alloc(e, 1u << AK_PAGEABLE)) || a->nreg == FZ_MAX_REG)
      return;
    fz_region(e, a, FZ_PAGEABLE_SIZE, &off, &len);
    p = a->p + off;
    inbuf = true;
  }
  uint8_t fb = fz_u8(e);
  unsigned flags = fb < 160   ? fb & 0xbu
                   : fb < 200 ? fb & HOST_REGISTER_FLAGS
                              : 0x10u << (fb % 27);
  fz_cset faults = 0;
  if (!p || len == 0 || (uintptr_t)p > UINTPTR_MAX - len ||
      (flags & ~HOST_REGISTER_FLAGS))
    faults |= B(IV);
  if (runtime)
    faults |= B(HAR) | B(IV);
  else if (inbuf && len)
    for (int i = 0; i < a->nreg; i++)
      if (off < a->reg[i].off + a->reg[i].len && a->reg[i].off < off + len)
        faults |= B(HAR);
  /* Where the backend cannot honour them. */
  fz_cset maybe = flags & (REGISTER_IO | REGISTER_READONLY) ? B(NS) : 0;
  fz_cset exp = (faults ? faults : B(S)) | maybe;
  infinirtError_t r = infinirtHostRegister(p, len, flags);
  fz_check(e, FN_HostRegister, r, exp);
  if (r == infinirtSuccess)
    a->reg[a->nreg++] = (fz_reg){off, len, e->cur};
}

void fz_op_host_unregister(fz_exec *e) {
  fz_alloc *a = fz_pick_alloc(e, 1u << AK_PAGEABLE), *any;
  void *p;
  int ri = -1;
  switch (fz_u8(e) % 8) {
  case 0:
    p = NULL;
    break;
  case 5:
    p = a && a->nreg && a->reg[0].len > 1 ? a->p + a->reg[0].off + 1
                                          : fz_pick_garbage(e);
    break;
  case 6:
    any = fz_pick_alloc(e, ALL_KINDS);
    p = any ? any->p + fz_u16(e) % any->n : NULL;
    break;
  case 7:
    p = fz_u8(e) & 1 ? fz_pick_garbage(e) : fz_pick_dead(e, DEAD_PTR);
    break;
  default:
    if (!a || !a->nreg)
      return;
    ri = fz_u8(e) % a->nreg;
    p = a->p + a->reg[ri].off;
    break;
  }
  /* A registered range starting at |p|, whichever way |p| was chosen. */
  fz_reg *reg = NULL;
  fz_alloc *owner = p ? fz_find(e, p, &reg) : NULL;
  if (!(owner && reg && owner->p + reg->off == (unsigned char *)p))
    reg = NULL;
  fz_cset exp = !p ? B(IV) : reg ? B(S) : B(HNR);
  if (reg)
    fz_order_after(e, -1, owner, reg->off, reg->len, true, true);
  infinirtError_t r = infinirtHostUnregister(p);
  fz_check(e, FN_HostUnregister, r, exp);
  if (r == infinirtSuccess)
    *reg = owner->reg[--owner->nreg];
  (void)ri;
}

void fz_op_pointer_attributes(fz_exec *e) {
  bool null_out = fz_u8(e) % 16 == 0;
  fz_alloc *a;
  const void *p;
  switch (fz_u8(e) % 8) {
  case 0:
    p = NULL;
    break;
  case 4:
  case 7:
    a = fz_pick_alloc(e, ALL_KINDS);
    p = a ? a->p + fz_u16(e) % a->n : NULL;
    break;
  case 5:
    p = fz_pick_dead(e, DEAD_PTR);
    break;
  case 6:
    p = fz_pick_garbage(e);
    break;
  default:
    a = fz_pick_alloc(e, ALL_KINDS);
    p = a ? a->p : NULL;
    break;
  }
  struct infinirtPointerAttributes attr;
  memset(&attr, 0xab, sizeof attr);
  infinirtError_t r = infinirtPointerGetAttributes(null_out ? NULL : &attr, p);
  fz_check(e, FN_PointerGetAttributes, r, null_out ? B(IV) : B(S));
  if (r != infinirtSuccess)
    return;
  fz_reg *reg = NULL;
  a = p ? fz_find(e, p, &reg) : NULL;
  enum infinirtMemoryType type = infinirtMemoryTypeUnregistered;
  int dev = -2;
  if (a && (a->kind == AK_DEVICE || a->kind == AK_POOL))
    type = infinirtMemoryTypeDevice, dev = a->dev;
  else if (a && a->kind == AK_PINNED)
    type = infinirtMemoryTypeHost, dev = a->dev;
  else if (a && reg)
    type = infinirtMemoryTypeHost, dev = reg->dev;
  bool ok = attr.type == type && attr.device == dev;
  if (type == infinirtMemoryTypeUnregistered)
    ok &= !attr.devicePointer && !attr.hostPointer;
  else if (type == infinirtMemoryTypeDevice)
    ok &= attr.devicePointer == p;
  else
    ok &= attr.hostPointer == p;
  /* Freed in stream order, the free not known complete: either answer. */
  for (int x = 0; x < FZ_NEXEC && !ok && !a; x++) {
    const fz_exec *o = &fz.ex[x];
    for (unsigned k = 0; k < FZ_MAX_DEAD && k < o->npf && !ok; k++)
      if ((const unsigned char *)p >= o->pf[k].p &&
          (const unsigned char *)p < o->pf[k].p + o->pf[k].n &&
          o->pf[k].seq > e->H.c[o->pf[k].sid] &&
          attr.type == infinirtMemoryTypeDevice &&
          attr.device == o->pf[k].dev && attr.devicePointer == p)
        ok = true;
  }
  if (!ok)
    fz_fail(e,
            "infinirtPointerGetAttributes(%p): type %d device %d dev %p host "
            "%p; expected type %d device %d",
            p, (int)attr.type, attr.device, attr.devicePointer,
            attr.hostPointer, (int)type, dev);
}

/* The host writes host memory directly (after ordering), seeding bytes. */
void fz_op_host_write(fz_exec *e) {
  fz_alloc *a = fz_pick_alloc(e, (1u << AK_PINNED) | (1u << AK_PAGEABLE));
  if (!a)
    return;
  size_t off, len;
  fz_region(e, a, 4096, &off, &len);
  uint8_t seed = fz_u8(e);
  fz_order_after(e, -1, a, off, len, true, true);
  for (size_t i = 0; i < len; i++) {
    unsigned char v = (unsigned char)(seed + i * 31);
    a->p[off + i] = v;
    a->val[off + i] = v;
    a->known[off + i] = 1;
  }
  a->dirty = true;
  a->last_write_step = e->step;
}
