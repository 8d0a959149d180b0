/*
 * kt_harness.h - test table, assertions and shared helpers of the kernel
 * tests. The runner (kt_harness.c) runs one group against one backend:
 *
 *   infinirt-kernel-tests --backend cpu|nvidia --group G
 *
 * Exit 0: passed; 1: failed; 2: bad usage; 77: skipped (the backend has no
 * device, or every test of the group skipped, e.g. no kernel image was built
 * for the backend), with the reason printed.
 *
 * EXPECT_* record a failure and evaluate to 0; ASSERT_* also return from the
 * calling void function. All are thread-safe.
 */
#ifndef KT_HARNESS_H_
#define KT_HARNESS_H_

#include <stdbool.h>
#include <stddef.h>

#include <infinirt.h>

typedef void (*kt_test_fn)(void);
void kt_register(const char *group, const char *name, kt_test_fn fn);

#define KT_TEST(group, name)                                                   \
  static void kt_test_##group##_##name(void);                                  \
  __attribute__((constructor)) static void kt_reg_##group##_##name(void) {     \
    kt_register(#group, #name, kt_test_##group##_##name);                      \
  }                                                                            \
  static void kt_test_##group##_##name(void)

/* The backend under test. */
extern infinirtDeviceType kt_backend;

/* Marks the running test skipped (printf-style reason) and returns. */
void kt_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define KT_SKIP(...)                                                           \
  do {                                                                         \
    kt_skip(__VA_ARGS__);                                                      \
    return;                                                                    \
  } while (0)

int kt_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int kt_check_err(const char *file, int line, const char *call,
                 infinirtError_t want, infinirtError_t got);

#define EXPECT_ERR(want, call)                                                 \
  kt_check_err(__FILE__, __LINE__, #call, (want), (call))
#define EXPECT_OK(call) EXPECT_ERR(infinirtSuccess, call)
#define EXPECT(cond)                                                           \
  ((cond) ? 1 : kt_fail(__FILE__, __LINE__, "expected %s", #cond))
#define EXPECT_EQ(a, b)                                                        \
  ((long long)(a) == (long long)(b)                                            \
       ? 1                                                                     \
       : kt_fail(__FILE__, __LINE__, "expected %s == %s (%lld vs %lld)", #a,   \
                 #b, (long long)(a), (long long)(b)))
#define ASSERT_ERR(want, call)                                                 \
  do {                                                                         \
    if (!EXPECT_ERR(want, call))                                               \
      return;                                                                  \
  } while (0)
#define ASSERT_OK(call) ASSERT_ERR(infinirtSuccess, call)
#define ASSERT(cond)                                                           \
  do {                                                                         \
    if (!EXPECT(cond))                                                         \
      return;                                                                  \
  } while (0)

/* ---- helpers (kt_util.c) ------------------------------------------------ */

/* Makes the calling thread use the backend under test, device |dev|. */
bool kt_thread_enter(int dev);

/* Loads the test kernel library (or, with |bad_abi|, the CPU library of
 * malformed kernel infos) for the backend under test from its embedded
 * image. Returns false, having marked the test skipped, if no image was built
 * for the backend, or failed if loading failed. */
bool kt_load(infinirtLibrary_t *lib);
bool kt_load_bad_abi(infinirtLibrary_t *lib);
/* Its image in memory and on disk (NULL if none). */
const void *kt_image(size_t *size);
const char *kt_image_path(void);

/* Gets kernel |name| of |lib|, recording a failure if that fails. */
infinirtKernel_t kt_kernel(infinirtLibrary_t lib, const char *name);

/* Device buffers: allocates and copies in / out, failing the test on error. */
void *kt_dev_alloc(size_t bytes);
void *kt_dev_from(const void *host, size_t bytes);
bool kt_to_host(void *host, const void *dev, size_t bytes);

#endif /* KT_HARNESS_H_ */
