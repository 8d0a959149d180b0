/* fz_model.c - the shadow model: stream clocks, what the host knows has
 * completed, allocations with their shadow bytes and pending accesses, and
 * the checks of real memory against them. */
#include <stdlib.h>
#include <string.h>

#include "fz.h"

fz_model fz;
unsigned char fz_garbage[256];
static unsigned char pageable[FZ_NEXEC][FZ_PAGEABLE][FZ_PAGEABLE_SIZE]
    __attribute__((aligned(4096)));

int fz_sid_legacy(int owner, int dev) {
  return owner * FZ_SID_PER + dev;
}

int fz_sid_perthread(int owner, int dev) {
  return owner * FZ_SID_PER + FZ_NDEV + dev;
}

bool fz_accessible(const fz_exec *e, int owner) {
  return !e->parallel || owner == e->id;
}

/* Clocks |e| may read: its own, and inside a PAR slice also the main
 * thread's, which stand still until the slice ends and cover only work
 * enqueued before it began. */
static bool readable(const fz_exec *e, int owner) {
  return fz_accessible(e, owner) || owner == 0;
}

void fz_vc_join(fz_vc *a, const fz_vc *b) {
  for (int i = 0; i < FZ_NSID; i++)
    if (b->c[i] > a->c[i])
      a->c[i] = b->c[i];
}

/* The initial bytes of a pageable buffer, made once. */
static const unsigned char *pattern(int x, int i) {
  static unsigned char bytes[FZ_NEXEC][FZ_PAGEABLE][FZ_PAGEABLE_SIZE];
  static bool made;
  if (!made) {
    for (int y = 0; y < FZ_NEXEC; y++)
      for (int j = 0; j < FZ_PAGEABLE; j++)
        for (size_t k = 0; k < FZ_PAGEABLE_SIZE; k++)
          bytes[y][j][k] = (unsigned char)(k * 7 + (size_t)y * 13 + (size_t)j);
    made = true;
  }
  return bytes[x][i];
}

void fz_model_reset(void) {
  for (int x = 0; x < FZ_NEXEC; x++) {
    fz_exec *e = &fz.ex[x];
    for (int i = 0; i < FZ_MAX_ALLOCS + FZ_PAGEABLE; i++) {
      free(e->al[i].val);
      free(e->al[i].known);
    }
    memset(e, 0, sizeof *e);
    e->id = x;
  }
  memset(fz.st, 0, sizeof fz.st);
  for (int x = 0; x < FZ_NEXEC; x++) {
    fz_exec *e = &fz.ex[x];
    e->next_sid = FZ_SID_FIXED;
    for (int d = 0; d < FZ_NDEV; d++) {
      fz_stream *l = &fz.st[fz_sid_legacy(x, d)];
      fz_stream *p = &fz.st[fz_sid_perthread(x, d)];
      *l = (fz_stream){.dev = d, .owner = x, .kind = SK_LEGACY};
      *p = (fz_stream){.dev = d, .owner = x, .kind = SK_PERTHREAD};
      l->used = l->live = p->used = p->live = true;
    }
    /* Harness-owned pageable buffers, known from the start. */
    for (int i = 0; i < FZ_PAGEABLE; i++) {
      unsigned char *buf = pageable[x][i];
      memcpy(buf, pattern(x, i), FZ_PAGEABLE_SIZE);
      fz_alloc *a = &e->al[FZ_MAX_ALLOCS + i];
      *a = (fz_alloc){.p = buf,
                      .n = FZ_PAGEABLE_SIZE,
                      .kind = AK_PAGEABLE,
                      .owner = x,
                      .live = true,
                      .val = malloc(FZ_PAGEABLE_SIZE),
                      .known = malloc(FZ_PAGEABLE_SIZE)};
      memcpy(a->val, buf, FZ_PAGEABLE_SIZE);
      memset(a->known, 1, FZ_PAGEABLE_SIZE);
    }
  }
}

void fz_enqueue_clock_plain(const fz_exec *e, int sid, fz_vc *out) {
  *out = fz.st[sid].vc;
  fz_vc_join(out, &e->H);
  out->c[sid]++;
}

void fz_enqueue_clock(const fz_exec *e, int sid, fz_vc *out) {
  const fz_stream *s = &fz.st[sid];
  fz_vc v = s->vc;
  fz_vc_join(&v, &e->H);
  if (s->kind == SK_LEGACY) {
    /* The legacy stream waits for the work of every blocking stream of its
     * device (and for the other executors' views of itself). */
    for (int t = 0; t < FZ_NSID; t++) {
      const fz_stream *o = &fz.st[t];
      if (!o->used || !o->live || o->dev != s->dev ||
          !fz_accessible(e, o->owner) || o->kind == SK_NONBLOCKING)
        continue;
      fz_vc_join(&v, &o->vc);
    }
  } else if (s->kind != SK_NONBLOCKING) {
    for (int x = 0; x < FZ_NEXEC; x++)
      if (fz_accessible(e, x))
        fz_vc_join(&v, &fz.st[fz_sid_legacy(x, s->dev)].vc);
  }
  v.c[sid]++;
  *out = v;
}

void fz_commit(int sid, const fz_vc *v) {
  fz.st[sid].vc = *v;
}

void fz_set_device(fz_exec *e, int dev) {
  if (e->cur == dev)
    return;
  fz_check(e, FN_SetDevice, infinirtSetDevice(dev), B(S));
  e->cur = dev;
}

static void join_device(fz_exec *e, int dev) {
  for (int t = 0; t < FZ_NSID; t++) {
    const fz_stream *o = &fz.st[t];
    if (o->used && o->dev == dev && readable(e, o->owner))
      fz_vc_join(&e->H, &o->vc);
  }
}

void fz_device_sync(fz_exec *e) {
  fz_check(e, FN_DeviceSynchronize, infinirtDeviceSynchronize(), B(S));
  join_device(e, e->cur);
}

void fz_host_sync(fz_exec *e, int sid) {
  fz_stream *s = &fz.st[sid];
  int saved = e->cur;
  if ((s->kind == SK_BLOCKING || s->kind == SK_NONBLOCKING) && s->live) {
    fz_check(e, FN_StreamSynchronize, infinirtStreamSynchronize(s->h), B(S));
    fz_vc_join(&e->H, &s->vc);
    return;
  }
  fz_set_device(e, s->dev);
  if (s->kind == SK_LEGACY) {
    fz_check(e, FN_StreamSynchronize, infinirtStreamSynchronize(NULL), B(S));
    for (int x = 0; x < FZ_NEXEC; x++)
      if (readable(e, x))
        fz_vc_join(&e->H, &fz.st[fz_sid_legacy(x, s->dev)].vc);
  } else if (s->kind == SK_PERTHREAD && s->owner == e->id) {
    fz_note_perthread(e);
    fz_check(e, FN_StreamSynchronize,
             infinirtStreamSynchronize(infinirtStreamPerThread), B(S));
    fz_vc_join(&e->H, &s->vc);
  } else {
    /* Destroyed, or another thread's per-thread stream. */
    fz_device_sync(e);
  }
  fz_set_device(e, saved);
}

static void prune(const fz_exec *e, fz_alloc *a) {
  int k = 0;
  for (int i = 0; i < a->nacc; i++)
    if (a->acc[i].seq > e->H.c[a->acc[i].sid])
      a->acc[k++] = a->acc[i];
  a->nacc = k;
}

void fz_order_after(fz_exec *e, int sid, fz_alloc *a, size_t off, size_t len,
                    bool write, bool all_devices) {
  prune(e, a);
  while (a->nacc > FZ_MAX_ACC - 2) {
    fz_host_sync(e, a->acc[0].sid);
    prune(e, a);
  }
  for (int round = 0;; round++) {
    if (round > 2 * FZ_MAX_ACC)
      fz_fail(e, "model bug: synchronising does not order stream id %d",
              a->nacc ? a->acc[0].sid : -1);
    fz_vc v;
    if (sid >= 0)
      fz_enqueue_clock(e, sid, &v);
    else
      v = e->H;
    int conflict = -1;
    for (int i = 0; i < a->nacc && conflict < 0; i++) {
      const fz_access *x = &a->acc[i];
      if (!(x->write || write) || x->off >= off + len || off >= x->off + x->len)
        continue;
      if (x->seq <= v.c[x->sid])
        continue;
      if (!all_devices && fz.st[x->sid].dev == a->dev)
        continue;
      conflict = x->sid;
    }
    if (conflict < 0)
      return;
    fz_host_sync(e, conflict);
    prune(e, a);
  }
}

void fz_add_access(fz_alloc *a, int sid, uint32_t seq, size_t off, size_t len,
                   bool write, int step) {
  if (a->nacc >= FZ_MAX_ACC)
    abort(); /* fz_order_after keeps room */
  a->acc[a->nacc++] = (fz_access){sid, seq, off, len, write};
  if (write) {
    a->dirty = true;
    a->last_write_step = step;
  }
}

static const char *kind_name(fz_akind k) {
  static const char *names[] = {"device", "pool", "pinned", "pageable"};
  return names[k];
}

void fz_verify_alloc(fz_exec *e, fz_alloc *a) {
  a->dirty = false;
  if (memcmp(a->p, a->val, a->n) == 0)
    return;
  for (size_t i = 0; i < a->n; i++)
    if (a->known[i] && a->p[i] != a->val[i])
      fz_fail(e,
              "byte %zu of %s allocation %p (%zu bytes, device %d) is 0x%02x, "
              "expected 0x%02x (last written at step %d)",
              i, kind_name(a->kind), (void *)a->p, a->n, a->dev, a->p[i],
              a->val[i], a->last_write_step);
}

void fz_settle(fz_exec *e) {
  for (int x = 0; x < FZ_NEXEC; x++) {
    if (!fz_accessible(e, x))
      continue;
    fz_exec *o = &fz.ex[x];
    for (int i = 0; i < FZ_MAX_ALLOCS + FZ_PAGEABLE; i++) {
      fz_alloc *a = &o->al[i];
      if (!a->live)
        continue;
      prune(e, a);
      bool pending = false;
      for (int k = 0; k < a->nacc; k++)
        pending |= a->acc[k].write;
      if (!pending && a->dirty)
        fz_verify_alloc(e, a);
    }
    for (int k = 0; k < o->nhf; k++)
      if (o->hf[k].seq <= e->H.c[o->hf[k].sid] &&
          !atomic_load_explicit(&o->hf[k].ran, memory_order_acquire))
        fz_fail(e,
                "host function %d of executor %d (stream id %d, op %u) is "
                "complete by the model but has not run",
                k, x, o->hf[k].sid, (unsigned)o->hf[k].seq);
  }
}

fz_alloc *fz_new_alloc(fz_exec *e, void *p, size_t n, fz_akind kind, int dev) {
  for (int i = 0; i < FZ_MAX_ALLOCS; i++) {
    fz_alloc *a = &e->al[i];
    if (a->live)
      continue;
    free(a->val);
    free(a->known);
    *a = (fz_alloc){.p = p,
                    .n = n,
                    .kind = kind,
                    .dev = dev,
                    .owner = e->id,
                    .live = true,
                    .val = calloc(n, 1),
                    .known = calloc(n, 1)};
    if (!a->val || !a->known)
      abort();
    return a;
  }
  return NULL;
}

bool fz_alloc_room(const fz_exec *e) {
  for (int i = 0; i < FZ_MAX_ALLOCS; i++)
    if (!e->al[i].live)
      return true;
  return false;
}

void fz_add_dead(void **ring, unsigned *n, void *p) {
  ring[*n % FZ_MAX_DEAD] = p;
  (*n)++;
}

void fz_add_dead_stream(fz_exec *owner, infinirtStream_t h, unsigned epoch) {
  owner->dead_stream_epoch[owner->ndead_streams % FZ_MAX_DEAD] = epoch;
  fz_add_dead(owner->dead_streams, &owner->ndead_streams, h);
}

void fz_note_perthread(fz_exec *e) {
  /* Now, and after every call for the rest of the step (fz_check): the
   * call that makes the stream ends after a destroy that freed it. */
  e->pt_pending = true;
  atomic_fetch_add(&fz.pt_epoch, 1);
}

void fz_drop_alloc(fz_exec *e, fz_alloc *a) {
  fz_add_dead(e->dead_ptrs, &e->ndead_ptrs, a->p);
  a->live = false;
  a->nacc = 0;
}

fz_alloc *fz_find(const fz_exec *e, const void *p, fz_reg **reg) {
  const unsigned char *u = p;
  if (reg)
    *reg = NULL;
  for (int x = 0; x < FZ_NEXEC; x++) {
    if (!fz_accessible(e, x))
      continue;
    for (int i = 0; i < FZ_MAX_ALLOCS + FZ_PAGEABLE; i++) {
      fz_alloc *a = &fz.ex[x].al[i];
      if (!a->live || u < a->p || u >= a->p + a->n)
        continue;
      if (reg)
        for (int r = 0; r < a->nreg; r++)
          if (u >= a->p + a->reg[r].off &&
              u < a->p + a->reg[r].off + a->reg[r].len)
            *reg = &a->reg[r];
      return a;
    }
  }
  return NULL;
}

/* True if |p| is in or just past a live allocation: a pool block is larger
 * than what was asked for, so a freed address there is no longer freed. */
static bool near_live(const fz_exec *e, const void *p) {
  const unsigned char *u = p;
  for (int x = 0; x < FZ_NEXEC; x++)
    for (int i = 0; i < FZ_MAX_ALLOCS + FZ_PAGEABLE; i++) {
      const fz_alloc *a = &fz.ex[x].al[i];
      if (a->live && u >= a->p && u < a->p + a->n + a->n / 4 + 4096)
        return true;
    }
  (void)e;
  return false;
}

static bool live_handle(const void *h) {
  for (int t = 0; t < FZ_NSID; t++)
    if (fz.st[t].used && fz.st[t].live && (const void *)fz.st[t].h == h)
      return true;
  for (int x = 0; x < FZ_NEXEC; x++)
    for (int i = 0; i < FZ_MAX_EVENTS; i++)
      if (fz.ex[x].ev[i].live && (const void *)fz.ex[x].ev[i].h == h)
        return true;
  return false;
}

static void *heap_garbage;

void *fz_pick_garbage(fz_exec *e) {
  uint8_t b = fz_u8(e);
  if (!heap_garbage)
    heap_garbage = calloc(1, 64); /* kept for the process: a non-handle */
  if (b & 1)
    return &fz_garbage[(b >> 1) % 128];
  return (unsigned char *)heap_garbage + (b >> 1) % 32;
}

void *fz_pick_dead(fz_exec *e, int which) {
  uint8_t b = fz_u8(e);
  if (e->parallel)
    return fz_pick_garbage(e);
  fz_exec *o = &fz.ex[b % FZ_NEXEC];
  void **ring = which == DEAD_STREAM  ? o->dead_streams
                : which == DEAD_EVENT ? o->dead_events
                                      : o->dead_ptrs;
  unsigned n = which == DEAD_STREAM  ? o->ndead_streams
               : which == DEAD_EVENT ? o->ndead_events
                                     : o->ndead_ptrs;
  if (n == 0)
    return fz_pick_garbage(e);
  unsigned k = (b >> 2) % (n < FZ_MAX_DEAD ? n : FZ_MAX_DEAD);
  void *p = ring[k];
  if (which == DEAD_STREAM &&
      o->dead_stream_epoch[k] != atomic_load(&fz.pt_epoch))
    return fz_pick_garbage(e);
  /* The runtime reuses addresses: a dead one may be live again. */
  if (which == DEAD_PTR ? near_live(e, p) : live_handle(p))
    return fz_pick_garbage(e);
  return p;
}

fz_alloc *fz_pick_alloc(fz_exec *e, unsigned kinds_mask) {
  fz_alloc *c[FZ_NEXEC * (FZ_MAX_ALLOCS + FZ_PAGEABLE)];
  int n = 0;
  for (int x = 0; x < FZ_NEXEC; x++)
    if (fz_accessible(e, x))
      for (int i = 0; i < FZ_MAX_ALLOCS + FZ_PAGEABLE; i++) {
        fz_alloc *a = &fz.ex[x].al[i];
        if (a->live && (kinds_mask & (1u << a->kind)))
          c[n++] = a;
      }
  uint8_t b = fz_u8(e);
  return n ? c[b % n] : NULL;
}

fz_event *fz_pick_event(fz_exec *e) {
  fz_event *c[FZ_NEXEC * FZ_MAX_EVENTS];
  int n = 0;
  for (int x = 0; x < FZ_NEXEC; x++)
    if (fz_accessible(e, x))
      for (int i = 0; i < FZ_MAX_EVENTS; i++)
        if (fz.ex[x].ev[i].live)
          c[n++] = &fz.ex[x].ev[i];
  uint8_t b = fz_u8(e);
  return n ? c[b % n] : NULL;
}

int fz_pick_user_stream(fz_exec *e) {
  int c[FZ_NSID], n = 0;
  for (int t = 0; t < FZ_NSID; t++) {
    const fz_stream *s = &fz.st[t];
    if (s->used && s->live &&
        (s->kind == SK_BLOCKING || s->kind == SK_NONBLOCKING) &&
        fz_accessible(e, s->owner))
      c[n++] = t;
  }
  uint8_t b = fz_u8(e);
  return n ? c[b % n] : -1;
}

int fz_stream_operand(fz_exec *e, infinirtStream_t *h) {
  uint8_t b = fz_u8(e) % 16;
  int sid;
  switch (b) {
  case 0:
  case 1:
    *h = NULL;
    return fz_sid_legacy(e->id, e->cur);
  case 2:
    *h = infinirtStreamLegacy;
    return fz_sid_legacy(e->id, e->cur);
  case 3:
    fz_note_perthread(e);
    *h = infinirtStreamPerThread;
    return fz_sid_perthread(e->id, e->cur);
  case 11:
    *h = fz_pick_dead(e, DEAD_STREAM);
    return -1;
  case 12:
    *h = fz_pick_garbage(e);
    return -1;
  case 13: {
    fz_event *ev = fz_pick_event(e);
    *h = ev ? (infinirtStream_t)ev->h : (infinirtStream_t)0x3;
    return -1;
  }
  default:
    if ((sid = fz_pick_user_stream(e)) < 0) {
      *h = NULL;
      return fz_sid_legacy(e->id, e->cur);
    }
    *h = fz.st[sid].h;
    return sid;
  }
}

fz_event *fz_event_operand(fz_exec *e, infinirtEvent_t *h) {
  uint8_t b = fz_u8(e) % 12;
  fz_event *ev;
  switch (b) {
  case 8:
    *h = NULL;
    return NULL;
  case 9:
    *h = fz_pick_dead(e, DEAD_EVENT);
    return NULL;
  case 10:
    *h = fz_pick_garbage(e);
    return NULL;
  case 11: {
    int sid = fz_pick_user_stream(e);
    *h = sid >= 0 ? (infinirtEvent_t)fz.st[sid].h
                  : (infinirtEvent_t)infinirtStreamLegacy;
    return NULL;
  }
  default:
    ev = fz_pick_event(e);
    *h = ev ? ev->h : NULL;
    return ev;
  }
}
