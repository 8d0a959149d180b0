/* node_block.c - graph node handles without a registry entry each.
 *
 * A block is 64 KiB aligned (a bigger node gets a block of its own, still
 * found by its first 64 KiB), begins with a registered handle of kind
 * INFINIRT_HANDLE_NODE_BLOCK and has one bit per 64-byte grain: a node
 * starting at that grain is live while the bit is set. A lookup masks the
 * address to the block's start, finds the block in the registry (a few
 * hundred entries for a graph of 100 000 nodes, so the probe stays in
 * cache), tests the bit and checks the node's header, so a pointer into
 * the middle of a node, into a freed block or into nothing is refused
 * without being followed. Blocks grow from 4 KiB, so a small graph holds
 * little memory.
 *
 * Freed full-size blocks are kept (up to CACHE_MAX bytes) for the next
 * graph: a program that builds graphs again and again would otherwise
 * fault in and clear fresh pages for every node, which costs more than
 * building the node (the allocator gives 64 KiB blocks back to the system
 * as soon as they are freed). infinirt_node_blocks_trim() returns them. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "node_block.h"

#define BLOCK_ALIGN INFINIRT_NODE_BLOCK_ALIGN
#define GRAIN INFINIRT_NODE_GRAIN
#define HEADER INFINIRT_NODE_BLOCK_HEADER
#define FIRST_BLOCK ((size_t)4 << 10)
#define CACHE_MAX ((size_t)32 << 20)

/* Blocks freed so far, and each thread's last block found (valid while
 * that number has not moved): handle_inline.h. */
atomic_uint_fast64_t infinirt_node_blocks_freed;
_Thread_local infinirt_handle_seen infinirt_node_block_last_seen
    __attribute__((tls_model("initial-exec")));

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static infinirt_node_block *cache; /* full-size free blocks, by |next| */
static size_t cache_bytes;

static infinirt_node_block *cache_take(void) {
  pthread_mutex_lock(&cache_lock);
  infinirt_node_block *b = cache;
  if (b) {
    cache = b->next;
    cache_bytes -= BLOCK_ALIGN;
  }
  pthread_mutex_unlock(&cache_lock);
  return b;
}

/* Keeps |b| (unregistered, size BLOCK_ALIGN) if there is room. */
static bool cache_put(infinirt_node_block *b) {
  pthread_mutex_lock(&cache_lock);
  bool kept = cache_bytes + BLOCK_ALIGN <= CACHE_MAX;
  if (kept) {
    b->next = cache;
    cache = b;
    cache_bytes += BLOCK_ALIGN;
  }
  pthread_mutex_unlock(&cache_lock);
  return kept;
}

void infinirt_node_blocks_trim(void) {
  pthread_mutex_lock(&cache_lock);
  infinirt_node_block *b = cache;
  cache = NULL;
  cache_bytes = 0;
  pthread_mutex_unlock(&cache_lock);
  for (infinirt_node_block *next; b; b = next) {
    next = b->next;
    free(b);
  }
}

static infinirt_node_block *block_new(infinirt_node_block *prev, size_t bytes) {
  size_t size = prev ? prev->size * 2 : FIRST_BLOCK;
  if (size > BLOCK_ALIGN)
    size = BLOCK_ALIGN;
  while (size < HEADER + bytes)
    size *= 2;
  infinirt_node_block *b = size == BLOCK_ALIGN ? cache_take() : NULL;
  if (!b) {
    /* posix_memalign: C11's aligned_alloc wants a size that is a multiple
     * of the alignment, and a small block is not. */
    void *mem = NULL;
    if (posix_memalign(&mem, BLOCK_ALIGN, size))
      return NULL;
    b = mem;
  }
  memset(b, 0, HEADER);
  b->h = (infinirt_handle){INFINIRT_HANDLE_MAGIC, INFINIRT_HANDLE_NODE_BLOCK, 0,
                           NULL, -1};
  b->used = HEADER;
  b->size = size;
  if (!infinirt_handle_register(&b->h)) {
    if (size != BLOCK_ALIGN || !cache_put(b))
      free(b);
    return NULL;
  }
  return b;
}

/* A new block for infinirt_node_alloc (|bytes| rounded to grains), and the
 * node from it (not cleared). */
void *infinirt_node_alloc_slow(infinirt_node_blocks *blocks, size_t bytes) {
  infinirt_node_block *b = block_new(blocks->head, bytes);
  if (!b)
    return NULL;
  b->next = blocks->head;
  blocks->head = b;
  void *p = (char *)b + b->used;
  b->used += bytes;
  return p;
}

void infinirt_node_blocks_free(infinirt_node_blocks *blocks) {
  if (blocks->head)
    atomic_fetch_add_explicit(&infinirt_node_blocks_freed, 1,
                              memory_order_seq_cst);
  for (infinirt_node_block *b = blocks->head, *next; b; b = next) {
    next = b->next;
    infinirt_handle_unregister(&b->h);
    b->h.magic = 0;
    if (b->size != BLOCK_ALIGN || !cache_put(b))
      free(b);
  }
  blocks->head = NULL;
}

/* The block |p| would be a node of, and its grain, or NULL. */
static infinirt_node_block *block_of(const void *p, size_t *grain) {
  uintptr_t a = (uintptr_t)p;
  if (!a || (a & (GRAIN - 1)))
    return NULL;
  uintptr_t base = a & ~(uintptr_t)(BLOCK_ALIGN - 1);
  if (a - base < HEADER)
    return NULL;
  *grain = (a - base) / GRAIN;
  uint64_t gen =
      atomic_load_explicit(&infinirt_node_blocks_freed, memory_order_seq_cst);
  infinirt_node_block *b = (infinirt_node_block *)infinirt_handle_lookup(
      (const void *)base, INFINIRT_HANDLE_NODE_BLOCK);
  if (b) {
    infinirt_node_block_last_seen.p = base;
    infinirt_node_block_last_seen.gen = gen;
  }
  return b;
}

/* |h| came from infinirt_node_alloc (the backend's own node, or one a
 * lookup found), so its block is found by masking alone. */
bool infinirt_node_set_live(infinirt_handle *h, bool live) {
  if (live) {
    infinirt_node_register(h);
    return true;
  }
  uintptr_t a = (uintptr_t)h, base = a & ~(uintptr_t)(BLOCK_ALIGN - 1);
  infinirt_node_block *b = (infinirt_node_block *)base;
  size_t g = (a - base) / GRAIN;
  uint64_t bit = (uint64_t)1 << (g % 64);
  uint64_t old =
      atomic_fetch_and_explicit(&b->live[g / 64], ~bit, memory_order_acq_rel);
  return old & bit;
}

infinirt_handle *infinirt_node_lookup_slow(const void *p) {
  size_t g;
  infinirt_node_block *b = block_of(p, &g);
  if (!b || !(atomic_load_explicit(&b->live[g / 64], memory_order_acquire) &
              ((uint64_t)1 << (g % 64))))
    return NULL;
  infinirt_handle *h = (infinirt_handle *)(uintptr_t)p;
  return h->magic == INFINIRT_HANDLE_MAGIC &&
                 h->kind == INFINIRT_HANDLE_GRAPH_NODE
             ? h
             : NULL;
}
