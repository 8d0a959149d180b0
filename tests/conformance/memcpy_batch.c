/* memcpy_batch.c - MemcpyBatchAsync: copies in stream order, attributes by
 * index range, sources read during the call (bad arguments:
 * bad_calls.def). */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define COPIES 48

CONF_TEST(memcpy, batch_copies_in_stream_order) {
  size_t size[COPIES], total = 0;
  for (int i = 0; i < COPIES; i++) {
    size[i] = (size_t)(i * 4099) % 70000 + 1;
    if (i == 5)
      size[i] = 3u << 20; /* one big enough to be split on the CPU */
    total += size[i];
  }
  unsigned char *src = NULL, *dst = NULL, *h = malloc(total);
  ASSERT(h != NULL);
  ASSERT_OK(infinirtMalloc((void **)&src, total));
  ASSERT_OK(infinirtMalloc((void **)&dst, total));
  conf_fill(h, total, 21);
  ASSERT_OK(infinirtMemcpy(src, h, total, infinirtMemcpyHostToDevice));
  ASSERT_OK(infinirtMemset(dst, 0, total));

  /* A stack source read during the call, then overwritten. */
  unsigned char stack_src[512];
  memset(stack_src, 0x6b, sizeof stack_src);
  unsigned char *stack_dst = NULL;
  ASSERT_OK(infinirtMalloc((void **)&stack_dst, sizeof stack_src));

  void *dsts[COPIES + 1];
  const void *srcs[COPIES + 1];
  size_t sizes[COPIES + 1];
  size_t at = 0;
  for (int i = 0; i < COPIES; i++) {
    dsts[i] = dst + at;
    srcs[i] = src + at;
    sizes[i] = size[i];
    at += size[i];
  }
  dsts[COPIES] = stack_dst;
  srcs[COPIES] = stack_src;
  sizes[COPIES] = sizeof stack_src;
  struct infinirtMemcpyAttributes attrs[3];
  memset(attrs, 0, sizeof attrs);
  attrs[0].srcAccessOrder = infinirtMemcpySrcAccessOrderStream;
  attrs[1].srcAccessOrder = infinirtMemcpySrcAccessOrderAny;
  attrs[1].flags = infinirtMemcpyFlagPreferOverlapWithCompute;
  attrs[2].srcAccessOrder = infinirtMemcpySrcAccessOrderDuringApiCall;
  size_t idxs[3] = {0, COPIES / 2, COPIES};

  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking));
  /* Work before the batch, on the same stream, that a copy depends on. */
  ASSERT_OK(infinirtMemsetAsync(src, 0xe1, 100, s));
  memset(h, 0xe1, 100);
  EXPECT_OK(infinirtMemcpyBatchAsync(dsts, srcs, sizes, COPIES + 1, attrs, idxs,
                                     3, s));
  memset(stack_src, 0, sizeof stack_src);
  EXPECT_OK(infinirtStreamSynchronize(s));

  unsigned char *back = malloc(total);
  ASSERT(back != NULL);
  EXPECT_OK(infinirtMemcpy(back, dst, total, infinirtMemcpyDeviceToHost));
  EXPECT(memcmp(back, h, total) == 0);
  unsigned char small[512];
  EXPECT_OK(infinirtMemcpy(small, stack_dst, sizeof small,
                           infinirtMemcpyDeviceToHost));
  EXPECT_EQ(conf_first_not(small, sizeof small, 0x6b), sizeof small);

  /* One attribute for everything; the per-thread stream is a stream. */
  EXPECT_OK(infinirtMemcpyBatchAsync(dsts, srcs, sizes, COPIES, attrs, idxs, 1,
                                     infinirtStreamPerThread));
  EXPECT_OK(infinirtStreamSynchronize(infinirtStreamPerThread));

  free(back);
  free(h);
  EXPECT_OK(infinirtStreamDestroy(s));
  EXPECT_OK(infinirtFree(src));
  EXPECT_OK(infinirtFree(dst));
  EXPECT_OK(infinirtFree(stack_dst));
}
