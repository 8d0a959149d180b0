/* cross_type.c - NVIDIA backend: memory of the NVIDIA type and of the CPU
 * type used together. Which type can reach which memory is what the two
 * backends are (a CPU stream runs on the host; an NVIDIA stream reaches
 * host memory), so this is a test of the pair, not of the contract alone.
 */
#include <string.h>

#include "harness.h"

/* Memory of an accelerator, used from a thread whose current type is the
 * CPU (or CPU memory used on an accelerator's stream): synchronous copies go
 * to the owner, as unified addressing allows; an asynchronous copy on a
 * stream that cannot reach the memory is refused, and changes nothing. */
CONF_TEST(cross_type, pointers_of_the_cpu_type) {
  const infinirtDeviceType accel = infinirtDeviceTypeNvidia;
  enum { N = 4096 };
  unsigned char host[N], back[N];
  conf_fill(host, N, 7);
  void *dacc = NULL, *dcpu = NULL;
  ASSERT_OK(infinirtExtSetDeviceType(accel));
  ASSERT_OK(infinirtMalloc(&dacc, N));
  ASSERT_OK(infinirtExtSetDeviceType(infinirtDeviceTypeCpu));
  ASSERT_OK(infinirtMalloc(&dcpu, N));
  /* From the CPU type: copies to and from accelerator memory. */
  EXPECT_OK(infinirtMemcpy(dacc, host, N, infinirtMemcpyHostToDevice));
  EXPECT_OK(infinirtMemcpy(dcpu, dacc, N, infinirtMemcpyDefault));
  memset(back, 0, N);
  EXPECT_OK(infinirtMemcpy(back, dcpu, N, infinirtMemcpyDeviceToHost));
  EXPECT(conf_check_fill(back, N, 7));
  EXPECT_OK(infinirtMemset(dacc, 0x5c, N));
  EXPECT_OK(infinirtMemcpy(back, dacc, N, infinirtMemcpyDefault));
  EXPECT_EQ(conf_first_not(back, N, 0x5c), (size_t)N);
  /* A CPU stream cannot reach accelerator memory. */
  infinirtStream_t cs;
  ASSERT_OK(infinirtStreamCreate(&cs));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtMemcpyAsync(dacc, host, N, infinirtMemcpyDefault, cs));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtMemcpyAsync(back, dacc, N, infinirtMemcpyDefault, cs));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtMemsetAsync(dacc, 1, N, cs));
  EXPECT_OK(infinirtStreamQuery(cs)); /* nothing was enqueued */
  EXPECT_OK(infinirtStreamDestroy(cs));
  /* An accelerator stream can reach CPU memory (it is host memory). */
  ASSERT_OK(infinirtExtSetDeviceType(accel));
  infinirtStream_t as;
  ASSERT_OK(infinirtStreamCreate(&as));
  EXPECT_OK(infinirtMemsetAsync(dacc, 0x21, N, as));
  EXPECT_OK(infinirtMemcpyAsync(dcpu, dacc, N, infinirtMemcpyDefault, as));
  EXPECT_OK(infinirtStreamSynchronize(as));
  EXPECT_EQ(conf_first_not(dcpu, N, 0x21), (size_t)N);
  EXPECT_OK(infinirtStreamDestroy(as));
  /* Free finds each pointer's owner whatever the current type. */
  EXPECT_OK(infinirtFree(dcpu));
  ASSERT_OK(infinirtExtSetDeviceType(infinirtDeviceTypeCpu));
  EXPECT_OK(infinirtFree(dacc));
  ASSERT_OK(infinirtExtSetDeviceType(conf_backend));
}
