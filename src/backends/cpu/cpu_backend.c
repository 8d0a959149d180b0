/* Placeholder: replaced by the real CPU backend. */
#include "backend.h"
static int probe(const char **reason) { (void)reason; return 1; }
static bool find_pointer(const void *p, struct infinirtPointerAttributes *a) { (void)p; (void)a; return false; }
const infinirt_backend infinirt_cpu_backend = {
  .name = "cpu", .type = infinirtDeviceTypeCpu, .probe = probe, .find_pointer = find_pointer,
};
