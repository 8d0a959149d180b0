/*
 * infinirt_runtime_api.h - what `cuda_runtime_api.h` becomes under the
 * rename: the whole C API of the runtime (infinirt.h and infinirt_ext.h).
 * C++ programs that want CUDA's overloads include infinirt_runtime.h.
 */
#ifndef INFINIRT_RUNTIME_API_H_
#define INFINIRT_RUNTIME_API_H_

#include "infinirt.h"

#endif /* INFINIRT_RUNTIME_API_H_ */
