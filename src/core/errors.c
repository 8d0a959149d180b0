/* errors.c - names and descriptions of error codes, last-error access. */
#include "thread_state.h"
#include "trace.h"

const char *infinirtGetErrorName(infinirtError_t error) {
  switch (error) {
#define X(name, text)                                                          \
  case infinirt##name:                                                         \
    return "infinirt" #name;
#include "error_codes.def"
#undef X
  default:
    return "unrecognized error code";
  }
}

const char *infinirtGetErrorString(infinirtError_t error) {
  switch (error) {
#define X(name, text)                                                          \
  case infinirt##name:                                                         \
    return text;
#include "error_codes.def"
#undef X
  default:
    return "unrecognized error code";
  }
}

infinirtError_t infinirtGetLastError(void) {
  infinirtError_t err = infinirt_tls.last_error;
  infinirt_tls.last_error = infinirtSuccess;
  if (__builtin_expect(infinirt_trace_on(), 0))
    infinirt_trace_simple("infinirtGetLastError", err);
  return err;
}

infinirtError_t infinirtPeekAtLastError(void) {
  if (__builtin_expect(infinirt_trace_on(), 0))
    infinirt_trace_simple("infinirtPeekAtLastError", infinirt_tls.last_error);
  return infinirt_tls.last_error;
}
