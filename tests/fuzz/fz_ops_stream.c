/* fz_ops_stream.c - streams, host functions and events: predicted results,
 * the clocks they create, and what synchronisation tells the host. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "fz.h"

#define SENTINEL ((void *)0x77)

static bool live_handle_dup(const void *h) {
  for (int t = 0; t < FZ_NSID; t++)
    if (fz.st[t].used && fz.st[t].live && (const void *)fz.st[t].h == h)
      return true;
  for (int x = 0; x < FZ_NEXEC; x++)
    for (int i = 0; i < FZ_MAX_EVENTS; i++)
      if (fz.ex[x].ev[i].live && (const void *)fz.ex[x].ev[i].h == h)
        return true;
  return false;
}

static void check_new_handle(fz_exec *e, const char *fn, const void *h) {
  if (!h || h == SENTINEL || h == (void *)infinirtStreamLegacy ||
      h == (void *)infinirtStreamPerThread)
    fz_fail(e, "%s succeeded with handle %p", fn, h);
  /* Only this executor's tables can be read while others run. */
  if (!e->parallel && live_handle_dup(h))
    fz_fail(e, "%s returned %p, a handle that is live already", fn, h);
}

/* What the host learns when stream |sid| is known to have completed. */
static void stream_done(fz_exec *e, int sid) {
  fz_vc_join(&e->H, &fz.st[sid].vc);
  if (fz.st[sid].kind == SK_LEGACY)
    for (int x = 0; x < FZ_NEXEC; x++)
      if (fz_accessible(e, x))
        fz_vc_join(&e->H, &fz.st[fz_sid_legacy(x, fz.st[sid].dev)].vc);
}

static void host_fn(void *data) {
  fz_hostfn *h = data;
  for (int i = 0; i < h->npred; i++)
    if (!atomic_load_explicit(&h->ex->hf[h->preds[i]].ran,
                              memory_order_acquire)) {
      fprintf(stderr,
              "api_fuzz: FAILED: host function %d of executor %d runs before "
              "host function %d, which is ordered before it\n",
              (int)(h - h->ex->hf), h->ex->id, h->preds[i]);
      abort();
    }
  atomic_store_explicit(&h->ran, 1, memory_order_release);
}

static void create(fz_exec *e, int which) {
  static const fz_fn fns[] = {FN_StreamCreate, FN_StreamCreateWithFlags,
                              FN_StreamCreateWithPriority};
  bool null_out = fz_u8(e) % 16 == 0;
  uint8_t fb = fz_u8(e);
  unsigned flags = which == 0 ? 0 : fb < 200 ? fb & 1u : 0x2u << (fb % 30);
  uint8_t pb = fz_u8(e);
  int prio = pb == 0 ? INT_MIN : pb == 1 ? INT_MAX : (int)(int8_t)pb;
  fz_cset faults = null_out || (flags & ~1u) ? B(IV) : 0;
  if (!faults && e->next_sid >= FZ_SID_PER)
    return; /* no stream id left in this input */
  infinirtStream_t s = SENTINEL, *out = null_out ? NULL : &s;
  infinirtError_t r = which == 0 ? infinirtStreamCreate(out)
                      : which == 1
                          ? infinirtStreamCreateWithFlags(out, flags)
                          : infinirtStreamCreateWithPriority(out, flags, prio);
  fz_check(e, fns[which], r, faults ? faults : B(S));
  if (r != infinirtSuccess) {
    if (s != SENTINEL)
      fz_fail(e, "%s failed but changed *pStream", fz_fn_name(fns[which]));
    return;
  }
  check_new_handle(e, fz_fn_name(fns[which]), s);
  int sid = e->id * FZ_SID_PER + e->next_sid++;
  fz.st[sid] = (fz_stream){.h = s,
                           .dev = e->cur,
                           .owner = e->id,
                           .kind = flags ? SK_NONBLOCKING : SK_BLOCKING,
                           .used = true,
                           .live = true};
}

static void destroy(fz_exec *e) {
  infinirtStream_t h;
  int sid = -1;
  switch (fz_u8(e) % 10) {
  case 0:
    h = NULL;
    break;
  case 1:
    h = infinirtStreamLegacy;
    break;
  case 2:
    h = infinirtStreamPerThread;
    break;
  case 7:
    h = fz_pick_dead(e, DEAD_STREAM);
    break;
  case 8:
    h = fz_pick_garbage(e);
    break;
  case 9: {
    fz_event *ev = fz_pick_event(e);
    h = ev ? (infinirtStream_t)ev->h : NULL;
    break;
  }
  default:
    sid = fz_pick_user_stream(e);
    h = sid >= 0 ? fz.st[sid].h : NULL;
    break;
  }
  unsigned epoch = atomic_load(&fz.pt_epoch);
  infinirtError_t r = infinirtStreamDestroy(h);
  fz_check(e, FN_StreamDestroy, r, sid >= 0 ? B(S) : B(IRH));
  if (r == infinirtSuccess) {
    fz.st[sid].live = false;
    fz_add_dead_stream(e, h, epoch);
  }
}

static void launch_host_fn(fz_exec *e) {
  infinirtStream_t h;
  int sid = fz_stream_operand(e, &h);
  bool null_fn = fz_u8(e) % 16 == 0;
  fz_cset faults = (sid < 0 ? B(IRH) : 0) | (null_fn ? B(IV) : 0);
  if (!faults && e->nhf >= FZ_MAX_HOSTFN)
    return;
  fz_hostfn *hf = &e->hf[e->nhf < FZ_MAX_HOSTFN ? e->nhf : 0];
  fz_vc v;
  if (!faults) {
    fz_enqueue_clock(e, sid, &v);
    hf->ex = e;
    atomic_store(&hf->ran, 0);
    hf->sid = sid;
    hf->seq = v.c[sid];
    hf->npred = 0;
    for (int j = e->nhf - 1; j >= 0 && hf->npred < 4; j--)
      if (e->hf[j].seq <= v.c[e->hf[j].sid])
        hf->preds[hf->npred++] = j;
  }
  infinirtError_t r =
      infinirtLaunchHostFunc(h, null_fn ? NULL : host_fn, faults ? NULL : hf);
  fz_check(e, FN_LaunchHostFunc, r, faults ? faults : B(S));
  if (r == infinirtSuccess) {
    fz_commit(sid, &v);
    e->nhf++;
  }
}

/* StreamCreate (0), WithFlags (1), WithPriority (2), Destroy (3),
 * Synchronize (4), Query (5), WaitEvent (6), LaunchHostFunc (7). */
void fz_op_stream(fz_exec *e, int which) {
  infinirtStream_t h;
  int sid;
  infinirtError_t r;
  switch (which) {
  case 0:
  case 1:
  case 2:
    create(e, which);
    return;
  case 3:
    destroy(e);
    return;
  case 4:
    sid = fz_stream_operand(e, &h);
    r = infinirtStreamSynchronize(h);
    fz_check(e, FN_StreamSynchronize, r, sid < 0 ? B(IRH) : B(S));
    if (r == infinirtSuccess) {
      stream_done(e, sid);
      fz_settle(e);
    }
    return;
  case 5: {
    sid = fz_stream_operand(e, &h);
    fz_cset exp = B(IRH);
    if (sid >= 0) {
      const fz_stream *s = &fz.st[sid];
      /* Only this executor enqueues on its own streams now; the legacy
       * stream is shared. */
      bool done = s->kind != SK_LEGACY && s->vc.c[sid] <= e->H.c[sid] &&
                  (s->owner == e->id || !e->parallel);
      exp = done ? B(S) : B(S) | B(NR);
    }
    r = infinirtStreamQuery(h);
    fz_check(e, FN_StreamQuery, r, exp);
    if (r == infinirtSuccess) {
      stream_done(e, sid);
      fz_settle(e);
    }
    return;
  }
  case 6: {
    sid = fz_stream_operand(e, &h);
    infinirtEvent_t eh;
    fz_event *ev = fz_event_operand(e, &eh);
    uint8_t fb = fz_u8(e);
    unsigned flags = fb < 220 ? fb & 1u : 0x2u << (fb % 29);
    fz_cset faults = (sid < 0 || !ev ? B(IRH) : 0) | (flags & ~1u ? B(IV) : 0);
    fz_vc v;
    if (!faults)
      fz_enqueue_clock_plain(e, sid, &v);
    r = infinirtStreamWaitEvent(h, eh, flags);
    fz_check(e, FN_StreamWaitEvent, r, faults ? faults : B(S));
    if (r == infinirtSuccess) {
      if (ev->recorded)
        fz_vc_join(&v, &ev->vc);
      fz_commit(sid, &v);
    }
    return;
  }
  default:
    launch_host_fn(e);
    return;
  }
}

static bool record_done(const fz_exec *e, const fz_event *ev) {
  return !ev->recorded || ev->rec_seq <= e->H.c[ev->rec_sid];
}

static void event_create(fz_exec *e, bool with_flags) {
  bool null_out = fz_u8(e) % 16 == 0;
  uint8_t fb = fz_u8(e);
  unsigned flags = !with_flags ? 0
                   : fb < 180  ? fb & 3u
                   : fb < 210  ? infinirtEventInterprocess | (fb & 3u)
                               : 0x8u << (fb % 28);
  fz_cset faults = null_out || (flags & ~7u) ? B(IV) : 0;
  /* An interprocess event must be an untimed one; in one process it
   * behaves as any untimed event. */
  if ((flags & infinirtEventInterprocess) &&
      !(flags & infinirtEventDisableTiming))
    faults |= B(IV);
  fz_event *slot = NULL;
  for (int i = 0; i < FZ_MAX_EVENTS && !slot; i++)
    if (!e->ev[i].live)
      slot = &e->ev[i];
  if (!faults && !slot)
    return;
  infinirtEvent_t h = SENTINEL, *out = null_out ? NULL : &h;
  infinirtError_t r = with_flags ? infinirtEventCreateWithFlags(out, flags)
                                 : infinirtEventCreate(out);
  fz_fn fn = with_flags ? FN_EventCreateWithFlags : FN_EventCreate;
  fz_check(e, fn, r, faults ? faults : B(S));
  if (r != infinirtSuccess) {
    if (h != SENTINEL)
      fz_fail(e, "%s failed but changed *event", fz_fn_name(fn));
    return;
  }
  check_new_handle(e, fz_fn_name(fn), h);
  *slot = (fz_event){.h = h, .dev = e->cur, .flags = flags, .live = true};
}

static void elapsed(fz_exec *e) {
  bool null_out = fz_u8(e) % 16 == 0;
  infinirtEvent_t ha, hb;
  fz_event *a = fz_event_operand(e, &ha), *b = fz_event_operand(e, &hb);
  fz_cset faults = null_out ? B(IV) : 0;
  if (!a || !b)
    faults |= B(IRH);
  else if (a->dev != b->dev || !a->recorded || !b->recorded ||
           ((a->flags | b->flags) & infinirtEventDisableTiming))
    faults |= B(IRH);
  fz_cset exp = faults                                   ? faults
                : record_done(e, a) && record_done(e, b) ? B(S)
                                                         : B(S) | B(NR);
  float ms = -1234.5f;
  infinirtError_t r = infinirtEventElapsedTime(null_out ? NULL : &ms, ha, hb);
  fz_check(e, FN_EventElapsedTime, r, exp);
  if (r != infinirtSuccess)
    return;
  /* |a|'s record ordered before |b|'s: no negative time. */
  bool ordered = b->vc.c[a->rec_sid] >= a->rec_seq;
  if (!isfinite(ms) || (ordered && ms < 0))
    fz_fail(e, "infinirtEventElapsedTime gave %g ms for ordered records", ms);
}

/* EventCreate (0), WithFlags (1), Record (2), Query (3), Synchronize (4),
 * Destroy (5), ElapsedTime (6). */
void fz_op_event(fz_exec *e, int which) {
  infinirtEvent_t h;
  fz_event *ev;
  infinirtError_t r;
  switch (which) {
  case 0:
  case 1:
    event_create(e, which == 1);
    return;
  case 2: {
    ev = fz_event_operand(e, &h);
    infinirtStream_t s;
    int sid = fz_stream_operand(e, &s);
    bool bad = !ev || sid < 0 || ev->dev != fz.st[sid].dev;
    fz_vc v;
    if (!bad)
      fz_enqueue_clock(e, sid, &v);
    r = infinirtEventRecord(h, s);
    fz_check(e, FN_EventRecord, r, bad ? B(IRH) : B(S));
    if (r == infinirtSuccess) {
      fz_commit(sid, &v);
      ev->vc = v;
      ev->recorded = true;
      ev->rec_sid = sid;
      ev->rec_seq = v.c[sid];
    }
    return;
  }
  case 3:
    ev = fz_event_operand(e, &h);
    r = infinirtEventQuery(h);
    fz_check(e, FN_EventQuery, r,
             !ev                  ? B(IRH)
             : record_done(e, ev) ? B(S)
                                  : B(S) | B(NR));
    if (r == infinirtSuccess && ev->recorded) {
      fz_vc_join(&e->H, &ev->vc);
      fz_settle(e);
    }
    return;
  case 4:
    ev = fz_event_operand(e, &h);
    r = infinirtEventSynchronize(h);
    fz_check(e, FN_EventSynchronize, r, ev ? B(S) : B(IRH));
    if (r == infinirtSuccess && ev->recorded) {
      fz_vc_join(&e->H, &ev->vc);
      fz_settle(e);
    }
    return;
  case 5:
    ev = fz_event_operand(e, &h);
    r = infinirtEventDestroy(h);
    fz_check(e, FN_EventDestroy, r, ev ? B(S) : B(IRH));
    if (r == infinirtSuccess) {
      ev->live = false;
      fz_add_dead(e->dead_events, &e->ndead_events, h);
    }
    return;
  default:
    elapsed(e);
    return;
  }
}
