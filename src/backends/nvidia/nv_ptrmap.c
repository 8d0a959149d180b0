/* nv_ptrmap.c - the pointer map of nv_ptrmap.h. */
#include "nv_ptrmap.h"

#include <stdint.h>
#include <stdlib.h>

/* A deleted slot keeps its probe chain: key DELETED, value NULL. */
#define DELETED ((const void *)1)

struct infinirt_nv_ptrmap_slot {
  const void *key; /* NULL: empty */
  void *value;
};

static size_t hash(const void *key, size_t cap) {
  uint64_t h = (uint64_t)(uintptr_t)key;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return (size_t)h & (cap - 1);
}

void *infinirt_nv_ptrmap_get(const infinirt_nv_ptrmap *m, const void *key) {
  if (!m->slots)
    return NULL;
  for (size_t i = hash(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
    const struct infinirt_nv_ptrmap_slot *s = &m->slots[i];
    if (!s->key)
      return NULL;
    if (s->key == key)
      return s->value;
  }
}

static bool rehash(infinirt_nv_ptrmap *m, size_t cap) {
  struct infinirt_nv_ptrmap_slot *slots = calloc(cap, sizeof *slots);
  if (!slots)
    return false;
  for (size_t j = 0; j < m->cap; j++) {
    const struct infinirt_nv_ptrmap_slot *s = &m->slots[j];
    if (!s->key || s->key == DELETED)
      continue;
    size_t i = hash(s->key, cap);
    while (slots[i].key)
      i = (i + 1) & (cap - 1);
    slots[i] = *s;
  }
  free(m->slots);
  m->slots = slots;
  m->cap = cap;
  m->used = m->count;
  return true;
}

bool infinirt_nv_ptrmap_put(infinirt_nv_ptrmap *m, const void *key,
                            void *value) {
  /* At most three quarters used, counting deleted slots. */
  if ((m->used + 1) * 4 > m->cap * 3) {
    size_t cap = m->cap ? m->cap : 16;
    while ((m->count + 1) * 2 > cap)
      cap *= 2;
    if (!rehash(m, cap))
      return false;
  }
  size_t i = hash(key, m->cap), tomb = SIZE_MAX;
  for (;; i = (i + 1) & (m->cap - 1)) {
    struct infinirt_nv_ptrmap_slot *s = &m->slots[i];
    if (s->key == key) {
      s->value = value;
      return true;
    }
    if (s->key == DELETED && tomb == SIZE_MAX)
      tomb = i;
    if (!s->key)
      break;
  }
  if (tomb != SIZE_MAX)
    i = tomb;
  else
    m->used++;
  m->slots[i].key = key;
  m->slots[i].value = value;
  m->count++;
  return true;
}

void infinirt_nv_ptrmap_del(infinirt_nv_ptrmap *m, const void *key) {
  if (!m->slots)
    return;
  for (size_t i = hash(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
    struct infinirt_nv_ptrmap_slot *s = &m->slots[i];
    if (!s->key)
      return;
    if (s->key == key) {
      s->key = DELETED;
      s->value = NULL;
      m->count--;
      return;
    }
  }
}

void infinirt_nv_ptrmap_each(const infinirt_nv_ptrmap *m,
                             void (*fn)(void *value, void *arg), void *arg) {
  for (size_t j = 0; j < m->cap; j++)
    if (m->slots[j].key && m->slots[j].key != DELETED)
      fn(m->slots[j].value, arg);
}

void infinirt_nv_ptrmap_clear(infinirt_nv_ptrmap *m) {
  free(m->slots);
  *m = (infinirt_nv_ptrmap){0};
}
