/* cpu_graph.h - graphs, stream capture and the graph executor of the CPU
 * backend.
 *
 * A node holds the command its work is: the same slots (cpu_slot) a stream
 * queue holds, built by the same code, so capturing is enqueueing into a
 * node instead of a chunk, and the executor runs a node through the same
 * execute function as a stream worker (infinirt_cpu_exec_command). Only what
 * exists in graphs alone has ops of its own: event records and waits
 * resolved at launch, graph memory.
 *
 * An executable graph is a snapshot: every command as the graph held it
 * when instantiated (copied, or lent from the graph's command store, which
 * then no longer changes: cpu_cmd_store), the nodes flattened (child
 * graphs inlined) in a topological order, each with the positions of its
 * dependencies. A launch is one GRAPH command on the
 * stream; its worker and any idle workers take nodes in that order and run
 * each once its dependencies' stamps show this launch (cpu_graph_run.c). */
#ifndef INFINIRT_CPU_GRAPH_H_
#define INFINIRT_CPU_GRAPH_H_

#include <string.h>

#include "cpu_internal.h"

extern const infinirt_backend infinirt_cpu_backend;

typedef struct cpu_graph cpu_graph;
/* Edges a node keeps in itself before it takes arrays from the heap. */
#define CPU_EDGES_INLINE 2
typedef struct cpu_gnode cpu_gnode;
/* Where a graph's nodes keep their commands: chunks of slots taken in
 * creation order, so that the commands of a graph lie together as densely
 * as an executable graph's own copy would (cpu_graph_cmds.c). Reference
 * counted: an executable graph instantiated in creation order runs the
 * commands there (the node is "lent": a later SetParams of the graph writes
 * its new command elsewhere) and keeps the store after the graph is gone. */
typedef struct cpu_cmd_chunk {
  struct cpu_cmd_chunk *next;
  uint32_t used, cap;
  _Alignas(64) cpu_slot slot[];
} cpu_cmd_chunk;
typedef struct cpu_cmd_store {
  atomic_uint refs;
  cpu_cmd_chunk *head;
} cpu_cmd_store;
/* A new store (one reference), or NULL if memory ran out. */
cpu_cmd_store *infinirt_cpu_cmd_store_new(void);
/* A new chunk at the head of |s| with room for |nslots|; false if memory
 * ran out. */
bool infinirt_cpu_cmd_store_grow(cpu_cmd_store *s, unsigned nslots);
/* |nslots| (> 0) cleared slots of |s| (used under its graph's lock), or
 * NULL if memory ran out. */
static inline cpu_slot *infinirt_cpu_cmd_store_take(cpu_cmd_store *s,
                                                    unsigned nslots) {
  cpu_cmd_chunk *c = s->head;
  if (__builtin_expect(!c || c->cap - c->used < nslots, 0)) {
    if (!infinirt_cpu_cmd_store_grow(s, nslots))
      return NULL;
    c = s->head;
  }
  cpu_slot *p = &c->slot[c->used];
  c->used += nslots;
  if (nslots == 1) /* most commands: a size the compiler clears inline */
    return memset(p, 0, sizeof *p);
  return memset(p, 0, nslots * sizeof *p);
}
void infinirt_cpu_cmd_store_get(cpu_cmd_store *s);
void infinirt_cpu_cmd_store_put(cpu_cmd_store *s);
typedef struct cpu_exec cpu_exec;
typedef struct cpu_capture cpu_capture;
typedef struct cpu_xchange cpu_xchange;

/* Memory of an allocation node: reserved when the node is made (its address
 * is fixed for the graph's lifetime), shared by the graph, its clones and
 * its executable graphs (reference counted), live between an allocation
 * node's run and a free (node, FreeAsync or Free). */
typedef struct cpu_gmem {
  cpu_alloc alloc; /* first: the registry entry (kind CPU_MEM_GRAPH) */
  atomic_uint refs;
  atomic_bool live;  /* allocated by a launch and not freed since */
  atomic_uint execs; /* executable graphs holding it (at most one) */
  size_t bytes;
} cpu_gmem;

/* What only some nodes need: memcpy, memset, event, memory and child graph
 * nodes have it in their block from the start (infinirt_cpu_node_add);
 * a kernel node gets one from the heap when GetParams first asks for its
 * argument pointers; host and empty nodes have none. */
typedef struct cpu_gnode_aux {
  cpu_gmem *mem;                /* alloc and free nodes */
  cpu_graph *child;             /* child graph nodes (owned) */
  enum infinirtMemcpyKind kind; /* memcpy nodes */
  cpu_event *event;             /* event record and wait nodes */
  /* GraphKernelNodeGetParams's argument pointers (into the command). */
  void **arg_ptrs;
  /* Explicit memcpy nodes: the parameters as given; alloc nodes: theirs,
   * with a copy of the access descriptors. */
  struct infinirtMemcpy3DParms *copy;
  struct infinirtMemAllocNodeParams *alloc; /* access descriptors follow */
} cpu_gnode_aux;

/* A graph node: two cache lines in its graph's node blocks (its aux, if
 * any, after them), its command in the graph's command store. Edges are
 * arrays of node pointers, both ways, in the node until they outgrow it,
 * then in the graph's edge chunks. */
struct cpu_gnode {
  /* What instantiation reads of every node, in its first cache line. */
  infinirt_handle h;        /* first: the core reads it */
  uint64_t id;              /* shared with the node it was cloned from */
  cpu_gnode **deps, **succ; /* inl_* until they outgrow them */
  uint32_t ndeps, nsucc;
  uint32_t index; /* in graph->nodes */
  uint8_t nslots; /* of the command: 1 + extra slots; 0: none */
  uint8_t flags;  /* CPU_GNODE_* */
  uint8_t type;   /* enum infinirtGraphNodeType */
  uint8_t stored; /* slots it has in its graph's command store */
  cpu_slot *cmd;  /* op 0 for an empty node */
  cpu_graph *graph;
  uint32_t cap_deps, cap_succ;
  cpu_gnode_aux *aux; /* see cpu_gnode_aux; NULL if none */
  cpu_gnode *inl_deps[CPU_EDGES_INLINE], *inl_succ[CPU_EDGES_INLINE];
};
_Static_assert(sizeof(cpu_gnode) == 128, "a node is two cache lines");

/* A node's child graph, or NULL (any node). */
static inline cpu_graph *infinirt_cpu_node_child(const cpu_gnode *n) {
  return n->aux ? n->aux->child : NULL;
}
/* A node's graph memory, or NULL (any node). */
static inline cpu_gmem *infinirt_cpu_node_mem(const cpu_gnode *n) {
  return n->aux ? n->aux->mem : NULL;
}

struct cpu_graph {
  infinirt_handle h; /* first: registered while live */
  /* A spin lock: CUDA's graphs are not for concurrent use, so this only
   * keeps a program that does so from corrupting one, and costs one atomic
   * per call. */
  infinirt_cpu_spinlock lock;
  cpu_gnode **nodes; /* creation order */
  uint32_t n, cap;
  size_t nedges;                /* dependencies of its nodes, together */
  size_t nslots;                /* command slots of its nodes, together */
  uint32_t nchild;              /* child graph nodes */
  uint32_t nmem;                /* memory (alloc and free) nodes */
  cpu_gnode *owner;             /* the child graph node that owns it, or NULL */
  cpu_capture *capturing;       /* a capture records into it now */
  infinirt_node_blocks blocks;  /* where its nodes live */
  cpu_cmd_store *cmds;          /* where their commands live */
  struct cpu_edge_chunk *edges; /* where its edge arrays live */
  uint64_t next_id;             /* of its next node (cpu_graph.c) */
};

/* Graph ops of the command set (after cpu_internal.h's, in their range). */
enum {
  CPU_OP_FILL = 32, /* memset node: 2D region of 1/2/4-byte elements */
  CPU_OP_GRAPH,     /* a graph launch on a stream */
  CPU_OP_GRECORD,   /* event record node: payload.grecord */
  CPU_OP_GWAIT,     /* event wait node */
  CPU_OP_GALLOC,    /* allocation node */
  CPU_OP_GFREE,     /* free node */
};

/* The payloads of graph ops; they overlay cpu_payload. */
typedef union cpu_gpayload {
  struct {
    unsigned char *dst;
    size_t pitch, width, height; /* width in elements */
    uint32_t value, elem_size;
  } fill;
  struct {
    cpu_exec *exec;
    uint64_t *gens;  /* one per record node of this launch, or NULL */
    uint64_t number; /* launches of the exec made up to this one */
  } graph;
  struct {
    cpu_event *event;
    uint32_t slot; /* index into the launch's gens */
  } grecord;
  struct {
    cpu_event *event;
  } gwait;
  struct {
    cpu_gmem *mem;
  } gmem;
} cpu_gpayload;
_Static_assert(sizeof(cpu_gpayload) <= sizeof(cpu_payload),
               "graph payloads fit a slot");
static inline cpu_gpayload *infinirt_cpu_gp(cpu_slot *s) {
  return (cpu_gpayload *)(void *)&s->cmd.p;
}

/* A node's flags. Its command is in its graph's command store (|stored|
 * slots there) unless HEAP: a block of its own, where SetParams put one
 * that did not fit, or one of a LENT node (executable graphs run the
 * stored one, which no longer changes). */
enum { CPU_GNODE_LENT = 1, CPU_GNODE_HEAP = 2 };
_Static_assert(1 + CPU_INLINE_ARG_SLOTS <= UINT8_MAX,
               "a command's slots fit |nslots|");
/* The aux a node of this type has in its block, after it. */
static inline cpu_gnode_aux *infinirt_cpu_node_inline_aux(cpu_gnode *n) {
  return (cpu_gnode_aux *)(void *)(n + 1);
}

/* ---- graphs (cpu_graph.c) ------------------------------------------- */

infinirtError_t infinirt_cpu_graph_new(cpu_graph **out);
/* Destroys |g| and its nodes (unregistering them), whether or not |g|'s
 * own handle is registered. */
void infinirt_cpu_graph_free(cpu_graph *g);
/* A node of |type| with a command of |nslots| slots, dependent on
 * |deps|, added to |g| and registered (|g| locked by the caller). */
infinirtError_t infinirt_cpu_node_add(cpu_graph *g,
                                      enum infinirtGraphNodeType type,
                                      unsigned nslots, cpu_gnode *const *deps,
                                      size_t ndeps, cpu_gnode **out);
/* |n|'s aux, made (on the heap) if it has none; NULL if memory ran out. */
cpu_gnode_aux *infinirt_cpu_node_aux(cpu_gnode *n);
/* Frees a node that is not in a graph. */
void infinirt_cpu_node_free(cpu_gnode *n);
/* Adds the edge |from| -> |to| (both of |g|, locked), or false if memory ran
 * out. */
bool infinirt_cpu_edge_add(cpu_gnode *from, cpu_gnode *to);
/* A deep copy of |g| (not registered); its nodes keep their ids if
 * |keep_ids| (GraphClone), child graphs' nodes get new ones. */
infinirtError_t infinirt_cpu_graph_copy(cpu_graph *g, bool keep_ids,
                                        cpu_graph **out);
/* Node removal from its graph (locked), edges included. */
void infinirt_cpu_node_unlink(cpu_gnode *n);
/* The node type a command of |op| makes (captured work). */
enum infinirtGraphNodeType infinirt_cpu_op_node_type(uint8_t op);
/* Whether |g| (and its children) holds memory nodes. */
bool infinirt_cpu_graph_has_mem(const cpu_graph *g);

/* Graph memory (cpu_graph_mem.c). */
infinirtError_t infinirt_cpu_gmem_new(int device, size_t bytes, cpu_gmem **out);
void infinirt_cpu_gmem_get(cpu_gmem *m);
void infinirt_cpu_gmem_put(cpu_gmem *m);
/* The graph allocation that starts at |p|, or NULL. */
cpu_gmem *infinirt_cpu_gmem_find(const void *p);

/* Arrays of executable graphs (cpu_graph_arrays.c): 64-byte aligned, kept
 * when freed (the big ones, up to 64 MiB) for the next instantiation.
 * alloc returns NULL if memory ran out; calloc clears. */
void *infinirt_cpu_array_alloc(size_t bytes);
void *infinirt_cpu_array_calloc(size_t bytes);
void infinirt_cpu_array_free(void *p);
/* Gives the kept arrays back to the allocator (DeviceGraphMemTrim). */
void infinirt_cpu_arrays_trim(void);

/* ---- executable graphs (cpu_graph_exec.c, cpu_graph_run.c) ------------ */

/* The graph an exec was made from, as far as GraphExecUpdate and the
 * exec's SetParams need it: per node (creation order) its id, type,
 * dependencies (as creation positions), its command's position in the
 * exec (child nodes: their own graph's). */
typedef struct cpu_xsrc cpu_xsrc;
typedef struct cpu_xsrc_node {
  uint64_t id;
  uint8_t type;
  uint32_t pos; /* run position of its command (UINT32_MAX: none) */
  uint32_t ndeps, dep_off;
  cpu_xsrc *child;
} cpu_xsrc_node;
struct cpu_xsrc {
  uint32_t n;
  /* Ids ascending: nodes are made in id order. An exec whose run order is
   * creation order has only |ids| until a call first needs the records
   * (cpu_graph_exec.c, src_ready): the rest is in its nodes. */
  cpu_xsrc_node *nodes;
  uint64_t *ids;
  uint32_t *deps;
  bool deps_shared; /* |deps| is the exec's |preds| (run order = creation) */
};

typedef struct cpu_xnode {
  cpu_slot *cmd; /* arena, own block or lent; op 0: nothing to run */
  uint32_t pred_off, npred;
  union {
    uint32_t record; /* an event record node's slot in the launch's gens */
    uint32_t spare;  /* a lent command's room in the arena, for SetParams */
  };
  uint8_t nslots;
  bool lent; /* |cmd| is its graph node's (see cpu_cmd_store) */
  uint8_t type;
  atomic_bool enabled;
} cpu_xnode;

struct cpu_exec {
  infinirt_handle h; /* first: registered while live */
  atomic_uint refs;  /* the handle's, and one per launch not yet run */
  cpu_exec *dev_prev, *dev_next; /* in its device's list while live */
  unsigned long long flags;
  uint32_t n; /* nodes in run order */
  cpu_xnode *nodes;
  uint32_t *preds;           /* dependency positions, nodes[i].pred_off.. */
  _Atomic(uint32_t) *stamps; /* launch number each node last ran in */
  cpu_xsrc src;
  /* Every node's command that is not lent (a replaced one: its own
   * block); the store the lent ones are in. */
  cpu_slot *arena;
  cpu_cmd_store *lender;
  uint32_t narena;
  uint32_t nrecords; /* event record nodes (their slots number them) */
  cpu_event **records;
  cpu_gmem **mems; /* alloc nodes' memory (references) */
  uint32_t nmems;
  cpu_gmem **frees; /* free nodes' memory (references): freed per launch */
  uint32_t nfrees;
  bool wide; /* some level has more than one node: helpers can help */
  /* A launch: its number, and the next position to take; how long the
   * previous one ran (0: none yet). */
  uint32_t launch;
  uint64_t last_ns;
  _Alignas(64) atomic_uint next;
  infinirt_cpu_notifier ran; /* participants parked for a node to run */
  /* Launches of one exec run one at a time: the latest's place. */
  infinirt_cpu_spinlock launch_lock;
  cpu_dep last;
  uint64_t launches_made;
  /* Queued changes (cpu_graph_exec.c; written under |launch_lock|, read
   * without it only to see that there are none). */
  _Atomic(struct cpu_xchange *) changes;
  struct cpu_xchange *changes_tail;
};

/* Runs one launch of |x| (a GRAPH command), on the calling worker and the
 * idle ones. */
void infinirt_cpu_graph_run(cpu_exec *x, uint64_t *gens, uint64_t number);
/* Applies the changes asked for before launch |number| was made. */
void infinirt_cpu_exec_apply_changes(cpu_exec *x, uint64_t number);
void infinirt_cpu_exec_put(cpu_exec *x);
/* DeviceReset: |dev|'s executable graphs stop being handles (CUDA's belong
 * to the context the reset destroys). */
void infinirt_cpu_execs_reset(cpu_device *dev);
/* The exec's SetParams: |cmd| (|nslots| slots, of node |type|) becomes the
 * command of the node made from |node|, for the launches made from now on
 * (after the ones made before, which run with the old one). Owns |cmd|'s
 * heap arguments. */
infinirtError_t infinirt_cpu_exec_node_set(cpu_exec *x, cpu_gnode *node,
                                           enum infinirtGraphNodeType type,
                                           const cpu_slot *cmd,
                                           unsigned nslots);
/* A memset node's command. */
void infinirt_cpu_exec_fill(const cpu_gpayload *p);

/* ---- capture (cpu_capture.c) -------------------------------------------- */

struct cpu_capture {
  pthread_mutex_t lock; /* the graph and every member's dependencies */
  cpu_graph *graph;
  cpu_device *dev;
  cpu_stream *origin;
  cpu_stream *members; /* through cap_next */
  unsigned long long id;
  enum infinirtStreamCaptureMode mode;
  const void *thread; /* the beginning thread's token */
  bool invalidated;
  bool own_graph; /* BeginCapture (not ToGraph): EndCapture hands it over */
  cpu_capture *next_free;
};

/* Capture fields of a stream (cpu_internal.h's cpu_stream has them). */
/* A capturing stream's enqueue: a new node of |g| with 1 + |extra| slots in
 * |e|; commit() links it after the stream's dependencies. */
infinirtError_t infinirt_cpu_capture_begin(cpu_stream *s, unsigned extra,
                                           cpu_enqueue *e, cpu_slot **header);
void infinirt_cpu_capture_commit(cpu_enqueue *e, uint8_t op);
/* The legacy stream of |dev| is about to be used: StreamCaptureImplicit
 * (and the captures invalidated) while a blocking stream of |dev|
 * captures. */
infinirtError_t infinirt_cpu_capture_legacy_check(cpu_device *dev);
/* A call CUDA calls potentially unsafe during capture (Malloc, ...):
 * StreamCaptureUnsupported where the thread's mode and the captures
 * running forbid it. */
infinirtError_t infinirt_cpu_capture_unsafe_check(const char *what);
/* Invalidates |s|'s capture with |err| (returned) for a call CUDA refuses
 * on a capturing stream. */
infinirtError_t infinirt_cpu_capture_refuse(cpu_stream *s, infinirtError_t err,
                                            const char *what);
/* Invalidates every capture of |dev| (DeviceSynchronize) and returns
 * StreamCaptureUnsupported if there was one. */
infinirtError_t infinirt_cpu_capture_device_check(cpu_device *dev);
/* EventRecord on a capturing stream; EventQuery/Synchronize of an event
 * recorded in a capture; StreamWaitEvent with either side capturing. Each
 * returns true if it handled the call (result in |*err|). */
bool infinirt_cpu_capture_record(cpu_event *ev, cpu_stream *s, unsigned flags,
                                 infinirtError_t *err);
bool infinirt_cpu_capture_event_busy(cpu_event *ev, infinirtError_t *err);
bool infinirt_cpu_capture_wait(cpu_stream *s, cpu_event *ev, unsigned flags,
                               infinirtError_t *err);
/* Captured MallocAsync / FreeAsync: allocation and free nodes. */
infinirtError_t infinirt_cpu_capture_malloc(cpu_stream *s, size_t size,
                                            void **out);
infinirtError_t infinirt_cpu_capture_free(cpu_stream *s, void *p);
/* Whether |s| is capturing now (one relaxed load). */
static inline bool infinirt_cpu_capturing(const cpu_stream *s) {
  return atomic_load_explicit(&s->capture, memory_order_relaxed) != NULL;
}

/* StreamDestroy of a capturing stream: the capture is invalidated (and
 * ended if it began there). */
void infinirt_cpu_capture_stream_gone(cpu_stream *s);
/* A new record of |ev| at position |seq| of |s| (a graph's record node);
 * returns its generation. */
uint64_t infinirt_cpu_event_set_record(cpu_event *ev, cpu_stream *s,
                                       uint64_t seq);

/* Events recorded in a capture (cpu_event fields cap, cap_id, cap_nodes). */
void infinirt_cpu_event_forget_capture(cpu_event *ev);

#endif /* INFINIRT_CPU_GRAPH_H_ */
