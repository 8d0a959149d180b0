/*
 * infinirt_profiler_api.h - what `cuda_profiler_api.h` becomes under the
 * rename: the calls that mark the part of a run a profiler should record.
 */
#ifndef INFINIRT_PROFILER_API_H_
#define INFINIRT_PROFILER_API_H_

#include "infinirt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Starts the recording of the current device type's profiler. NVIDIA:
 * cuProfilerStart (what a profiler attached with a capture range of
 * cudaProfilerStart/Stop, such as Nsight Systems' cudaProfilerApi, starts
 * at). Every backend: with INFINIRT_TRACE=profiler, the call trace starts
 * here (with INFINIRT_TRACE=1 it covers the whole run and these calls
 * change nothing). Starting what already runs is no error, as in CUDA 5
 * and later. Errors: NoDevice if the current type has no devices;
 * NotSupported if the driver has no profiler entry point. */
INFINIRT_API infinirtError_t infinirtProfilerStart(void);

/* Stops what infinirtProfilerStart started, flushing the profiler's data
 * (NVIDIA: cuProfilerStop); with INFINIRT_TRACE=profiler the call trace
 * stops here. Stopping what is stopped is no error. Errors: as
 * infinirtProfilerStart. */
INFINIRT_API infinirtError_t infinirtProfilerStop(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* INFINIRT_PROFILER_API_H_ */
