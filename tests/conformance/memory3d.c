/* memory3d.c - pitched memory: MallocPitch, Malloc3D, Memcpy3D and its
 * peer and stream-ordered forms, Memset2D/3D and theirs. Every buffer has a
 * host model of all its bytes, padding included; each operation is applied
 * to the model too, and the buffer is then read whole and compared, so a
 * byte written outside the region is caught as surely as one not written
 * inside it. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

/* ---- pitched buffers and their models ----------------------------------- */

enum where { ON_DEVICE, ON_HOST, ON_PINNED };

typedef struct box {
  struct infinirtPitchedPtr p; /* ysize: the rows of a slice */
  size_t depth, bytes;
  enum where where;
  int device;           /* the device it was allocated on */
  unsigned char *model; /* what its bytes must be */
} box;

/* A buffer of |depth| slices of |ysize| rows of at least |width| bytes,
 * filled with a pattern: on the device from Malloc3D (its pitch), or in
 * host memory with the given |pitch|. */
static bool box_make(box *b, enum where where, size_t width, size_t pitch,
                     size_t ysize, size_t depth, unsigned seed) {
  memset(b, 0, sizeof *b);
  b->where = where;
  b->depth = depth;
  if (!EXPECT_OK(infinirtGetDevice(&b->device)))
    return false;
  if (where == ON_DEVICE) {
    if (!EXPECT_OK(infinirtMalloc3D(
            &b->p, make_infinirtExtent(width, ysize, depth))) ||
        !EXPECT(b->p.ptr != NULL))
      return false;
    EXPECT_EQ(b->p.xsize, width);
    EXPECT_EQ(b->p.ysize, ysize);
    EXPECT(b->p.pitch >= width);
  } else {
    void *h = NULL;
    if (where == ON_PINNED
            ? !EXPECT_OK(infinirtMallocHost(&h, pitch * ysize * depth))
            : !EXPECT((h = malloc(pitch * ysize * depth))))
      return false;
    b->p = make_infinirtPitchedPtr(h, pitch, width, ysize);
  }
  b->bytes = b->p.pitch * ysize * depth;
  b->model = malloc(b->bytes);
  if (!EXPECT(b->model))
    return false;
  conf_fill(b->model, b->bytes, seed);
  return EXPECT_OK(
      infinirtMemcpy(b->p.ptr, b->model, b->bytes, infinirtMemcpyDefault));
}

static void box_free(box *b) {
  if (b->p.ptr && b->where == ON_DEVICE) {
    int cur = 0;
    EXPECT_OK(infinirtGetDevice(&cur));
    EXPECT_OK(infinirtSetDevice(b->device));
    EXPECT_OK(infinirtFree(b->p.ptr));
    EXPECT_OK(infinirtSetDevice(cur));
  } else if (b->where == ON_PINNED) {
    EXPECT_OK(infinirtFreeHost(b->p.ptr));
  } else {
    free(b->p.ptr);
  }
  free(b->model);
  memset(b, 0, sizeof *b);
}

/* Reads |b| whole and compares it with its model. */
static bool box_check_at(box *b, const char *what, int line) {
  unsigned char *got = malloc(b->bytes);
  if (!EXPECT(got))
    return false;
  bool ok =
      EXPECT_OK(infinirtMemcpy(got, b->p.ptr, b->bytes, infinirtMemcpyDefault));
  for (size_t i = 0; ok && i < b->bytes; i++)
    if (got[i] != b->model[i]) {
      size_t slice = b->p.pitch * b->p.ysize;
      ok = conf_fail(__FILE__, line,
                     "%s: byte (x %zu, y %zu, z %zu) is 0x%02x, not 0x%02x",
                     what, i % slice % b->p.pitch, i % slice / b->p.pitch,
                     i / slice, got[i], b->model[i]);
    }
  free(got);
  return ok;
}
#define BOX_CHECK(b, what) box_check_at(b, what, __LINE__)

static size_t offset_of(const box *b, struct infinirtPos pos) {
  return (pos.z * b->p.ysize + pos.y) * b->p.pitch + pos.x;
}

/* What a copy of |e| from |src| at |sp| to |dst| at |dp| must do. */
static void model_copy(box *dst, struct infinirtPos dp, const box *src,
                       struct infinirtPos sp, struct infinirtExtent e) {
  for (size_t z = 0; z < e.depth; z++)
    for (size_t y = 0; y < e.height; y++)
      memmove(dst->model +
                  offset_of(dst, make_infinirtPos(dp.x, dp.y + y, dp.z + z)),
              src->model +
                  offset_of(src, make_infinirtPos(sp.x, sp.y + y, sp.z + z)),
              e.width);
}

static void model_set(box *b, int value, struct infinirtExtent e) {
  for (size_t z = 0; z < e.depth; z++)
    for (size_t y = 0; y < e.height; y++)
      memset(b->model + offset_of(b, make_infinirtPos(0, y, z)), value & 0xff,
             e.width);
}

static struct infinirtMemcpy3DParms parms(box *dst, struct infinirtPos dp,
                                          box *src, struct infinirtPos sp,
                                          struct infinirtExtent e,
                                          infinirtMemcpyKind kind) {
  struct infinirtMemcpy3DParms p = {0};
  p.srcPos = sp;
  p.srcPtr = src->p;
  p.dstPos = dp;
  p.dstPtr = dst->p;
  p.extent = e;
  p.kind = kind;
  return p;
}

/* Copies on the models and, synchronously or on |s|, on the buffers. */
static bool copy3d(box *dst, struct infinirtPos dp, box *src,
                   struct infinirtPos sp, struct infinirtExtent e,
                   infinirtMemcpyKind kind, bool async, infinirtStream_t s) {
  struct infinirtMemcpy3DParms p = parms(dst, dp, src, sp, e, kind);
  model_copy(dst, dp, src, sp, e);
  return async ? EXPECT_OK(infinirtMemcpy3DAsync(&p, s))
               : EXPECT_OK(infinirtMemcpy3D(&p));
}

/* ---- allocation --------------------------------------------------------- */

static int pitch_alignment(void) {
  int align = 0;
  EXPECT_OK(infinirtDeviceGetAttribute(
      &align, infinirtDevAttrTexturePitchAlignment, 0));
  return align;
}

CONF_TEST(memory3d, malloc_pitch_alignment) {
  int align = pitch_alignment();
  ASSERT(align > 0 && (align & (align - 1)) == 0);
  const size_t widths[] = {1, 3, 64, 100, 511, 512, 513, 4097};
  const size_t heights[] = {1, 5};
  for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++)
    for (size_t j = 0; j < 2; j++) {
      size_t w = widths[i], h = heights[j], pitch = 0;
      void *p = NULL;
      ASSERT_OK(infinirtMallocPitch(&p, &pitch, w, h));
      EXPECT(p != NULL);
      EXPECT(pitch >= w);
      EXPECT_EQ(pitch % (size_t)align, 0);
      struct infinirtPointerAttributes attr;
      EXPECT_OK(infinirtPointerGetAttributes(&attr, p));
      EXPECT_EQ(attr.type, infinirtMemoryTypeDevice);
      /* Every byte of every row's pitch is the caller's. */
      unsigned char *back = malloc(pitch * h);
      if (EXPECT(back)) {
        EXPECT_OK(infinirtMemset(p, 0x5a, pitch * h));
        EXPECT_OK(infinirtMemcpy(back, p, pitch * h, infinirtMemcpyDefault));
        EXPECT_EQ(conf_first_not(back, pitch * h, 0x5a), pitch * h);
      }
      free(back);
      EXPECT_OK(infinirtFree(p));
    }
}

CONF_TEST(memory3d, malloc_3d) {
  int align = pitch_alignment();
  ASSERT(align > 0);
  struct infinirtPitchedPtr pp;
  ASSERT_OK(infinirtMalloc3D(&pp, make_infinirtExtent(100, 6, 3)));
  EXPECT(pp.ptr != NULL);
  EXPECT(pp.pitch >= 100);
  EXPECT_EQ(pp.pitch % (size_t)align, 0);
  EXPECT_EQ(pp.xsize, 100);
  EXPECT_EQ(pp.ysize, 6);
  EXPECT_OK(infinirtMemset(pp.ptr, 1, pp.pitch * 6 * 3));
  EXPECT_OK(infinirtFree(pp.ptr));
}

CONF_TEST(memory3d, empty_allocations) {
  void *p = &p;
  size_t pitch = 123;
  EXPECT_OK(infinirtMallocPitch(&p, &pitch, 0, 4));
  EXPECT(p == NULL && pitch == 0);
  p = &p, pitch = 123;
  EXPECT_OK(infinirtMallocPitch(&p, &pitch, 16, 0));
  EXPECT(p == NULL && pitch == 0);
  p = &p, pitch = 123;
  EXPECT_OK(infinirtMallocPitch(&p, &pitch, SIZE_MAX, 0));
  EXPECT(p == NULL && pitch == 0);
  const struct infinirtExtent empty[] = {
      {0, 6, 3}, {100, 0, 3}, {100, 6, 0}, {0, 0, 0}};
  for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++) {
    struct infinirtPitchedPtr pp = make_infinirtPitchedPtr(&pp, 1, 2, 3);
    EXPECT_OK(infinirtMalloc3D(&pp, empty[i]));
    EXPECT(pp.ptr == NULL && pp.pitch == 0);
    EXPECT_EQ(pp.xsize, empty[i].width);
    EXPECT_EQ(pp.ysize, empty[i].height);
  }
}

/* A failing allocation leaves its outputs as they were. */
CONF_TEST(memory3d, allocation_errors) {
  void *p = &p;
  size_t pitch = 123;
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtMallocPitch(NULL, &pitch, 16, 4));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtMallocPitch(&p, NULL, 16, 4));
  EXPECT_ERR(infinirtErrorMemoryAllocation,
             infinirtMallocPitch(&p, &pitch, SIZE_MAX, 1));
  EXPECT_ERR(infinirtErrorMemoryAllocation,
             infinirtMallocPitch(&p, &pitch, 1 << 20, SIZE_MAX / 1024));
  EXPECT(p == &p && pitch == 123);
  const struct infinirtExtent huge[] = {
      {SIZE_MAX, 1, 1}, {1 << 20, SIZE_MAX / 1024, 1}, {64, SIZE_MAX / 2, 4}};
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtMalloc3D(NULL, huge[0]));
  for (size_t i = 0; i < sizeof huge / sizeof huge[0]; i++) {
    struct infinirtPitchedPtr pp = make_infinirtPitchedPtr(&pp, 1, 2, 3);
    EXPECT_ERR(infinirtErrorMemoryAllocation, infinirtMalloc3D(&pp, huge[i]));
    EXPECT(pp.ptr == &pp && pp.pitch == 1 && pp.xsize == 2 && pp.ysize == 3);
  }
}

CONF_TEST(memory3d, make_helpers) {
  int x;
  struct infinirtPitchedPtr p = make_infinirtPitchedPtr(&x, 512, 100, 7);
  EXPECT(p.ptr == &x && p.pitch == 512 && p.xsize == 100 && p.ysize == 7);
  struct infinirtPos pos = make_infinirtPos(1, 2, 3);
  EXPECT(pos.x == 1 && pos.y == 2 && pos.z == 3);
  struct infinirtExtent e = make_infinirtExtent(4, 5, 6);
  EXPECT(e.width == 4 && e.height == 5 && e.depth == 6);
}

/* ---- copies ------------------------------------------------------------- */

/* Host -> device -> device -> host -> host with sub-extents at offsets in
 * every buffer, slices of different heights and pitches on each side. */
static void copy_chain(bool use_default) {
  infinirtMemcpyKind h2d = infinirtMemcpyHostToDevice,
                     d2d = infinirtMemcpyDeviceToDevice,
                     d2h = infinirtMemcpyDeviceToHost,
                     h2h = infinirtMemcpyHostToHost;
  if (use_default)
    h2d = d2d = d2h = h2h = infinirtMemcpyDefault;
  box h1, d1, d2, h2, h3;
  memset(&d1, 0, sizeof d1), memset(&d2, 0, sizeof d2);
  memset(&h2, 0, sizeof h2), memset(&h3, 0, sizeof h3);
  const struct infinirtExtent e = make_infinirtExtent(120, 7, 3);
  if (box_make(&h1, ON_HOST, 130, 160, 9, 4, 1) &&
      box_make(&d1, ON_DEVICE, 130, 0, 9, 4, 2) &&
      box_make(&d2, ON_DEVICE, 140, 0, 11, 4, 3) &&
      box_make(&h2, ON_HOST, 200, 200, 10, 4, 4) &&
      box_make(&h3, ON_HOST, 128, 128, 8, 3, 5)) {
    copy3d(&d1, make_infinirtPos(3, 2, 0), &h1, make_infinirtPos(5, 1, 1), e,
           h2d, false, NULL);
    EXPECT(BOX_CHECK(&d1, "host to device"));
    copy3d(&d2, make_infinirtPos(7, 0, 1), &d1, make_infinirtPos(3, 2, 0), e,
           d2d, false, NULL);
    EXPECT(BOX_CHECK(&d2, "device to device"));
    copy3d(&h2, make_infinirtPos(80, 3, 0), &d2, make_infinirtPos(7, 0, 1), e,
           d2h, false, NULL);
    EXPECT(BOX_CHECK(&h2, "device to host"));
    copy3d(&h3, make_infinirtPos(0, 0, 0), &h2, make_infinirtPos(80, 3, 0),
           make_infinirtExtent(120, 7, 3), h2h, false, NULL);
    EXPECT(BOX_CHECK(&h3, "host to host"));
    /* The data went the whole way: h3 holds h1's region. */
    for (size_t z = 0; z < e.depth; z++)
      for (size_t y = 0; y < e.height; y++)
        EXPECT(
            memcmp(h3.model + offset_of(&h3, make_infinirtPos(0, y, z)),
                   h1.model + offset_of(&h1, make_infinirtPos(5, 1 + y, 1 + z)),
                   e.width) == 0);
  }
  box_free(&h1), box_free(&d1), box_free(&d2), box_free(&h2), box_free(&h3);
}

CONF_TEST(memory3d, copy_every_kind) {
  copy_chain(false);
}

CONF_TEST(memory3d, copy_default_kind) {
  copy_chain(true);
}

/* Shapes whose rows or slices lie end to end, one row, one slice, and a
 * position in a later slice with a one-slice extent. */
CONF_TEST(memory3d, copy_shapes) {
  box d, h;
  memset(&h, 0, sizeof h);
  if (box_make(&d, ON_DEVICE, 64, 0, 8, 4, 6) &&
      box_make(&h, ON_HOST, 64, d.p.pitch, 8, 4, 7)) {
    const struct {
      struct infinirtPos dp, sp;
      struct infinirtExtent e;
    } shapes[] = {
        {{0, 0, 0}, {0, 0, 0}, {64, 8, 4}},        /* whole, pitches as rows */
        {{0, 0, 0}, {0, 0, 0}, {d.p.pitch, 8, 4}}, /* rows end to end */
        {{1, 2, 0}, {3, 0, 3}, {50, 1, 1}},        /* one row, a later slice */
        {{0, 5, 2}, {0, 0, 0}, {64, 3, 1}},        /* one slice at z 2 */
        {{5, 0, 1}, {0, 4, 0}, {10, 4, 3}},        /* narrow, three slices */
    };
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
      conf_fill(h.model, h.bytes, 40 + (unsigned)i);
      EXPECT_OK(
          infinirtMemcpy(h.p.ptr, h.model, h.bytes, infinirtMemcpyHostToHost));
      copy3d(&d, shapes[i].dp, &h, shapes[i].sp, shapes[i].e,
             infinirtMemcpyHostToDevice, false, NULL);
      if (!BOX_CHECK(&d, "shape"))
        conf_fail(__FILE__, __LINE__, "in shape %zu", i);
    }
  }
  box_free(&d), box_free(&h);
}

/* Big enough for the CPU backend's parallel path, with padded rows and
 * slices taller than the copy. */
CONF_TEST(memory3d, copy_large) {
  box d1, d2, h;
  memset(&d2, 0, sizeof d2), memset(&h, 0, sizeof h);
  const struct infinirtExtent e = make_infinirtExtent(1000, 390, 4);
  if (box_make(&d1, ON_DEVICE, 1000, 0, 400, 4, 8) &&
      box_make(&d2, ON_DEVICE, 1010, 0, 395, 4, 9) &&
      box_make(&h, ON_PINNED, 1000, 1024, 400, 4, 10)) {
    copy3d(&d2, make_infinirtPos(10, 5, 0), &d1, make_infinirtPos(0, 10, 0), e,
           infinirtMemcpyDeviceToDevice, false, NULL);
    EXPECT(BOX_CHECK(&d2, "large device to device"));
    copy3d(&h, make_infinirtPos(0, 0, 0), &d2, make_infinirtPos(10, 5, 0), e,
           infinirtMemcpyDeviceToHost, true, NULL);
    EXPECT_OK(infinirtStreamSynchronize(NULL));
    EXPECT(BOX_CHECK(&h, "large device to host, async"));
  }
  box_free(&d1), box_free(&d2), box_free(&h);
}

/* Stream order: everything waits behind a gate, runs in order, and a
 * synchronous 3D copy afterwards sees it all. */
CONF_TEST(memory3d, async_in_stream_order) {
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  box h, d, out;
  memset(&d, 0, sizeof d), memset(&out, 0, sizeof out);
  conf_gate gate;
  conf_gate_init(&gate);
  const struct infinirtExtent e = make_infinirtExtent(48, 5, 3);
  if (box_make(&h, ON_PINNED, 64, 64, 6, 3, 11) &&
      box_make(&d, ON_DEVICE, 64, 0, 6, 3, 12) &&
      box_make(&out, ON_PINNED, 64, 64, 6, 3, 13) &&
      EXPECT_OK(infinirtLaunchHostFunc(s, conf_gate_fn, &gate))) {
    /* set, overwrite a part, copy out. */
    struct infinirtPitchedPtr dp = d.p;
    dp.ptr = (char *)dp.ptr + 1;
    EXPECT_OK(
        infinirtMemset3DAsync(dp, 0x3c, make_infinirtExtent(60, 6, 3), s));
    box shifted = d;
    shifted.model = d.model + 1;
    model_set(&shifted, 0x3c, make_infinirtExtent(60, 6, 3));
    copy3d(&d, make_infinirtPos(8, 1, 0), &h, make_infinirtPos(0, 0, 0), e,
           infinirtMemcpyHostToDevice, true, s);
    copy3d(&out, make_infinirtPos(0, 0, 0), &d, make_infinirtPos(0, 0, 0),
           make_infinirtExtent(64, 6, 3), infinirtMemcpyDeviceToHost, true, s);
    /* (No host-to-host copy here: the H200's driver runs one on the
     * calling thread once the stream reaches it, so it would wait for the
     * gate.) */
    unsigned char first = ((unsigned char *)out.p.ptr)[0];
    /* Nothing ran yet: the gate holds the stream. */
    EXPECT(conf_gate_wait_entered(&gate));
    EXPECT_EQ(((unsigned char *)out.p.ptr)[0], first);
    EXPECT_EQ(infinirtStreamQuery(s), infinirtErrorNotReady);
    conf_gate_open(&gate);
    EXPECT_OK(infinirtStreamSynchronize(s));
    EXPECT(!atomic_load(&gate.timed_out));
    EXPECT(BOX_CHECK(&d, "device after the stream"));
    EXPECT(BOX_CHECK(&out, "copied out in stream order"));
  } else {
    conf_gate_open(&gate);
  }
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_OK(infinirtStreamDestroy(s));
  box_free(&h), box_free(&d), box_free(&out);
}

typedef struct opener {
  conf_gate *gate;
  int delay_ms;
} opener;

static void *open_later(void *arg) {
  opener *o = arg;
  conf_sleep_ms(o->delay_ms);
  conf_gate_open(o->gate);
  return NULL;
}

/* A synchronous Memcpy3D, Memset2D or Memset3D is ordered after the work
 * of a blocking stream, as on the legacy default stream. */
CONF_TEST(memory3d, sync_after_blocking_stream) {
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  box d, h;
  memset(&h, 0, sizeof h);
  if (box_make(&d, ON_DEVICE, 32, 0, 4, 2, 14) &&
      box_make(&h, ON_HOST, 32, 32, 4, 2, 15)) {
    for (int form = 0; form < 3; form++) {
      conf_gate gate;
      conf_gate_init(&gate);
      opener o = {&gate, 50};
      pthread_t t;
      if (!EXPECT_OK(infinirtLaunchHostFunc(s, conf_gate_fn, &gate)))
        break;
      EXPECT_OK(infinirtMemset3DAsync(d.p, 0x40 + form,
                                      make_infinirtExtent(32, 4, 2), s));
      model_set(&d, 0x40 + form, make_infinirtExtent(32, 4, 2));
      if (!EXPECT(pthread_create(&t, NULL, open_later, &o) == 0)) {
        conf_gate_open(&gate);
        break;
      }
      if (form == 0) {
        copy3d(&h, make_infinirtPos(0, 0, 0), &d, make_infinirtPos(0, 0, 0),
               make_infinirtExtent(32, 4, 2), infinirtMemcpyDeviceToHost, false,
               NULL);
        EXPECT(BOX_CHECK(&h, "Memcpy3D after the stream's set"));
      } else if (form == 1) {
        EXPECT_OK(infinirtMemset2D(d.p.ptr, d.p.pitch, 0x11, 8, 2));
        model_set(&d, 0x11, make_infinirtExtent(8, 2, 1));
      } else {
        EXPECT_OK(infinirtMemset3D(d.p, 0x22, make_infinirtExtent(4, 1, 2)));
        model_set(&d, 0x22, make_infinirtExtent(4, 1, 2));
      }
      pthread_join(t, NULL);
      EXPECT(BOX_CHECK(&d, "a synchronous set after the stream's"));
    }
  }
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_OK(infinirtStreamDestroy(s));
  box_free(&d), box_free(&h);
}

/* ---- sets --------------------------------------------------------------- */

static bool set2d(box *b, int value, size_t width, size_t height, bool async,
                  infinirtStream_t s) {
  model_set(b, value, make_infinirtExtent(width, height, 1));
  return async ? EXPECT_OK(infinirtMemset2DAsync(b->p.ptr, b->p.pitch, value,
                                                 width, height, s))
               : EXPECT_OK(infinirtMemset2D(b->p.ptr, b->p.pitch, value, width,
                                            height));
}

static bool set3d(box *b, int value, struct infinirtExtent e, bool async,
                  infinirtStream_t s) {
  model_set(b, value, e);
  return async ? EXPECT_OK(infinirtMemset3DAsync(b->p, value, e, s))
               : EXPECT_OK(infinirtMemset3D(b->p, value, e));
}

CONF_TEST(memory3d, set_2d) {
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  box d;
  if (box_make(&d, ON_DEVICE, 100, 0, 7, 1, 16)) {
    for (int async = 0; async < 2; async++) {
      set2d(&d, 0x100 + 0x21 + async, 90, 7, async, s); /* low byte only */
      set2d(&d, 0x33, 100, 3, async, s);
      set2d(&d, 0x44, 1, 1, async, s);
      EXPECT_OK(infinirtStreamSynchronize(s));
      EXPECT(BOX_CHECK(&d, "Memset2D"));
    }
    /* One row: the pitch is not used, so it may be below the width. */
    model_set(&d, 0x55, make_infinirtExtent(d.p.pitch + 10, 1, 1));
    EXPECT_OK(infinirtMemset2D(d.p.ptr, 1, 0x55, d.p.pitch + 10, 1));
    EXPECT(BOX_CHECK(&d, "Memset2D of one row"));
  }
  EXPECT_OK(infinirtStreamDestroy(s));
  box_free(&d);
}

CONF_TEST(memory3d, set_3d) {
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  box d;
  if (box_make(&d, ON_DEVICE, 100, 0, 7, 3, 17)) {
    for (int async = 0; async < 2; async++) {
      set3d(&d, 0x61 + async, make_infinirtExtent(100, 7, 3), async, s);
      set3d(&d, 0x62, make_infinirtExtent(d.p.pitch, 7, 3), async, s);
      set3d(&d, 0x63, make_infinirtExtent(80, 5, 3), async, s); /* gaps */
      set3d(&d, 0x64, make_infinirtExtent(20, 7, 1), async, s);
      set3d(&d, 0x65, make_infinirtExtent(30, 1, 3), async, s);
      set3d(&d, 0x66, make_infinirtExtent(10, 1, 1), async, s);
      EXPECT_OK(infinirtStreamSynchronize(s));
      EXPECT(BOX_CHECK(&d, "Memset3D"));
    }
    /* An interior pointer: the region starts where the caller says. */
    struct infinirtPitchedPtr inner = d.p;
    inner.ptr = (char *)d.p.ptr + d.p.pitch + 4;
    box view = d;
    view.model = d.model + d.p.pitch + 4;
    model_set(&view, 0x70, make_infinirtExtent(16, 2, 2));
    EXPECT_OK(infinirtMemset3D(inner, 0x70, make_infinirtExtent(16, 2, 2)));
    EXPECT(BOX_CHECK(&d, "Memset3D at an interior pointer"));
  }
  EXPECT_OK(infinirtStreamDestroy(s));
  box_free(&d);
}

CONF_TEST(memory3d, set_large) {
  box d;
  if (box_make(&d, ON_DEVICE, 1000, 0, 400, 3, 18)) {
    set3d(&d, 0x7e, make_infinirtExtent(900, 390, 3), false, NULL);
    set3d(&d, 0x7f, make_infinirtExtent(1000, 400, 3), true, NULL);
    set2d(&d, 0x80, 1000, 1100, true, NULL);
    EXPECT_OK(infinirtStreamSynchronize(NULL));
    EXPECT(BOX_CHECK(&d, "large sets"));
  }
  box_free(&d);
}

/* ---- peer copies -------------------------------------------------------- */

/* From device 0 to the last device (the same one when there is one) and
 * back, synchronously and on a stream of device 0. */
CONF_TEST(memory3d, peer_copies) {
  int n = conf_device_count(), last = n - 1;
  box a, b;
  memset(&b, 0, sizeof b);
  infinirtStream_t s = NULL;
  const struct infinirtExtent e = make_infinirtExtent(40, 3, 2);
  bool made = box_make(&a, ON_DEVICE, 64, 0, 4, 2, 19) &&
              EXPECT_OK(infinirtSetDevice(last)) &&
              box_make(&b, ON_DEVICE, 50, 0, 5, 3, 20);
  EXPECT_OK(infinirtSetDevice(0));
  if (made && EXPECT_OK(infinirtStreamCreate(&s))) {
    struct infinirtMemcpy3DPeerParms p = {0};
    p.srcPtr = a.p, p.srcPos = make_infinirtPos(4, 1, 0), p.srcDevice = 0;
    p.dstPtr = b.p, p.dstPos = make_infinirtPos(2, 2, 1), p.dstDevice = last;
    p.extent = e;
    model_copy(&b, p.dstPos, &a, p.srcPos, e);
    EXPECT_OK(infinirtMemcpy3DPeer(&p));
    EXPECT(BOX_CHECK(&b, "peer copy to the last device"));
    struct infinirtMemcpy3DPeerParms q = {0};
    q.srcPtr = b.p, q.srcPos = p.dstPos, q.srcDevice = last;
    q.dstPtr = a.p, q.dstPos = make_infinirtPos(20, 0, 0), q.dstDevice = 0;
    q.extent = e;
    model_copy(&a, q.dstPos, &b, q.srcPos, e);
    EXPECT_OK(infinirtMemcpy3DPeerAsync(&q, s));
    EXPECT_OK(infinirtStreamSynchronize(s));
    EXPECT(BOX_CHECK(&a, "peer copy back on a stream"));
    /* Bad ordinals change nothing, whatever the extent. */
    p.srcDevice = n;
    EXPECT_ERR(infinirtErrorInvalidDevice, infinirtMemcpy3DPeer(&p));
    p.srcDevice = 0, p.dstDevice = -1;
    EXPECT_ERR(infinirtErrorInvalidDevice, infinirtMemcpy3DPeerAsync(&p, s));
    p.extent.depth = 0;
    EXPECT_ERR(infinirtErrorInvalidDevice, infinirtMemcpy3DPeer(&p));
    EXPECT_OK(infinirtStreamSynchronize(s));
    EXPECT(BOX_CHECK(&b, "after refused peer copies"));
  }
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
  box_free(&a), box_free(&b);
}

/* ---- empty regions and bad arguments ------------------------------------ */

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Empty extents succeed at once, with NULL pointers, and wait for nothing
 * (the legacy stream sleeps meanwhile). */
CONF_TEST(memory3d, empty_regions) {
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  ASSERT_OK(infinirtLaunchHostFunc(NULL, conf_sleep_fn, (void *)(intptr_t)300));
  double t0 = now_ms();
  const struct infinirtExtent empty[] = {{0, 4, 4}, {16, 0, 4}, {16, 4, 0}};
  for (size_t i = 0; i < 3; i++) {
    struct infinirtMemcpy3DParms p = {0};
    p.extent = empty[i];
    p.srcPtr.pitch = p.dstPtr.pitch = 16;
    EXPECT_OK(infinirtMemcpy3D(&p));
    EXPECT_OK(infinirtMemcpy3DAsync(&p, s));
    struct infinirtMemcpy3DPeerParms q = {0};
    q.extent = empty[i];
    q.srcPtr.pitch = q.dstPtr.pitch = 16;
    EXPECT_OK(infinirtMemcpy3DPeer(&q));
    EXPECT_OK(infinirtMemcpy3DPeerAsync(&q, s));
    struct infinirtPitchedPtr none = make_infinirtPitchedPtr(NULL, 16, 16, 4);
    EXPECT_OK(infinirtMemset3D(none, 0, empty[i]));
    EXPECT_OK(infinirtMemset3DAsync(none, 0, empty[i], s));
    if (empty[i].depth == 0)
      continue; /* no 2D region is empty by its depth */
    EXPECT_OK(infinirtMemset2D(NULL, 16, 0, empty[i].width, empty[i].height));
    EXPECT_OK(
        infinirtMemset2DAsync(NULL, 16, 0, empty[i].width, empty[i].height, s));
  }
  struct infinirtMemcpy3DParms zero = {0};
  EXPECT_OK(infinirtMemcpy3D(&zero));
  EXPECT(now_ms() - t0 < 250);
  EXPECT_OK(infinirtDeviceSynchronize());
  EXPECT_OK(infinirtStreamDestroy(s));
}

/* Refused calls leave the destination as it was. */
CONF_TEST(memory3d, refused_copies_change_nothing) {
  box d, h;
  memset(&h, 0, sizeof h);
  if (box_make(&d, ON_DEVICE, 64, 0, 4, 2, 21) &&
      box_make(&h, ON_HOST, 64, 64, 4, 2, 22)) {
    const struct infinirtExtent e = make_infinirtExtent(32, 4, 2);
    struct infinirtMemcpy3DParms p =
        parms(&d, make_infinirtPos(0, 0, 0), &h, make_infinirtPos(0, 0, 0), e,
              infinirtMemcpyDefault);
    struct infinirtMemcpy3DParms bad;
    bad = p, bad.kind = (infinirtMemcpyKind)5;
    EXPECT_ERR(infinirtErrorInvalidMemcpyDirection, infinirtMemcpy3D(&bad));
    bad = p, bad.srcArray = (infinirtArray_t)&bad;
    EXPECT_ERR(infinirtErrorInvalidValue, infinirtMemcpy3D(&bad));
    bad = p, bad.dstArray = (infinirtArray_t)&bad, bad.dstPtr.ptr = NULL;
    EXPECT_ERR(infinirtErrorInvalidValue, infinirtMemcpy3DAsync(&bad, NULL));
    bad = p, bad.srcPos.x = h.p.pitch - 31;
    EXPECT_ERR(infinirtErrorInvalidPitchValue, infinirtMemcpy3D(&bad));
    bad = p, bad.dstPtr.pitch = 31;
    EXPECT_ERR(infinirtErrorInvalidPitchValue, infinirtMemcpy3D(&bad));
    bad = p, bad.dstPtr.ysize = 3;
    EXPECT_ERR(infinirtErrorInvalidValue, infinirtMemcpy3D(&bad));
    bad = p, bad.srcPos.y = 1;
    EXPECT_ERR(infinirtErrorInvalidValue, infinirtMemcpy3DAsync(&bad, NULL));
    bad = p, bad.extent.depth = 1, bad.srcPos.z = 1, bad.srcPos.y = 1;
    EXPECT_ERR(infinirtErrorInvalidValue, infinirtMemcpy3D(&bad));
    bad = p, bad.dstPos.z = SIZE_MAX / 2;
    EXPECT_ERR(infinirtErrorInvalidValue, infinirtMemcpy3D(&bad));
    bad = p, bad.extent.depth = SIZE_MAX;
    EXPECT_ERR(infinirtErrorInvalidValue, infinirtMemcpy3D(&bad));
    bad = p, bad.srcPtr.ptr = NULL;
    EXPECT_ERR(infinirtErrorInvalidValue, infinirtMemcpy3D(&bad));
    EXPECT_ERR(infinirtErrorInvalidValue,
               infinirtMemset2D(d.p.ptr, 16, 0, 32, 2));
    struct infinirtPitchedPtr low = d.p;
    low.ysize = 3;
    EXPECT_ERR(infinirtErrorInvalidValue, infinirtMemset3D(low, 0, e));
    low = d.p, low.pitch = 16;
    EXPECT_ERR(infinirtErrorInvalidValue,
               infinirtMemset3DAsync(low, 0, e, NULL));
    EXPECT_OK(infinirtDeviceSynchronize());
    EXPECT(BOX_CHECK(&d, "after refused calls"));
  }
  box_free(&d), box_free(&h);
}

/* From a host function every form that waits or enqueues is refused. */
typedef struct in_host_fn {
  box *d;
  infinirtStream_t s;
  infinirtError_t rc[8];
} in_host_fn;

static void call_from_host_fn(void *arg) {
  in_host_fn *c = arg;
  struct infinirtMemcpy3DParms p = {0};
  p.srcPtr = p.dstPtr = c->d->p;
  p.dstPos.x = 32;
  p.extent = make_infinirtExtent(16, 2, 1);
  p.kind = infinirtMemcpyDefault;
  struct infinirtMemcpy3DPeerParms q = {0};
  q.srcPtr = q.dstPtr = c->d->p;
  q.dstPos.x = 32;
  q.extent = p.extent;
  c->rc[0] = infinirtMemcpy3D(&p);
  c->rc[1] = infinirtMemcpy3DAsync(&p, c->s);
  c->rc[2] = infinirtMemcpy3DPeer(&q);
  c->rc[3] = infinirtMemcpy3DPeerAsync(&q, c->s);
  c->rc[4] = infinirtMemset2D(c->d->p.ptr, c->d->p.pitch, 1, 8, 2);
  c->rc[5] = infinirtMemset2DAsync(c->d->p.ptr, c->d->p.pitch, 1, 8, 2, c->s);
  c->rc[6] = infinirtMemset3D(c->d->p, 1, p.extent);
  c->rc[7] = infinirtMemset3DAsync(c->d->p, 1, p.extent, c->s);
}

CONF_TEST(memory3d, refused_in_host_fn) {
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  box d;
  if (box_make(&d, ON_DEVICE, 64, 0, 4, 1, 23)) {
    in_host_fn c = {&d, s, {infinirtErrorUnknown}};
    EXPECT_OK(infinirtLaunchHostFunc(s, call_from_host_fn, &c));
    EXPECT_OK(infinirtStreamSynchronize(s));
    for (int i = 0; i < 8; i++)
      if (c.rc[i] != infinirtErrorNotPermitted)
        conf_fail(__FILE__, __LINE__, "call %d from a host function gave %s", i,
                  infinirtGetErrorName(c.rc[i]));
    EXPECT_OK(infinirtStreamSynchronize(s));
    EXPECT(BOX_CHECK(&d, "after calls refused in a host function"));
  }
  EXPECT_OK(infinirtStreamDestroy(s));
  box_free(&d);
}
