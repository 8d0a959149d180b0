/* null_backend.c - the null backend: a backend that has no devices.
 *
 * It exists to test the backend registry: it was added by this folder and
 * one line of include/infinirt_backends.def, and nothing else, and it shows
 * up in infinirt-info, in ctest (conformance.<group>.null, skipped with the
 * reason below) and in the installed package's backend list. It is built
 * only with -DINFINIRT_BACKEND_NULL=ON (the test builds turn it on).
 *
 * It is also the template a new vendor backend starts from (see
 * docs/adding-a-backend.md): copy the folder to src/backends/<name>/, name the
 * table infinirt_<name>_backend and its type infinirtDeviceType<Suffix> as
 * the registry line says, and fill in the entries below one by one. */
#include "backend.h"

/* Called once, on first use of the type. A vendor backend loads its library
 * here with dlopen (never linked at build time), initialises it and counts
 * its devices; when that fails it returns 0 and a sentence that names what
 * it tried, which infinirt-info and the NoDevice error detail show. */
static int null_probe(const char **reason) {
  *reason = "the null backend has no devices (it exists to test the backend "
            "registry)";
  return 0;
}

/* Asked by infinirtPointerGetAttributes and by copies that must find a
 * pointer's owner, only once probe() found devices. A vendor backend asks
 * its allocation table (or its driver) and must be cheap on a miss. */
static bool null_find_pointer(const void *ptr,
                              struct infinirtPointerAttributes *attr) {
  (void)ptr;
  (void)attr;
  return false;
}

/* Every entry of src/core/api.def left out here answers NotSupported. A
 * vendor backend adds its own: ".Malloc = infinirt_<name>_Malloc," and so
 * on, each with the mirrored signature, as cpu_backend.c and nv_backend.c
 * do with the X-macro over api.def once every entry exists. */
const infinirt_backend infinirt_null_backend = {
    .name = "null",
    .type = infinirtDeviceTypeNull,
    .probe = null_probe,
    .find_pointer = null_find_pointer,
    .set_device = NULL,        /* optional: make a device current */
    .get_native_handle = NULL, /* optional: vendor handles behind ours */
};
