/* per_thread_stream.h - infinirtStreamPerThread: each host thread's own
 * default stream per device, made by the core from the backend's ordinary
 * blocking streams. */
#ifndef INFINIRT_CORE_PER_THREAD_STREAM_H_
#define INFINIRT_CORE_PER_THREAD_STREAM_H_

#include "backend.h"

/* The calling thread's per-thread stream on the current device of backend
 * |b|'s type, created on first use (and again after a DeviceReset destroyed
 * it). Destroyed when the thread exits. NULL with |*err| set on failure. */
infinirtStream_t infinirt_per_thread_stream(const infinirt_backend *b,
                                            infinirtError_t *err);

#endif /* INFINIRT_CORE_PER_THREAD_STREAM_H_ */
