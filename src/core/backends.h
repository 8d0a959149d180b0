/* backends.h - the table of compiled-in backends (from the registry,
 * infinirt_backends.def), their lazy probing, and the process default device
 * type. Thread-safe. */
#ifndef INFINIRT_CORE_BACKENDS_H_
#define INFINIRT_CORE_BACKENDS_H_

#include "backend.h"

/* Probes |type|'s backend on first use; returns its device count (0 if the
 * backend is absent or unusable) and, on 0, the reason. */
int infinirt_backend_device_count(infinirtDeviceType type, const char **reason);

/* The process default type: INFINIRT_DEVICE_TYPE (a registry name in any
 * case, or the type's number), else the first accelerator with devices, else
 * the CPU. */
infinirtDeviceType infinirt_default_device_type(void);

#endif /* INFINIRT_CORE_BACKENDS_H_ */
