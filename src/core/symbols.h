/* symbols.h - the symbols of MemcpyToSymbol and its kin: the device
 * addresses of library globals that LibraryGetGlobal and LibraryGetManaged
 * returned (backends add them through infinirt_symbol_add, backend.h), each
 * with its size, library and device. Thread-safe. */
#ifndef INFINIRT_CORE_SYMBOLS_H_
#define INFINIRT_CORE_SYMBOLS_H_

#include <stdbool.h>
#include <stdint.h>

#include "backend.h"

typedef struct infinirt_symbol {
  uintptr_t addr; /* the global's device address */
  size_t size;
  const infinirt_handle *library;
  int device; /* ordinal of the library's device type it was looked up on */
} infinirt_symbol;

/* Copies the symbol that starts at |addr| into |*out|; InvalidSymbol (with
 * the detail written) if there is none. */
infinirtError_t infinirt_symbol_find(const void *addr, infinirt_symbol *out);

/* Forgets the symbols of |library| (it is being unloaded). */
void infinirt_symbols_forget_library(const infinirt_handle *library);

/* Forgets the symbols looked up on |device| of |type| (it was reset). */
void infinirt_symbols_forget_device(infinirtDeviceType type, int device);

#endif /* INFINIRT_CORE_SYMBOLS_H_ */
