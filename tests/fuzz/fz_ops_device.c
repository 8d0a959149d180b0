/* fz_ops_device.c - errors, device selection and queries, device-wide
 * synchronisation and reset. */
#include <limits.h>
#include <string.h>

#include "fz.h"

static int pick_device(fz_exec *e, bool *valid) {
  uint8_t b = fz_u8(e) % 8;
  static const int bad[] = {-1, FZ_NDEV, INT_MAX, INT_MIN};
  *valid = b < 5;
  return b < 5 ? b % FZ_NDEV : bad[(b - 5 + fz_u8(e)) % 4];
}

/* The DeviceAttr values infinirt.h defines. */
static bool attr_defined(int a) {
  return (a >= 1 && a <= 43) || (a >= 45 && a <= 101) || a == 106 || a == 108 ||
         a == 109 || (a >= 111 && a <= 135) || (a >= 138 && a <= 145) ||
         a == 147;
}

/* Attributes whose value is a field of infinirtDeviceProp. */
static bool attr_prop(int attr, const struct infinirtDeviceProp *p, int *v) {
  switch (attr) {
  case infinirtDevAttrMaxThreadsPerBlock:
    *v = p->maxThreadsPerBlock;
    return true;
  case infinirtDevAttrMaxBlockDimX:
    *v = p->maxThreadsDim[0];
    return true;
  case infinirtDevAttrMaxGridDimY:
    *v = p->maxGridSize[1];
    return true;
  case infinirtDevAttrWarpSize:
    *v = p->warpSize;
    return true;
  case infinirtDevAttrMultiProcessorCount:
    *v = p->multiProcessorCount;
    return true;
  case infinirtDevAttrIntegrated:
    *v = p->integrated;
    return true;
  case infinirtDevAttrUnifiedAddressing:
    *v = p->unifiedAddressing;
    return true;
  case infinirtDevAttrMemoryPoolsSupported:
    *v = p->memoryPoolsSupported;
    return true;
  }
  return false;
}

static void device_reset(fz_exec *e) {
  int d = e->cur;
  /* The reset waits for this device's work only: other devices' streams
   * must be done with its memory first. */
  for (int x = 0; x < FZ_NEXEC; x++)
    for (int i = 0; i < FZ_MAX_ALLOCS; i++) {
      fz_alloc *a = &fz.ex[x].al[i];
      if (a->live && a->dev == d &&
          (a->kind == AK_DEVICE || a->kind == AK_POOL))
        fz_order_after(e, -1, a, 0, a->n, true, false);
    }
  unsigned epoch = atomic_load(&fz.pt_epoch);
  fz_check(e, FN_DeviceReset, infinirtDeviceReset(), B(S));
  for (int t = 0; t < FZ_NSID; t++)
    if (fz.st[t].used && fz.st[t].dev == d)
      fz_vc_join(&e->H, &fz.st[t].vc);
  for (int t = 0; t < FZ_NSID; t++) {
    fz_stream *s = &fz.st[t];
    if (s->used && s->live && s->dev == d &&
        (s->kind == SK_BLOCKING || s->kind == SK_NONBLOCKING)) {
      s->live = false;
      fz_add_dead_stream(&fz.ex[s->owner], s->h, epoch);
    }
  }
  for (int x = 0; x < FZ_NEXEC; x++) {
    fz_exec *o = &fz.ex[x];
    for (int i = 0; i < FZ_MAX_EVENTS; i++)
      if (o->ev[i].live && o->ev[i].dev == d) {
        o->ev[i].live = false;
        fz_add_dead(o->dead_events, &o->ndead_events, o->ev[i].h);
      }
    for (int i = 0; i < FZ_MAX_ALLOCS; i++) {
      fz_alloc *a = &o->al[i];
      if (a->live && a->dev == d &&
          (a->kind == AK_DEVICE || a->kind == AK_POOL))
        fz_drop_alloc(o, a);
    }
  }
  fz_settle(e);
}

/* GetLastError (0), PeekAtLastError (1), SetDevice (2), GetDevice (3),
 * DeviceSynchronize (4), DeviceGetAttribute (5), GetDeviceProperties (6),
 * MemGetInfo (7), DeviceReset (8). */
void fz_op_device(fz_exec *e, int which) {
  bool valid, null_out = fz_u8(e) % 16 == 0;
  int d;
  infinirtError_t r;
  switch (which) {
  case 0:
    fz_check_last(e, FN_GetLastError, infinirtGetLastError());
    return;
  case 1:
    fz_check_last(e, FN_PeekAtLastError, infinirtPeekAtLastError());
    return;
  case 2:
    d = pick_device(e, &valid);
    r = infinirtSetDevice(d);
    fz_check(e, FN_SetDevice, r, valid ? B(S) : B(ID));
    if (r == infinirtSuccess)
      e->cur = d;
    return;
  case 3:
    d = -7;
    r = infinirtGetDevice(null_out ? NULL : &d);
    fz_check(e, FN_GetDevice, r, null_out ? B(IV) : B(S));
    if (r == infinirtSuccess && d != e->cur)
      fz_fail(e, "infinirtGetDevice gave %d, current device is %d", d, e->cur);
    return;
  case 4:
    fz_device_sync(e);
    fz_settle(e);
    return;
  case 5: {
    d = pick_device(e, &valid);
    uint8_t ab = fz_u8(e);
    int attr = ab < 200 ? 1 + ab % 147 : ab < 230 ? (int)fz_u16(e) : -(int)ab;
    fz_cset faults =
        (null_out || !attr_defined(attr) ? B(IV) : 0) | (valid ? 0 : B(ID));
    int v = INT_MIN + 3;
    r = infinirtDeviceGetAttribute(null_out ? NULL : &v,
                                   (enum infinirtDeviceAttr)attr, d);
    /* A defined attribute the backend does not know is InvalidValue. */
    fz_check(e, FN_DeviceGetAttribute, r, faults ? faults : B(S) | B(IV));
    int want;
    if (r == infinirtSuccess && attr_prop(attr, &fz.props[d], &want) &&
        v != want)
      fz_fail(e, "attribute %d of device %d is %d, its property says %d", attr,
              d, v, want);
    return;
  }
  case 6: {
    d = pick_device(e, &valid);
    static struct infinirtDeviceProp p[FZ_NEXEC];
    r = infinirtGetDeviceProperties(null_out ? NULL : &p[e->id], d);
    fz_cset faults = (null_out ? B(IV) : 0) | (valid ? 0 : B(ID));
    fz_check(e, FN_GetDeviceProperties, r, faults ? faults : B(S));
    if (r == infinirtSuccess && memcmp(&p[e->id], &fz.props[d], sizeof *p))
      fz_fail(e, "properties of device %d changed", d);
    return;
  }
  case 7: {
    size_t avail = 1, total = 0;
    uint8_t nb = fz_u8(e) % 16;
    r = infinirtMemGetInfo(nb == 0 ? NULL : &avail, nb == 1 ? NULL : &total);
    fz_check(e, FN_MemGetInfo, r, nb < 2 ? B(IV) : B(S));
    if (r == infinirtSuccess && (total == 0 || avail > total))
      fz_fail(e, "infinirtMemGetInfo: free %zu, total %zu", avail, total);
    return;
  }
  default:
    /* A reset destroys every thread's objects on the device: not while
     * other threads use theirs. */
    if (e->parallel) {
      fz_device_sync(e);
      fz_settle(e);
    } else {
      device_reset(e);
    }
    return;
  }
}
