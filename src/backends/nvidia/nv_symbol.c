/* nv_symbol.c - library globals (cuLibraryGetGlobal, cuLibraryGetManaged),
 * which become symbols, and MemcpyToSymbol and its kin: the copy of the
 * same kind at symbol + offset (the core checked the symbol and the
 * range). */
#include <stdint.h>

#include "nv.h"

typedef CUresult (*get_global_fn)(CUdeviceptr *dptr, size_t *bytes,
                                  CUlibrary library, const char *name);

static infinirtError_t global(void **dptr, size_t *bytes,
                              infinirtLibrary_t library, const char *name,
                              get_global_fn get, const char *what) {
  if (!get)
    return infinirt_detail(infinirtErrorNotSupported,
                           "the driver has no %s (CUDA 12.0+)", what);
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  infinirt_nv_library *l = (infinirt_nv_library *)library;
  CUdeviceptr p = 0;
  size_t n = 0;
  CUresult r = get(&p, &n, l->cu, name);
  /* The pointers were checked, so an invalid value is the name. */
  if (r == CUDA_ERROR_NOT_FOUND || r == CUDA_ERROR_INVALID_VALUE)
    return infinirt_detail(
        infinirtErrorSymbolNotFound, "library %p has no %s \"%.200s\": %s (%d)",
        (void *)library,
        get == infinirt_nv_sym.cuLibraryGetManaged ? "managed global"
                                                   : "global",
        name, infinirt_nv_error_name(r), r);
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, what);
  if (!infinirt_symbol_add(&l->h, dev, (void *)(uintptr_t)p, n))
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to record a symbol");
  infinirt_nv_library_used(l, dev);
  if (dptr)
    *dptr = (void *)(uintptr_t)p;
  if (bytes)
    *bytes = n;
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_LibraryGetGlobal(void **dptr, size_t *bytes,
                                             infinirtLibrary_t library,
                                             const char *name) {
  return global(dptr, bytes, library, name, infinirt_nv_sym.cuLibraryGetGlobal,
                "cuLibraryGetGlobal");
}

infinirtError_t infinirt_nv_LibraryGetManaged(void **dptr, size_t *bytes,
                                              infinirtLibrary_t library,
                                              const char *name) {
  return global(dptr, bytes, library, name, infinirt_nv_sym.cuLibraryGetManaged,
                "cuLibraryGetManaged");
}

static char *at(const void *symbol, size_t offset) {
  return (char *)(uintptr_t)symbol + offset;
}

infinirtError_t infinirt_nv_MemcpyToSymbol(const void *symbol, const void *src,
                                           size_t count, size_t offset,
                                           enum infinirtMemcpyKind kind) {
  return count ? infinirt_nv_Memcpy(at(symbol, offset), src, count, kind)
               : infinirtSuccess;
}

infinirtError_t infinirt_nv_MemcpyFromSymbol(void *dst, const void *symbol,
                                             size_t count, size_t offset,
                                             enum infinirtMemcpyKind kind) {
  return count ? infinirt_nv_Memcpy(dst, at(symbol, offset), count, kind)
               : infinirtSuccess;
}

infinirtError_t infinirt_nv_MemcpyToSymbolAsync(const void *symbol,
                                                const void *src, size_t count,
                                                size_t offset,
                                                enum infinirtMemcpyKind kind,
                                                infinirtStream_t stream) {
  return count ? infinirt_nv_MemcpyAsync(at(symbol, offset), src, count, kind,
                                         stream)
               : infinirtSuccess;
}

infinirtError_t infinirt_nv_MemcpyFromSymbolAsync(void *dst, const void *symbol,
                                                  size_t count, size_t offset,
                                                  enum infinirtMemcpyKind kind,
                                                  infinirtStream_t stream) {
  return count ? infinirt_nv_MemcpyAsync(dst, at(symbol, offset), count, kind,
                                         stream)
               : infinirtSuccess;
}
