/* device_attr.h - the one map between infinirtDeviceAttr and the fields of
 * struct infinirtDeviceProp (device_attr.def), for the core and backends. */
#ifndef INFINIRT_CORE_DEVICE_ATTR_H_
#define INFINIRT_CORE_DEVICE_ATTR_H_

#include <stdbool.h>
#include <stddef.h>

#include "infinirt.h"

typedef struct infinirt_prop_field {
  unsigned short offset; /* in struct infinirtDeviceProp */
  unsigned char size;    /* 4: int or unsigned int; 8: size_t */
  unsigned char attr;    /* infinirtDeviceAttr */
} infinirt_prop_field;

extern const infinirt_prop_field infinirt_prop_fields[];
extern const size_t infinirt_prop_field_count;

/* Stores |p|'s value of |attr| in |*value| (a size_t clamped to INT_MAX)
 * and returns true, or returns false if no field carries |attr|. */
bool infinirt_prop_attr(const struct infinirtDeviceProp *p,
                        enum infinirtDeviceAttr attr, int *value);

/* Sets the field that carries |attr| to |value|; no-op if there is none. */
void infinirt_prop_set_attr(struct infinirtDeviceProp *p,
                            enum infinirtDeviceAttr attr, int value);

#endif /* INFINIRT_CORE_DEVICE_ATTR_H_ */
