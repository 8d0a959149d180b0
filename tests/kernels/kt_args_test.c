/* Group args: every scalar size, a 16-byte struct, pointers, 16 arguments,
 * and argument values captured when the launch is enqueued. */
#include <string.h>

#include "kernels/kt_types.h"
#include "kt_gate.h"
#include "kt_util.h"

static const infinirtDim3 one = {1, 1, 1};

CONF_TEST(args, scalars_every_size) {
  infinirtLibrary_t lib;
  if (!kt_load(&lib))
    return;
  infinirtKernel_t k = kt_kernel(lib, "kt_args_scalars");
  unsigned char *out = kt_dev_alloc(64), host[64];
  char c = -7;
  short s = -12345;
  int i = 0x12345678;
  long long ll = 0x123456789abcdef0ll;
  float f = 3.25f;
  double d = -1.0e300;
  kt_pair16 p = {-5ll, 2.5};
  void *args[] = {&c, &s, &i, &ll, &f, &d, &p, &out};
  infinirtDim3 grid = {2, 1, 1}, block = {32, 1, 1};
  if (k && out &&
      EXPECT_OK(infinirtLaunchKernel(k, grid, block, args, 0, NULL)) &&
      kt_to_host(host, out, sizeof host)) {
    short hs;
    int hi;
    long long hll, hpa;
    float hf;
    double hd, hpb;
    memcpy(&hs, host + 2, 2);
    memcpy(&hi, host + 4, 4);
    memcpy(&hll, host + 8, 8);
    memcpy(&hf, host + 16, 4);
    memcpy(&hd, host + 24, 8);
    memcpy(&hpa, host + 32, 8);
    memcpy(&hpb, host + 40, 8);
    EXPECT_EQ((signed char)host[0], c);
    EXPECT_EQ(hs, s);
    EXPECT_EQ(hi, i);
    EXPECT_EQ(hll, ll);
    EXPECT(hf == f);
    EXPECT(hd == d);
    EXPECT_EQ(hpa, p.a);
    EXPECT(hpb == p.b);
  }
  infinirtFree(out);
  EXPECT_OK(infinirtLibraryUnload(lib));
}

CONF_TEST(args, mixed_order_and_padding) {
  infinirtLibrary_t lib;
  if (!kt_load(&lib))
    return;
  infinirtKernel_t k = kt_kernel(lib, "kt_args_mixed");
  unsigned char *out = kt_dev_alloc(64), host[64];
  char c1 = 'a', c2 = -1, c3 = 'z';
  double d = 6.02214076e23;
  kt_pair16 p = {0x7edcba9876543210ll, -0.125};
  short s = 32767;
  long long ll = -2;
  float f = -1.5e-20f;
  int i = -2147483647;
  void *args[] = {&c1, &d, &c2, &p, &s, &ll, &c3, &f, &i, &out};
  if (k && out && EXPECT_OK(infinirtLaunchKernel(k, one, one, args, 0, NULL)) &&
      kt_to_host(host, out, sizeof host)) {
    short hs;
    int hi;
    float hf;
    double hd, hpb;
    long long hll, hpa;
    memcpy(&hs, host + 4, 2);
    memcpy(&hi, host + 8, 4);
    memcpy(&hf, host + 12, 4);
    memcpy(&hd, host + 16, 8);
    memcpy(&hll, host + 24, 8);
    memcpy(&hpa, host + 32, 8);
    memcpy(&hpb, host + 40, 8);
    EXPECT_EQ((signed char)host[0], c1);
    EXPECT_EQ((signed char)host[1], c2);
    EXPECT_EQ((signed char)host[2], c3);
    EXPECT_EQ(hs, s);
    EXPECT_EQ(hi, i);
    EXPECT(hf == f);
    EXPECT(hd == d);
    EXPECT_EQ(hll, ll);
    EXPECT_EQ(hpa, p.a);
    EXPECT(hpb == p.b);
  }
  infinirtFree(out);
  EXPECT_OK(infinirtLibraryUnload(lib));
}

CONF_TEST(args, pointers) {
  infinirtLibrary_t lib;
  if (!kt_load(&lib))
    return;
  infinirtKernel_t k = kt_kernel(lib, "kt_args_pointers");
  unsigned long long *out = kt_dev_alloc(16), host[2];
  char *buf = kt_dev_alloc(64);
  const void *p1 = buf ? buf + 3 : NULL; /* an interior, unaligned address */
  void *p2 = NULL;
  void *args[] = {&p1, &p2, &out};
  if (k && out && buf &&
      EXPECT_OK(infinirtLaunchKernel(k, one, one, args, 0, NULL)) &&
      kt_to_host(host, out, sizeof host)) {
    EXPECT(host[0] == (unsigned long long)(size_t)p1);
    EXPECT(host[1] == 0);
  }
  infinirtFree(out);
  infinirtFree(buf);
  EXPECT_OK(infinirtLibraryUnload(lib));
}

CONF_TEST(args, sixteen_arguments) {
  infinirtLibrary_t lib;
  if (!kt_load(&lib))
    return;
  infinirtKernel_t k = kt_kernel(lib, "kt_args_16");
  int vals[15], host[15];
  int *out = kt_dev_alloc(sizeof host);
  void *args[16];
  for (int i = 0; i < 15; i++) {
    vals[i] = (i + 1) * 1000003 * (i % 2 ? -1 : 1);
    args[i] = &vals[i];
  }
  args[15] = &out;
  if (k && out && EXPECT_OK(infinirtLaunchKernel(k, one, one, args, 0, NULL)) &&
      kt_to_host(host, out, sizeof host))
    for (int i = 0; i < 15; i++)
      EXPECT_EQ(host[i], vals[i]);
  infinirtFree(out);
  EXPECT_OK(infinirtLibraryUnload(lib));
}

CONF_TEST(args, values_captured_at_launch) {
  infinirtLibrary_t lib;
  if (!kt_load(&lib))
    return;
  infinirtKernel_t k = kt_kernel(lib, "kt_args_16");
  infinirtStream_t s = NULL;
  int vals[15], host[15];
  int *out = kt_dev_alloc(sizeof host);
  void *args[16];
  atomic_int open = 0;
  for (int i = 0; i < 15; i++) {
    vals[i] = 100 + i;
    args[i] = &vals[i];
  }
  args[15] = &out;
  if (k && out &&
      EXPECT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking)) &&
      EXPECT_OK(infinirtLaunchHostFunc(s, kt_gate_fn, &open)) &&
      EXPECT_OK(infinirtLaunchKernel(k, one, one, args, 0, s))) {
    /* The kernel has not run yet; what it sees is what was passed. */
    for (int i = 0; i < 15; i++)
      vals[i] = -1;
    atomic_store(&open, 1);
    if (EXPECT_OK(infinirtStreamSynchronize(s)) &&
        kt_to_host(host, out, sizeof host))
      for (int i = 0; i < 15; i++)
        EXPECT_EQ(host[i], 100 + i);
  }
  atomic_store(&open, 1);
  if (s)
    EXPECT_OK(infinirtStreamDestroy(s));
  infinirtFree(out);
  EXPECT_OK(infinirtLibraryUnload(lib));
}
