/* fz_cleanup.c - the end of an input: synchronise every device, check all
 * bytes and host functions, then free, unregister and destroy everything
 * (explicitly, or by resetting each device), so that nothing leaks. */
#include "fz.h"

static void free_host_side(fz_exec *e, fz_exec *o) {
  for (int i = 0; i < FZ_MAX_ALLOCS + FZ_PAGEABLE; i++) {
    fz_alloc *a = &o->al[i];
    if (!a->live)
      continue;
    if (a->kind == AK_PINNED) {
      fz_check(e, FN_FreeHost, infinirtFreeHost(a->p), B(S));
      fz_drop_alloc(o, a);
    }
    while (a->nreg > 0) {
      fz_reg *r = &a->reg[--a->nreg];
      fz_check(e, FN_HostUnregister, infinirtHostUnregister(a->p + r->off),
               B(S));
    }
  }
}

static void free_device_side(fz_exec *e, fz_exec *o) {
  for (int i = 0; i < FZ_MAX_ALLOCS; i++) {
    fz_alloc *a = &o->al[i];
    if (a->live && (a->kind == AK_DEVICE || a->kind == AK_POOL)) {
      fz_check(e, FN_Free, infinirtFree(a->p), B(S));
      fz_drop_alloc(o, a);
    }
  }
  for (int i = 0; i < FZ_MAX_EVENTS; i++)
    if (o->ev[i].live) {
      fz_check(e, FN_EventDestroy, infinirtEventDestroy(o->ev[i].h), B(S));
      o->ev[i].live = false;
    }
}

void fz_cleanup(fz_exec *e, bool by_reset) {
  e->op = "cleanup";
  for (int d = 0; d < FZ_NDEV; d++) {
    fz_set_device(e, d);
    fz_device_sync(e);
  }
  fz_settle(e);
  for (int x = 0; x < FZ_NEXEC; x++)
    for (int i = 0; i < FZ_MAX_ALLOCS + FZ_PAGEABLE; i++)
      if (fz.ex[x].al[i].live)
        fz_verify_alloc(e, &fz.ex[x].al[i]);
  for (int x = 0; x < FZ_NEXEC; x++)
    for (int k = 0; k < fz.ex[x].nhf; k++)
      if (!atomic_load(&fz.ex[x].hf[k].ran))
        fz_fail(e, "host function %d of executor %d never ran", k, x);
  if (by_reset) {
    for (int d = 0; d < FZ_NDEV; d++) {
      fz_set_device(e, d);
      fz_check(e, FN_DeviceReset, infinirtDeviceReset(), B(S));
    }
    for (int x = 0; x < FZ_NEXEC; x++) {
      for (int i = 0; i < FZ_MAX_ALLOCS; i++) {
        fz_alloc *a = &fz.ex[x].al[i];
        if (a->live && (a->kind == AK_DEVICE || a->kind == AK_POOL))
          fz_drop_alloc(&fz.ex[x], a);
      }
      for (int i = 0; i < FZ_MAX_EVENTS; i++)
        fz.ex[x].ev[i].live = false;
    }
  } else {
    for (int x = 0; x < FZ_NEXEC; x++)
      free_device_side(e, &fz.ex[x]);
    for (int t = 0; t < FZ_NSID; t++)
      if (fz.st[t].used && fz.st[t].live &&
          (fz.st[t].kind == SK_BLOCKING || fz.st[t].kind == SK_NONBLOCKING)) {
        fz_check(e, FN_StreamDestroy, infinirtStreamDestroy(fz.st[t].h), B(S));
        fz.st[t].live = false;
      }
  }
  for (int x = 0; x < FZ_NEXEC; x++)
    free_host_side(e, &fz.ex[x]);
  fz_set_device(e, 0);
  fz_check_last(e, FN_GetLastError, infinirtGetLastError());
  e->op = NULL;
}
