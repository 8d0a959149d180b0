/* graph_multidevice.c - graphs whose nodes run on two devices of one type
 * (the multidevice group, so they run with two devices only): a node is
 * of the device current when it is added, and a captured graph takes in
 * another device's stream through an event, as CUDA allows. The graph is
 * launched from device 0; the data says each node ran. */
#include <string.h>

#include "graph_util.h"

enum { N = 256 }; /* ints per device */

#define NEED_TWO_DEVICES()                                                     \
  do {                                                                         \
    int n_ = conf_device_count();                                              \
    if (n_ < 2)                                                                \
      CONF_SKIP("needs 2 devices of this type, found %d (the CPU backend "     \
                "takes INFINIRT_CPU_DEVICE_COUNT=2)",                          \
                n_);                                                           \
  } while (0)

static bool all_equal(const int *h, size_t n, int v) {
  for (size_t i = 0; i < n; i++)
    if (h[i] != v)
      return false;
  return true;
}

/* Explicit: on each device a memset of its own memory, then (with the test
 * kernels) kt_add_one over it, then a copy of device 1's half into device
 * 0's buffer after both. */
CONF_TEST(multidevice, graph_with_nodes_on_both_devices) {
  NEED_TWO_DEVICES();
  gt_kernel k;
  bool kernels = gt_kernel_available() && gt_kernel_load(&k);
  int *d[2] = {NULL, NULL}, *out = NULL;
  gt_add_one_args args[2];
  infinirtGraph_t g = NULL;
  infinirtGraphNode_t last[2] = {NULL, NULL};
  ASSERT_OK(infinirtGraphCreate(&g, 0));
  for (int dev = 0; dev < 2; dev++) {
    ASSERT_OK(infinirtSetDevice(dev));
    ASSERT_OK(infinirtMalloc((void **)&d[dev], N * sizeof(int)));
    last[dev] = gt_memset(g, NULL, 0, d[dev], (unsigned char)(dev + 1),
                          N * sizeof(int));
    if (kernels && last[dev]) {
      struct infinirtKernelNodeParams kp =
          gt_add_one_params(&k, &args[dev], d[dev], N);
      infinirtGraphNode_t kn = NULL;
      if (EXPECT_OK(infinirtGraphAddKernelNode(&kn, g, &last[dev], 1, &kp)))
        last[dev] = kn;
    }
  }
  ASSERT_OK(infinirtSetDevice(0));
  ASSERT_OK(infinirtMalloc((void **)&out, 2 * N * sizeof(int)));
  infinirtGraphNode_t c0 = NULL, c1 = NULL;
  if (last[0] && last[1]) {
    c0 = gt_copy(g, &last[0], 1, out, d[0], N * sizeof(int));
    c1 = gt_copy(g, last, 2, out + N, d[1], N * sizeof(int));
  }
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking));
  if (c0 && c1 && gt_run_once(g, s)) {
    static int h[2 * N];
    if (gt_read(h, out, sizeof h)) {
      int add = kernels ? 1 : 0;
      EXPECT(all_equal(h, N, 0x01010101 + add));
      EXPECT(all_equal(h + N, N, 0x02020202 + add));
    }
  }
  EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT_OK(infinirtGraphDestroy(g));
  EXPECT_OK(infinirtFree(out));
  EXPECT_OK(infinirtFree(d[0]));
  EXPECT_OK(infinirtFree(d[1]));
  if (kernels)
    gt_kernel_unload(&k);
}

/* Captured: a capture on a device-0 stream forks to a device-1 stream
 * through an event, sets device-1 memory there, joins back and copies it
 * into device-0 memory; the graph is relaunched. */
CONF_TEST(multidevice, capture_across_devices) {
  NEED_TWO_DEVICES();
  infinirtStream_t s0, s1;
  infinirtEvent_t fork, join;
  int *d1 = NULL, *d0 = NULL;
  ASSERT_OK(infinirtSetDevice(1));
  ASSERT_OK(infinirtStreamCreateWithFlags(&s1, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtEventCreateWithFlags(&join, infinirtEventDisableTiming));
  ASSERT_OK(infinirtMalloc((void **)&d1, N * sizeof(int)));
  ASSERT_OK(infinirtSetDevice(0));
  ASSERT_OK(infinirtStreamCreateWithFlags(&s0, infinirtStreamNonBlocking));
  ASSERT_OK(infinirtEventCreateWithFlags(&fork, infinirtEventDisableTiming));
  ASSERT_OK(infinirtMalloc((void **)&d0, N * sizeof(int)));
  infinirtGraph_t g = NULL;
  ASSERT_OK(infinirtStreamBeginCapture(s0, infinirtStreamCaptureModeGlobal));
  EXPECT_OK(infinirtMemsetAsync(d0, 0, N * sizeof(int), s0));
  EXPECT_OK(infinirtEventRecord(fork, s0));
  EXPECT_OK(infinirtSetDevice(1));
  EXPECT_OK(infinirtStreamWaitEvent(s1, fork, 0));
  EXPECT_OK(infinirtMemsetAsync(d1, 0x33, N * sizeof(int), s1));
  EXPECT_OK(infinirtEventRecord(join, s1));
  EXPECT_OK(infinirtSetDevice(0));
  EXPECT_OK(infinirtStreamWaitEvent(s0, join, 0));
  EXPECT_OK(
      infinirtMemcpyAsync(d0, d1, N * sizeof(int), infinirtMemcpyDefault, s0));
  EXPECT_OK(infinirtStreamEndCapture(s0, &g));
  infinirtGraphExec_t x = NULL;
  if (g && EXPECT_OK(infinirtGraphInstantiate(&x, g, 0))) {
    static int h[N];
    for (int round = 0; round < 2; round++) {
      EXPECT_OK(infinirtGraphLaunch(x, s0));
      EXPECT_OK(infinirtStreamSynchronize(s0));
      if (gt_read(h, d0, sizeof h))
        EXPECT(all_equal(h, N, 0x33333333));
    }
    EXPECT_OK(infinirtGraphExecDestroy(x));
  }
  if (g)
    EXPECT_OK(infinirtGraphDestroy(g));
  EXPECT_OK(infinirtStreamDestroy(s0));
  EXPECT_OK(infinirtEventDestroy(fork));
  EXPECT_OK(infinirtFree(d0));
  EXPECT_OK(infinirtSetDevice(1));
  EXPECT_OK(infinirtStreamDestroy(s1));
  EXPECT_OK(infinirtEventDestroy(join));
  EXPECT_OK(infinirtFree(d1));
  EXPECT_OK(infinirtSetDevice(0));
}
