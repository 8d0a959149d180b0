/* symbols.c - the table of symbols (symbols.h): an array sorted by address
 * under one lock. Lookups are a binary search; the table holds the globals
 * a program looked up, which are few. */
#include "symbols.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "api_core.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static infinirt_symbol *table; /* sorted by addr, no duplicates */
static size_t count, capacity;

/* Index of the first entry whose address is not below |addr| (lock held). */
static size_t lower_bound(uintptr_t addr) {
  size_t lo = 0, hi = count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (table[mid].addr < addr)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

bool infinirt_symbol_add(const infinirt_handle *library, int device,
                         const void *addr, size_t size) {
  uintptr_t a = (uintptr_t)addr;
  bool ok = true;
  pthread_mutex_lock(&lock);
  size_t i = lower_bound(a);
  if (i == count || table[i].addr != a) {
    if (count == capacity) {
      size_t cap = capacity ? 2 * capacity : 16;
      infinirt_symbol *t = realloc(table, cap * sizeof *t);
      ok = t != NULL;
      if (ok) {
        table = t;
        capacity = cap;
      }
    }
    if (ok) {
      memmove(&table[i + 1], &table[i], (count - i) * sizeof *table);
      count++;
    }
  }
  if (ok)
    table[i] = (infinirt_symbol){a, size, library, device};
  pthread_mutex_unlock(&lock);
  return ok;
}

infinirtError_t infinirt_symbol_find(const void *addr, infinirt_symbol *out) {
  uintptr_t a = (uintptr_t)addr;
  pthread_mutex_lock(&lock);
  size_t i = lower_bound(a);
  bool found = i < count && table[i].addr == a;
  if (found)
    *out = table[i];
  pthread_mutex_unlock(&lock);
  if (found)
    return infinirtSuccess;
  return infinirt_detail(infinirtErrorInvalidSymbol,
                         "%p is not a symbol (an address that LibraryGetGlobal "
                         "or LibraryGetManaged returned)",
                         addr);
}

/* Removes the entries |drop| selects, keeping the order (lock held). */
static void remove_if(bool (*drop)(const infinirt_symbol *, const void *),
                      const void *ctx) {
  size_t n = 0;
  for (size_t i = 0; i < count; i++)
    if (!drop(&table[i], ctx))
      table[n++] = table[i];
  count = n;
}

static bool of_library(const infinirt_symbol *s, const void *library) {
  return s->library == library;
}

void infinirt_symbols_forget_library(const infinirt_handle *library) {
  pthread_mutex_lock(&lock);
  remove_if(of_library, library);
  pthread_mutex_unlock(&lock);
}

typedef struct type_device {
  infinirtDeviceType type;
  int device;
} type_device;

static bool of_device(const infinirt_symbol *s, const void *ctx) {
  const type_device *td = ctx;
  return s->library->backend->type == td->type && s->device == td->device;
}

void infinirt_symbols_forget_device(infinirtDeviceType type, int device) {
  type_device td = {type, device};
  pthread_mutex_lock(&lock);
  remove_if(of_device, &td);
  pthread_mutex_unlock(&lock);
}

/* ---- GetSymbolAddress, GetSymbolSize (CORE lines of api.def) ------------- */

infinirtError_t infinirt_core_GetSymbolAddress(void **devPtr,
                                               const void *symbol) {
  infinirt_symbol s;
  infinirtError_t err = infinirt_symbol_find(symbol, &s);
  if (err == infinirtSuccess)
    *devPtr = (void *)s.addr;
  return err;
}

infinirtError_t infinirt_core_GetSymbolSize(size_t *size, const void *symbol) {
  infinirt_symbol s;
  infinirtError_t err = infinirt_symbol_find(symbol, &s);
  if (err == infinirtSuccess)
    *size = s.size;
  return err;
}
