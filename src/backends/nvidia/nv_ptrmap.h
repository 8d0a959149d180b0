/*
 * nv_ptrmap.h - a small hash map from pointers to pointers (open addressing,
 * linear probing), for the graph wrappers: a graph's driver nodes to our
 * node handles, the driver's graphs to our graph handles. Not synchronised:
 * its owner locks it.
 */
#ifndef INFINIRT_NVIDIA_NV_PTRMAP_H_
#define INFINIRT_NVIDIA_NV_PTRMAP_H_

#include <stdbool.h>
#include <stddef.h>

typedef struct infinirt_nv_ptrmap {
  struct infinirt_nv_ptrmap_slot *slots; /* NULL until the first put */
  size_t cap;                            /* a power of two */
  size_t used;                           /* live and deleted slots */
  size_t count;                          /* live slots */
} infinirt_nv_ptrmap;

/* The value of |key| (not NULL), or NULL. */
void *infinirt_nv_ptrmap_get(const infinirt_nv_ptrmap *m, const void *key);
/* Sets |key| to |value| (neither NULL); false when out of memory. */
bool infinirt_nv_ptrmap_put(infinirt_nv_ptrmap *m, const void *key,
                            void *value);
/* Removes |key| if present. */
void infinirt_nv_ptrmap_del(infinirt_nv_ptrmap *m, const void *key);
/* Calls |fn| on every value (the map must not change meanwhile). */
void infinirt_nv_ptrmap_each(const infinirt_nv_ptrmap *m,
                             void (*fn)(void *value, void *arg), void *arg);
/* Frees the slots; the map is empty again. */
void infinirt_nv_ptrmap_clear(infinirt_nv_ptrmap *m);

#endif /* INFINIRT_NVIDIA_NV_PTRMAP_H_ */
