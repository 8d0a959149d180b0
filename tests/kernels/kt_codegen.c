/*
 * kt_codegen.c - checks what infinirt_kernel.h generates for the CPU without
 * any backend: dlopens the test kernels' CPU image, checks each kernel info
 * (ABI version, argument count and sizes, hidden internals) and runs kernels
 * block by block with a minimal executor of the infinirt_cpu_kernel.h ABI.
 *
 *   kt_codegen <path of infinirt_test_kernels.cpu.so>
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <infinirt_cpu_kernel.h>

#include "kernels/kt_types.h"
#include "kt_private3d.h"

static int failures, checks;

#define CHECK(cond)                                                            \
  do {                                                                         \
    checks++;                                                                  \
    if (!(cond)) {                                                             \
      failures++;                                                              \
      printf("  %s:%d: expected %s\n", __FILE__, __LINE__, #cond);             \
    }                                                                          \
  } while (0)

static void *so;

static const infinirtCpuKernelInfo *info(const char *name) {
  char sym[128];
  snprintf(sym, sizeof sym, "%s%s", INFINIRT_CPU_KERNEL_SYMBOL_PREFIX, name);
  const infinirtCpuKernelInfo *k = dlsym(so, sym);
  CHECK(k != NULL);
  return k;
}

/* The ABI as a backend implements it: argument copies in 16-byte aligned
 * slots, 64-byte aligned dynamic shared memory, every block in turn. */
static void run(const infinirtCpuKernelInfo *k, infinirtDim3 g, infinirtDim3 b,
                void **args, size_t shared) {
  static _Alignas(16) unsigned char slots[INFINIRT_CPU_KERNEL_MAX_ARGS][256];
  void *copies[INFINIRT_CPU_KERNEL_MAX_ARGS];
  for (uint32_t i = 0; i < k->num_args; i++) {
    memcpy(slots[i], args[i], k->arg_sizes[i]);
    copies[i] = slots[i];
  }
  void *smem = shared ? aligned_alloc(64, (shared + 63) / 64 * 64) : NULL;
  infinirtCpuBlockContext ctx = {g, b, {0, 0, 0}, smem, shared};
  for (ctx.blockIdx.z = 0; ctx.blockIdx.z < g.z; ctx.blockIdx.z++)
    for (ctx.blockIdx.y = 0; ctx.blockIdx.y < g.y; ctx.blockIdx.y++)
      for (ctx.blockIdx.x = 0; ctx.blockIdx.x < g.x; ctx.blockIdx.x++)
        k->run_block(&ctx, copies);
  free(smem);
}

static void check_infos(void) {
  const infinirtCpuKernelInfo *k = info("kt_args_scalars");
  static const uint32_t scalars[] = {1, 2, 4, 8, 4, 8, 16, sizeof(void *)};
  if (k) {
    CHECK(k->abi_version == INFINIRT_CPU_KERNEL_ABI_VERSION);
    CHECK(k->num_args == 8);
    CHECK(memcmp(k->arg_sizes, scalars, sizeof scalars) == 0);
    CHECK(k->run_block != NULL);
  }
  k = info("kt_args_16");
  if (k)
    CHECK(k->num_args == 16 && k->arg_sizes[15] == sizeof(void *));
  k = info("kt_empty");
  if (k)
    CHECK(k->num_args == 0 && k->arg_sizes != NULL);
  /* Only the info objects are exported. */
  CHECK(dlsym(so, "infinirt_krun__kt_empty") == NULL);
  CHECK(dlsym(so, "infinirt_ksizes__kt_empty") == NULL);
  CHECK(dlsym(so, "infinirt_kbody__kt_empty") == NULL);
}

static void check_args(void) {
  const infinirtCpuKernelInfo *k = info("kt_args_scalars");
  if (!k)
    return;
  _Alignas(16) unsigned char out[64] = {0};
  unsigned char *outp = out;
  char c = -7;
  short s = -12345;
  int i = 0x12345678;
  long long ll = 0x123456789abcdef0ll;
  float f = 3.25f;
  double d = -1.0e300;
  kt_pair16 p = {-5ll, 2.5};
  void *args[] = {&c, &s, &i, &ll, &f, &d, &p, &outp};
  run(k, (infinirtDim3){1, 1, 1}, (infinirtDim3){4, 1, 1}, args, 0);
  CHECK((signed char)out[0] == c);
  CHECK(memcmp(out + 2, &s, 2) == 0 && memcmp(out + 4, &i, 4) == 0);
  CHECK(memcmp(out + 8, &ll, 8) == 0 && memcmp(out + 16, &f, 4) == 0);
  CHECK(memcmp(out + 24, &d, 8) == 0 && memcmp(out + 32, &p.a, 8) == 0);
  CHECK(memcmp(out + 40, &p.b, 8) == 0);
}

static void check_dims(void) {
  const infinirtCpuKernelInfo *k = info("kt_dims_index");
  if (!k)
    return;
  infinirtDim3 g = {2, 3, 4}, b = {4, 3, 2};
  size_t total = 2 * 3 * 4 * 4 * 3 * 2;
  unsigned int *out = calloc(total * KT_DIMS_WORDS, sizeof(unsigned int));
  void *args[] = {&out};
  run(k, g, b, args, 0);
  size_t gid = 0, bad = 0;
  for (unsigned bz = 0; bz < g.z; bz++)
    for (unsigned by = 0; by < g.y; by++)
      for (unsigned bx = 0; bx < g.x; bx++)
        for (unsigned tz = 0; tz < b.z; tz++)
          for (unsigned ty = 0; ty < b.y; ty++)
            for (unsigned tx = 0; tx < b.x; tx++, gid++) {
              unsigned int want[13] = {
                  (unsigned)gid, tx,  ty,  tz,  bx,  by, bz,
                  b.x,           b.y, b.z, g.x, g.y, g.z};
              bad += memcmp(out + gid * KT_DIMS_WORDS, want, sizeof want) != 0;
            }
  CHECK(bad == 0);
  free(out);
}

static void check_barriers_and_private(void) {
  const infinirtCpuKernelInfo *k = info("kt_barrier_rounds");
  enum { N = 96 };
  int out[2 * N];
  int *outp = out;
  unsigned int rounds = 7;
  void *args[] = {&rounds, &outp};
  if (k) {
    run(k, (infinirtDim3){2, 1, 1}, (infinirtDim3){N, 1, 1}, args,
        N * sizeof(int));
    int bad = 0;
    for (int i = 0; i < 2 * N; i++)
      bad += out[i] != (int)((i % N + rounds) % N + rounds);
    CHECK(bad == 0);
  }
  k = info("kt_private_sum");
  if (k) {
    int in[N];
    const int *inp = in;
    for (int i = 0; i < N; i++)
      in[i] = i - 40;
    void *pargs[] = {&inp, &rounds, &outp};
    run(k, (infinirtDim3){1, 1, 1}, (infinirtDim3){N, 1, 1}, pargs, 0);
    int bad = 0;
    for (int i = 0; i < N; i++)
      bad += out[i] != (i % 2 ? 0 : 7 * in[i] + 21);
    CHECK(bad == 0);
  }
  k = info("kt_private_3d");
  if (k) {
    /* The largest block, 3D: the fixed-size private slots all in use. */
    static long long got[2 * 2 * 1024], want[2 * 2 * 1024];
    long long *gp = got;
    unsigned int r3 = 5;
    void *args3[] = {&r3, &gp};
    run(k, (infinirtDim3){2, 1, 1}, (infinirtDim3){8, 16, 8}, args3, 0);
    CHECK(kt_private3d_expect(2, 1024, r3, want) == 0);
    CHECK(memcmp(got, want, sizeof got) == 0);
  }
  k = info("kt_dynamic_private");
  if (k) {
    int flags[4] = {0};
    int *fp = flags;
    unsigned int words = 1000;
    void *dargs[] = {&words, &fp};
    run(k, (infinirtDim3){4, 1, 1}, (infinirtDim3){8, 2, 2}, dargs, words * 4);
    CHECK(flags[0] == 0 && flags[1] == 0 && flags[2] == 0 && flags[3] == 0);
  }
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: kt_codegen <infinirt_test_kernels.cpu.so>\n");
    return 2;
  }
  so = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!so) {
    printf("FAIL: dlopen: %s\n", dlerror());
    return 1;
  }
  check_infos();
  check_args();
  check_dims();
  check_barriers_and_private();
  dlclose(so);
  printf("%d passed, %d failed\n", checks - failures, failures);
  return failures ? 1 : 0;
}
