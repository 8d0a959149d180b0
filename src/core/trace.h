/* trace.h - optional call tracing: with INFINIRT_TRACE=1 in the environment,
 * every generated wrapper prints its name, result and duration to stderr.
 * When unset, a call pays one predictable branch. */
#ifndef INFINIRT_CORE_TRACE_H_
#define INFINIRT_CORE_TRACE_H_

#include <stdint.h>

#include "infinirt.h"

extern int infinirt_trace_enabled; /* read once at library load */

uint64_t infinirt_trace_begin(void);
void infinirt_trace_end(const char *func, infinirtError_t err, uint64_t t0);

#endif /* INFINIRT_CORE_TRACE_H_ */
