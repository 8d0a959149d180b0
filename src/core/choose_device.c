/* choose_device.c - infinirtChooseDevice: the device of the current type
 * closest to the properties a program asks for. */
#include "api_core.h"
#include "backend.h"
#include "backends.h"
#include "thread_state.h"

/* Smaller is better: a capability at or above the one asked for, nearest
 * first; then any below it, highest first. */
static long capability_distance(const struct infinirtDeviceProp *want,
                                const struct infinirtDeviceProp *have) {
  long w = want->major * 10L + want->minor;
  long h = have->major * 10L + have->minor;
  return h >= w ? h - w : 1000000L + (w - h);
}

infinirtError_t
infinirt_core_ChooseDevice(int *device, const struct infinirtDeviceProp *prop) {
  int t = infinirt_thread_type();
  const char *reason = NULL;
  int count = infinirt_backend_device_count(t, &reason);
  if (count == 0)
    return infinirt_detail(infinirtErrorNoDevice, "device type %s: %s",
                           infinirtExtGetDeviceTypeName(t), reason);
  const infinirt_backend *b = infinirt_backends[t];
  int best = -1;
  long best_distance = 0;
  int best_sms = 0;
  for (int d = 0; d < count; d++) {
    struct infinirtDeviceProp have;
    infinirtError_t err = b->GetDeviceProperties(&have, d);
    if (err != infinirtSuccess)
      return err;
    long distance = capability_distance(prop, &have);
    if (best < 0 || distance < best_distance ||
        (distance == best_distance && have.multiProcessorCount > best_sms)) {
      best = d;
      best_distance = distance;
      best_sms = have.multiProcessorCount;
    }
  }
  *device = best;
  return infinirtSuccess;
}
