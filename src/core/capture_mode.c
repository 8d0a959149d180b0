/* capture_mode.c - the calling thread's stream-capture mode
 * (infinirtThreadExchangeStreamCaptureMode): kept by the core, read by the
 * backends that run captures themselves (the CPU), and handed to those
 * whose driver keeps one of its own. */
#include "api_core.h"
#include "backends.h"

static _Thread_local enum infinirtStreamCaptureMode thread_mode =
    infinirtStreamCaptureModeGlobal;

enum infinirtStreamCaptureMode infinirt_thread_capture_mode(void) {
  return thread_mode;
}

infinirtError_t infinirt_core_ThreadExchangeStreamCaptureMode(
    enum infinirtStreamCaptureMode *mode) {
  enum infinirtStreamCaptureMode old = thread_mode;
  /* Drivers first: a failure there changes nothing here. */
  for (int t = 0; t < infinirtDeviceTypeCount; t++) {
    const infinirt_backend *b = infinirt_backends[t];
    if (!b || !b->exchange_capture_mode ||
        infinirt_backend_device_count((infinirtDeviceType)t, NULL) <= 0)
      continue;
    enum infinirtStreamCaptureMode m = *mode;
    infinirtError_t err = b->exchange_capture_mode(&m);
    if (err != infinirtSuccess)
      return err;
  }
  thread_mode = *mode;
  *mode = old;
  return infinirtSuccess;
}
