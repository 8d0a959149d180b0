/* stale_handles.c - CPU backend: a destroyed stream or event is not reused
 * at once, so a handle used after its destroy, with other objects created
 * meanwhile, is refused (InvalidResourceHandle) instead of naming someone
 * else's object. CUDA leaves such use undefined; the CPU backend, which
 * recycles its objects, keeps the last 64 destroyed ones out of reuse. */
#include "harness.h"

enum { OTHERS = 32 };

CONF_TEST(stale_handles, stream_destroyed_twice) {
  infinirtStream_t s, others[OTHERS];
  ASSERT_OK(infinirtStreamCreate(&s));
  EXPECT_OK(infinirtStreamDestroy(s));
  for (int i = 0; i < OTHERS; i++)
    ASSERT_OK(infinirtStreamCreate(&others[i]));
  for (int i = 0; i < OTHERS; i++)
    EXPECT(others[i] != s);
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtStreamDestroy(s));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtStreamQuery(s));
  for (int i = 0; i < OTHERS; i++)
    EXPECT_OK(infinirtStreamDestroy(others[i]));
}

CONF_TEST(stale_handles, event_destroyed_twice) {
  infinirtEvent_t e, others[OTHERS];
  ASSERT_OK(infinirtEventCreate(&e));
  EXPECT_OK(infinirtEventDestroy(e));
  for (int i = 0; i < OTHERS; i++)
    ASSERT_OK(infinirtEventCreate(&others[i]));
  for (int i = 0; i < OTHERS; i++)
    EXPECT(others[i] != e);
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtEventDestroy(e));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtEventQuery(e));
  for (int i = 0; i < OTHERS; i++)
    EXPECT_OK(infinirtEventDestroy(others[i]));
}
