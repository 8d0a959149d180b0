/* eval.c - evaluations: the kernel, its arguments, the reference check and
 * the timing loop (the rules are in docs/eval.md). */
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "eval_internal.h"
#include "infinirt_cpu_kernel.h"

typedef struct ev_arg {
  int is_tensor;
  infinirtExtEvalTensor t; /* path and data pointers not kept */
  size_t count, bytes;     /* storage span */
  void *init;              /* host copy of the initial contents */
  void *ptr;               /* placed tensor */
  void *ref_ptr;           /* reference copy */
  void *expected;          /* .npy expected contents, or NULL */
  unsigned char scalar[16];
  size_t scalar_size;
} ev_arg;

struct infinirtExtEval_st {
  infinirtDeviceType type;
  int ordinal;
  struct infinirtDeviceProp prop;
  infinirtStream_t stream;
  infinirtEvent_t ev0, ev1;
  char name[128];
  infinirtLibrary_t lib, ref_lib;
  infinirtKernel_t kernel, ref_kernel;
  int have_ref;
  /* CPU kernel infos (argument sizes), when known. */
  int nparams, ref_nparams;
  uint32_t psize[INFINIRT_EXT_EVAL_MAX_ARGS];
  uint32_t ref_psize[INFINIRT_EXT_EVAL_MAX_ARGS];
  infinirtExtEvalHostFn host_fn;
  void *host_user;
  void *const *host_args;
  infinirtDim3 grid, block;
  size_t shared_mem;
  int nargs;
  ev_arg args[INFINIRT_EXT_EVAL_MAX_ARGS];
  void *argv[INFINIRT_EXT_EVAL_MAX_ARGS];
  void *ref_argv[INFINIRT_EXT_EVAL_MAX_ARGS];
  int prepared;
  infinirtExtEvalConfig cfg;
  double flops, bytes;
  void *flush;
  size_t flush_bytes;
};

/* A failing infinirt call: its name, error and detail. */
#define EV_CALL(call)                                                          \
  do {                                                                         \
    infinirtError_t ev_e_ = (call);                                            \
    if (ev_e_ != infinirtSuccess)                                              \
      return ev_fail(ev_e_, "%s failed: %s (%s)", #call,                       \
                     infinirtGetErrorString(ev_e_),                            \
                     infinirtExtGetLastErrorDetail());                         \
  } while (0)

#define EV_NULL(p, fn)                                                         \
  do {                                                                         \
    if (!(p))                                                                  \
      return ev_fail(infinirtErrorInvalidValue, "%s: NULL argument", fn);      \
  } while (0)

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static infinirtError_t use_device(infinirtExtEval_t e) {
  EV_CALL(infinirtExtSetDeviceType(e->type));
  EV_CALL(infinirtSetDevice(e->ordinal));
  return infinirtSuccess;
}

infinirtError_t infinirtExtEvalTensorInit(infinirtExtEvalTensor *t) {
  EV_NULL(t, "infinirtExtEvalTensorInit");
  memset(t, 0, sizeof *t);
  t->dtype = infinirtExtEvalF32;
  t->init = infinirtExtEvalInitZeros;
  t->low = -1.0;
  t->high = 1.0;
  t->place = infinirtExtEvalPlaceDevice;
  return infinirtSuccess;
}

infinirtError_t infinirtExtEvalConfigInit(infinirtExtEvalConfig *c) {
  EV_NULL(c, "infinirtExtEvalConfigInit");
  memset(c, 0, sizeof *c);
  c->warmup = 1;
  c->number = 1;
  c->repeat = 10;
  c->min_repeat_ms = 0;
  c->cold = 0;
  c->stop = infinirtExtEvalStopFixed;
  c->target_stdrel = 0.005;
  c->min_samples = 10;
  c->max_samples = 1000;
  c->max_time_s = 15.0;
  c->progress = 1;
  c->atol = 1e-5;
  c->rtol = 1e-5;
  return infinirtSuccess;
}

infinirtError_t infinirtExtEvalCreate(infinirtExtEval_t *out,
                                      infinirtDeviceType type, int ordinal) {
  EV_NULL(out, "infinirtExtEvalCreate");
  *out = NULL;
  if ((unsigned)type >= infinirtDeviceTypeCount)
    return ev_fail(infinirtErrorInvalidValue,
                   "infinirtExtEvalCreate: %d is not a device type", type);
  int count = 0;
  const char *why = NULL;
  EV_CALL(infinirtExtGetBackendStatus(type, &count, &why));
  if (count == 0)
    return ev_fail(infinirtErrorNoDevice, "device type %s has no device: %s",
                   infinirtExtGetDeviceTypeName(type), why ? why : "?");
  if (ordinal < 0 || ordinal >= count)
    return ev_fail(infinirtErrorInvalidDevice,
                   "device %s:%d does not exist (%d device%s)",
                   infinirtExtGetDeviceTypeName(type), ordinal, count,
                   count == 1 ? "" : "s");
  infinirtExtEval_t e = calloc(1, sizeof *e);
  if (!e)
    return ev_fail(infinirtErrorMemoryAllocation, "out of memory");
  e->type = type;
  e->ordinal = ordinal;
  e->grid = (infinirtDim3){1, 1, 1};
  e->block = (infinirtDim3){1, 1, 1};
  e->nparams = -1;
  e->ref_nparams = -1;
  infinirtExtEvalConfigInit(&e->cfg);
  infinirtError_t err = use_device(e);
  if (err == infinirtSuccess)
    err = infinirtGetDeviceProperties(&e->prop, ordinal);
  if (err == infinirtSuccess)
    err = infinirtStreamCreateWithFlags(&e->stream, infinirtStreamNonBlocking);
  if (err == infinirtSuccess)
    err = infinirtEventCreate(&e->ev0);
  if (err == infinirtSuccess)
    err = infinirtEventCreate(&e->ev1);
  if (err != infinirtSuccess) {
    ev_fail(err, "creating an evaluation on %s:%d: %s (%s)",
            infinirtExtGetDeviceTypeName(type), ordinal,
            infinirtGetErrorString(err), infinirtExtGetLastErrorDetail());
    infinirtExtEvalDestroy(e);
    return err;
  }
  *out = e;
  return infinirtSuccess;
}

static void free_placed(ev_arg *a, void *p) {
  if (!p)
    return;
  if (a->t.place == infinirtExtEvalPlaceHost)
    free(p);
  else if (a->t.place == infinirtExtEvalPlacePinned)
    infinirtFreeHost(p);
  else
    infinirtFree(p);
}

infinirtError_t infinirtExtEvalDestroy(infinirtExtEval_t e) {
  if (!e)
    return infinirtSuccess;
  use_device(e);
  if (e->stream)
    infinirtStreamSynchronize(e->stream);
  for (int i = 0; i < e->nargs; i++) {
    ev_arg *a = &e->args[i];
    free_placed(a, a->ptr);
    free_placed(a, a->ref_ptr);
    free(a->init);
    free(a->expected);
  }
  if (e->flush)
    infinirtFree(e->flush);
  if (e->ev0)
    infinirtEventDestroy(e->ev0);
  if (e->ev1)
    infinirtEventDestroy(e->ev1);
  if (e->stream)
    infinirtStreamDestroy(e->stream);
  if (e->ref_lib && e->ref_lib != e->lib)
    infinirtLibraryUnload(e->ref_lib);
  if (e->lib)
    infinirtLibraryUnload(e->lib);
  free(e);
  return infinirtSuccess;
}

/* On the CPU, the kernel's info (argument count and sizes) from the shared
 * object itself; -1 when it cannot be read (never an error here: the
 * backend's loader says what is wrong with a bad image). */
static int cpu_kernel_params(const char *path, const char *name,
                             uint32_t *sizes) {
  void *h = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
  if (!h)
    return -1;
  char sym[256];
  snprintf(sym, sizeof sym, "%s%s", INFINIRT_CPU_KERNEL_SYMBOL_PREFIX, name);
  const infinirtCpuKernelInfo *info = dlsym(h, sym);
  int n = -1;
  if (info && info->num_args <= INFINIRT_EXT_EVAL_MAX_ARGS) {
    n = (int)info->num_args;
    for (int i = 0; i < n; i++)
      sizes[i] = info->arg_sizes[i];
  }
  dlclose(h);
  return n;
}

static infinirtError_t load_kernel(infinirtExtEval_t e, const char *path,
                                   const char *name, infinirtLibrary_t *lib,
                                   infinirtKernel_t *k, int *np,
                                   uint32_t *sizes) {
  infinirtError_t err =
      infinirtLibraryLoadFromFile(lib, path, NULL, NULL, 0, NULL, NULL, 0);
  if (err != infinirtSuccess)
    return ev_fail(err, "cannot load kernel library '%s': %s (%s)", path,
                   infinirtGetErrorString(err),
                   infinirtExtGetLastErrorDetail());
  err = infinirtLibraryGetKernel(k, *lib, name);
  if (err != infinirtSuccess) {
    infinirtLibraryUnload(*lib);
    *lib = NULL;
    return ev_fail(err, "kernel library '%s' has no kernel '%s' (%s)", path,
                   name, infinirtGetErrorString(err));
  }
  *np = e->type == infinirtDeviceTypeCpu ? cpu_kernel_params(path, name, sizes)
                                         : -1;
  return infinirtSuccess;
}

infinirtError_t infinirtExtEvalSetKernel(infinirtExtEval_t e, const char *path,
                                         const char *name) {
  EV_NULL(e && path && name, "infinirtExtEvalSetKernel");
  infinirtError_t err = use_device(e);
  if (err)
    return err;
  infinirtLibrary_t lib = NULL;
  infinirtKernel_t k = NULL;
  int np;
  uint32_t sizes[INFINIRT_EXT_EVAL_MAX_ARGS];
  err = load_kernel(e, path, name, &lib, &k, &np, sizes);
  if (err)
    return err;
  if (e->lib && e->ref_lib != e->lib)
    infinirtLibraryUnload(e->lib);
  e->lib = lib;
  e->kernel = k;
  e->host_fn = NULL;
  e->nparams = np;
  memcpy(e->psize, sizes, sizeof sizes);
  snprintf(e->name, sizeof e->name, "%s", name);
  return infinirtSuccess;
}

infinirtError_t infinirtExtEvalSetHostFunction(infinirtExtEval_t e,
                                               const char *name,
                                               infinirtExtEvalHostFn fn,
                                               void *user) {
  EV_NULL(e && name && fn, "infinirtExtEvalSetHostFunction");
  e->host_fn = fn;
  e->host_user = user;
  e->kernel = NULL;
  e->nparams = -1;
  snprintf(e->name, sizeof e->name, "%s", name);
  return infinirtSuccess;
}

infinirtError_t infinirtExtEvalSetLaunch(infinirtExtEval_t e, infinirtDim3 grid,
                                         infinirtDim3 block,
                                         size_t shared_mem) {
  EV_NULL(e, "infinirtExtEvalSetLaunch");
  if (!grid.x || !grid.y || !grid.z || !block.x || !block.y || !block.z)
    return ev_fail(infinirtErrorInvalidValue,
                   "launch grid (%u,%u,%u) block (%u,%u,%u): a dimension is 0",
                   grid.x, grid.y, grid.z, block.x, block.y, block.z);
  e->grid = grid;
  e->block = block;
  e->shared_mem = shared_mem;
  return infinirtSuccess;
}

/* A small, seeded generator (splitmix64), the same on every machine. */
static uint64_t mix(uint64_t *s) {
  uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

infinirtError_t infinirtExtEvalAddTensor(infinirtExtEval_t e,
                                         const infinirtExtEvalTensor *t,
                                         int *index) {
  EV_NULL(e && t, "infinirtExtEvalAddTensor");
  int ai = e->nargs;
  if (ai >= INFINIRT_EXT_EVAL_MAX_ARGS)
    return ev_fail(infinirtErrorInvalidValue, "more than %d arguments",
                   INFINIRT_EXT_EVAL_MAX_ARGS);
  if ((unsigned)t->dtype >= infinirtExtEvalDtypeCount)
    return ev_fail(infinirtErrorInvalidValue, "argument %d: bad dtype %d", ai,
                   t->dtype);
  if (t->ndim < 0 || t->ndim > INFINIRT_EXT_EVAL_MAX_DIMS)
    return ev_fail(infinirtErrorInvalidValue,
                   "argument %d: rank %d is not in 0..%d", ai, t->ndim,
                   INFINIRT_EXT_EVAL_MAX_DIMS);
  if ((unsigned)t->place > infinirtExtEvalPlacePinned)
    return ev_fail(infinirtErrorInvalidValue, "argument %d: bad place %d", ai,
                   t->place);
  int strided = 0;
  size_t dense = 1;
  for (int d = 0; d < t->ndim; d++) {
    if (t->shape[d] < 1)
      return ev_fail(infinirtErrorInvalidValue,
                     "argument %d: dimension %d is %lld (must be >= 1)", ai, d,
                     (long long)t->shape[d]);
    if (t->strides[d] < 0)
      return ev_fail(infinirtErrorInvalidValue,
                     "argument %d: negative stride %lld", ai,
                     (long long)t->strides[d]);
    if (t->strides[d])
      strided = 1;
    if (__builtin_mul_overflow(dense, (size_t)t->shape[d], &dense))
      return ev_fail(infinirtErrorInvalidValue,
                     "argument %d: the shape's element count overflows", ai);
  }
  size_t count = dense;
  if (strided) {
    count = 1;
    for (int d = 0; d < t->ndim; d++) {
      size_t span;
      if (!t->strides[d])
        return ev_fail(infinirtErrorInvalidValue,
                       "argument %d: give every stride or none", ai);
      if (__builtin_mul_overflow((size_t)(t->shape[d] - 1),
                                 (size_t)t->strides[d], &span) ||
          __builtin_add_overflow(count, span, &count))
        return ev_fail(infinirtErrorInvalidValue,
                       "argument %d: the strides' extent overflows", ai);
    }
  }
  size_t es = infinirtExtEvalDtypeSize(t->dtype), total;
  if (__builtin_mul_overflow(count, es, &total))
    return ev_fail(infinirtErrorInvalidValue,
                   "argument %d: %zu elements of %zu bytes: the size overflows",
                   ai, count, es);
  ev_arg a;
  memset(&a, 0, sizeof a);
  a.is_tensor = 1;
  a.t = *t;
  a.t.path = NULL;
  a.t.data = NULL;
  a.count = count;
  a.bytes = count * es;
  a.init = calloc(count, es);
  if (!a.init)
    return ev_fail(infinirtErrorMemoryAllocation,
                   "argument %d: out of memory (%zu bytes)", ai, a.bytes);
  switch (t->init) {
  case infinirtExtEvalInitZeros:
    break;
  case infinirtExtEvalInitConstant:
    for (size_t i = 0; i < count; i++)
      ev_set(t->dtype, a.init, i, t->value);
    break;
  case infinirtExtEvalInitRandom: {
    uint64_t s = t->seed;
    for (size_t i = 0; i < count; i++) {
      double u = (double)(mix(&s) >> 11) * 0x1.0p-53;
      double v = ev_is_float(t->dtype)
                     ? t->low + (t->high - t->low) * u
                     : floor(t->low + (t->high - t->low + 1) * u);
      ev_set(t->dtype, a.init, i, v);
    }
    break;
  }
  case infinirtExtEvalInitNpy:
  case infinirtExtEvalInitMemory: {
    if (t->init == infinirtExtEvalInitMemory) {
      if (!t->data) {
        free(a.init);
        return ev_fail(infinirtErrorInvalidValue,
                       "argument %d: memory init without data", ai);
      }
      memcpy(a.init, t->data, a.bytes);
      break;
    }
    if (!t->path) {
      free(a.init);
      return ev_fail(infinirtErrorInvalidValue,
                     "argument %d: npy init without a path", ai);
    }
    infinirtExtEvalDtype nt;
    int nd;
    int64_t sh[INFINIRT_EXT_EVAL_MAX_DIMS];
    void *data;
    size_t n;
    infinirtError_t err = ev_load_npy(t->path, &nt, &nd, sh, &data, &n);
    if (err) {
      free(a.init);
      return err;
    }
    int same = nt == t->dtype && nd == t->ndim;
    for (int d = 0; same && d < nd; d++)
      same = sh[d] == t->shape[d];
    if (!same || strided) {
      char want[160], got[160];
      int w = snprintf(want, sizeof want, "%s[",
                       infinirtExtEvalDtypeName(t->dtype));
      for (int d = 0; d < t->ndim; d++)
        w += snprintf(want + w, sizeof want - (size_t)w, "%s%lld", d ? "," : "",
                      (long long)t->shape[d]);
      snprintf(want + w, sizeof want - (size_t)w, "]");
      w = snprintf(got, sizeof got, "%s[", infinirtExtEvalDtypeName(nt));
      for (int d = 0; d < nd; d++)
        w += snprintf(got + w, sizeof got - (size_t)w, "%s%lld", d ? "," : "",
                      (long long)sh[d]);
      snprintf(got + w, sizeof got - (size_t)w, "]");
      free(data);
      free(a.init);
      if (strided)
        return ev_fail(infinirtErrorInvalidValue,
                       "argument %d: an .npy initialiser needs a dense tensor",
                       ai);
      return ev_fail(infinirtErrorInvalidValue,
                     "argument %d: shape mismatch: the tensor is %s, '%s' "
                     "holds %s",
                     ai, want, t->path, got);
    }
    memcpy(a.init, data, a.bytes);
    free(data);
    break;
  }
  default:
    free(a.init);
    return ev_fail(infinirtErrorInvalidValue, "argument %d: bad init %d", ai,
                   t->init);
  }
  e->args[ai] = a;
  e->nargs++;
  e->prepared = 0;
  if (index)
    *index = ai;
  return infinirtSuccess;
}

infinirtError_t infinirtExtEvalAddScalar(infinirtExtEval_t e,
                                         infinirtExtEvalDtype dtype,
                                         int64_t ivalue, double fvalue,
                                         int *index) {
  EV_NULL(e, "infinirtExtEvalAddScalar");
  int ai = e->nargs;
  if (ai >= INFINIRT_EXT_EVAL_MAX_ARGS)
    return ev_fail(infinirtErrorInvalidValue, "more than %d arguments",
                   INFINIRT_EXT_EVAL_MAX_ARGS);
  if ((unsigned)dtype >= infinirtExtEvalDtypeCount)
    return ev_fail(infinirtErrorInvalidValue, "argument %d: bad dtype %d", ai,
                   dtype);
  ev_arg *a = &e->args[ai];
  memset(a, 0, sizeof *a);
  a->t.dtype = dtype;
  a->scalar_size = infinirtExtEvalDtypeSize(dtype);
  if (ev_is_float(dtype))
    ev_set(dtype, a->scalar, 0, fvalue);
  else if (dtype == infinirtExtEvalI64 || dtype == infinirtExtEvalU64)
    memcpy(a->scalar, &ivalue, 8); /* exact, beyond 2^53 */
  else
    ev_set(dtype, a->scalar, 0, (double)ivalue);
  e->nargs++;
  e->prepared = 0;
  if (index)
    *index = ai;
  return infinirtSuccess;
}

infinirtError_t infinirtExtEvalSetReferenceKernel(infinirtExtEval_t e,
                                                  const char *path,
                                                  const char *name) {
  EV_NULL(e && name, "infinirtExtEvalSetReferenceKernel");
  infinirtError_t err = use_device(e);
  if (err)
    return err;
  /* Into locals first: a failed call leaves the previous reference. */
  infinirtLibrary_t lib = e->lib;
  infinirtKernel_t k = NULL;
  int np = -1; /* unknown: the argument check is the main kernel's */
  uint32_t sizes[INFINIRT_EXT_EVAL_MAX_ARGS] = {0};
  if (!path) {
    if (!e->lib)
      return ev_fail(infinirtErrorInvalidValue,
                     "reference kernel '%s' without a library: set the "
                     "kernel first or give a path",
                     name);
    err = infinirtLibraryGetKernel(&k, e->lib, name);
    if (err)
      return ev_fail(err, "the kernel library has no reference kernel '%s'",
                     name);
  } else {
    err = load_kernel(e, path, name, &lib, &k, &np, sizes);
    if (err)
      return err;
    memcpy(e->ref_psize, sizes, sizeof sizes);
  }
  if (e->ref_lib && e->ref_lib != e->lib)
    infinirtLibraryUnload(e->ref_lib);
  e->ref_lib = lib;
  e->ref_kernel = k;
  e->ref_nparams = np;
  e->have_ref = 1;
  return infinirtSuccess;
}

infinirtError_t infinirtExtEvalSetExpectedNpy(infinirtExtEval_t e, int index,
                                              const char *path) {
  EV_NULL(e && path, "infinirtExtEvalSetExpectedNpy");
  if (index < 0 || index >= e->nargs || !e->args[index].is_tensor)
    return ev_fail(infinirtErrorInvalidValue,
                   "expected output for argument %d, which is not a tensor",
                   index);
  ev_arg *a = &e->args[index];
  infinirtExtEvalDtype nt;
  int nd;
  int64_t sh[INFINIRT_EXT_EVAL_MAX_DIMS];
  void *data;
  size_t n;
  infinirtError_t err = ev_load_npy(path, &nt, &nd, sh, &data, &n);
  if (err)
    return err;
  if (nt != a->t.dtype || n != a->count) {
    free(data);
    return ev_fail(infinirtErrorInvalidValue,
                   "expected output '%s' (%s, %zu elements) does not fit "
                   "argument %d (%s, %zu elements)",
                   path, infinirtExtEvalDtypeName(nt), n, index,
                   infinirtExtEvalDtypeName(a->t.dtype), a->count);
  }
  free(a->expected);
  a->expected = data;
  return infinirtSuccess;
}

infinirtError_t infinirtExtEvalSetConfig(infinirtExtEval_t e,
                                         const infinirtExtEvalConfig *c) {
  EV_NULL(e && c, "infinirtExtEvalSetConfig");
  /* Written as !(x >= 0): a NaN fails them too (a NaN min_repeat_ms
   * would grow number forever). */
  if (c->warmup < 0 || c->number < 1 || c->repeat < 1 ||
      !(c->min_repeat_ms >= 0) || !isfinite(c->min_repeat_ms) ||
      (c->cold != 0 && c->cold != 1))
    return ev_fail(infinirtErrorInvalidValue,
                   "config: warmup >= 0, number >= 1, repeat >= 1, "
                   "finite min_repeat_ms >= 0 and cold 0 or 1 are required");
  if ((unsigned)c->stop > infinirtExtEvalStopStdrel)
    return ev_fail(infinirtErrorInvalidValue, "config: bad stop %d", c->stop);
  if (c->stop == infinirtExtEvalStopStdrel &&
      (!(c->target_stdrel > 0) || c->min_samples < 2 ||
       c->max_samples < c->min_samples || !(c->max_time_s > 0)))
    return ev_fail(infinirtErrorInvalidValue,
                   "config: stdrel needs target > 0, 2 <= min_samples <= "
                   "max_samples and max_time_s > 0");
  if (!(c->atol >= 0) || !(c->rtol >= 0))
    return ev_fail(infinirtErrorInvalidValue,
                   "config: tolerances must be numbers >= 0");
  e->cfg = *c;
  return infinirtSuccess;
}

infinirtError_t infinirtExtEvalSetWork(infinirtExtEval_t e, double flops,
                                       double bytes) {
  EV_NULL(e, "infinirtExtEvalSetWork");
  if (!(flops >= 0) || !(bytes >= 0))
    return ev_fail(infinirtErrorInvalidValue, "work: negative count");
  e->flops = flops;
  e->bytes = bytes;
  return infinirtSuccess;
}

static infinirtError_t place_alloc(ev_arg *a, void **p) {
  size_t b = a->bytes ? a->bytes : 1;
  *p = NULL;
  if (a->t.place == infinirtExtEvalPlaceHost) {
    *p = malloc(b);
    if (!*p)
      return ev_fail(infinirtErrorMemoryAllocation, "out of host memory");
  } else if (a->t.place == infinirtExtEvalPlacePinned) {
    EV_CALL(infinirtMallocHost(p, b));
  } else {
    EV_CALL(infinirtMalloc(p, b));
  }
  return infinirtSuccess;
}

static infinirtError_t upload(ev_arg *a, void *p) {
  if (a->t.place == infinirtExtEvalPlaceDevice)
    EV_CALL(infinirtMemcpy(p, a->init, a->bytes, infinirtMemcpyHostToDevice));
  else
    memcpy(p, a->init, a->bytes);
  return infinirtSuccess;
}

static infinirtError_t download(ev_arg *a, const void *p, void *host) {
  if (a->t.place == infinirtExtEvalPlaceDevice)
    EV_CALL(infinirtMemcpy(host, p, a->bytes, infinirtMemcpyDeviceToHost));
  else
    memcpy(host, p, a->bytes);
  return infinirtSuccess;
}

static infinirtError_t check_params(infinirtExtEval_t e, const char *what,
                                    const char *name, int np,
                                    const uint32_t *sizes) {
  if (np < 0)
    return infinirtSuccess;
  if (np != e->nargs)
    return ev_fail(infinirtErrorInvalidValue,
                   "%s '%s' takes %d argument%s, %d given", what, name, np,
                   np == 1 ? "" : "s", e->nargs);
  for (int i = 0; i < np; i++) {
    ev_arg *a = &e->args[i];
    size_t have = a->is_tensor ? sizeof(void *) : a->scalar_size;
    if (sizes[i] != have)
      return ev_fail(infinirtErrorInvalidValue,
                     "argument %d of %s '%s' is %u bytes, given %s %s (%zu "
                     "bytes)",
                     i, what, name, sizes[i],
                     a->is_tensor ? "a tensor pointer" : "a scalar",
                     infinirtExtEvalDtypeName(a->t.dtype), have);
  }
  return infinirtSuccess;
}

static infinirtError_t prepare(infinirtExtEval_t e) {
  if (!e->kernel && !e->host_fn)
    return ev_fail(infinirtErrorInvalidValue,
                   "no kernel: call infinirtExtEvalSetKernel or "
                   "SetHostFunction first");
  infinirtError_t err =
      check_params(e, "kernel", e->name, e->nparams, e->psize);
  if (!err && e->have_ref)
    err = check_params(e, "reference kernel", "reference", e->ref_nparams,
                       e->ref_psize);
  if (err)
    return err;
  for (int i = 0; i < e->nargs; i++) {
    ev_arg *a = &e->args[i];
    if (!a->is_tensor) {
      e->argv[i] = e->ref_argv[i] = a->scalar;
      continue;
    }
    if (!a->ptr) {
      err = place_alloc(a, &a->ptr);
      if (err)
        return err;
    }
    err = upload(a, a->ptr);
    if (err)
      return err;
    e->argv[i] = &a->ptr;
    e->ref_argv[i] = &a->ptr;
  }
  e->prepared = 1;
  return infinirtSuccess;
}

static void host_trampoline(void *p) {
  infinirtExtEval_t e = p;
  e->host_fn(e->host_args, e->host_user);
}

static infinirtError_t launch(infinirtExtEval_t e, infinirtKernel_t k,
                              void **argv) {
  infinirtError_t err;
  if (e->host_fn && k == e->kernel) {
    /* Queued runs read |host_args|: change it only with none pending. */
    if (e->host_args != argv) {
      err = infinirtStreamSynchronize(e->stream);
      if (err)
        return ev_fail(err, "synchronizing the eval's stream: %s",
                       infinirtGetErrorString(err));
      e->host_args = argv;
    }
    err = infinirtLaunchHostFunc(e->stream, host_trampoline, e);
  } else {
    err = infinirtLaunchKernel(k, e->grid, e->block, argv, e->shared_mem,
                               e->stream);
  }
  if (err)
    return ev_fail(err,
                   "launching '%s' grid (%u,%u,%u) block (%u,%u,%u) shared "
                   "%zu: %s (%s)",
                   k == e->kernel ? e->name : "reference", e->grid.x, e->grid.y,
                   e->grid.z, e->block.x, e->block.y, e->block.z, e->shared_mem,
                   infinirtGetErrorString(err),
                   infinirtExtGetLastErrorDetail());
  return infinirtSuccess;
}

/* Worst element of got against expected: the largest
 * |g - e| / (atol + rtol |e|); NaN against a number is infinitely bad. */
static int compare_one(infinirtExtEval_t e, int ai, const void *got,
                       const void *exp, char *msg, size_t msz) {
  ev_arg *a = &e->args[ai];
  double atol = e->cfg.atol, rtol = e->cfg.rtol;
  size_t bad = 0, worst = 0;
  double wscore = -1;
  for (size_t i = 0; i < a->count; i++) {
    double g = ev_get(a->t.dtype, got, i), x = ev_get(a->t.dtype, exp, i);
    double score;
    if (isnan(g) || isnan(x))
      score = isnan(g) && isnan(x) ? 0 : INFINITY;
    else if (g == x)
      score = 0;
    else
      score = fabs(g - x) / (atol + rtol * fabs(x));
    if (!(score <= 1.0))
      bad++;
    if (score > wscore) {
      wscore = score;
      worst = i;
    }
  }
  double g = ev_get(a->t.dtype, got, worst), x = ev_get(a->t.dtype, exp, worst);
  if (bad)
    snprintf(msg, msz,
             "mismatch: argument %d element %zu: got %.9g, expected %.9g "
             "(|diff| %.3g > atol %g + rtol %g * |expected|); %zu of %zu "
             "elements differ",
             ai, worst, g, x, fabs(g - x), atol, rtol, bad, a->count);
  else
    snprintf(msg, msz, "argument %d: max |diff| %.3g", ai,
             a->count ? fabs(g - x) : 0.0);
  return bad ? 0 : 1;
}

static infinirtError_t check(infinirtExtEval_t e, char *summary, size_t ssz) {
  int want_ref = e->have_ref;
  int any_expected = 0, any_compare = 0;
  for (int i = 0; i < e->nargs; i++) {
    any_expected |= e->args[i].expected != NULL;
    any_compare |= e->args[i].is_tensor && e->args[i].t.compare;
  }
  snprintf(summary, ssz, "none");
  if (!want_ref && !any_expected)
    return infinirtSuccess;
  infinirtError_t err;
  if (want_ref) {
    for (int i = 0; i < e->nargs; i++) {
      ev_arg *a = &e->args[i];
      if (!a->is_tensor)
        continue;
      if (!a->ref_ptr) {
        err = place_alloc(a, &a->ref_ptr);
        if (err)
          return err;
      }
      err = upload(a, a->ref_ptr);
      if (err)
        return err;
      e->ref_argv[i] = &a->ref_ptr;
    }
    err = launch(e, e->ref_kernel, e->ref_argv);
    if (err)
      return err;
  }
  err = launch(e, e->kernel, e->argv);
  if (err)
    return err;
  EV_CALL(infinirtStreamSynchronize(e->stream));
  int n = 0;
  for (int i = 0; i < e->nargs; i++) {
    ev_arg *a = &e->args[i];
    if (!a->is_tensor)
      continue;
    int by_ref = want_ref && (!any_compare || a->t.compare);
    if (!by_ref && !a->expected)
      continue;
    void *got = malloc(a->bytes ? a->bytes : 1);
    void *ref = by_ref ? malloc(a->bytes ? a->bytes : 1) : NULL;
    if (!got || (by_ref && !ref)) {
      free(got);
      free(ref);
      return ev_fail(infinirtErrorMemoryAllocation, "check: out of memory");
    }
    err = download(a, a->ptr, got);
    if (!err && by_ref)
      err = download(a, a->ref_ptr, ref);
    char msg[512];
    int ok = 1;
    if (!err && by_ref)
      ok = compare_one(e, i, got, ref, msg, sizeof msg);
    if (!err && ok && a->expected)
      ok = compare_one(e, i, got, a->expected, msg, sizeof msg);
    free(got);
    free(ref);
    if (err)
      return err;
    if (!ok)
      return ev_fail(infinirtErrorAssert, "%s: %s", e->name, msg);
    n++;
  }
  snprintf(summary, ssz, "passed (%d tensor%s, atol %g, rtol %g)", n,
           n == 1 ? "" : "s", e->cfg.atol, e->cfg.rtol);
  /* Timing starts from the initial values again. */
  for (int i = 0; i < e->nargs; i++)
    if (e->args[i].is_tensor) {
      err = upload(&e->args[i], e->args[i].ptr);
      if (err)
        return err;
    }
  return infinirtSuccess;
}

/* The last-level cache: L2 from the properties on a GPU; on the CPU
 * sysconf's L3, else the highest level /sys lists, else L2. */
static size_t llc_bytes(infinirtExtEval_t e) {
  if (e->type != infinirtDeviceTypeCpu)
    return e->prop.l2CacheSize > 0 ? (size_t)e->prop.l2CacheSize : 0;
  long v = -1;
#ifdef _SC_LEVEL3_CACHE_SIZE
  v = sysconf(_SC_LEVEL3_CACHE_SIZE);
#endif
  if (v > 0)
    return (size_t)v;
  size_t best = 0;
  int best_level = -1;
  for (int i = 0; i < 8; i++) {
    char path[128], buf[64];
    int level = 0;
    snprintf(path, sizeof path,
             "/sys/devices/system/cpu/cpu0/cache/index%d/level", i);
    FILE *f = fopen(path, "r");
    if (!f)
      break;
    if (fscanf(f, "%d", &level) != 1)
      level = 0;
    fclose(f);
    snprintf(path, sizeof path,
             "/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
    f = fopen(path, "r");
    if (!f)
      continue;
    if (fgets(buf, sizeof buf, f)) {
      char *end;
      double sz = strtod(buf, &end);
      if (*end == 'K')
        sz *= 1024;
      else if (*end == 'M')
        sz *= 1024 * 1024;
      if (level >= best_level) {
        best_level = level;
        best = (size_t)sz;
      }
    }
    fclose(f);
  }
  if (best)
    return best;
  return e->prop.l2CacheSize > 0 ? (size_t)e->prop.l2CacheSize : 0;
}

/* FP32 lanes per SM by compute capability (NVIDIA's published tables). */
static int fp32_lanes(int major, int minor) {
  switch (major) {
  case 3:
    return 192;
  case 5:
    return 128;
  case 6:
    return minor == 0 ? 64 : 128;
  case 7:
    return 64;
  case 8:
    return minor == 0 ? 64 : 128;
  case 9:
  case 10:
  case 11:
  case 12:
    return 128;
  default:
    return 0;
  }
}

static void peaks(infinirtExtEval_t e, infinirtExtEvalResult_t r) {
  int memclk = 0, bus = 0, clk = 0, sms = 0;
  infinirtDeviceGetAttribute(&memclk, infinirtDevAttrMemoryClockRate,
                             e->ordinal);
  infinirtDeviceGetAttribute(&bus, infinirtDevAttrGlobalMemoryBusWidth,
                             e->ordinal);
  infinirtDeviceGetAttribute(&clk, infinirtDevAttrClockRate, e->ordinal);
  infinirtDeviceGetAttribute(&sms, infinirtDevAttrMultiProcessorCount,
                             e->ordinal);
  if (memclk > 0 && bus > 0) {
    r->st.peak_gbytes_per_s = 2.0 * memclk * 1e3 * (bus / 8.0) / 1e9;
    snprintf(r->bw_formula, sizeof r->bw_formula,
             "peak memory bandwidth = 2 (DDR) x memory clock %.0f MHz x bus "
             "%d bit / 8 = %.1f GB/s",
             memclk / 1e3, bus, r->st.peak_gbytes_per_s);
  } else {
    snprintf(r->bw_formula, sizeof r->bw_formula,
             "peak memory bandwidth: unknown (device attributes give memory "
             "clock %d kHz, bus width %d bit)",
             memclk, bus);
  }
  int lanes = e->type == infinirtDeviceTypeNvidia
                  ? fp32_lanes(e->prop.major, e->prop.minor)
                  : 0;
  if (clk > 0 && sms > 0 && lanes > 0) {
    r->st.peak_gflops = (double)sms * clk * 1e3 * lanes * 2.0 / 1e9;
    snprintf(r->flops_formula, sizeof r->flops_formula,
             "peak FP32 = %d SMs x clock %.0f MHz x %d FP32 lanes/SM (sm_%d%d) "
             "x 2 (FMA) = %.1f GFLOP/s",
             sms, clk / 1e3, lanes, e->prop.major, e->prop.minor,
             r->st.peak_gflops);
  } else {
    snprintf(r->flops_formula, sizeof r->flops_formula,
             "peak FP32: unknown (%d %s, clock %d kHz, FP32 lanes per %s "
             "unknown)",
             sms, e->type == infinirtDeviceTypeCpu ? "cores" : "SMs", clk,
             e->type == infinirtDeviceTypeCpu ? "core" : "SM");
  }
}

static infinirtExtEvalResult_t new_result(infinirtExtEval_t e) {
  infinirtExtEvalResult_t r = calloc(1, sizeof *r);
  if (!r)
    return NULL;
  r->cap = 64;
  r->ms = malloc(sizeof(double) * (size_t)r->cap);
  r->wall = malloc(sizeof(double) * (size_t)r->cap);
  if (!r->ms || !r->wall) {
    infinirtExtEvalResultDestroy(r);
    return NULL;
  }
  snprintf(r->kernel, sizeof r->kernel, "%s", e->name);
  snprintf(r->device, sizeof r->device, "%s", e->prop.name);
  snprintf(r->device_type, sizeof r->device_type, "%s",
           infinirtExtGetDeviceTypeName(e->type));
  r->ordinal = e->ordinal;
  r->grid[0] = e->grid.x;
  r->grid[1] = e->grid.y;
  r->grid[2] = e->grid.z;
  r->block[0] = e->block.x;
  r->block[1] = e->block.y;
  r->block[2] = e->block.z;
  r->shared_mem = e->shared_mem;
  r->cfg = e->cfg;
  return r;
}

static int add_sample(infinirtExtEvalResult_t r, double ms, double wall) {
  if (r->n == r->cap) {
    int cap = r->cap * 2;
    double *a = realloc(r->ms, sizeof(double) * (size_t)cap);
    if (a)
      r->ms = a;
    double *b = realloc(r->wall, sizeof(double) * (size_t)cap);
    if (b)
      r->wall = b;
    if (!a || !b)
      return 0;
    r->cap = cap;
  }
  r->ms[r->n] = ms;
  r->wall[r->n] = wall;
  r->n++;
  return 1;
}

/* One sample: |number| runs between two events (cold: a flush first, before
 * the start event). Stores the device time of all runs in |*ms| and the
 * host clock time in |*wall|. */
static infinirtError_t sample(infinirtExtEval_t e, int number, int flush_n,
                              double *ms, double *wall) {
  infinirtError_t err;
  if (e->flush)
    EV_CALL(infinirtMemsetAsync(e->flush, flush_n & 0xff, e->flush_bytes,
                                e->stream));
  double t0 = now_s();
  EV_CALL(infinirtEventRecord(e->ev0, e->stream));
  for (int i = 0; i < number; i++) {
    err = launch(e, e->kernel, e->argv);
    if (err)
      return err;
  }
  EV_CALL(infinirtEventRecord(e->ev1, e->stream));
  EV_CALL(infinirtEventSynchronize(e->ev1));
  *wall = (now_s() - t0) * 1e3;
  float f = 0;
  EV_CALL(infinirtEventElapsedTime(&f, e->ev0, e->ev1));
  *ms = f;
  return infinirtSuccess;
}

static double running_stdrel(const double *x, int n) {
  double m = 0, s = 0;
  for (int i = 0; i < n; i++)
    m += x[i];
  m /= n;
  for (int i = 0; i < n; i++)
    s += (x[i] - m) * (x[i] - m);
  if (n < 2 || m <= 0)
    return INFINITY;
  return sqrt(s / (n - 1)) / m;
}

static infinirtError_t measure(infinirtExtEval_t e, infinirtExtEvalResult_t r) {
  const infinirtExtEvalConfig *c = &e->cfg;
  infinirtError_t err;
  double start = now_s(), last_print = 0;
  int printed = 0;
  for (int i = 0; i < c->warmup; i++) {
    err = launch(e, e->kernel, e->argv);
    if (err)
      return err;
  }
  EV_CALL(infinirtStreamSynchronize(e->stream));
  int number = c->cold ? 1 : c->number;
  if (c->cold) {
    e->flush_bytes = llc_bytes(e);
    if (e->flush_bytes && !e->flush)
      EV_CALL(infinirtMalloc(&e->flush, e->flush_bytes));
    r->flush_bytes = (double)e->flush_bytes;
  }
  if (!c->cold && c->min_repeat_ms > 0) {
    for (;;) {
      double ms, wall;
      err = sample(e, number, 0, &ms, &wall);
      if (err)
        return err;
      if (r->nsteps < EV_MAX_STEPS)
        r->steps[r->nsteps++] = number;
      if (ms >= c->min_repeat_ms || number >= (1 << 30) ||
          r->nsteps == EV_MAX_STEPS)
        break;
      double grow = ceil(number * 1.6);
      double need = ms > 0 ? ceil(number * c->min_repeat_ms / ms) : grow * 8;
      double next = grow > need ? grow : need;
      if (next > number * 1000.0)
        next = number * 1000.0;
      number = next > (1 << 30) ? (1 << 30) : (int)next;
    }
  }
  r->st.number = number;
  r->st.cold = c->cold;
  double timed = 0;
  int stdrel = c->stop == infinirtExtEvalStopStdrel;
  int max_n = stdrel ? c->max_samples : c->repeat;
  for (int k = 0; k < max_n; k++) {
    double ms, wall;
    err = sample(e, number, k + 1, &ms, &wall);
    if (err)
      return err;
    if (!add_sample(r, ms / number, wall / number))
      return ev_fail(infinirtErrorMemoryAllocation, "out of memory");
    timed += ms / 1e3;
    double t = now_s();
    if (c->progress && t - start > 1.0 && t - last_print > 0.25) {
      fprintf(
          stderr,
          "\rinfinirt-eval: %s: sample %d%s%d, last %.4g ms, noise %.2f%%  ",
          e->name, r->n, stdrel ? " (max " : "/", max_n, ms / number,
          100 * running_stdrel(r->ms, r->n));
      if (stdrel)
        fprintf(stderr, ")");
      last_print = t;
      printed = 1;
    }
    if (stdrel) {
      if (r->n >= c->min_samples &&
          running_stdrel(r->ms, r->n) <= c->target_stdrel) {
        snprintf(r->stop_reason, sizeof r->stop_reason,
                 "stdrel %.4g <= target %.4g", running_stdrel(r->ms, r->n),
                 c->target_stdrel);
        break;
      }
      if (timed >= c->max_time_s) {
        snprintf(r->stop_reason, sizeof r->stop_reason,
                 "max time %.3g s reached", c->max_time_s);
        break;
      }
    }
  }
  if (!r->stop_reason[0])
    snprintf(r->stop_reason, sizeof r->stop_reason,
             stdrel ? "max samples %d reached" : "fixed count %d", r->n);
  if (printed)
    fprintf(stderr, "\n");
  r->st.total_s = timed;
  return infinirtSuccess;
}

infinirtError_t infinirtExtEvalRun(infinirtExtEval_t e,
                                   infinirtExtEvalResult_t *result) {
  EV_NULL(e && result, "infinirtExtEvalRun");
  *result = NULL;
  infinirtError_t err = use_device(e);
  if (err)
    return err;
  err = prepare(e);
  if (err)
    return err;
  infinirtExtEvalResult_t r = new_result(e);
  if (!r)
    return ev_fail(infinirtErrorMemoryAllocation, "out of memory");
  err = check(e, r->check, sizeof r->check);
  if (!err)
    err = measure(e, r);
  if (err) {
    infinirtStreamSynchronize(e->stream);
    infinirtGetLastError();
    infinirtExtEvalResultDestroy(r);
    return err;
  }
  ev_stats(r);
  r->st.flops = e->flops;
  r->st.bytes = e->bytes;
  double s = r->st.mean_ms / 1e3;
  if (s > 0) {
    r->st.gflops = e->flops / s / 1e9;
    r->st.gbytes_per_s = e->bytes / s / 1e9;
  }
  peaks(e, r);
  if (r->st.peak_gbytes_per_s > 0)
    r->st.pct_peak_bw = 100.0 * r->st.gbytes_per_s / r->st.peak_gbytes_per_s;
  if (r->st.peak_gflops > 0)
    r->st.pct_peak_flops = 100.0 * r->st.gflops / r->st.peak_gflops;
  *result = r;
  return infinirtSuccess;
}

infinirtError_t infinirtExtEvalReadTensor(infinirtExtEval_t e, int index,
                                          void *host, size_t bytes,
                                          size_t *size) {
  EV_NULL(e, "infinirtExtEvalReadTensor");
  if (index < 0 || index >= e->nargs || !e->args[index].is_tensor)
    return ev_fail(infinirtErrorInvalidValue, "argument %d is not a tensor",
                   index);
  ev_arg *a = &e->args[index];
  if (size)
    *size = a->bytes;
  if (!host)
    return infinirtSuccess;
  if (bytes < a->bytes)
    return ev_fail(infinirtErrorInvalidValue,
                   "argument %d holds %zu bytes, the buffer %zu", index,
                   a->bytes, bytes);
  if (!a->ptr) {
    memcpy(host, a->init, a->bytes);
    return infinirtSuccess;
  }
  infinirtError_t err = use_device(e);
  if (err)
    return err;
  EV_CALL(infinirtStreamSynchronize(e->stream));
  return download(a, a->ptr, host);
}
