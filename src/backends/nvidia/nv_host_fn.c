/* nv_host_fn.c - host functions the driver may call more than once: graph
 * host nodes and LaunchHostFunc captured into a graph run at every launch
 * of the graph, so their argument cannot be freed after a first run as a
 * stream's one-shot call's is. Each (fn, userData) pair gets one entry that
 * lives as long as the process (a graph may be launched until then), and a
 * trampoline that marks the driver's thread as in a host function, so the
 * calls that must refuse to run there do, as on a stream. */
#include <stdint.h>
#include <stdlib.h>

#include "nv.h"

typedef struct host_fn_entry {
  infinirtHostFn_t fn;
  void *data;
  struct host_fn_entry *next;
} host_fn_entry;

#define BUCKETS 1024 /* distinct host functions of a process: few */

static pthread_mutex_t entries_lock = PTHREAD_MUTEX_INITIALIZER;
static host_fn_entry *entries[BUCKETS];

static void run_graph_host_fn(void *arg) {
  const host_fn_entry *e = arg;
  infinirt_host_fn_enter();
  e->fn(e->data);
  infinirt_host_fn_leave();
}

static size_t bucket(infinirtHostFn_t fn, void *data) {
  uint64_t h = (uint64_t)(uintptr_t)fn * 0x9e3779b97f4a7c15ull ^
               (uint64_t)(uintptr_t)data;
  h ^= h >> 29;
  h *= 0xbf58476d1ce4e5b9ull;
  return (size_t)(h >> 32) % BUCKETS;
}

CUhostFn infinirt_nv_host_fn(infinirtHostFn_t fn, void *userData,
                             void **out_data) {
  size_t b = bucket(fn, userData);
  pthread_mutex_lock(&entries_lock);
  host_fn_entry *e = entries[b];
  while (e && (e->fn != fn || e->data != userData))
    e = e->next;
  if (!e && (e = malloc(sizeof *e))) {
    e->fn = fn;
    e->data = userData;
    e->next = entries[b];
    entries[b] = e;
  }
  pthread_mutex_unlock(&entries_lock);
  *out_data = e;
  return run_graph_host_fn;
}

void infinirt_nv_host_fn_of_driver(CUhostFn cu_fn, void *cu_data,
                                   infinirtHostFn_t *fn, void **userData) {
  if (cu_fn == run_graph_host_fn && cu_data) {
    const host_fn_entry *e = cu_data;
    *fn = e->fn;
    *userData = e->data;
    return;
  }
  *fn = (infinirtHostFn_t)cu_fn;
  *userData = cu_data;
}
