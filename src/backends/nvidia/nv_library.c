/* infinirt_nv_library.c - kernel libraries through the driver's
 * context-independent library API (cubin, fatbin, PTX) and their kernel
 * handles (launches: nv_launch.c; globals: nv_symbol.c). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nv.h"

#define MAX_JIT_OPTIONS 64

/* The loaded libraries, for infinirt_nv_kernel_of_driver. */
static pthread_mutex_t libraries_lock = PTHREAD_MUTEX_INITIALIZER;
static infinirt_nv_library *libraries;

static void library_link(infinirt_nv_library *l) {
  pthread_mutex_lock(&libraries_lock);
  l->next = libraries;
  libraries = l;
  pthread_mutex_unlock(&libraries_lock);
}

static void library_unlink(infinirt_nv_library *l) {
  pthread_mutex_lock(&libraries_lock);
  for (infinirt_nv_library **at = &libraries; *at; at = &(*at)->next)
    if (*at == l) {
      *at = l->next;
      break;
    }
  pthread_mutex_unlock(&libraries_lock);
}

/* A graph's kernel node that the driver made (a captured launch) names the
 * driver's kernel, or its function in the node's context: the handle made
 * for it is found among the loaded libraries' kernels. */
infinirt_nv_kernel *infinirt_nv_kernel_of_driver(CUkernel kern,
                                                 CUfunction func) {
  infinirt_nv_kernel *found = NULL;
  pthread_mutex_lock(&libraries_lock);
  for (infinirt_nv_library *l = libraries; l && !found; l = l->next) {
    pthread_mutex_lock(&l->lock);
    for (infinirt_nv_kernel *k = l->kernels; k && !found; k = k->next) {
      CUfunction f = NULL;
      if ((kern && k->cu == kern) ||
          (func &&
           ((CUfunction)k->cu == func ||
            (infinirt_nv_sym.cuKernelGetFunction &&
             infinirt_nv_sym.cuKernelGetFunction(&f, k->cu) == CUDA_SUCCESS &&
             f == func))))
        found = k;
    }
    pthread_mutex_unlock(&l->lock);
  }
  pthread_mutex_unlock(&libraries_lock);
  return found;
}

/* Failures to load an image all mean "not an image this device can run"
 * to the caller; the driver's own code and log stay in the detail. */
static infinirtError_t load_failed(CUresult r, const char *what,
                                   const char *log) {
  infinirtError_t err = infinirt_nv_map(r);
  switch (err) {
  case infinirtErrorInvalidPtx:
  case infinirtErrorNoKernelImageForDevice:
  case infinirtErrorUnsupportedPtxVersion:
  case infinirtErrorInvalidSource:
    err = infinirtErrorInvalidKernelImage;
    break;
  default:
    break;
  }
  return infinirt_detail(err, "%s: %s (%d)%s%s", what,
                         infinirt_nv_error_name(r), r, log && *log ? ": " : "",
                         log ? log : "");
}

typedef struct load_args {
  const void *code;     /* LoadData */
  const char *fileName; /* LoadFromFile */
  enum infinirtJitOption *jit;
  void **jitValues;
  unsigned numJit;
  enum infinirtLibraryOption *lib;
  void **libValues;
  unsigned numLib;
} load_args;

static infinirtError_t load(infinirtLibrary_t *library, const load_args *a) {
  if (!infinirt_nv_sym.cuLibraryLoadData ||
      !infinirt_nv_sym.cuLibraryLoadFromFile ||
      !infinirt_nv_sym.cuLibraryUnload || !infinirt_nv_sym.cuLibraryGetKernel)
    return infinirt_detail(infinirtErrorNotSupported,
                           "the driver has no library API (CUDA 12.0+)");
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  /* Ask the JIT for its error log unless the caller did. */
  CUjit_option keys[MAX_JIT_OPTIONS + 2];
  void *values[MAX_JIT_OPTIONS + 2];
  char log[512] = "";
  unsigned n = a->numJit;
  bool own_log = n <= MAX_JIT_OPTIONS;
  for (unsigned i = 0; own_log && i < n; i++)
    if ((CUjit_option)a->jit[i] == CU_JIT_ERROR_LOG_BUFFER ||
        (CUjit_option)a->jit[i] == CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES)
      own_log = false;
  CUjit_option *k = (CUjit_option *)a->jit;
  void **v = a->jitValues;
  if (own_log) {
    for (unsigned i = 0; i < n; i++) {
      keys[i] = a->jit[i];
      values[i] = a->jitValues[i];
    }
    keys[n] = CU_JIT_ERROR_LOG_BUFFER;
    values[n] = log;
    keys[n + 1] = CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES;
    values[n + 1] = (void *)(uintptr_t)sizeof log;
    k = keys;
    v = values;
    n += 2;
  }
  infinirt_nv_library *l = calloc(1, sizeof *l);
  if (!l)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for a library");
  CUresult r =
      a->code
          ? infinirt_nv_sym.cuLibraryLoadData(&l->cu, a->code, k, v, n,
                                              (CUlibraryOption *)a->lib,
                                              a->libValues, a->numLib)
          : infinirt_nv_sym.cuLibraryLoadFromFile(&l->cu, a->fileName, k, v, n,
                                                  (CUlibraryOption *)a->lib,
                                                  a->libValues, a->numLib);
  if (r != CUDA_SUCCESS) {
    free(l);
    log[sizeof log - 1] = '\0';
    return load_failed(r,
                       a->code ? "cuLibraryLoadData" : "cuLibraryLoadFromFile",
                       own_log ? log : NULL);
  }
  /* The driver loads libraries lazily and accepts any bytes until first
   * use: loading into the current context now makes a bad image fail here,
   * as infinirt.h promises (and the first launch no slower). */
  CUmodule mod;
  if (infinirt_nv_sym.cuLibraryGetModule &&
      (r = infinirt_nv_sym.cuLibraryGetModule(&mod, l->cu)) != CUDA_SUCCESS) {
    infinirt_nv_sym.cuLibraryUnload(l->cu);
    free(l);
    log[sizeof log - 1] = '\0';
    infinirtError_t e =
        load_failed(r, "cuLibraryGetModule", own_log ? log : NULL);
    if (e != infinirtErrorDeviceUninitialized &&
        e != infinirtErrorContextIsDestroyed)
      e = infinirtErrorInvalidKernelImage;
    return e;
  }
  pthread_mutex_init(&l->lock, NULL);
  infinirt_nv_handle_init(&l->h, INFINIRT_HANDLE_LIBRARY, 0, dev);
  if (!infinirt_handle_register(&l->h)) {
    infinirt_nv_sym.cuLibraryUnload(l->cu);
    pthread_mutex_destroy(&l->lock);
    free(l);
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to register a library");
  }
  library_link(l);
  *library = (infinirtLibrary_t)l;
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_LibraryLoadData(
    infinirtLibrary_t *library, const void *code,
    enum infinirtJitOption *jitOptions, void **jitOptionsValues,
    unsigned int numJitOptions, enum infinirtLibraryOption *libraryOptions,
    void **libraryOptionValues, unsigned int numLibraryOptions) {
  load_args a = {
      code,          NULL,           jitOptions,          jitOptionsValues,
      numJitOptions, libraryOptions, libraryOptionValues, numLibraryOptions};
  return load(library, &a);
}

infinirtError_t infinirt_nv_LibraryLoadFromFile(
    infinirtLibrary_t *library, const char *fileName,
    enum infinirtJitOption *jitOptions, void **jitOptionsValues,
    unsigned int numJitOptions, enum infinirtLibraryOption *libraryOptions,
    void **libraryOptionValues, unsigned int numLibraryOptions) {
  /* The driver would open a FIFO and wait for a writer: the file is opened
   * here, checked to be a regular file, and given to the driver by its
   * descriptor's path, so it is the file that was checked. */
  const char *why = "";
  int fd = infinirt_open_regular(fileName, &why);
  if (fd < 0)
    return infinirt_detail(infinirtErrorFileNotFound, "cannot open %s: %s",
                           fileName, why);
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  load_args a = {
      NULL,          path,           jitOptions,          jitOptionsValues,
      numJitOptions, libraryOptions, libraryOptionValues, numLibraryOptions};
  infinirtError_t err = load(library, &a);
  close(fd);
  return err;
}

/* The core has unregistered |library|. Its kernel handles go first; then
 * every device that ran one of its kernels is drained, so that launches
 * already enqueued finish before the code is unmapped. */
infinirtError_t infinirt_nv_LibraryUnload(infinirtLibrary_t library) {
  infinirt_nv_library *l = (infinirt_nv_library *)library;
  library_unlink(l);
  pthread_mutex_lock(&l->lock);
  for (infinirt_nv_kernel *k = l->kernels, *next; k; k = next) {
    next = k->next;
    infinirt_handle_unregister(&k->h);
    k->h.magic = 0;
    free(k->name);
    free(k);
  }
  l->kernels = NULL;
  pthread_mutex_unlock(&l->lock);
  infinirtError_t err = infinirtSuccess;
  unsigned used = atomic_load_explicit(&l->used_on, memory_order_acquire);
  /* The drain is ours, not the caller's: it runs in Relaxed mode, so that
   * a capture in progress neither refuses it nor is invalidated by it. */
  CUstreamCaptureMode mode = infinirtStreamCaptureModeRelaxed;
  bool relaxed =
      used && infinirt_nv_sym.cuThreadExchangeStreamCaptureMode &&
      infinirt_nv_sym.cuThreadExchangeStreamCaptureMode(&mode) == CUDA_SUCCESS;
  for (int d = 0; d < infinirt_nv_device_count && err == infinirtSuccess; d++) {
    if (!(used & (1u << d)))
      continue;
    err = infinirt_nv_ctx_switch(d);
    if (err == infinirtSuccess)
      err = infinirt_nv_check(infinirt_nv_sym.cuCtxSynchronize(),
                              "cuCtxSynchronize");
  }
  if (relaxed)
    (void)infinirt_nv_sym.cuThreadExchangeStreamCaptureMode(&mode);
  /* Leave the thread in its own device's context, for native code too. */
  if (used) {
    int dev;
    infinirtError_t back = infinirt_nv_ctx_ensure(&dev);
    if (err == infinirtSuccess)
      err = back;
  }
  CUresult r = infinirt_nv_sym.cuLibraryUnload(l->cu);
  pthread_mutex_destroy(&l->lock);
  l->h.magic = 0;
  free(l);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(r, "cuLibraryUnload");
}

/* The kernel's parameter count, or -1 if the driver cannot say. */
static int param_count(CUkernel k) {
  if (!infinirt_nv_sym.cuKernelGetParamInfo)
    return -1;
  int n = 0;
  size_t off, size;
  while (n < 4096 && infinirt_nv_sym.cuKernelGetParamInfo(
                         k, (size_t)n, &off, &size) == CUDA_SUCCESS)
    n++;
  return n;
}

/* The handle of |cu|, a kernel of |l|, made on first use: one handle per
 * kernel, as CUDA gives (the library's lock held). |name| is its name if
 * known. */
static infinirtError_t kernel_of(infinirt_nv_library *l, CUkernel cu,
                                 const char *name, infinirt_nv_kernel **out) {
  infinirt_nv_kernel *k = l->kernels;
  while (k && k->cu != cu)
    k = k->next;
  if (k) {
    if (!k->name && name)
      k->name = strdup(name); /* a nicety: FuncGetName asks the driver else */
    *out = k;
    return infinirtSuccess;
  }
  k = calloc(1, sizeof *k);
  if (k && name && !(k->name = strdup(name))) {
    free(k);
    k = NULL;
  }
  if (k) {
    k->cu = cu;
    k->lib = l;
    k->num_params = param_count(cu);
    infinirt_nv_handle_init(&k->h, INFINIRT_HANDLE_KERNEL, 0, l->h.device);
    if (!infinirt_handle_register(&k->h)) {
      free(k->name);
      free(k);
      k = NULL;
    }
  }
  if (!k)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for a kernel handle");
  k->next = l->kernels;
  l->kernels = k;
  *out = k;
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_LibraryGetKernel(infinirtKernel_t *pKernel,
                                             infinirtLibrary_t library,
                                             const char *name) {
  infinirt_nv_library *l = (infinirt_nv_library *)library;
  CUkernel cu;
  CUresult r = infinirt_nv_sym.cuLibraryGetKernel(&cu, l->cu, name);
  /* The pointers were checked, so an invalid value is the name. */
  if (r == CUDA_ERROR_NOT_FOUND || r == CUDA_ERROR_INVALID_VALUE)
    return infinirt_detail(infinirtErrorInvalidDeviceFunction,
                           "library %p has no kernel \"%s\"", (void *)library,
                           name);
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, "cuLibraryGetKernel");
  infinirt_nv_kernel *k = NULL;
  pthread_mutex_lock(&l->lock);
  infinirtError_t err = kernel_of(l, cu, name, &k);
  pthread_mutex_unlock(&l->lock);
  if (err == infinirtSuccess)
    *pKernel = (infinirtKernel_t)k;
  return err;
}

infinirtError_t infinirt_nv_LibraryGetKernelCount(unsigned int *count,
                                                  infinirtLibrary_t library) {
  if (!infinirt_nv_sym.cuLibraryGetKernelCount)
    return infinirt_detail(infinirtErrorNotSupported,
                           "the driver has no cuLibraryGetKernelCount "
                           "(CUDA 12.4+)");
  infinirt_nv_library *l = (infinirt_nv_library *)library;
  return infinirt_nv_check(
      infinirt_nv_sym.cuLibraryGetKernelCount(count, l->cu),
      "cuLibraryGetKernelCount");
}

/* The driver's kernels of the library, each through kernel_of; the handles
 * are written only once every one of them exists. */
infinirtError_t infinirt_nv_LibraryEnumerateKernels(infinirtKernel_t *kernels,
                                                    unsigned int numKernels,
                                                    infinirtLibrary_t library) {
  infinirt_nv_library *l = (infinirt_nv_library *)library;
  unsigned n = 0;
  infinirtError_t err = infinirt_nv_LibraryGetKernelCount(&n, library);
  if (err != infinirtSuccess || numKernels == 0 || n == 0)
    return err;
  if (!infinirt_nv_sym.cuLibraryEnumerateKernels)
    return infinirt_detail(infinirtErrorNotSupported,
                           "the driver has no cuLibraryEnumerateKernels "
                           "(CUDA 12.4+)");
  if (n > numKernels)
    n = numKernels;
  CUkernel *cu = malloc(n * sizeof *cu);
  infinirt_nv_kernel **k = malloc(n * sizeof *k);
  if (!cu || !k)
    err = infinirt_detail(infinirtErrorMemoryAllocation,
                          "no memory to enumerate %u kernels", n);
  else
    err = infinirt_nv_check(
        infinirt_nv_sym.cuLibraryEnumerateKernels(cu, n, l->cu),
        "cuLibraryEnumerateKernels");
  pthread_mutex_lock(&l->lock);
  for (unsigned i = 0; i < n && err == infinirtSuccess; i++)
    err = kernel_of(l, cu[i], NULL, &k[i]);
  pthread_mutex_unlock(&l->lock);
  for (unsigned i = 0; i < n && err == infinirtSuccess; i++)
    kernels[i] = (infinirtKernel_t)k[i];
  free(cu);
  free(k);
  return err;
}
