/* Group errors: launch and library errors with the codes infinirt.h
 * documents; a failed call changes nothing and poisons nothing. */
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kt_util.h"

static const infinirtDim3 one = {1, 1, 1};

static void launch_ok_after(infinirtKernel_t k) {
  EXPECT_OK(infinirtLaunchKernel(k, one, one, NULL, 0, NULL));
  EXPECT_OK(infinirtDeviceSynchronize());
}

CONF_TEST(errors, bad_kernel_handle) {
  infinirtLibrary_t lib;
  if (!kt_load(&lib))
    return;
  infinirtKernel_t k = kt_kernel(lib, "kt_empty");
  int not_a_kernel[16] = {0};
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtLaunchKernel(NULL, one, one, NULL, 0, NULL));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtLaunchKernel(not_a_kernel, one, one, NULL, 0, NULL));
  /* A library handle is not a kernel handle. */
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtLaunchKernel(lib, one, one, NULL, 0, NULL));
  if (k)
    launch_ok_after(k);
  EXPECT_OK(infinirtLibraryUnload(lib));
  /* Kernels of an unloaded library are gone. */
  if (k)
    EXPECT_ERR(infinirtErrorInvalidResourceHandle,
               infinirtLaunchKernel(k, one, one, NULL, 0, NULL));
}

CONF_TEST(errors, zero_and_oversized_geometry) {
  infinirtLibrary_t lib;
  if (!kt_load(&lib))
    return;
  infinirtKernel_t k = kt_kernel(lib, "kt_empty");
  infinirtDeviceProp prop;
  if (!k || !EXPECT_OK(infinirtGetDeviceProperties(&prop, 0)))
    goto out;
  const infinirtDim3 zeros[] = {{0, 1, 1}, {1, 0, 1}, {1, 1, 0}, {0, 0, 0}};
  for (int i = 0; i < 4; i++) {
    EXPECT_ERR(infinirtErrorInvalidConfiguration,
               infinirtLaunchKernel(k, zeros[i], one, NULL, 0, NULL));
    EXPECT_ERR(infinirtErrorInvalidConfiguration,
               infinirtLaunchKernel(k, one, zeros[i], NULL, 0, NULL));
  }
  EXPECT(prop.maxThreadsPerBlock > 0);
  /* More threads per block than the device allows, each dimension within
   * its own limit. */
  if (prop.maxThreadsDim[1] >= 2 &&
      prop.maxThreadsDim[0] >= prop.maxThreadsPerBlock) {
    infinirtDim3 b = {(unsigned)prop.maxThreadsPerBlock, 2, 1};
    EXPECT_ERR(infinirtErrorInvalidConfiguration,
               infinirtLaunchKernel(k, one, b, NULL, 0, NULL));
  }
  for (int d = 0; d < 3; d++) {
    unsigned int lim = (unsigned int)prop.maxThreadsDim[d];
    if (prop.maxThreadsDim[d] <= 0 || lim == UINT32_MAX)
      continue;
    unsigned int v[3] = {1, 1, 1};
    v[d] = lim + 1;
    infinirtDim3 b = {v[0], v[1], v[2]};
    EXPECT_ERR(infinirtErrorInvalidConfiguration,
               infinirtLaunchKernel(k, one, b, NULL, 0, NULL));
  }
  for (int d = 0; d < 3; d++) {
    unsigned int lim = (unsigned int)prop.maxGridSize[d];
    if (prop.maxGridSize[d] <= 0 || lim == UINT32_MAX)
      continue;
    unsigned int v[3] = {1, 1, 1};
    v[d] = lim + 1;
    infinirtDim3 g = {v[0], v[1], v[2]};
    EXPECT_ERR(infinirtErrorInvalidConfiguration,
               infinirtLaunchKernel(k, g, one, NULL, 0, NULL));
  }
  /* More dynamic shared memory than the device has per block. */
  size_t most = prop.sharedMemPerBlock > prop.sharedMemPerBlockOptin
                    ? prop.sharedMemPerBlock
                    : prop.sharedMemPerBlockOptin;
  EXPECT_ERR(infinirtErrorInvalidConfiguration,
             infinirtLaunchKernel(k, one, one, NULL, most + 1, NULL));
  EXPECT_ERR(infinirtErrorInvalidConfiguration,
             infinirtLaunchKernel(k, one, one, NULL, SIZE_MAX, NULL));
  /* The largest legal launch still works after all that. */
  infinirtDim3 b = {(unsigned)prop.maxThreadsPerBlock, 1, 1};
  if ((unsigned)prop.maxThreadsDim[0] >= b.x) {
    EXPECT_OK(infinirtLaunchKernel(k, one, b, NULL, 0, NULL));
  }
  launch_ok_after(k);
out:
  EXPECT_OK(infinirtLibraryUnload(lib));
}

CONF_TEST(errors, missing_arguments) {
  infinirtLibrary_t lib;
  if (!kt_load(&lib))
    return;
  infinirtKernel_t k = kt_kernel(lib, "kt_add_one");
  if (k)
    EXPECT_ERR(infinirtErrorInvalidValue,
               infinirtLaunchKernel(k, one, one, NULL, 0, NULL));
  infinirtKernel_t e = kt_kernel(lib, "kt_empty");
  if (e)
    launch_ok_after(e); /* no arguments: NULL args is fine */
  EXPECT_OK(infinirtLibraryUnload(lib));
}

CONF_TEST(errors, get_kernel) {
  infinirtLibrary_t lib;
  if (!kt_load(&lib))
    return;
  infinirtKernel_t k = (infinirtKernel_t)(uintptr_t)0x1234;
  EXPECT_ERR(infinirtErrorInvalidDeviceFunction,
             infinirtLibraryGetKernel(&k, lib, "kt_no_such_kernel"));
  EXPECT_ERR(infinirtErrorInvalidDeviceFunction,
             infinirtLibraryGetKernel(&k, lib, ""));
  EXPECT(k == (infinirtKernel_t)(uintptr_t)0x1234);
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtLibraryGetKernel(&k, lib, NULL));
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtLibraryGetKernel(NULL, lib, "kt_empty"));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtLibraryGetKernel(&k, NULL, "kt_empty"));
  EXPECT(k == (infinirtKernel_t)(uintptr_t)0x1234);
  EXPECT_OK(infinirtLibraryUnload(lib));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle,
             infinirtLibraryGetKernel(&k, lib, "kt_empty"));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtLibraryUnload(lib));
  EXPECT_ERR(infinirtErrorInvalidResourceHandle, infinirtLibraryUnload(NULL));
}

CONF_TEST(errors, bad_images) {
  infinirtLibrary_t lib = (infinirtLibrary_t)(uintptr_t)0x5678;
  /* Bytes that are no image format (and, as text, no PTX). */
  unsigned char garbage[4096];
  for (size_t i = 0; i < sizeof garbage; i++)
    garbage[i] = (unsigned char)(i * 131 + 7) | 0x80;
  garbage[sizeof garbage - 1] = 0;
  EXPECT_ERR(
      infinirtErrorInvalidKernelImage,
      infinirtLibraryLoadData(&lib, garbage, NULL, NULL, 0, NULL, NULL, 0));
  /* An ELF header that is cut short. */
  static const unsigned char elf_stub[64] = {0x7f, 'E', 'L', 'F', 2, 1, 1};
  EXPECT_ERR(
      infinirtErrorInvalidKernelImage,
      infinirtLibraryLoadData(&lib, elf_stub, NULL, NULL, 0, NULL, NULL, 0));
  EXPECT(lib == (infinirtLibrary_t)(uintptr_t)0x5678);
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtLibraryLoadData(&lib, NULL, NULL, NULL, 0, NULL, NULL, 0));
  size_t size = 0;
  const void *image = kt_image(&size);
  if (image) {
    EXPECT_ERR(
        infinirtErrorInvalidValue,
        infinirtLibraryLoadData(NULL, image, NULL, NULL, 0, NULL, NULL, 0));
    EXPECT_ERR(
        infinirtErrorInvalidValue,
        infinirtLibraryLoadData(&lib, image, NULL, NULL, 1, NULL, NULL, 0));
    EXPECT_ERR(
        infinirtErrorInvalidValue,
        infinirtLibraryLoadData(&lib, image, NULL, NULL, 0, NULL, NULL, 1));
  }
  EXPECT(lib == (infinirtLibrary_t)(uintptr_t)0x5678);
}

CONF_TEST(errors, load_from_file) {
  infinirtLibrary_t lib = (infinirtLibrary_t)(uintptr_t)0x5678;
  EXPECT_ERR(infinirtErrorFileNotFound,
             infinirtLibraryLoadFromFile(&lib, "/nonexistent/kernels.so", NULL,
                                         NULL, 0, NULL, NULL, 0));
  EXPECT_ERR(
      infinirtErrorInvalidValue,
      infinirtLibraryLoadFromFile(&lib, NULL, NULL, NULL, 0, NULL, NULL, 0));
  /* A file that exists but is no image: this test's source. */
  EXPECT_ERR(infinirtErrorInvalidKernelImage,
             infinirtLibraryLoadFromFile(&lib, KT_SOURCE_DIR "/kt_util.h", NULL,
                                         NULL, 0, NULL, NULL, 0));
  EXPECT(lib == (infinirtLibrary_t)(uintptr_t)0x5678);
  const char *path = kt_image_path();
  if (!path)
    CONF_SKIP("no kernel image file for this backend");
  EXPECT_ERR(
      infinirtErrorInvalidValue,
      infinirtLibraryLoadFromFile(NULL, path, NULL, NULL, 0, NULL, NULL, 0));
  enum infinirtLibraryOption keep = infinirtLibraryBinaryIsPreserved;
  void *one_value = (void *)(uintptr_t)1;
  EXPECT_ERR(infinirtErrorInvalidValue,
             infinirtLibraryLoadFromFile(&lib, path, NULL, NULL, 0, &keep,
                                         &one_value, 1));
  if (EXPECT_OK(infinirtLibraryLoadFromFile(&lib, path, NULL, NULL, 0, NULL,
                                            NULL, 0))) {
    infinirtKernel_t k = kt_kernel(lib, "kt_empty");
    if (k)
      launch_ok_after(k);
    EXPECT_OK(infinirtLibraryUnload(lib));
  }
}

/* Opening a FIFO for reading waits for a writer: a load that did so would
 * hang. The watchdog waits 5 s, then (the load still blocked) records the
 * failure and opens the FIFO for writing, which releases it. */
typedef struct fifo_watch {
  const char *path;
  atomic_int returned;
  atomic_int released;
} fifo_watch;

static void *fifo_watchdog(void *arg) {
  fifo_watch *w = arg;
  for (int i = 0; i < 5000 && !atomic_load(&w->returned); i++) {
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
  }
  while (!atomic_load(&w->returned)) {
    int fd = open(w->path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd >= 0) {
      atomic_store(&w->released, 1);
      close(fd);
    }
    struct timespec ts = {0, 10000000};
    nanosleep(&ts, NULL);
  }
  return NULL;
}

CONF_TEST(errors, load_from_file_that_is_not_a_regular_file) {
  const char *tmp = getenv("TMPDIR");
  char dir[4096], fifo[4200];
  snprintf(dir, sizeof dir, "%s/kt-not-regular-XXXXXX",
           tmp && *tmp ? tmp : "/tmp");
  ASSERT(mkdtemp(dir) != NULL);
  snprintf(fifo, sizeof fifo, "%s/kernels.fifo", dir);
  infinirtLibrary_t lib = (infinirtLibrary_t)(uintptr_t)0x5678;
  /* A directory opens for reading but is no file. */
  EXPECT_ERR(
      infinirtErrorFileNotFound,
      infinirtLibraryLoadFromFile(&lib, dir, NULL, NULL, 0, NULL, NULL, 0));
  if (EXPECT(mkfifo(fifo, 0600) == 0)) {
    fifo_watch w = {fifo, 0, 0};
    pthread_t t;
    ASSERT(pthread_create(&t, NULL, fifo_watchdog, &w) == 0);
    EXPECT_ERR(
        infinirtErrorFileNotFound,
        infinirtLibraryLoadFromFile(&lib, fifo, NULL, NULL, 0, NULL, NULL, 0));
    atomic_store(&w.returned, 1);
    pthread_join(t, NULL);
    if (atomic_load(&w.released))
      conf_fail(__FILE__, __LINE__, "LibraryLoadFromFile blocked on a FIFO");
    unlink(fifo);
  }
  EXPECT(lib == (infinirtLibrary_t)(uintptr_t)0x5678);
  rmdir(dir);
}

/* Malformed CPU kernel infos (kernels/kt_bad_abi.c) are refused one by one;
 * the library's valid kernel still works. */
CONF_TEST(errors, cpu_kernel_abi) {
  if (conf_backend != infinirtDeviceTypeCpu)
    CONF_SKIP("the CPU kernel ABI applies to the CPU backend only");
  infinirtLibrary_t lib;
  if (!kt_load_bad_abi(&lib))
    return;
  const char *bad[] = {"kt_wrong_abi", "kt_too_many_args", "kt_zero_size_arg",
                       "kt_huge_arg", "kt_no_entry"};
  for (int i = 0; i < 5; i++) {
    infinirtKernel_t k = NULL;
    if (!EXPECT_ERR(infinirtErrorInvalidKernelImage,
                    infinirtLibraryGetKernel(&k, lib, bad[i])))
      conf_fail(__FILE__, __LINE__, "kernel %s was not refused", bad[i]);
  }
  infinirtKernel_t k = kt_kernel(lib, "kt_valid");
  if (k)
    launch_ok_after(k);
  EXPECT_OK(infinirtLibraryUnload(lib));
}
