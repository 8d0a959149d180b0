/* handle_inline.h - the fast paths of the handle registry and of node
 * blocks, inline: lookups, node allocation and node registration. Every
 * call validates the handles it names, and most name the same ones again
 * and again, so a lookup's hit is a compare and the registry is asked only
 * on a miss.
 *
 * Each thread remembers the last handle it found of each kind with the
 * number of unregistrations made before it looked (handle_registry.c): while
 * that number has not moved, the handle is still live. Graph nodes are found
 * through their node block (node_block.c), and each thread remembers the
 * last block it found with the number of blocks freed before it looked. A
 * handle used while another thread destroys it is the caller's race, as it
 * is without the caches. Included by backend.h. */
#ifndef INFINIRT_HANDLE_INLINE_H_
#define INFINIRT_HANDLE_INLINE_H_

#include <stdatomic.h>
#include <stdint.h>

typedef struct infinirt_handle_seen {
  uintptr_t p;
  uint64_t gen;
} infinirt_handle_seen;

#define INFINIRT_HANDLE_KINDS (INFINIRT_HANDLE_NODE_BLOCK + 1)
extern _Thread_local infinirt_handle_seen
    infinirt_handle_last_seen[INFINIRT_HANDLE_KINDS]
    __attribute__((tls_model("initial-exec")));
extern atomic_uint_fast64_t infinirt_handle_unregistrations;

/* Node blocks: 64 KiB aligned, a header (this, rounded up to a grain), then
 * nodes on 64-byte grains, one live bit per grain. */
#define INFINIRT_NODE_BLOCK_ALIGN ((size_t)64 << 10)
#define INFINIRT_NODE_GRAIN 64u
struct infinirt_node_block {
  infinirt_handle h; /* registered while a graph holds the block */
  struct infinirt_node_block *next;
  size_t used, size; /* bytes from the block's start */
  _Atomic uint64_t live[INFINIRT_NODE_BLOCK_ALIGN / INFINIRT_NODE_GRAIN / 64];
};
#define INFINIRT_NODE_BLOCK_HEADER                                             \
  ((sizeof(struct infinirt_node_block) + INFINIRT_NODE_GRAIN - 1) &            \
   ~(size_t)(INFINIRT_NODE_GRAIN - 1))
extern _Thread_local infinirt_handle_seen infinirt_node_block_last_seen
    __attribute__((tls_model("initial-exec")));
extern atomic_uint_fast64_t infinirt_node_blocks_freed;

/* The registry's and the node blocks' own lookups, for a miss. */
infinirt_handle *infinirt_handle_lookup_slow(const void *p,
                                             infinirt_handle_kind kind);
infinirt_handle *infinirt_node_lookup_slow(const void *p);

/* |p| as a live graph node, or NULL. */
static inline infinirt_handle *infinirt_node_lookup(const void *p) {
  uintptr_t a = (uintptr_t)p;
  uintptr_t base = a & ~(uintptr_t)(INFINIRT_NODE_BLOCK_ALIGN - 1);
  if (__builtin_expect(a && !(a & (INFINIRT_NODE_GRAIN - 1)) &&
                           a - base >= INFINIRT_NODE_BLOCK_HEADER &&
                           infinirt_node_block_last_seen.p == base &&
                           infinirt_node_block_last_seen.gen ==
                               atomic_load_explicit(&infinirt_node_blocks_freed,
                                                    memory_order_seq_cst),
                       1)) {
    const struct infinirt_node_block *b =
        (const struct infinirt_node_block *)base;
    size_t g = (a - base) / INFINIRT_NODE_GRAIN;
    infinirt_handle *h = (infinirt_handle *)a;
    return (atomic_load_explicit(&b->live[g / 64], memory_order_acquire) &
            ((uint64_t)1 << (g % 64))) &&
                   h->magic == INFINIRT_HANDLE_MAGIC &&
                   h->kind == INFINIRT_HANDLE_GRAPH_NODE
               ? h
               : NULL;
  }
  return infinirt_node_lookup_slow(p);
}

/* Returns |p| as a handle if it is a live registered handle of |kind|. */
static inline infinirt_handle *
infinirt_handle_lookup(const void *p, infinirt_handle_kind kind) {
  if (kind == INFINIRT_HANDLE_GRAPH_NODE)
    return infinirt_node_lookup(p);
  const infinirt_handle_seen *seen = &infinirt_handle_last_seen[kind];
  if (__builtin_expect((uintptr_t)p > 1 && seen->p == (uintptr_t)p &&
                           seen->gen == atomic_load_explicit(
                                            &infinirt_handle_unregistrations,
                                            memory_order_seq_cst),
                       1))
    return (infinirt_handle *)(uintptr_t)p;
  return infinirt_handle_lookup_slow(p, kind);
}

/* ---- node blocks --------------------------------------------------- */

void *infinirt_node_alloc_slow(infinirt_node_blocks *blocks, size_t bytes);

/* As infinirt_node_alloc, not cleared: for a backend that writes every
 * member of its node itself. (A stale header in the memory is not live:
 * its bit is clear.) */
static inline void *infinirt_node_alloc_uncleared(infinirt_node_blocks *blocks,
                                                  size_t bytes) {
  bytes =
      (bytes + INFINIRT_NODE_GRAIN - 1) & ~(size_t)(INFINIRT_NODE_GRAIN - 1);
  struct infinirt_node_block *b = blocks->head;
  if (__builtin_expect(!b || b->used >= INFINIRT_NODE_BLOCK_ALIGN ||
                           b->size - b->used < bytes,
                       0))
    return infinirt_node_alloc_slow(blocks, bytes);
  void *p = (char *)b + b->used;
  b->used += bytes;
  return p;
}

/* |bytes| of zeroed, 64-byte aligned memory for a node whose first member
 * is its infinirt_handle; not live until registered. NULL if memory ran
 * out. A node starts in its block's first 64 KiB, where masking finds the
 * block and the live bits reach. */
static inline void *infinirt_node_alloc(infinirt_node_blocks *blocks,
                                        size_t bytes) {
  void *p = infinirt_node_alloc_uncleared(blocks, bytes);
  return p ? __builtin_memset(p, 0, bytes) : NULL;
}

/* Makes node |h| (from infinirt_node_alloc) live: what
 * infinirt_handle_register does for a node, which cannot fail. */
static inline void infinirt_node_register(infinirt_handle *h) {
  uintptr_t a = (uintptr_t)h;
  uintptr_t base = a & ~(uintptr_t)(INFINIRT_NODE_BLOCK_ALIGN - 1);
  struct infinirt_node_block *b = (struct infinirt_node_block *)base;
  size_t g = (a - base) / INFINIRT_NODE_GRAIN;
  /* Release: a lookup that sees the bit sees the node's header. */
  atomic_fetch_or_explicit(&b->live[g / 64], (uint64_t)1 << (g % 64),
                           memory_order_release);
}

#endif /* INFINIRT_HANDLE_INLINE_H_ */
