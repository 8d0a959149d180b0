/* device_attr.c - the attribute <-> property map and the attribute check. */
#include "device_attr.h"

#include <limits.h>
#include <string.h>

#include "contract.h"

#define PROP(field, attr)                                                      \
  {offsetof(struct infinirtDeviceProp, field),                                 \
   sizeof(((struct infinirtDeviceProp *)0)->field), infinirtDevAttr##attr},
const infinirt_prop_field infinirt_prop_fields[] = {
#include "device_attr.def"
};
#undef PROP
const size_t infinirt_prop_field_count =
    sizeof infinirt_prop_fields / sizeof infinirt_prop_fields[0];

static const infinirt_prop_field *field_of(enum infinirtDeviceAttr attr) {
  for (size_t i = 0; i < infinirt_prop_field_count; i++)
    if (infinirt_prop_fields[i].attr == (unsigned)attr)
      return &infinirt_prop_fields[i];
  return NULL;
}

bool infinirt_prop_attr(const struct infinirtDeviceProp *p,
                        enum infinirtDeviceAttr attr, int *value) {
  const infinirt_prop_field *f = field_of(attr);
  if (!f)
    return false;
  const char *at = (const char *)p + f->offset;
  if (f->size == sizeof(size_t)) {
    size_t v;
    memcpy(&v, at, sizeof v);
    *value = v > INT_MAX ? INT_MAX : (int)v;
  } else {
    memcpy(value, at, sizeof *value);
  }
  return true;
}

void infinirt_prop_set_attr(struct infinirtDeviceProp *p,
                            enum infinirtDeviceAttr attr, int value) {
  const infinirt_prop_field *f = field_of(attr);
  if (!f)
    return;
  char *at = (char *)p + f->offset;
  if (f->size == sizeof(size_t))
    *(size_t *)at = (size_t)(unsigned)value;
  else
    memcpy(at, &value, sizeof value);
}

/* The enumerators run from 1 to the last one with these gaps, as in CUDA
 * 13's cudaDeviceAttr (unit.device_attr checks this against the header). */
#define ATTR_LAST infinirtDevAttrOnlyPartialHostNativeAtomicSupported
static bool is_attr(int a) {
  static const unsigned char gaps[] = {44,  102, 103, 104, 105,
                                       107, 110, 136, 137, 146};
  if (a < 1 || a > (int)ATTR_LAST)
    return false;
  for (size_t i = 0; i < sizeof gaps; i++)
    if (a == gaps[i])
      return false;
  return true;
}

infinirtError_t infinirt_check_device_attr(enum infinirtDeviceAttr attr) {
  if (__builtin_expect(is_attr((int)attr), 1))
    return infinirtSuccess;
  return infinirt_detail(infinirtErrorInvalidValue,
                         "%d is not an infinirtDeviceAttr", (int)attr);
}
