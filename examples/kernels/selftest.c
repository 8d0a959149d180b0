/* selftest.c - runs the examples on one device: selects it, loads the
 * embedded kernel image for its type, runs, and restores the caller's
 * device selection. */
#include <stdio.h>
#include <string.h>

#include "example_util.h"
#include "infinirt_example_kernels.h"
#include "infinirt_example_kernels_embedded.h"

const char *const infinirt_example_kernels_names[] = {"vector_add", "saxpy",
                                                      "reduce", "matmul", NULL};

typedef int (*ex_fn)(infinirtLibrary_t, ex_out *);
static const ex_fn ex_fns[] = {ex_vector_add, ex_saxpy, ex_reduce, ex_matmul};

static int ex_skip(char *msg, size_t len, const char *fmt, const char *a,
                   const char *b) {
  if (msg && len)
    snprintf(msg, len, fmt, a, b);
  return INFINIRT_EXAMPLE_SKIP;
}

/* Runs the selected examples; the device is already current. */
static int ex_run_on_current(const char *name, infinirtDeviceType type,
                             char *msg, size_t len) {
  ex_out o = {msg, len, ex_fresh_seed()};
  size_t size = 0;
  const void *image = infinirt_example_kernels_image(type, &size);
  if (!image)
    return ex_skip(msg, len, "%s%s",
                   infinirt_example_kernels_image_missing(type), "");
  infinirtLibrary_t lib;
  infinirtError_t err =
      infinirtLibraryLoadData(&lib, image, NULL, NULL, 0, NULL, NULL, 0);
  if (err != infinirtSuccess)
    return ex_fail_call(&o, "infinirtLibraryLoadData", err);
  int rc = INFINIRT_EXAMPLE_PASS, ran = 0;
  for (int i = 0; infinirt_example_kernels_names[i]; i++) {
    if (name && strcmp(name, infinirt_example_kernels_names[i]) != 0)
      continue;
    ran++;
    rc = ex_fns[i](lib, &o);
    if (rc != INFINIRT_EXAMPLE_PASS)
      break;
  }
  err = infinirtLibraryUnload(lib);
  if (rc == INFINIRT_EXAMPLE_PASS && err != infinirtSuccess)
    rc = ex_fail_call(&o, "infinirtLibraryUnload", err);
  if (!ran)
    rc = ex_fail(&o, "no example is called \"%s\"", name);
  else if (rc == INFINIRT_EXAMPLE_PASS && !name && msg && len)
    snprintf(msg, len, "vector_add, saxpy, reduce and matmul passed");
  return rc;
}

int infinirt_example_kernels_run(const char *name, infinirtDeviceType type,
                                 int device, char *msg, size_t msg_len) {
  infinirtDeviceType old_type = infinirtDeviceTypeCpu;
  int count = 0, old_device = 0;
  const char *reason = NULL;
  if (msg && msg_len)
    msg[0] = '\0';
  if (infinirtExtGetBackendStatus(type, &count, &reason) != infinirtSuccess) {
    infinirtGetLastError();
    return ex_skip(msg, msg_len, "%s%s", "not a device type", "");
  }
  if (count == 0)
    return ex_skip(msg, msg_len, "no %s device: %s",
                   infinirtExtGetDeviceTypeName(type), reason ? reason : "");
  if (device < 0 || device >= count) {
    char what[32];
    snprintf(what, sizeof what, "%d", device);
    return ex_skip(msg, msg_len, "no %s device %s",
                   infinirtExtGetDeviceTypeName(type), what);
  }
  infinirtExtGetDeviceType(&old_type);
  int rc = INFINIRT_EXAMPLE_FAIL;
  ex_out o = {msg, msg_len, 0};
  infinirtError_t err = infinirtExtSetDeviceType(type);
  if (err != infinirtSuccess) {
    rc = ex_fail_call(&o, "infinirtExtSetDeviceType", err);
    goto restore_type;
  }
  infinirtGetDevice(&old_device);
  err = infinirtSetDevice(device);
  if (err != infinirtSuccess) {
    rc = ex_fail_call(&o, "infinirtSetDevice", err);
  } else {
    rc = ex_run_on_current(name, type, msg, msg_len);
    infinirtSetDevice(old_device);
  }
restore_type:
  infinirtExtSetDeviceType(old_type);
  infinirtGetLastError();
  return rc;
}

int infinirt_example_kernels_selftest(infinirtDeviceType type, int device,
                                      char *msg, size_t msg_len) {
  return infinirt_example_kernels_run(NULL, type, device, msg, msg_len);
}
