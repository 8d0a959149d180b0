/* cpu_graph_mem.c - the memory of graph allocation nodes: reserved when the
 * node is made, so that its address is fixed for the graph's lifetime (and
 * every clone and executable graph that shares it, each holding a
 * reference); "live" in host order from a launch that allocates it to the
 * free that ends it (a free node's launch, FreeAsync, Free). The device's
 * graph memory attributes count it. */
#include <stdlib.h>
#include <string.h>

#include "cpu_graph.h"

/* Per device: bytes reserved for graph allocations, and the high mark. */
static atomic_size_t reserved[CPU_MAX_DEVICES], reserved_high[CPU_MAX_DEVICES];
static atomic_size_t used_high[CPU_MAX_DEVICES];

static void raise_mark(atomic_size_t *mark, size_t v) {
  size_t m = atomic_load(mark);
  while (v > m && !atomic_compare_exchange_weak(mark, &m, v)) {
  }
}

infinirtError_t infinirt_cpu_gmem_new(int device, size_t bytes,
                                      cpu_gmem **out) {
  cpu_gmem *m = calloc(1, sizeof *m);
  void *mem = NULL;
  size_t page = (size_t)infinirt_cpu_sys.page_size;
  size_t rounded = (bytes + page - 1) & ~(page - 1);
  if (!m || bytes > infinirt_cpu_sys.mem_total || rounded < bytes ||
      posix_memalign(&mem, page, rounded)) {
    free(m);
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "cannot reserve %zu bytes for a graph allocation",
                           bytes);
  }
  m->alloc = (cpu_alloc){.start = (uintptr_t)mem,
                         .size = bytes,
                         .kind = CPU_MEM_GRAPH,
                         .device = device};
  atomic_init(&m->alloc.state, CPU_ALLOC_LIVE);
  atomic_init(&m->refs, 1);
  m->bytes = bytes;
  if (infinirt_cpu_reg_insert(&m->alloc) != 0) {
    free(mem);
    free(m);
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to register a graph allocation");
  }
  raise_mark(&reserved_high[device],
             atomic_fetch_add(&reserved[device], bytes) + bytes);
  raise_mark(&used_high[device], atomic_load(&reserved[device]));
  *out = m;
  return infinirtSuccess;
}

void infinirt_cpu_gmem_get(cpu_gmem *m) {
  atomic_fetch_add(&m->refs, 1);
}

void infinirt_cpu_gmem_put(cpu_gmem *m) {
  if (atomic_fetch_sub(&m->refs, 1) != 1)
    return;
  infinirt_cpu_reg_remove(&m->alloc);
  atomic_fetch_sub(&reserved[m->alloc.device], m->bytes);
  free((void *)m->alloc.start);
  free(m);
}

static int take(cpu_alloc *a, const void *p, void *ctx) {
  (void)p;
  if (!a || a->kind != CPU_MEM_GRAPH)
    return 0;
  cpu_gmem *m = (cpu_gmem *)a;
  infinirt_cpu_gmem_get(m);
  *(cpu_gmem **)ctx = m;
  return 1;
}

cpu_gmem *infinirt_cpu_gmem_find(const void *p) {
  cpu_gmem *m = NULL;
  infinirt_cpu_reg_with_start(p, take, &m);
  return m;
}

infinirtError_t infinirt_cpu_DeviceGraphMemTrim(int device) {
  /* Every graph allocation is in use by the graph owning it; what is
   * cached for graphs is the memory of destroyed graphs' nodes and of
   * destroyed executable graphs' arrays (shared by the devices: the
   * host's). */
  (void)device;
  infinirt_node_blocks_trim();
  infinirt_cpu_arrays_trim();
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_DeviceGetGraphMemAttribute(
    int device, enum infinirtGraphMemAttributeType attr, void *value) {
  uint64_t v = 0;
  switch (attr) {
  case infinirtGraphMemAttrUsedMemCurrent:
  case infinirtGraphMemAttrReservedMemCurrent:
    v = atomic_load(&reserved[device]);
    break;
  case infinirtGraphMemAttrUsedMemHigh:
    v = atomic_load(&used_high[device]);
    break;
  case infinirtGraphMemAttrReservedMemHigh:
    v = atomic_load(&reserved_high[device]);
    break;
  }
  memcpy(value, &v, sizeof v);
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_DeviceSetGraphMemAttribute(
    int device, enum infinirtGraphMemAttributeType attr, void *value) {
  (void)value; /* the core allows resetting a high mark to 0 only */
  atomic_size_t *mark = attr == infinirtGraphMemAttrUsedMemHigh
                            ? &used_high[device]
                            : &reserved_high[device];
  atomic_store(mark, atomic_load(&reserved[device]));
  return infinirtSuccess;
}
