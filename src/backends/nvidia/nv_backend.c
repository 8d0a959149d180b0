/* Placeholder: replaced by the real NVIDIA backend. */
#include "backend.h"
static int probe(const char **reason) {
  *reason = "NVIDIA backend not implemented yet";
  return 0;
}
static bool find_pointer(const void *p, struct infinirtPointerAttributes *a) {
  (void)p;
  (void)a;
  return false;
}
const infinirt_backend infinirt_nvidia_backend = {
    .name = "nvidia",
    .type = infinirtDeviceTypeNvidia,
    .probe = probe,
    .find_pointer = find_pointer,
};
