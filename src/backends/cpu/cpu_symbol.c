/* cpu_symbol.c - MemcpyToSymbol and its kin: a symbol is the device address
 * of a library global (the core checked it and the range), so each is the
 * copy of the same kind at symbol + offset. A zero-count copy does nothing
 * and waits for nothing, as Memcpy's. */
#include <stdint.h>

#include "cpu_internal.h"

static char *at(const void *symbol, size_t offset) {
  return (char *)(uintptr_t)symbol + offset;
}

infinirtError_t infinirt_cpu_MemcpyToSymbol(const void *symbol, const void *src,
                                            size_t count, size_t offset,
                                            enum infinirtMemcpyKind kind) {
  return count ? infinirt_cpu_Memcpy(at(symbol, offset), src, count, kind)
               : infinirtSuccess;
}

infinirtError_t infinirt_cpu_MemcpyFromSymbol(void *dst, const void *symbol,
                                              size_t count, size_t offset,
                                              enum infinirtMemcpyKind kind) {
  return count ? infinirt_cpu_Memcpy(dst, at(symbol, offset), count, kind)
               : infinirtSuccess;
}

infinirtError_t infinirt_cpu_MemcpyToSymbolAsync(const void *symbol,
                                                 const void *src, size_t count,
                                                 size_t offset,
                                                 enum infinirtMemcpyKind kind,
                                                 infinirtStream_t stream) {
  return count ? infinirt_cpu_MemcpyAsync(at(symbol, offset), src, count, kind,
                                          stream)
               : infinirtSuccess;
}

infinirtError_t infinirt_cpu_MemcpyFromSymbolAsync(void *dst,
                                                   const void *symbol,
                                                   size_t count, size_t offset,
                                                   enum infinirtMemcpyKind kind,
                                                   infinirtStream_t stream) {
  return count ? infinirt_cpu_MemcpyAsync(dst, at(symbol, offset), count, kind,
                                          stream)
               : infinirtSuccess;
}
