/* api_core.h - the functions the core answers itself (CORE lines of
 * api.def), called by their generated wrappers after the checks ran. */
#ifndef INFINIRT_CORE_API_CORE_H_
#define INFINIRT_CORE_API_CORE_H_

#include "infinirt.h"

#define X(...)
#define CORE(name, params, ...) infinirtError_t infinirt_core_##name params;
#include "api.def"
#undef X
#undef CORE

#endif /* INFINIRT_CORE_API_CORE_H_ */
