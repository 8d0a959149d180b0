/* fz.h - the API-sequence fuzzer's shadow model, shared by its files.
 *
 * Executors: the libFuzzer thread (0) runs the sequence; a PAR step hands a
 * slice of the input to each of two pool threads (1, 2), which run at the
 * same time on objects of their own and join before the sequence goes on.
 *
 * Ordering is modelled with vector clocks: every stream (each executor has
 * its own view of the legacy and per-thread streams) counts the operations
 * enqueued on it, and a clock says which operations are ordered before a
 * point. An operation's clock joins what its stream is ordered after (the
 * legacy-stream rules, events waited for, what the host already knows is
 * complete); the host's clock grows on synchronisation. A data operation
 * whose bytes conflict with an access it is not ordered after would be a
 * race in the caller, so the harness first synchronises (a checked call
 * too). Bytes are then applied to the shadow in program order and checked
 * against the real memory once every write to them is known complete. */
#ifndef FZ_H_
#define FZ_H_

#include <infinirt.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FZ_NDEV 2      /* INFINIRT_CPU_DEVICE_COUNT set at start */
#define FZ_NEXEC 3     /* main + 2 pool threads */
#define FZ_SID_FIXED 4 /* legacy d0, d1, per-thread d0, d1 */
#define FZ_SID_PER 24  /* stream ids of one executor */
#define FZ_NSID (FZ_NEXEC * FZ_SID_PER)
#define FZ_MAX_EVENTS 12
#define FZ_MAX_ALLOCS 14 /* runtime allocations of one executor */
#define FZ_PAGEABLE 2    /* harness-owned host buffers per executor */
#define FZ_PAGEABLE_SIZE 16384
#define FZ_MAX_ACC 24 /* access records of one allocation */
#define FZ_MAX_REG 4  /* registered ranges of one pageable buffer */
#define FZ_MAX_HOSTFN 48
#define FZ_MAX_DEAD 8
#define FZ_ALLOC_CAP 65536 /* largest allocation made */

typedef struct fz_vc {
  uint32_t c[FZ_NSID];
} fz_vc;

typedef enum { SK_LEGACY, SK_PERTHREAD, SK_BLOCKING, SK_NONBLOCKING } fz_skind;

typedef struct fz_stream {
  infinirtStream_t h; /* user streams only */
  int dev, owner;
  fz_skind kind;
  bool used, live;
  fz_vc vc; /* operations this stream's next one is ordered after */
} fz_stream;

typedef struct fz_event {
  infinirtEvent_t h;
  int dev;
  unsigned flags;
  bool live, recorded;
  int rec_sid; /* stamp of the latest record */
  uint32_t rec_seq;
  fz_vc vc; /* what the latest record captured */
} fz_event;

typedef struct fz_access {
  int sid; /* stream of the operation */
  uint32_t seq;
  size_t off, len;
  bool write;
} fz_access;

typedef enum { AK_DEVICE, AK_POOL, AK_PINNED, AK_PAGEABLE } fz_akind;

typedef struct fz_reg {
  size_t off, len;
  int dev;
} fz_reg;

typedef struct fz_alloc {
  unsigned char *p;
  size_t n;
  fz_akind kind;
  int dev, owner;
  bool live, dirty;
  unsigned char *val, *known; /* shadow bytes; known[i] = 0: unspecified */
  fz_access acc[FZ_MAX_ACC];
  int nacc;
  int last_write_step;
  fz_reg reg[FZ_MAX_REG]; /* pageable buffers: registered ranges */
  int nreg;
} fz_alloc;

struct fz_exec;
typedef struct fz_hostfn {
  struct fz_exec *ex;
  atomic_int ran;
  int sid;
  uint32_t seq;
  int preds[4]; /* earlier host functions ordered before this one */
  int npred;
} fz_hostfn;

typedef struct fz_exec {
  int id;
  bool parallel; /* a pool thread inside a PAR slice */
  int cur;       /* current device */
  infinirtError_t last;
  fz_vc H; /* operations the host knows are complete */
  const uint8_t *in;
  size_t pos, end;
  int step;
  const char *op; /* the step's operation, for messages */
  fz_event ev[FZ_MAX_EVENTS];
  fz_alloc al[FZ_MAX_ALLOCS + FZ_PAGEABLE];
  int next_sid;    /* next free user stream id (offset in this range) */
  bool pt_pending; /* this step passes infinirtStreamPerThread */
  fz_hostfn hf[FZ_MAX_HOSTFN];
  int nhf;
  unsigned dead_stream_epoch[FZ_MAX_DEAD];
  void *dead_streams[FZ_MAX_DEAD], *dead_events[FZ_MAX_DEAD],
      *dead_ptrs[FZ_MAX_DEAD];
  unsigned ndead_streams, ndead_events, ndead_ptrs;
  /* FreeAsync'd device memory: until its free is known complete it may
   * still be described as device memory. */
  struct {
    unsigned char *p;
    size_t n;
    int dev, sid;
    uint32_t seq;
  } pf[FZ_MAX_DEAD];
  unsigned npf;
} fz_exec;

typedef struct fz_model {
  fz_stream st[FZ_NSID];
  fz_exec ex[FZ_NEXEC];
  /* Per-thread streams are made by the runtime out of recycled streams, so
   * a destroyed stream handle may come back as one the model cannot see.
   * Every call that may make one moves the epoch on (fz_note_perthread),
   * and a handle destroyed in an earlier epoch is no longer used as a
   * "destroyed handle". */
  atomic_uint pt_epoch;
  struct infinirtDeviceProp props[FZ_NDEV];
} fz_model;

extern fz_model fz;
/* Memory that is no runtime object: for "garbage pointer" operands. */
extern unsigned char fz_garbage[256];

/* ---- result codes (fz_codes.c) ---------------------------------------- */

enum {
  C_S,
  C_IV,
  C_MA,
  C_ID,
  C_ND,
  C_IMD,
  C_IPV,
  C_IRH,
  C_NR,
  C_HAR,
  C_HNR,
  C_NS,
  C_COUNT
};
typedef uint32_t fz_cset;
#define B(x) (1u << C_##x)

typedef enum {
#define F(name, codes) FN_##name,
#include "fz_codes.def"
#undef F
  FN_COUNT
} fz_fn;

/* Checks |got| against the header's codes for |fn| and the model's
 * |expected| set; records it as the executor's last error. */
void fz_check(fz_exec *e, fz_fn fn, infinirtError_t got, fz_cset expected);
/* The executor's last error must be |got| (GetLastError, PeekAtLastError). */
void fz_check_last(fz_exec *e, fz_fn fn, infinirtError_t got);
_Noreturn void fz_fail(fz_exec *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
const char *fz_fn_name(fz_fn fn);

/* ---- input ------------------------------------------------------------- */

uint8_t fz_u8(fz_exec *e);
uint16_t fz_u16(fz_exec *e);
uint32_t fz_u32(fz_exec *e);
/* A size: 0, small, up to |cap|, or one of SIZE_MAX and huge values. */
size_t fz_size(fz_exec *e, size_t cap);

/* ---- model (fz_model.c) ------------------------------------------------ */

void fz_model_reset(void);
bool fz_accessible(const fz_exec *e, int owner);
int fz_sid_legacy(int owner, int dev);
int fz_sid_perthread(int owner, int dev);
/* The clock an operation enqueued now on |sid| would have (own stamp
 * included). */
void fz_enqueue_clock(const fz_exec *e, int sid, fz_vc *out);
/* The same without the legacy-stream joins: for calls that may enqueue no
 * command (MallocAsync, StreamWaitEvent), whose stream's completion then
 * says nothing about the streams it would have waited for. */
void fz_enqueue_clock_plain(const fz_exec *e, int sid, fz_vc *out);
void fz_vc_join(fz_vc *a, const fz_vc *b);
/* Commits an operation enqueued on |sid| with clock |v|. */
void fz_commit(int sid, const fz_vc *v);
/* Makes the host know stream |sid| has completed (checked API calls). */
void fz_host_sync(fz_exec *e, int sid);
/* Synchronises the current device with DeviceSynchronize. */
void fz_device_sync(fz_exec *e);
void fz_set_device(fz_exec *e, int dev);
/* Synchronises until every access to |a|'s [off, off+len) that conflicts
 * (one of the two a write) is ordered before an operation on |sid| (or the
 * host, sid < 0). With |any_device| false, accesses from streams of |a|'s
 * device are accepted unordered (Free waits for them). */
void fz_order_after(fz_exec *e, int sid, fz_alloc *a, size_t off, size_t len,
                    bool write, bool all_devices);
void fz_add_access(fz_alloc *a, int sid, uint32_t seq, size_t off, size_t len,
                   bool write, int step);
/* Prunes completed accesses and checks every allocation without pending
 * writes, and every host function known to have run. */
void fz_settle(fz_exec *e);
void fz_verify_alloc(fz_exec *e, fz_alloc *a);

fz_alloc *fz_new_alloc(fz_exec *e, void *p, size_t n, fz_akind kind, int dev);
void fz_drop_alloc(fz_exec *e, fz_alloc *a);
bool fz_alloc_room(const fz_exec *e);
/* A range of |a| of at most |maxlen| bytes. */
void fz_region(fz_exec *e, const fz_alloc *a, size_t maxlen, size_t *off,
               size_t *len);
/* The live allocation (or registered pageable range) containing |p|. */
fz_alloc *fz_find(const fz_exec *e, const void *p, fz_reg **reg);
void fz_add_dead(void **ring, unsigned *n, void *p);
/* |epoch|: fz.pt_epoch read before the call that destroyed |h|. */
void fz_add_dead_stream(fz_exec *owner, infinirtStream_t h, unsigned epoch);
/* |e| is about to pass infinirtStreamPerThread on its current device. */
void fz_note_perthread(fz_exec *e);

/* Operand pickers: live objects reachable by |e|, or NULL. */
fz_alloc *fz_pick_alloc(fz_exec *e, unsigned kinds_mask);
fz_event *fz_pick_event(fz_exec *e);
int fz_pick_user_stream(fz_exec *e);
enum { DEAD_STREAM, DEAD_EVENT, DEAD_PTR };
/* A freed pointer or destroyed handle (of |which|) that is not live again,
 * else a garbage pointer (always garbage inside a PAR slice). */
void *fz_pick_dead(fz_exec *e, int which);
void *fz_pick_garbage(fz_exec *e);

/* A stream operand: sets |*h| and returns its stream id, or -1 for a
 * handle that is not a live stream (InvalidResourceHandle). */
int fz_stream_operand(fz_exec *e, infinirtStream_t *h);
/* An event operand: the model's event, or NULL (InvalidResourceHandle). */
fz_event *fz_event_operand(fz_exec *e, infinirtEvent_t *h);

/* ---- operations -------------------------------------------------------- */

void fz_op_malloc(fz_exec *e, int which);
void fz_op_free(fz_exec *e, int which);
void fz_op_host_register(fz_exec *e);
void fz_op_host_unregister(fz_exec *e);
void fz_op_pointer_attributes(fz_exec *e);
void fz_op_host_write(fz_exec *e);
void fz_op_copy(fz_exec *e, bool async);
void fz_op_copy2d(fz_exec *e, bool async);
void fz_op_set(fz_exec *e, bool async);
void fz_op_stream(fz_exec *e, int which);
void fz_op_event(fz_exec *e, int which);
void fz_op_device(fz_exec *e, int which);

/* Frees, unregisters and destroys everything the executors made. */
void fz_cleanup(fz_exec *e, bool by_reset);

#endif /* FZ_H_ */
