/* api_fuzz.c - libFuzzer entry: the input bytes are a sequence of public API
 * calls on the CPU backend (two CPU devices), one opcode byte per step and
 * operand bytes after it; a PAR step runs the next bytes on two pool threads
 * at once. Every result and every byte copied is checked against the shadow
 * model (fz.h); at the end of each input everything is synchronised,
 * checked and freed. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fz.h"

/* ---- input ------------------------------------------------------------- */

uint8_t fz_u8(fz_exec *e) {
  return e->pos < e->end ? e->in[e->pos++] : 0;
}

uint16_t fz_u16(fz_exec *e) {
  uint16_t lo = fz_u8(e);
  return (uint16_t)(lo | (uint16_t)fz_u8(e) << 8);
}

uint32_t fz_u32(fz_exec *e) {
  uint32_t lo = fz_u16(e);
  return lo | (uint32_t)fz_u16(e) << 16;
}

size_t fz_size(fz_exec *e, size_t cap) {
  uint8_t b = fz_u8(e) % 16;
  if (b == 0)
    return 0;
  if (b < 4)
    return 1 + fz_u8(e) % 64;
  if (b < 10)
    return 1 + fz_u16(e) % 4096;
  if (b < 13)
    return 1 + fz_u16(e) % cap;
  if (b == 13)
    return SIZE_MAX;
  if (b == 14)
    return ((size_t)1 << 62) + fz_u8(e);
  return cap;
}

/* ---- steps ------------------------------------------------------------- */

enum {
#define OP(name) OP_##name,
#include "fz_ops.def"
#undef OP
  OP_COUNT
};

static const char *const op_names[] = {
#define OP(name) #name,
#include "fz_ops.def"
#undef OP
};

static void run_parallel(fz_exec *main_ex, int task);

static void step(fz_exec *e) {
  int op = fz_u8(e) % OP_COUNT;
  e->step++;
  e->op = op_names[op];
  e->pt_pending = false;
  switch (op) {
  case OP_Malloc:
  case OP_MallocHost:
  case OP_HostAlloc:
  case OP_MallocAsync:
    fz_op_malloc(e, op - OP_Malloc);
    break;
  case OP_Free:
  case OP_FreeHost:
  case OP_FreeAsync:
    fz_op_free(e, op - OP_Free);
    break;
  case OP_HostRegister:
    fz_op_host_register(e);
    break;
  case OP_HostUnregister:
    fz_op_host_unregister(e);
    break;
  case OP_Memcpy:
  case OP_MemcpyAsync:
    fz_op_copy(e, op == OP_MemcpyAsync);
    break;
  case OP_Memcpy2D:
  case OP_Memcpy2DAsync:
    fz_op_copy2d(e, op == OP_Memcpy2DAsync);
    break;
  case OP_Memset:
  case OP_MemsetAsync:
    fz_op_set(e, op == OP_MemsetAsync);
    break;
  case OP_PointerGetAttributes:
    fz_op_pointer_attributes(e);
    break;
  case OP_HostWrite:
    fz_op_host_write(e);
    break;
  case OP_Parallel:
    if (!e->parallel)
      run_parallel(e, 0);
    break;
  default:
    if (op >= OP_StreamCreate && op <= OP_LaunchHostFunc)
      fz_op_stream(e, op - OP_StreamCreate);
    else if (op >= OP_EventCreate && op <= OP_EventElapsedTime)
      fz_op_event(e, op - OP_EventCreate);
    else
      fz_op_device(e, op - OP_GetLastError);
    break;
  }
  e->op = NULL;
}

static void run(fz_exec *e) {
  while (e->pos < e->end)
    step(e);
}

/* ---- the pool of two threads ------------------------------------------- */

enum { TASK_RUN, TASK_RESET };

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pool_cv = PTHREAD_COND_INITIALIZER;
static unsigned pool_gen, pool_done;
static int pool_task;

/* Back to the state a new input assumes: device 0, no last error. */
static void reset_thread(fz_exec *e) {
  if (infinirtSetDevice(0) != infinirtSuccess) {
    fprintf(stderr, "api_fuzz: SetDevice(0) failed on executor %d\n", e->id);
    abort();
  }
  (void)infinirtGetLastError();
}

static void *pool_main(void *arg) {
  fz_exec *e = arg;
  unsigned seen = 0;
  for (;;) {
    pthread_mutex_lock(&pool_lock);
    while (pool_gen == seen)
      pthread_cond_wait(&pool_cv, &pool_lock);
    seen = pool_gen;
    int task = pool_task;
    pthread_mutex_unlock(&pool_lock);
    if (task == TASK_RUN)
      run(e);
    else
      reset_thread(e);
    pthread_mutex_lock(&pool_lock);
    pool_done++;
    pthread_cond_broadcast(&pool_cv);
    pthread_mutex_unlock(&pool_lock);
  }
  return NULL;
}

/* Runs |task| on both pool threads; a RUN splits the next bytes between
 * them. Each starts knowing what the main thread knows, and the main thread
 * then knows what each learned. */
/* A pool thread can order its allocations only after its own streams and
 * the main thread's: what the other one's streams still do to them is
 * finished first. */
static void settle_foreign(fz_exec *m) {
  for (int w = 1; w <= 2; w++)
    for (int i = 0; i < FZ_MAX_ALLOCS + FZ_PAGEABLE; i++) {
      fz_alloc *a = &fz.ex[w].al[i];
      for (int k = 0; a->live && k < a->nacc; k++) {
        int sid = a->acc[k].sid, owner = fz.st[sid].owner;
        if (owner != w && owner != 0 && a->acc[k].seq > m->H.c[sid])
          fz_host_sync(m, sid);
      }
    }
}

static void run_parallel(fz_exec *m, int task) {
  if (task == TASK_RUN) {
    settle_foreign(m);
    size_t len = 8 + fz_u8(m) % 160;
    if (len > m->end - m->pos)
      len = m->end - m->pos;
    size_t half = len / 2;
    for (int w = 1; w <= 2; w++) {
      fz_exec *x = &fz.ex[w];
      x->in = m->in;
      x->pos = m->pos + (w == 1 ? 0 : half);
      x->end = m->pos + (w == 1 ? half : len);
      fz_vc_join(&x->H, &m->H);
    }
    m->pos += len;
  }
  pthread_mutex_lock(&pool_lock);
  pool_task = task;
  pool_done = 0;
  pool_gen++;
  pthread_cond_broadcast(&pool_cv);
  while (pool_done < 2)
    pthread_cond_wait(&pool_cv, &pool_lock);
  pthread_mutex_unlock(&pool_lock);
  for (int w = 1; w <= 2; w++)
    fz_vc_join(&m->H, &fz.ex[w].H);
}

/* ---- libFuzzer --------------------------------------------------------- */

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  /* Two CPU devices: bad ordinals, cross-device handles and copies. */
  setenv("INFINIRT_DEVICE_TYPE", "cpu", 1);
  setenv("INFINIRT_CPU_DEVICE_COUNT", "2", 1);
  int n = 0;
  if (infinirtGetDeviceCount(&n) != infinirtSuccess || n != FZ_NDEV) {
    fprintf(stderr, "api_fuzz: expected %d CPU devices, found %d\n", FZ_NDEV,
            n);
    abort();
  }
  for (int d = 0; d < FZ_NDEV; d++)
    if (infinirtGetDeviceProperties(&fz.props[d], d) != infinirtSuccess)
      abort();
  fz_model_reset();
  static pthread_t threads[2];
  for (int w = 1; w <= 2; w++) {
    fz.ex[w].parallel = true;
    if (pthread_create(&threads[w - 1], NULL, pool_main, &fz.ex[w]) != 0)
      abort();
    pthread_detach(threads[w - 1]);
  }
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fz_model_reset();
  for (int w = 1; w <= 2; w++)
    fz.ex[w].parallel = true;
  fz_exec *m = &fz.ex[0];
  m->in = data;
  m->end = size;
  run(m);
  /* Odd-length inputs end with DeviceReset, even ones free explicitly. */
  fz_cleanup(m, size & 1);
  run_parallel(m, TASK_RESET);
  reset_thread(m);
  return 0;
}
