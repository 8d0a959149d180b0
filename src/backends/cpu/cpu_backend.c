/* cpu_backend.c - the CPU backend's table: every entry of api.def, each
 * implemented in the file of its group (device, memory, copy, mempool,
 * stream, event, kernel). */
#include "cpu_internal.h"

int infinirt_cpu_probe(const char **reason);
bool infinirt_cpu_find_pointer(const void *ptr,
                               struct infinirtPointerAttributes *attr);

const infinirt_backend infinirt_cpu_backend = {
    .name = "cpu",
    .type = infinirtDeviceTypeCpu,
    .probe = infinirt_cpu_probe,
    .find_pointer = infinirt_cpu_find_pointer,
    .set_device = NULL,        /* nothing to make current */
    .get_native_handle = NULL, /* the CPU has no native objects */
#define X(name, params, ...) .name = infinirt_cpu_##name,
#include "api.def"
#undef X
};
