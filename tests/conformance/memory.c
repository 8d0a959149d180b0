/* memory.c - Malloc/Free, MallocHost/HostAlloc/FreeHost and
 * HostRegister/HostUnregister. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define SENTINEL ((void *)(uintptr_t)0x5e5e5e5e)

/* Writes a pattern through the runtime and reads it back. */
static bool round_trip(void *dev, size_t n, unsigned seed) {
  unsigned char *in = malloc(n), *out = malloc(n);
  bool ok = in && out;
  if (ok) {
    conf_fill(in, n, seed);
    memset(out, 0, n);
    ok = EXPECT_OK(infinirtMemcpy(dev, in, n, infinirtMemcpyHostToDevice)) &&
         EXPECT_OK(infinirtMemcpy(out, dev, n, infinirtMemcpyDeviceToHost)) &&
         EXPECT(conf_check_fill(out, n, seed));
  }
  free(in);
  free(out);
  return ok;
}

CONF_TEST(memory, malloc_alignment_and_data) {
  const size_t sizes[] = {1, 3, 255, 256, 257, 4097, 1 << 20};
  void *p[sizeof sizes / sizeof sizes[0]];
  size_t n = sizeof sizes / sizeof sizes[0];
  for (size_t i = 0; i < n; i++) {
    p[i] = NULL;
    ASSERT_OK(infinirtMalloc(&p[i], sizes[i]));
    ASSERT(p[i] != NULL);
    EXPECT_EQ((uintptr_t)p[i] % 256, 0);
    for (size_t j = 0; j < i; j++)
      EXPECT(p[i] != p[j]);
  }
  for (size_t i = 0; i < n; i++)
    EXPECT(round_trip(p[i], sizes[i], (int)i));
  for (size_t i = 0; i < n; i++)
    EXPECT_OK(infinirtFree(p[i]));
}

CONF_TEST(memory, malloc_size_zero_and_free_null) {
  void *p = SENTINEL;
  ASSERT_OK(infinirtMalloc(&p, 0));
  EXPECT_PTR_EQ(p, NULL);
  EXPECT_OK(infinirtFree(NULL));
}

CONF_TEST(memory, malloc_bad_arguments) {
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtMalloc(NULL, 16));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtMalloc(NULL, 0));
  /* Sizes that cannot be met, including ones whose rounding overflows. */
  const size_t huge[] = {SIZE_MAX, SIZE_MAX - 1, SIZE_MAX - 255,
                         SIZE_MAX / 2 + 1, (size_t)1 << 62};
  for (size_t i = 0; i < sizeof huge / sizeof huge[0]; i++) {
    void *p = SENTINEL;
    EXPECT_ERR(infinirtErrorMemoryAllocation, infinirtMalloc(&p, huge[i]));
    EXPECT_PTR_EQ(p, SENTINEL);
  }
}

CONF_TEST(memory, free_twice_and_foreign) {
  void *p = NULL;
  ASSERT_OK(infinirtMalloc(&p, 1024));
  ASSERT_OK(infinirtFree(p));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtFree(p));
  int local = 0;
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtFree(&local));
  void *heap = malloc(64);
  ASSERT(heap != NULL);
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtFree(heap));
  free(heap);
  /* An interior pointer is not an allocation. */
  ASSERT_OK(infinirtMalloc(&p, 1024));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtFree((char *)p + 256));
  EXPECT(round_trip(p, 1024, 9)); /* still allocated */
  EXPECT_OK(infinirtFree(p));
}

CONF_TEST(memory, malloc_host) {
  void *p = NULL;
  ASSERT_OK(infinirtMallocHost(&p, 8192));
  ASSERT(p != NULL);
  conf_fill(p, 8192, 1); /* host memory: directly usable */
  void *d = NULL;
  ASSERT_OK(infinirtMalloc(&d, 8192));
  EXPECT_OK(infinirtMemcpy(d, p, 8192, infinirtMemcpyHostToDevice));
  memset(p, 0, 8192);
  EXPECT_OK(infinirtMemcpy(p, d, 8192, infinirtMemcpyDeviceToHost));
  EXPECT(conf_check_fill(p, 8192, 1));
  EXPECT_OK(infinirtFree(d));
  EXPECT_OK(infinirtFreeHost(p));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtFreeHost(p));
  EXPECT_OK(infinirtFreeHost(NULL));
  int local;
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtFreeHost(&local));
}

CONF_TEST(memory, malloc_host_bad_arguments) {
  void *p = SENTINEL;
  ASSERT_OK(infinirtMallocHost(&p, 0));
  EXPECT_PTR_EQ(p, NULL);
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtMallocHost(NULL, 64));
  p = SENTINEL;
  EXPECT_ERR(infinirtErrorMemoryAllocation, infinirtMallocHost(&p, SIZE_MAX));
  EXPECT_PTR_EQ(p, SENTINEL);
  EXPECT_ERR(infinirtErrorMemoryAllocation,
             infinirtMallocHost(&p, SIZE_MAX - 4095));
  EXPECT_PTR_EQ(p, SENTINEL);
}

CONF_TEST(memory, host_alloc_flags) {
  const unsigned ok_flags[] = {
      infinirtHostAllocDefault, infinirtHostAllocPortable,
      infinirtHostAllocMapped, infinirtHostAllocWriteCombined,
      infinirtHostAllocPortable | infinirtHostAllocMapped};
  for (size_t i = 0; i < sizeof ok_flags / sizeof ok_flags[0]; i++) {
    void *p = NULL;
    if (!EXPECT_OK(infinirtHostAlloc(&p, 4096, ok_flags[i])))
      continue;
    EXPECT(p != NULL);
    memset(p, (int)i, 4096);
    EXPECT_EQ(conf_first_not(p, 4096, (unsigned char)i), 4096);
    EXPECT_OK(infinirtFreeHost(p));
  }
  const unsigned bad_flags[] = {0x8, 0x10, 0x80000000u, 0xffffffffu};
  for (size_t i = 0; i < sizeof bad_flags / sizeof bad_flags[0]; i++) {
    void *p = SENTINEL;
    EXPECT_ERR(infinirtErrorInvalidValue,
               infinirtHostAlloc(&p, 4096, bad_flags[i]));
    EXPECT_PTR_EQ(p, SENTINEL);
  }
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtHostAlloc(NULL, 4096, infinirtHostAllocDefault));
  void *p = SENTINEL;
  EXPECT_ERR(infinirtErrorMemoryAllocation,
             infinirtHostAlloc(&p, SIZE_MAX, infinirtHostAllocDefault));
  EXPECT_PTR_EQ(p, SENTINEL);
}

CONF_TEST(memory, host_register) {
  const size_t n = 64 * 1024;
  unsigned char *buf = aligned_alloc(4096, n);
  ASSERT(buf != NULL);
  conf_fill(buf, n, 5);
  if (!EXPECT_OK(infinirtHostRegister(buf, n, infinirtHostRegisterDefault))) {
    free(buf);
    return;
  }
  struct infinirtPointerAttributes a;
  EXPECT_OK(infinirtPointerGetAttributes(&a, buf + 100));
  EXPECT_EQ(a.type, infinirtMemoryTypeHost);
  EXPECT_PTR_EQ(a.hostPointer, buf + 100);
  /* Registered memory works as a copy source and target. */
  void *d = NULL;
  infinirtStream_t s;
  ASSERT_OK(infinirtStreamCreate(&s));
  ASSERT_OK(infinirtMalloc(&d, n));
  EXPECT_OK(infinirtMemcpyAsync(d, buf, n, infinirtMemcpyHostToDevice, s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  memset(buf, 0, n);
  EXPECT_OK(infinirtMemcpyAsync(buf, d, n, infinirtMemcpyDeviceToHost, s));
  EXPECT_OK(infinirtStreamSynchronize(s));
  EXPECT(conf_check_fill(buf, n, 5));
  EXPECT_OK(infinirtFree(d));
  EXPECT_OK(infinirtStreamDestroy(s));

  /* Any overlap with a registered range is refused. */
  EXPECT_ERR(infinirtErrorHostMemoryAlreadyRegistered,
             infinirtHostRegister(buf, n, infinirtHostRegisterDefault));
  EXPECT_ERR(infinirtErrorHostMemoryAlreadyRegistered,
             infinirtHostRegister(buf + 4096, 4096, 0));
  EXPECT_ERR(infinirtErrorHostMemoryNotRegistered,
             infinirtHostUnregister(buf + 4096));
  EXPECT_OK(infinirtHostUnregister(buf));
  EXPECT_ERR(infinirtErrorHostMemoryNotRegistered, infinirtHostUnregister(buf));
  EXPECT_OK(infinirtPointerGetAttributes(&a, buf + 100));
  EXPECT_EQ(a.type, infinirtMemoryTypeUnregistered);
  /* Registering again after unregistering works. */
  EXPECT_OK(infinirtHostRegister(buf, n / 2, infinirtHostRegisterPortable));
  EXPECT_OK(infinirtHostUnregister(buf));
  free(buf);
}

CONF_TEST(memory, host_register_bad_arguments) {
  const size_t n = 16 * 1024;
  unsigned char *buf = aligned_alloc(4096, n);
  ASSERT(buf != NULL);
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtHostRegister(NULL, n, 0));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtHostRegister(buf, 0, 0));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtHostRegister(buf, SIZE_MAX, 0)); /* wraps */
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtHostRegister(buf, n, 0x10));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtHostRegister(buf, n, 0x80000000u));
  EXPECT_ERR(infinirtErrorInvalidValue, infinirtHostUnregister(NULL));
  EXPECT_ERR(infinirtErrorHostMemoryNotRegistered, infinirtHostUnregister(buf));
  /* None of the failures registered anything. */
  EXPECT_OK(infinirtHostRegister(buf, n, 0));
  EXPECT_OK(infinirtHostUnregister(buf));
  free(buf);
}

CONF_TEST(memory, host_register_special_flags) {
  /* IoMemory and ReadOnly: honoured, or refused with NotSupported; never
   * half done. */
  const size_t n = 8192;
  unsigned char *buf = aligned_alloc(4096, n);
  ASSERT(buf != NULL);
  const unsigned flags[] = {infinirtHostRegisterIoMemory,
                            infinirtHostRegisterReadOnly};
  for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
    infinirtGetLastError();
    infinirtError_t r = infinirtHostRegister(buf, n, flags[i]);
    if (r == infinirtSuccess) {
      EXPECT_OK(infinirtHostUnregister(buf));
      continue;
    }
    if (!EXPECT_EQ(r, infinirtErrorNotSupported))
      continue;
    EXPECT_EQ(infinirtGetLastError(), infinirtErrorNotSupported);
    EXPECT_ERR(infinirtErrorHostMemoryNotRegistered,
               infinirtHostUnregister(buf));
  }
  EXPECT_OK(infinirtHostRegister(buf, n, infinirtHostRegisterMapped));
  EXPECT_OK(infinirtHostUnregister(buf));
  free(buf);
}
