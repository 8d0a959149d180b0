/* cpu_graph_cmds.c - a graph's command store (cpu_cmd_store): slots taken
 * from chunks in creation order. Chunks grow from 4 KiB to 1 MiB, so a
 * small graph holds little memory and a big one walks its commands in
 * long runs; they are the arrays of cpu_graph_arrays.c, kept for the next
 * graph when freed. Never freed piecemeal: the store goes with its last
 * reference (its graph, or the last executable graph lent its commands). */
#include <stdlib.h>

#include "cpu_graph.h"

#define FIRST_SLOTS 64u  /* 4 KiB */
#define MAX_SLOTS 16384u /* 1 MiB */

cpu_cmd_store *infinirt_cpu_cmd_store_new(void) {
  cpu_cmd_store *s = calloc(1, sizeof *s);
  if (s)
    atomic_init(&s->refs, 1);
  return s;
}

bool infinirt_cpu_cmd_store_grow(cpu_cmd_store *s, unsigned nslots) {
  uint32_t cap = s->head ? s->head->cap * 2 : FIRST_SLOTS;
  if (cap > MAX_SLOTS)
    cap = MAX_SLOTS;
  if (cap < nslots)
    cap = nslots;
  cpu_cmd_chunk *c =
      infinirt_cpu_array_alloc(sizeof *c + (size_t)cap * sizeof(cpu_slot));
  if (!c)
    return false;
  c->next = s->head;
  c->used = 0;
  c->cap = cap;
  s->head = c;
  return true;
}

void infinirt_cpu_cmd_store_get(cpu_cmd_store *s) {
  atomic_fetch_add_explicit(&s->refs, 1, memory_order_relaxed);
}

void infinirt_cpu_cmd_store_put(cpu_cmd_store *s) {
  if (atomic_fetch_sub_explicit(&s->refs, 1, memory_order_acq_rel) != 1)
    return;
  for (cpu_cmd_chunk *c = s->head, *next; c; c = next) {
    next = c->next;
    infinirt_cpu_array_free(c);
  }
  free(s);
}
