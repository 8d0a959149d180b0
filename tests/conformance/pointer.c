/* pointer.c - PointerGetAttributes on every kind of memory. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static void poison(struct infinirtPointerAttributes *a) {
  memset(a, 0x77, sizeof *a);
}

static void expect_unregistered(const void *p) {
  struct infinirtPointerAttributes a;
  poison(&a);
  if (!EXPECT_OK(infinirtPointerGetAttributes(&a, p)))
    return;
  EXPECT_EQ(a.type, infinirtMemoryTypeUnregistered);
  EXPECT_EQ(a.device, -2);
  EXPECT_PTR_EQ(a.devicePointer, NULL);
  EXPECT_PTR_EQ(a.hostPointer, NULL);
}

CONF_TEST(pointer, device_memory) {
  const size_t n = 10000;
  char *p = NULL;
  ASSERT_OK(infinirtMalloc((void **)&p, n));
  int dev = -1;
  ASSERT_OK(infinirtGetDevice(&dev));
  const size_t offsets[] = {0, 1, 100, n - 1};
  for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
    struct infinirtPointerAttributes a;
    poison(&a);
    EXPECT_OK(infinirtPointerGetAttributes(&a, p + offsets[i]));
    EXPECT_EQ(a.type, infinirtMemoryTypeDevice);
    EXPECT_EQ(a.device, dev);
    EXPECT_PTR_EQ(a.devicePointer, p + offsets[i]);
  }
  EXPECT_OK(infinirtFree(p));
  expect_unregistered(p);
}

CONF_TEST(pointer, pinned_host_memory) {
  char *p = NULL;
  ASSERT_OK(infinirtMallocHost((void **)&p, 5000));
  struct infinirtPointerAttributes a;
  poison(&a);
  EXPECT_OK(infinirtPointerGetAttributes(&a, p + 4999));
  EXPECT_EQ(a.type, infinirtMemoryTypeHost);
  EXPECT_PTR_EQ(a.hostPointer, p + 4999);
  EXPECT_OK(infinirtFreeHost(p));
  expect_unregistered(p);

  ASSERT_OK(infinirtHostAlloc((void **)&p, 5000, infinirtHostAllocMapped));
  poison(&a);
  EXPECT_OK(infinirtPointerGetAttributes(&a, p));
  EXPECT_EQ(a.type, infinirtMemoryTypeHost);
  EXPECT_PTR_EQ(a.hostPointer, p);
  EXPECT(a.devicePointer != NULL); /* mapped: has a device address */
  EXPECT_OK(infinirtFreeHost(p));
}

CONF_TEST(pointer, registered_memory) {
  const size_t n = 3 * 4096;
  char *buf = aligned_alloc(4096, n);
  ASSERT(buf != NULL);
  if (EXPECT_OK(infinirtHostRegister(buf, n, infinirtHostRegisterDefault))) {
    struct infinirtPointerAttributes a;
    poison(&a);
    EXPECT_OK(infinirtPointerGetAttributes(&a, buf + 5000));
    EXPECT_EQ(a.type, infinirtMemoryTypeHost);
    EXPECT_PTR_EQ(a.hostPointer, buf + 5000);
    EXPECT_OK(infinirtHostUnregister(buf));
  }
  expect_unregistered(buf + 5000);
  free(buf);
}

CONF_TEST(pointer, unknown_memory) {
  int local = 0;
  expect_unregistered(&local);
  void *heap = malloc(100);
  ASSERT(heap != NULL);
  expect_unregistered(heap);
  expect_unregistered((char *)heap + 50);
  free(heap);
  expect_unregistered(NULL);
  expect_unregistered((void *)(uintptr_t)0x10);
}

CONF_TEST(pointer, null_attributes) {
  void *p = NULL;
  ASSERT_OK(infinirtMalloc(&p, 64));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtPointerGetAttributes(NULL, p));
  int local;
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtPointerGetAttributes(NULL, &local));
  EXPECT_OK(infinirtFree(p));
}
