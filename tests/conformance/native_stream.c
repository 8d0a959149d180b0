/* native_stream.c - infinirtExtStreamFromNative: a stream made from a
 * native stream (here the native stream of an infinirt stream) orders
 * work on it, and destroying it leaves the native stream alone. */
#include <string.h>

#include "harness.h"

CONF_TEST(stream, from_native_orders_work_and_leaves_the_native_stream) {
  infinirtStream_t s, w = NULL;
  ASSERT_OK(infinirtStreamCreateWithFlags(&s, infinirtStreamNonBlocking));
  void *native = NULL;
  infinirtError_t e =
      infinirtExtGetNativeHandle(infinirtExtHandleStream, s, &native);
  if (e == infinirtErrorNotSupported) {
    EXPECT_ERR(infinirtExtStreamFromNative(&w, (void *)s),
               infinirtErrorNotSupported);
    EXPECT_OK(infinirtStreamDestroy(s));
    CONF_SKIP("this device type has no native streams");
  }
  ASSERT_OK(e);
  ASSERT_OK(infinirtExtStreamFromNative(&w, native));
  unsigned int flags = 0;
  EXPECT_OK(infinirtStreamGetFlags(w, &flags));
  EXPECT_EQ(flags, infinirtStreamNonBlocking);
  void *again = NULL;
  EXPECT_OK(infinirtExtGetNativeHandle(infinirtExtHandleStream, w, &again));
  EXPECT(again == native);
  enum { N = 4096 };
  void *d = NULL;
  ASSERT_OK(infinirtMalloc(&d, N));
  static unsigned char h[N];
  /* Work on |w| and on |s| is one queue: the copy on |s| sees the set. */
  EXPECT_OK(infinirtMemsetAsync(d, 0x6d, N, w));
  EXPECT_OK(infinirtMemcpyAsync(h, d, N, infinirtMemcpyDeviceToHost, s));
  EXPECT_OK(infinirtStreamSynchronize(w));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_EQ(conf_first_not(h, N, 0x6d), N);
  EXPECT_OK(infinirtStreamDestroy(w));
  EXPECT_ERR(infinirtStreamQuery(w), infinirtErrorInvalidResourceHandle);
  /* The native stream is still |s|'s. */
  EXPECT_OK(infinirtMemsetAsync(d, 0x2e, N, s));
  EXPECT_OK(infinirtMemcpyAsync(h, d, N, infinirtMemcpyDeviceToHost, s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT_EQ(conf_first_not(h, N, 0x2e), N);
  EXPECT_OK(infinirtFree(d));
  EXPECT_OK(infinirtStreamDestroy(s));
}
