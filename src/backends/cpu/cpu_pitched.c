/* cpu_pitched.c - pitched memory on the CPU backend: MallocPitch and
 * Malloc3D (Malloc's memory with rows CPU_PITCH_ALIGNMENT apart), the 3D
 * copies (plain, peer, stream-ordered) and the 2D and 3D sets. They run as
 * Memcpy2D does (cpu_copy.c executes them): the synchronous forms on the
 * calling thread inside a gate of the legacy stream, the stream-ordered
 * ones as one command. All devices share the host's memory, so a peer copy
 * differs from a plain one only in the devices it is ordered with. */
#include "cpu_internal.h"

/* The pitch and size of |rows| rows of |width| bytes; false on overflow. */
static bool pitched_size(size_t width, size_t rows, size_t *pitch,
                         size_t *bytes) {
  size_t p;
  if (__builtin_add_overflow(width, CPU_PITCH_ALIGNMENT - 1, &p))
    return false;
  p &= ~(size_t)(CPU_PITCH_ALIGNMENT - 1);
  *pitch = p;
  return !__builtin_mul_overflow(p, rows, bytes);
}

/* Allocates |rows| rows of |width| bytes; NULL and pitch 0 when empty. */
static infinirtError_t alloc_pitched(void **ptr, size_t *pitch, size_t width,
                                     size_t rows) {
  if (width == 0 || rows == 0) {
    *ptr = NULL;
    *pitch = 0;
    return infinirtSuccess;
  }
  size_t p, bytes;
  if (!pitched_size(width, rows, &p, &bytes))
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "%zu rows of %zu bytes, padded to a multiple of %u, "
                           "overflow the address space",
                           rows, width, (unsigned)CPU_PITCH_ALIGNMENT);
  void *mem;
  infinirtError_t err = infinirt_cpu_Malloc(&mem, bytes);
  if (err != infinirtSuccess)
    return err;
  *ptr = mem;
  *pitch = p;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_MallocPitch(void **devPtr, size_t *pitch,
                                         size_t width, size_t height) {
  return alloc_pitched(devPtr, pitch, width, height);
}

infinirtError_t infinirt_cpu_Malloc3D(struct infinirtPitchedPtr *pitchedDevPtr,
                                      struct infinirtExtent extent) {
  size_t rows;
  if (__builtin_mul_overflow(extent.height, extent.depth, &rows))
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "%zu slices of %zu rows overflow the address space",
                           extent.depth, extent.height);
  struct infinirtPitchedPtr out =
      make_infinirtPitchedPtr(NULL, 0, extent.width, extent.height);
  infinirtError_t err = alloc_pitched(&out.ptr, &out.pitch, extent.width, rows);
  if (err == infinirtSuccess)
    *pitchedDevPtr = out;
  return err;
}

/* ---- copies ------------------------------------------------------------ */

/* Byte (x, y, z) of |p|: the core checked that it and the region exist. */
static unsigned char *at(struct infinirtPitchedPtr p, struct infinirtPos pos) {
  return (unsigned char *)p.ptr + (pos.z * p.ysize + pos.y) * p.pitch + pos.x;
}

static cpu_copy3d copy_of(struct infinirtPitchedPtr dst,
                          struct infinirtPos dst_pos,
                          struct infinirtPitchedPtr src,
                          struct infinirtPos src_pos, struct infinirtExtent e) {
  /* Slice strides only where slices are used (the core checked them). */
  bool slices = e.depth > 1;
  return (cpu_copy3d){at(dst, dst_pos),
                      at(src, src_pos),
                      dst.pitch,
                      src.pitch,
                      slices ? dst.pitch * dst.ysize : 0,
                      slices ? src.pitch * src.ysize : 0,
                      e.width,
                      e.height,
                      e.depth};
}

/* Runs |c| on the calling thread in a gate of the current device's legacy
 * stream, as Memcpy2D. */
static infinirtError_t copy_now(const cpu_copy3d *c) {
  cpu_enqueue e;
  infinirtError_t err = infinirt_cpu_legacy_enter(infinirt_cpu_current(), &e);
  if (err != infinirtSuccess)
    return err;
  infinirt_cpu_exec_copy3d(c);
  infinirt_cpu_legacy_leave(&e);
  return infinirtSuccess;
}

cpu_copy3d infinirt_cpu_copy3d_of(const struct infinirtMemcpy3DParms *p) {
  return copy_of(p->dstPtr, p->dstPos, p->srcPtr, p->srcPos, p->extent);
}

void infinirt_cpu_copy3d_command(cpu_slot *h, const cpu_copy3d *c) {
  h->cmd.p.copy3d.dst = c->dst;
  h->cmd.p.copy3d.src = c->src;
  h->cmd.p.copy3d.dpitch = c->dpitch;
  h->cmd.p.copy3d.spitch = c->spitch;
  h->cmd.p.copy3d.width = c->width;
  h->cmd.p.copy3d.height = c->height;
  h->cmd.p.copy3d.depth = c->depth;
  h[1].cmd.p.copy3d_slices.dslice = c->dslice;
  h[1].cmd.p.copy3d_slices.sslice = c->sslice;
}

/* Enqueues |c| on |stream| as one command of two slots. */
static infinirtError_t copy_on(const cpu_copy3d *c, infinirtStream_t stream) {
  infinirtError_t err = infinirtSuccess;
  cpu_enqueue e;
  cpu_slot *h = infinirt_cpu_begin_async(stream, 1, &e, &err);
  if (!h)
    return err;
  infinirt_cpu_copy3d_command(h, c);
  infinirt_cpu_commit(&e, CPU_OP_COPY3D);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_Memcpy3D(const struct infinirtMemcpy3DParms *p) {
  /* all memory is host memory: the kind changes nothing */
  cpu_copy3d c = copy_of(p->dstPtr, p->dstPos, p->srcPtr, p->srcPos, p->extent);
  return copy_now(&c);
}

infinirtError_t
infinirt_cpu_Memcpy3DAsync(const struct infinirtMemcpy3DParms *p,
                           infinirtStream_t stream) {
  cpu_copy3d c = copy_of(p->dstPtr, p->dstPos, p->srcPtr, p->srcPos, p->extent);
  return copy_on(&c, stream);
}

/* Waits for the work that |device|'s legacy stream is ordered after, as a
 * synchronous operation there would. */
static infinirtError_t order_after(int device) {
  cpu_enqueue e;
  infinirtError_t err =
      infinirt_cpu_legacy_enter(&infinirt_cpu_devices[device], &e);
  if (err == infinirtSuccess)
    infinirt_cpu_legacy_leave(&e);
  return err;
}

/* Ordered after the work of the source and destination devices, then run
 * as Memcpy3D on the current one. The other devices' gates are passed, not
 * held: holding two could deadlock against work of one that waits for an
 * event of the other. */
infinirtError_t
infinirt_cpu_Memcpy3DPeer(const struct infinirtMemcpy3DPeerParms *p) {
  int cur = infinirt_cpu_current()->ordinal;
  infinirtError_t err = infinirtSuccess;
  if (p->srcDevice != cur)
    err = order_after(p->srcDevice);
  if (err == infinirtSuccess && p->dstDevice != cur &&
      p->dstDevice != p->srcDevice)
    err = order_after(p->dstDevice);
  if (err != infinirtSuccess)
    return err;
  cpu_copy3d c = copy_of(p->dstPtr, p->dstPos, p->srcPtr, p->srcPos, p->extent);
  return copy_now(&c);
}

infinirtError_t
infinirt_cpu_Memcpy3DPeerAsync(const struct infinirtMemcpy3DPeerParms *p,
                               infinirtStream_t stream) {
  cpu_copy3d c = copy_of(p->dstPtr, p->dstPos, p->srcPtr, p->srcPos, p->extent);
  return copy_on(&c, stream);
}

/* ---- sets -------------------------------------------------------------- */

static cpu_set3d set_of(struct infinirtPitchedPtr p, int value,
                        struct infinirtExtent e) {
  return (cpu_set3d){p.ptr,       p.pitch,  e.depth > 1 ? p.pitch * p.ysize : 0,
                     e.width,     e.height, e.depth,
                     value & 0xff};
}

static infinirtError_t set_now(const cpu_set3d *c) {
  cpu_enqueue e;
  infinirtError_t err = infinirt_cpu_legacy_enter(infinirt_cpu_current(), &e);
  if (err != infinirtSuccess)
    return err;
  infinirt_cpu_exec_set3d(c);
  infinirt_cpu_legacy_leave(&e);
  return infinirtSuccess;
}

static infinirtError_t set_on(const cpu_set3d *c, infinirtStream_t stream) {
  infinirtError_t err = infinirtSuccess;
  cpu_enqueue e;
  cpu_slot *h = infinirt_cpu_begin_async(stream, 0, &e, &err);
  if (!h)
    return err;
  h->cmd.p.set3d = *c;
  infinirt_cpu_commit(&e, CPU_OP_SET3D);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_Memset2D(void *devPtr, size_t pitch, int value,
                                      size_t width, size_t height) {
  cpu_set3d c = set_of(make_infinirtPitchedPtr(devPtr, pitch, width, height),
                       value, make_infinirtExtent(width, height, 1));
  return set_now(&c);
}

infinirtError_t infinirt_cpu_Memset2DAsync(void *devPtr, size_t pitch,
                                           int value, size_t width,
                                           size_t height,
                                           infinirtStream_t stream) {
  cpu_set3d c = set_of(make_infinirtPitchedPtr(devPtr, pitch, width, height),
                       value, make_infinirtExtent(width, height, 1));
  return set_on(&c, stream);
}

infinirtError_t infinirt_cpu_Memset3D(struct infinirtPitchedPtr pitchedDevPtr,
                                      int value, struct infinirtExtent extent) {
  cpu_set3d c = set_of(pitchedDevPtr, value, extent);
  return set_now(&c);
}

infinirtError_t
infinirt_cpu_Memset3DAsync(struct infinirtPitchedPtr pitchedDevPtr, int value,
                           struct infinirtExtent extent,
                           infinirtStream_t stream) {
  cpu_set3d c = set_of(pitchedDevPtr, value, extent);
  return set_on(&c, stream);
}
