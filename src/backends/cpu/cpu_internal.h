/* cpu_internal.h - objects shared by the files of the CPU backend.
 *
 * Streams and events are type-stable: once allocated they are never freed,
 * only recycled through a per-device free list, and a stream's sequence
 * numbers keep growing across reuses. So a dependency "(stream, seq)" or a
 * pending event record taken at any time stays safe to evaluate, however
 * late, without reference counts on the hot path. */
#ifndef INFINIRT_CPU_INTERNAL_H_
#define INFINIRT_CPU_INTERNAL_H_

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "backend.h"
#include "cpu_sched.h"
#include "cpu_sync.h"
#include "infinirt_cpu_kernel.h"

#define CPU_MAX_DEVICES 64
#define CPU_LIMIT_COUNT 7 /* infinirtLimit values */
/* Row alignment of pitched allocations (MallocPitch, Malloc3D), reported
 * as TexturePitchAlignment: a cache line, so that rows never share one and
 * each row starts as aligned as the widest vector loads want. */
#define CPU_PITCH_ALIGNMENT 64u

typedef struct cpu_device cpu_device;
typedef struct cpu_stream cpu_stream;
typedef struct cpu_event cpu_event;
typedef struct cpu_alloc cpu_alloc;
typedef struct cpu_library cpu_library;
typedef struct cpu_mempool cpu_mempool;
typedef struct cpu_ipc_event cpu_ipc_event;

/* Every entry of the API table, declared from it: each definition's
 * signature is checked, and one entry may call another. */
#define X(name, params, ...) infinirtError_t infinirt_cpu_##name params;
#include "api.def"
#undef X

/* ---- commands --------------------------------------------------------- */

/* Commands are 64-byte slots in a stream's chunk list: one header slot,
 * optionally followed by |extra| slots of raw bytes (a launch's arguments).
 * A chunk is 2 KiB; a stream keeps one while it lives and takes more from a
 * process-wide cache only while commands pile up. */
#define CPU_SLOT_BYTES 64u
#define CPU_CHUNK_SLOTS 31u
#define CPU_WAIT_DEPS 3u         /* dependencies one WAIT command holds */
#define CPU_INLINE_ARG_SLOTS 16u /* larger launch arguments go to the heap */

enum cpu_op {
  CPU_OP_WAIT = 1, /* wait for up to 3 (stream, seq) dependencies */
  CPU_OP_COPY,
  CPU_OP_COPY2D,
  CPU_OP_SET,
  CPU_OP_HOSTFN,
  CPU_OP_RECORD,     /* stamp an event */
  CPU_OP_FREE,       /* stream-ordered free of a chain of blocks */
  CPU_OP_RETIRE,     /* a destroyed stream drained: recycle it */
  CPU_OP_LAUNCH,     /* kernel launch; args follow in continuation slots */
  CPU_OP_GATE,       /* a synchronous operation's place: its caller runs it */
  CPU_OP_CALLBACK,   /* a stream callback: a host function with more args */
  CPU_OP_COPY3D,     /* the slice strides follow in one continuation slot */
  CPU_OP_SET3D,      /* Memset2D and Memset3D */
  CPU_OP_IPC_RECORD, /* complete a record of an interprocess event */
  CPU_OP_IPC_WAIT,   /* wait for a record of an interprocess event */
};

typedef struct cpu_dep {
  cpu_stream *stream;
  uint64_t seq; /* satisfied once stream->completed >= seq */
} cpu_dep;

typedef struct cpu_launch {
  struct cpu_kernel *kernel;
  infinirtDim3 grid, block;
  uint32_t shared;     /* dynamic shared memory bytes per block */
  bool cooperative;    /* every block at once (cpu_coop.c) */
  unsigned char *heap; /* the arguments when too big for the slots */
} cpu_launch;

/* A pitched region: |depth| slices of |height| rows of |width| bytes, rows
 * |pitch| and slices |slice| bytes apart (the slice unused when depth is
 * 1). A copy has one layout per side. */
typedef struct cpu_copy3d {
  unsigned char *dst;
  const unsigned char *src;
  size_t dpitch, spitch, dslice, sslice;
  size_t width, height, depth;
} cpu_copy3d;
typedef struct cpu_set3d {
  unsigned char *dst;
  size_t pitch, slice;
  size_t width, height, depth;
  int value;
} cpu_set3d;

typedef union cpu_payload {
  cpu_dep wait[CPU_WAIT_DEPS];
  struct {
    void *dst;
    const void *src;
    size_t n;
  } copy;
  struct {
    void *dst;
    size_t dpitch;
    const void *src;
    size_t spitch, width, height;
  } copy2d;
  struct {
    void *dst;
    size_t n;
    int value;
  } set;
  struct { /* CPU_OP_COPY3D: a cpu_copy3d but the slice strides */
    unsigned char *dst;
    const unsigned char *src;
    size_t dpitch, spitch, width, height, depth;
  } copy3d;
  struct { /* its continuation slot */
    size_t dslice, sslice;
  } copy3d_slices;
  cpu_set3d set3d;
  struct {
    infinirtHostFn_t fn;
    void *data;
  } hostfn;
  struct {
    infinirtStreamCallback_t fn;
    void *data;
    infinirtStream_t stream; /* as the caller named it */
  } callback;
  struct {
    cpu_event *event;
    uint64_t gen;
  } record;
  struct {
    cpu_alloc *alloc; /* first of a chain through pool_next */
  } free;
  struct {
    cpu_ipc_event *ev; /* a reference the command holds */
    uint64_t gen;      /* the record's generation */
  } ipc;
  cpu_launch launch;
} cpu_payload;

typedef union cpu_slot {
  struct {
    uint8_t op;
    uint8_t ndeps;  /* CPU_OP_WAIT */
    uint16_t extra; /* continuation slots */
    uint32_t unused;
    cpu_payload p;
  } cmd;
  unsigned char data[CPU_SLOT_BYTES];
} cpu_slot;
_Static_assert(sizeof(cpu_slot) == 64, "a slot is one cache line");

typedef struct cpu_chunk {
  _Alignas(64) _Atomic(struct cpu_chunk *) next;
  atomic_uint end; /* slots in use, once the producer moved on */
  cpu_slot slot[CPU_CHUNK_SLOTS];
} cpu_chunk;

/* ---- streams ---------------------------------------------------------- */

/* Pool blocks freed on a stream, kept for the stream's own next MallocAsync:
 * stream order already puts every later use after every earlier one, so
 * same-stream reuse needs no command. Other streams get the blocks only once
 * they are back in the device pool (cpu_stream_cache.c). */
#define CPU_SCACHE_SLOTS 16u
typedef struct cpu_stream_cache {
  atomic_bool busy; /* a spinlock: the sections are a few loads and stores */
  atomic_uint n;    /* entries; read unlocked only to skip an empty cache */
  size_t bytes;
  uint64_t free_seq; /* every cached free follows positions below this */
  uint16_t klass[CPU_SCACHE_SLOTS];
  cpu_alloc *block[CPU_SCACHE_SLOTS];
} cpu_stream_cache;

/* CUDA's stream priorities on current GPUs: 0 is the lowest, -5 the
 * highest. */
#define CPU_PRIORITY_LOWEST 0
#define CPU_PRIORITY_HIGHEST (-5)

/* The stream attributes the CPU records but does not act on. */
typedef struct cpu_stream_attrs {
  struct infinirtAccessPolicyWindow window;
  enum infinirtSynchronizationPolicy sync_policy;
  infinirtLaunchMemSyncDomainMap domain_map;
  infinirtLaunchMemSyncDomain domain;
} cpu_stream_attrs;

/* Sets |s|'s priority (clamped) and the level of its next push. */
void infinirt_cpu_stream_set_priority(cpu_stream *s, int priority);
/* A new incarnation's attributes (cpu_stream_attr.c). */
void infinirt_cpu_stream_attrs_init(cpu_stream *s);

/* A stream that waits for another registers this node there. */
typedef struct cpu_cont {
  cpu_stream *stream; /* the waiting stream */
  uint64_t seq;       /* what it waits for */
  struct cpu_cont *next;
} cpu_cont;

/* A stream is an in-order queue of commands, run by whichever worker holds
 * it. Ownership of its consumer side (|head|, running commands, moving
 * |completed|) belongs to exactly one of: nobody (IDLE), the run queue or
 * the worker that took it from there, a continuation registered on the
 * stream it waits for, or the caller of a synchronous operation holding a
 * gate. Only the owner moves it on, so it needs no lock to run. */
struct cpu_stream {
  infinirt_handle h; /* first: the core reads it */
  cpu_device *dev;
  atomic_uint flags; /* infinirtStream* flags of this incarnation */
  atomic_int priority;
  atomic_uchar run_level;            /* the run-queue level of |priority| */
  uint64_t id;                       /* StreamGetId: new for each incarnation */
  bool legacy;                       /* the device's legacy default stream */
  atomic_bool alive;                 /* between create and destroy */
  cpu_task task;                     /* its node in the run queue */
  cpu_stream *live_prev, *live_next; /* dev->live (dev->lock) */
  cpu_stream *act_prev, *act_next;   /* dev->active (dev->lock) */
  cpu_stream *next_free;             /* dev->free_streams (dev->lock) */

  /* Each side's fields on its own cache lines: the producer's (under
   * |lock|), the published |tail|, the owner's, and |completed| with what a
   * completion reads. */
  _Alignas(64) infinirt_cpu_spinlock lock; /* producer side, |active|, ... */
  bool active;                             /* someone owns the consumer side */
  bool listed;                             /* in dev->active */
  cpu_chunk *tail_chunk;
  unsigned tail_idx;
  uint64_t seen_completed; /* |completed| as last read by a producer */
  cpu_cont *waiters;
  cpu_cont wait_node; /* this stream's registration while it waits */

  _Alignas(64) atomic_uint_fast64_t tail; /* enqueued (stored under |lock|) */

  /* Consumer side: the owner only. */
  _Alignas(64) cpu_chunk *head_chunk;
  unsigned head_idx;

  _Alignas(64) atomic_uint_fast64_t completed; /* commands executed */
  infinirt_cpu_notifier done;        /* waiters for |completed| park here */
  atomic_uint nwaiters;              /* entries in |waiters| */
  atomic_uint_fast64_t gate_reached; /* the GATE its caller may take */

  _Alignas(64) cpu_stream_cache cache;

  /* While its owner has handed it to the interprocess waiter (the owner's,
   * then the waiter's). */
  cpu_stream *ipc_next;
  cpu_ipc_event *ipc_wait;
  uint64_t ipc_wait_gen;

  /* StreamSetAttribute's values besides the priority (cpu_stream_attr.c). */
  infinirt_cpu_spinlock attr_lock;
  cpu_stream_attrs attrs;

  /* Stream capture (cpu_capture.c): the capture it records into (NULL when
   * not capturing; set and cleared under the capture's lock), the nodes its
   * next captured node depends on, and its link in the capture's members. */
  _Atomic(struct cpu_capture *) capture;
  struct cpu_gnode **cap_deps;
  size_t cap_ndeps, cap_size;
  infinirtGraphEdgeData *cap_edges; /* GetCaptureInfo's, all default */
  size_t cap_edges_size;
  cpu_stream *cap_next;
};

/* The current device's legacy stream (created on first use), or NULL on
 * allocation failure. */
cpu_stream *infinirt_cpu_legacy(cpu_device *dev);

/* Resolves a stream argument (NULL = the current device's legacy stream);
 * on failure returns NULL with the detail set in |*err|. */
cpu_stream *infinirt_cpu_stream_arg(infinirtStream_t s, infinirtError_t *err);

/* Enqueueing (cpu_queue.c): begin() enqueues a WAIT command for the given
 * dependencies, takes |s|'s lock and returns the header slot of a command
 * of 1 + |extra| slots; the caller fills the payload and the continuation
 * slots (cont) and calls commit(), which publishes it, makes |s| runnable
 * if it was idle, and unlocks. Every dependency is read before the claim:
 * that is what keeps cross-stream waits acyclic. */
typedef struct cpu_enqueue {
  cpu_stream *s;
  cpu_chunk *chunk;
  unsigned idx; /* header slot in |chunk| */
  unsigned n;   /* slots */
  /* A capturing stream's command goes into this graph node instead
   * (cpu_capture.c); chunk and idx are then unused. */
  struct cpu_gnode *node;
} cpu_enqueue;
infinirtError_t infinirt_cpu_begin(cpu_stream *s, const cpu_dep *deps,
                                   unsigned ndeps, unsigned extra,
                                   cpu_enqueue *e, cpu_slot **header);
/* As begin(), with the dependencies the legacy-stream rules give |s|. */
infinirtError_t infinirt_cpu_begin_ordered(cpu_stream *s, unsigned extra,
                                           cpu_enqueue *e, cpu_slot **header);
cpu_slot *infinirt_cpu_cont(cpu_enqueue *e, unsigned i);
/* The sequence number the command between begin() and commit() will have
 * (the stream's lock is held there). */
uint64_t infinirt_cpu_next_seq(const cpu_enqueue *e);
/* Publishes; returns the command's sequence number. */
uint64_t infinirt_cpu_commit(cpu_enqueue *e, uint8_t op);
/* Stream destruction: recycles |s| at once if it is idle, else enqueues a
 * RETIRE command that recycles it after the work already enqueued. */
infinirtError_t infinirt_cpu_retire(cpu_stream *s);

/* The slot of one command of 1 + |extra| slots on stream argument |stream|
 * (NULL: the current device's legacy stream) under the legacy-stream
 * rules; NULL with |*err| set on failure. */
cpu_slot *infinirt_cpu_begin_async(infinirtStream_t stream, unsigned extra,
                                   cpu_enqueue *e, infinirtError_t *err);

/* Dependencies of an operation issued now on |s| under the legacy rules
 * (|s| NULL: a synchronous operation on |dev|'s legacy stream). Writes up to
 * |cap| into |deps| and returns how many there are (may exceed |cap|). Only
 * streams with pending work are looked at. */
unsigned infinirt_cpu_collect_deps(cpu_device *dev, cpu_stream *s,
                                   cpu_dep *deps, unsigned cap);

static inline bool infinirt_cpu_dep_done(const cpu_dep *d) {
  return atomic_load(&d->stream->completed) >= d->seq;
}
/* Blocks the calling (host) thread until |d| is satisfied (|spin|: spin
 * first while that can pay). */
void infinirt_cpu_dep_wait(const cpu_dep *d, bool spin);

/* A synchronous Memcpy/Memset holds a place on |dev|'s legacy stream while
 * it runs on the calling thread, so later work on blocking streams and on
 * the legacy stream, from any thread, waits for it as CUDA's does. enter()
 * enqueues a GATE and returns once everything before it has completed, the
 * caller then owning the stream; leave() completes the gate and hands the
 * stream on. */
infinirtError_t infinirt_cpu_legacy_enter(cpu_device *dev, cpu_enqueue *e);
void infinirt_cpu_legacy_leave(cpu_enqueue *e);

/* Waits for every stream of |dev| and gives the pool memory freed on them
 * back as the release threshold says. */
void infinirt_cpu_device_sync(cpu_device *dev);

/* Adds or removes |s| in its device's list of busy blocking streams. */
void infinirt_cpu_activate(cpu_stream *s);
void infinirt_cpu_deactivate(cpu_stream *s);

/* The stream cache (cpu_stream_cache.c). take() returns a LIVE block of
 * class |k| of |pool| freed earlier on |s|, or NULL. put() caches a claimed
 * pool block of |s|'s device whose free follows only |s|'s own work, and
 * returns false if it cannot (the caller frees it the ordinary way). flush()
 * gives the cached blocks back to the pool: at once if their frees have
 * executed, else by a FREE command (if |may_enqueue|; without it they stay). */
cpu_alloc *infinirt_cpu_scache_take(cpu_stream *s, const cpu_mempool *pool,
                                    unsigned k);
bool infinirt_cpu_scache_put(cpu_stream *s, cpu_alloc *a);
void infinirt_cpu_scache_flush(cpu_stream *s, bool may_enqueue);
/* Flushes every stream cache of |dev| (live streams only). */
void infinirt_cpu_scache_reclaim(cpu_device *dev, bool may_enqueue);

/* Sets up |s|'s run-queue node from its priority (cpu_queue.c). */
void infinirt_cpu_stream_task_init(cpu_stream *s);

/* Stream objects (cpu_stream.c). */
infinirtError_t infinirt_cpu_stream_new(cpu_device *dev, unsigned flags,
                                        int priority, cpu_stream **out);
void infinirt_cpu_stream_recycle(cpu_stream *s);

/* ---- events ----------------------------------------------------------- */

struct cpu_event {
  infinirt_handle h;
  cpu_device *dev;
  atomic_uint flags;
  atomic_bool alive;
  cpu_event *next_all;
  cpu_event *next_free;
  /* Latest record, under a writer-side seqlock (|lock| odd while written).
   * Record commands stamp under it too, so a stale one can check, by the
   * full generation, that it is still the latest. */
  atomic_uint lock;
  _Atomic(cpu_stream *) rec_stream;
  atomic_uint_fast64_t rec_seq;
  atomic_uint_fast64_t rec_gen;     /* 0: never recorded in this incarnation */
  atomic_uint_fast64_t gen_counter; /* grows across incarnations */
  atomic_uint_fast64_t stamp; /* ns since the time base; 0 while pending */
  /* Interprocess events: the shared record state, and the generation of
   * the latest record this process made (under |lock| with the rest). */
  cpu_ipc_event *ipc;
  atomic_uint_fast64_t rec_ipc_gen;
  /* Recorded in a capture (cpu_capture.c; under that capture's lock): the
   * capture and its id then, and the nodes the record stands for. */
  _Atomic(struct cpu_capture *) cap;
  unsigned long long cap_id;
  struct cpu_gnode **cap_nodes;
  size_t cap_n;
};

/* Reads |ev|'s latest record; false if it was never recorded. |stamp| may
 * be NULL. */
bool infinirt_cpu_event_read(cpu_event *ev, cpu_dep *rec, uint64_t *gen,
                             uint64_t *stamp);
/* As infinirt_cpu_event_read, with the interprocess generation of the
 * record (0 for an ordinary event). */
bool infinirt_cpu_event_read_ipc(cpu_event *ev, cpu_dep *rec,
                                 uint64_t *ipc_gen);
/* Executes a RECORD command. */
void infinirt_cpu_event_stamp(cpu_event *ev, uint64_t gen);
void infinirt_cpu_event_recycle(cpu_event *ev);

/* ---- devices ---------------------------------------------------------- */

typedef struct cpu_pool_class {
  cpu_alloc *free;               /* allocating side, under the pool lock */
  _Atomic(cpu_alloc *) returned; /* pushed by stream workers, lock-free */
} cpu_pool_class;

/* A stream-ordered memory pool: a device's default pool (in cpu_device) or
 * one made by MemPoolCreate (cpu_mempool_api.c). Workers return blocks
 * without a lock, so a worker never waits for (or on) a thread that is
 * allocating. Pool objects are never freed: a destroyed pool lives on until
 * its last block is gone, then waits for reuse, so a block, a stale handle
 * or a racing MallocAsync always reads a pool. */
struct cpu_mempool {
  infinirt_handle h;                 /* first: registered while live */
  pthread_mutex_t lock;              /* allocating threads only */
  _Atomic(cpu_pool_class *) classes; /* allocated on first use */
  atomic_bool alive;    /* false once destroyed: blocks go to the OS */
  atomic_uint reuse;    /* bit a set: reuse attribute a (1..3) enabled */
  atomic_size_t cached; /* bytes in free and returned lists */
  atomic_size_t reserved, reserved_high;  /* bytes held from the OS */
  atomic_size_t used, used_high;          /* bytes handed out */
  atomic_uint_fast64_t release_threshold; /* CUDA's default: 0 */
  size_t max_size;                        /* 0: no limit of its own */
  int device;                             /* whose memory it is */
  /* infinirtMemAccessFlags of each device (MemPoolSetAccess). */
  _Atomic(unsigned char) access[CPU_MAX_DEVICES];
  cpu_mempool *next; /* list of created pools (cpu_mempool_api.c) */
};

struct cpu_device {
  int ordinal;
  pthread_mutex_t lock; /* the lists below but |active| */
  cpu_stream *live;     /* live streams */
  /* Taken on every idle/busy change of a blocking stream, by submitters
   * and workers alike: a spinlock, never a sleep. */
  infinirt_cpu_spinlock active_lock;
  cpu_stream *active;  /* blocking streams with work pending */
  atomic_uint nactive; /* how many are in |active| */
  /* Destroyed objects, oldest first, reused only once CPU_QUARANTINE newer
   * ones wait behind them: a stale handle then usually names no live
   * object and is refused. */
  cpu_stream *free_streams, *free_streams_last;
  unsigned nfree_streams;
  _Atomic(cpu_event *) events;
  struct cpu_exec *execs; /* live executable graphs: DeviceReset ends them */
  cpu_event *free_events, *free_events_last;
  unsigned nfree_events;
  _Atomic(cpu_stream *) legacy;
  atomic_uint flags; /* SetDeviceFlags, recorded */
  /* Bit p: EnablePeerAccess(p) was called on this device (since its and
   * p's last reset). */
  atomic_uint_fast64_t peers;
  atomic_int cache_config;        /* DeviceSetCacheConfig, recorded */
  size_t limit[CPU_LIMIT_COUNT];  /* DeviceSetLimit, recorded (|lock|) */
  cpu_mempool pool;               /* the default pool */
  _Atomic(cpu_mempool *) current; /* what MallocAsync allocates from */
};

/* Destroyed streams and events a device keeps before it reuses the
 * oldest (a quarantine, as allocators keep freed memory from reuse). */
#define CPU_QUARANTINE 64u

/* A CPU device's limits of blocks, which its properties report and
 * launches, occupancy and kernel attributes use. The shared memory sizes
 * are those of compute capability 8.0, the nominal one: the CPU could give
 * more (dynamic shared memory is a heap buffer), but a port sizes its
 * launches from them. */
#define CPU_MAX_BLOCK_THREADS 1024u
#define CPU_MAX_THREADS_PER_CORE 1024u
#define CPU_MAX_BLOCKS_PER_CORE 1u
#define CPU_SHARED_PER_BLOCK (48u << 10)        /* without opting in */
#define CPU_SHARED_PER_BLOCK_OPTIN (163u << 10) /* FuncSetAttribute's limit */
#define CPU_SHARED_PER_CORE (164u << 10)        /* per multiprocessor */

extern int infinirt_cpu_device_count;
extern cpu_device infinirt_cpu_devices[CPU_MAX_DEVICES];
/* Time origin of event timestamps. */
extern uint64_t infinirt_cpu_time_base;

static inline cpu_device *infinirt_cpu_current(void) {
  return &infinirt_cpu_devices[infinirt_current_device(infinirtDeviceTypeCpu)];
}

/* ---- host facts (cpu_sysinfo.c) --------------------------------------- */

typedef struct cpu_sysinfo {
  char name[256];
  unsigned cores;
  size_t mem_total;
  int l2_bytes;
  int clock_khz;
  long page_size;
} cpu_sysinfo;
extern cpu_sysinfo infinirt_cpu_sys;
void infinirt_cpu_sysinfo_init(void);
/* MemAvailable and MemTotal from /proc/meminfo; false if unreadable. */
bool infinirt_cpu_meminfo(size_t *avail, size_t *total);

/* ---- memory (cpu_registry.c, cpu_mempool.c) --------------------------- */

enum cpu_mem_kind {
  CPU_MEM_DEVICE = 1,     /* infinirtMalloc */
  CPU_MEM_POOL = 2,       /* a block of a device's stream-ordered pool */
  CPU_MEM_HOST = 3,       /* infinirtMallocHost / HostAlloc */
  CPU_MEM_REGISTERED = 4, /* infinirtHostRegister */
  CPU_MEM_MANAGED = 5,    /* infinirtMallocManaged */
  CPU_MEM_IPC = 6,        /* opened from another process's handle */
  CPU_MEM_GRAPH = 7,      /* an allocation node's memory (cpu_graph_mem.c) */
};

/* Memory that belongs to a device (freed by Free, lost at its reset). */
static inline bool infinirt_cpu_device_kind(int kind) {
  return kind == CPU_MEM_DEVICE || kind == CPU_MEM_POOL ||
         kind == CPU_MEM_MANAGED;
}
enum cpu_alloc_state {
  CPU_ALLOC_LIVE = 1,
  CPU_ALLOC_FREEING = 2, /* a free is in progress or enqueued */
  CPU_ALLOC_CACHED = 3,  /* pool block in a free list */
};

struct cpu_alloc {
  uintptr_t start;
  size_t size;
  int kind;
  int device;
  atomic_int state;
  unsigned klass;       /* pool size class */
  unsigned flags;       /* HostAlloc's flags; MallocManaged's attach flags */
  cpu_mempool *pool;    /* a pool block's pool */
  cpu_stream *freed_on; /* stream of its last FreeAsync, or NULL */
  cpu_alloc *dev_prev, *dev_next; /* per-device list (registry lock) */
  cpu_alloc *pool_next; /* pool free list (pool lock), or a FREE chain */
  cpu_alloc *hash_next; /* registry hash of starts (its stripe's lock) */
};

/* Registry of every range this backend owns; thread-safe. insert() returns
 * 0, or -1 if the range overlaps a registered one (nothing inserted), or -2
 * if memory ran out. */
int infinirt_cpu_reg_insert(cpu_alloc *a);
void infinirt_cpu_reg_remove(cpu_alloc *a);
/* Calls |fn| with the entry containing |p| (or NULL) under the registry's
 * read lock; returns what |fn| returns. */
typedef int (*infinirt_cpu_reg_fn)(cpu_alloc *a, const void *p, void *ctx);
int infinirt_cpu_reg_with(const void *p, infinirt_cpu_reg_fn fn, void *ctx);
/* As reg_with() for the entry that starts exactly at |p|, without a
 * process-wide lock. */
int infinirt_cpu_reg_with_start(const void *p, infinirt_cpu_reg_fn fn,
                                void *ctx);
/* Claims every live DEVICE and POOL entry of |device| (marks it FREEING),
 * removes it from the registry and returns them chained through dev_next. */
cpu_alloc *infinirt_cpu_reg_take_device(int device);

/* Marks the live DEVICE or POOL allocation starting at |p| FREEING and
 * returns it; InvalidValue (with detail) if there is none. */
infinirtError_t infinirt_cpu_claim_device_alloc(void *p, cpu_alloc **out);
/* Frees a claimed (FREEING) DEVICE or POOL allocation now: pool blocks go
 * back to their pool, others to the OS. */
void infinirt_cpu_release(cpu_alloc *a);
/* Releases each allocation of a chain through pool_next. */
void infinirt_cpu_release_chain(cpu_alloc *a);
/* Sets up |dev|'s default pool and makes it current (at probe time). */
void infinirt_cpu_pools_init_device(cpu_device *dev);
/* Sets up |pool| for |device| with CUDA's defaults (once per object). */
void infinirt_cpu_pool_init(cpu_mempool *pool, int device);
/* Gives |pool| its defaults again: attributes, access, marks (the pool
 * holds no memory). */
void infinirt_cpu_pool_reset(cpu_mempool *pool, int device);
/* Stream-ordered allocation of |size| bytes from |pool| on |s|. */
infinirtError_t infinirt_cpu_pool_alloc(cpu_stream *s, cpu_mempool *pool,
                                        size_t size, void **out);
/* Frees cached blocks of |pool|, largest first, while it reserves more
 * than |keep| bytes; with |floor|, only blocks whose release leaves at
 * least |keep| reserved (MemPoolTrimTo). */
void infinirt_cpu_pool_trim(cpu_mempool *pool, size_t keep, bool floor);
/* At a synchronisation of |dev|: every pool of |dev| gives the host what it
 * reserves beyond its release threshold, and destroyed pools give back what
 * has been freed since (cpu_mempool_api.c). */
void infinirt_cpu_pool_release(cpu_device *dev);
/* Frees what every pool of |dev| caches (device reset). */
void infinirt_cpu_pools_trim_device(cpu_device *dev);
/* Out of memory: gives the host back the pool blocks that stream caches and
 * pools keep unused (only blocks whose frees have executed). */
void infinirt_cpu_reclaim_memory(void);
void infinirt_cpu_free_alloc_memory(cpu_alloc *a);

/* Whether [p, p + n) is memory the host can access now: in the registry's
 * allocation containing |p| (if any), else mapped in this process. */
bool infinirt_cpu_host_range(const void *p, size_t n);
/* Sets up the device-wide settings (limits) of |dev|, and clears them and
 * its peer access at a reset. */
void infinirt_cpu_device_settings_reset(cpu_device *dev);

/* ---- interprocess (cpu_ipc.c, cpu_ipc_mem.c, cpu_ipc_event.c) ---------- */

/* A DEVICE block's pages go back to private memory, and its memfd is
 * closed, if it was exported; called before the block's memory is freed.
 * One relaxed load when nothing was ever exported. */
void infinirt_cpu_ipc_unshare(cpu_alloc *a);

/* The shared record state of an interprocess event (cpu_ipc_event.c),
 * reference counted: the event holds one reference, and so does each
 * command that names it. */
infinirtError_t infinirt_cpu_ipc_event_new(int device, cpu_ipc_event **out);
infinirtError_t
infinirt_cpu_ipc_event_open(const infinirtIpcEventHandle_t *handle,
                            cpu_ipc_event **out);
void infinirt_cpu_ipc_event_get(cpu_ipc_event *ev);
void infinirt_cpu_ipc_event_put(cpu_ipc_event *ev);
/* The handle other processes open it by. */
void infinirt_cpu_ipc_event_handle(const cpu_ipc_event *ev,
                                   infinirtIpcEventHandle_t *out);
/* A new record: returns its generation (the latest, in every process). */
uint64_t infinirt_cpu_ipc_event_begin(cpu_ipc_event *ev);
/* The record of generation |gen| has completed; wakes waiters. */
void infinirt_cpu_ipc_event_complete(cpu_ipc_event *ev, uint64_t gen);
/* The latest record's generation (0: never recorded). */
uint64_t infinirt_cpu_ipc_event_latest(const cpu_ipc_event *ev);
/* Whether a wait for the record of generation |gen| is satisfied. */
bool infinirt_cpu_ipc_event_done(const cpu_ipc_event *ev, uint64_t gen);
/* Blocks the calling thread until done(|gen|) (|spin|: spin first). */
void infinirt_cpu_ipc_event_wait(cpu_ipc_event *ev, uint64_t gen, bool spin);
/* The owner of |s|, at an IPC_WAIT command that is not done, hands |s| to
 * the interprocess waiter, which pushes it back to the run queue once it
 * is; returns true then (the caller no longer owns |s|). Returns false if
 * the wait is over (waited for in place when no waiter can run). */
bool infinirt_cpu_ipc_park(cpu_stream *s, cpu_ipc_event *ev, uint64_t gen);

/* ---- execution -------------------------------------------------------- */

/* Runs the command at |sl| (with its continuation slots): what a stream's
 * worker does with each command but the queue's own (WAIT, GATE, RETIRE,
 * IPC_WAIT), and what the graph executor does with each node. */
void infinirt_cpu_exec_command(cpu_slot *sl);

void infinirt_cpu_exec_copy(void *dst, const void *src, size_t n);
void infinirt_cpu_exec_copy2d(void *dst, size_t dpitch, const void *src,
                              size_t spitch, size_t width, size_t height);
void infinirt_cpu_exec_set(void *dst, int value, size_t n);
/* The pitched forms; Memcpy2D is a copy of one slice. */
void infinirt_cpu_exec_copy3d(const cpu_copy3d *c);
void infinirt_cpu_exec_set3d(const cpu_set3d *c);
/* Runs a LAUNCH command whose packed argument bytes are |args|. */
void infinirt_cpu_exec_launch(const cpu_launch *l, unsigned char *args);

/* ---- kernel libraries (cpu_library.c) --------------------------------- */

/* An attribute a kernel has not been given (cpu_kernel_attr.c). */
#define CPU_ATTR_UNSET INT32_MIN

typedef struct cpu_kernel {
  infinirt_handle h; /* first: the core reads it */
  cpu_library *lib;
  const infinirtCpuKernelInfo *info;
  uint32_t arg_offset[INFINIRT_CPU_KERNEL_MAX_ARGS]; /* 16-byte aligned */
  uint32_t arg_bytes;   /* packed size of all arguments */
  uint16_t extra_slots; /* continuation slots a launch needs */
  /* Settable attributes, CPU_ATTR_UNSET until set: FuncSetAttribute's
   * apply on every device and override KernelSetAttributeForDevice's. */
  atomic_int max_dynamic_shared, carveout;
  atomic_int dev_max_dynamic_shared[CPU_MAX_DEVICES];
  atomic_int dev_carveout[CPU_MAX_DEVICES];
  struct cpu_kernel *next;
  char name[];
} cpu_kernel;

/* ---- backend entries (one file per topic; the table in cpu_backend.c) - */

#define X(name, params, ...) infinirtError_t infinirt_cpu_##name params;
#include "api.def"
#undef X

/* The kernel's limit of dynamic shared memory per block on |device| (48 KiB
 * unless raised), what LaunchKernel checks. */
uint32_t infinirt_cpu_kernel_max_dynamic_shared(const cpu_kernel *k,
                                                int device);
/* Initialises the attributes of a new kernel. */
void infinirt_cpu_kernel_attr_init(cpu_kernel *k);

/* Blocks of |block_threads| threads with |dynamic_shared| bytes each that
 * can be active at once on one core (0 or 1; the formula of infinirt.h). */
int infinirt_cpu_occupancy(const cpu_kernel *k, int device,
                           uint64_t block_threads, size_t dynamic_shared);

/* An exported object of a kernel image (cpu_elf.c). */
typedef struct cpu_elf_object {
  const char *name;
  size_t size;  /* its ELF size */
  bool managed; /* in INFINIRT_CPU_MANAGED_SECTION */
} cpu_elf_object;
typedef struct cpu_elf_objects {
  cpu_elf_object *objects; /* one allocation with the names */
  size_t count;
  bool listed; /* false: the image has no section headers to read */
} cpu_elf_objects;
/* Lists the exported objects of the image at |code| (|size| bytes, which
 * infinirt_cpu_elf_size found). MemoryAllocation is its only error. */
infinirtError_t infinirt_cpu_elf_objects(const void *code, size_t size,
                                         cpu_elf_objects *out);

/* Where the launch forms meet (cpu_launch.c): checks and enqueues a launch;
 * |cooperative| runs every block at once (cpu_coop.c). */
infinirtError_t infinirt_cpu_launch(cpu_kernel *k, infinirtDim3 grid,
                                    infinirtDim3 block, void **args,
                                    size_t shared, infinirtStream_t stream,
                                    bool cooperative);

/* The parts of a launch that kernel graph nodes share: cpu_launch.h. */

/* Memcpy3D's parameters as a copy, and as a COPY3D command at |h| (two
 * slots), for streams and graph nodes alike (cpu_pitched.c). */
cpu_copy3d infinirt_cpu_copy3d_of(const struct infinirtMemcpy3DParms *p);
void infinirt_cpu_copy3d_command(cpu_slot *h, const cpu_copy3d *c);

/* Cooperative execution (cpu_coop.c). reserve() makes sure |blocks| - 1
 * helper threads exist, at launch time, so that the launch can fail there;
 * run() calls run_block(arg, b) for every b < |blocks|, each on a thread of
 * its own (the caller's for block 0), all at once, and returns when all
 * have returned. */
infinirtError_t infinirt_cpu_coop_reserve(uint64_t blocks);
void infinirt_cpu_coop_run(uint64_t blocks,
                           void (*run_block)(void *arg, size_t block),
                           void *arg);

#endif /* INFINIRT_CPU_INTERNAL_H_ */
