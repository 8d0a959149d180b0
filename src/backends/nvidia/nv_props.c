/* infinirt_nv_props.c - GetDeviceProperties, DeviceGetAttribute and the launch
 * limits, all from cuDeviceGetAttribute (whose attribute numbers are
 * infinirtDeviceAttr's). Properties are read once per device and cached:
 * they never change. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "device_attr.h"
#include "nv.h"

#define A(a) infinirtDevAttr##a

static inline int attr_or_zero(int attr, CUdevice dev) {
  int v = 0;
  if (infinirt_nv_sym.cuDeviceGetAttribute(&v, attr, dev) != CUDA_SUCCESS)
    v = 0;
  return v;
}

void infinirt_nv_limits_init(infinirt_nv_device *d) {
  infinirt_nv_limits *l = &d->limits;
  l->max_threads = attr_or_zero(A(MaxThreadsPerBlock), d->cu);
  l->max_block[0] = attr_or_zero(A(MaxBlockDimX), d->cu);
  l->max_block[1] = attr_or_zero(A(MaxBlockDimY), d->cu);
  l->max_block[2] = attr_or_zero(A(MaxBlockDimZ), d->cu);
  l->max_grid[0] = attr_or_zero(A(MaxGridDimX), d->cu);
  l->max_grid[1] = attr_or_zero(A(MaxGridDimY), d->cu);
  l->max_grid[2] = attr_or_zero(A(MaxGridDimZ), d->cu);
  l->max_shared_optin = attr_or_zero(A(MaxSharedMemoryPerBlockOptin), d->cu);
}

/* Fills |p| for |d|; a field the driver cannot answer stays 0. */
static infinirtError_t fill(infinirt_nv_device *d,
                            struct infinirtDeviceProp *p) {
  memset(p, 0, sizeof *p);
  CUresult r =
      infinirt_nv_sym.cuDeviceGetName(p->name, (int)sizeof p->name, d->cu);
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, "cuDeviceGetName");
  p->name[sizeof p->name - 1] = '\0';
  size_t total = 0;
  r = infinirt_nv_sym.cuDeviceTotalMem(&total, d->cu);
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, "cuDeviceTotalMem_v2");
  p->totalGlobalMem = total;
  if (infinirt_nv_sym.cuDeviceGetUuid) {
    CUuuid u;
    if (infinirt_nv_sym.cuDeviceGetUuid(&u, d->cu) == CUDA_SUCCESS)
      memcpy(p->uuid.bytes, u.bytes, sizeof u.bytes);
  }
  for (size_t i = 0; i < infinirt_prop_field_count; i++) {
    enum infinirtDeviceAttr a =
        (enum infinirtDeviceAttr)infinirt_prop_fields[i].attr;
    infinirt_prop_set_attr(p, a, attr_or_zero((int)a, d->cu));
  }
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_GetDeviceProperties(struct infinirtDeviceProp *prop,
                                                int device) {
  infinirt_nv_device *d = &infinirt_nv_devices[device];
  struct infinirtDeviceProp *p =
      atomic_load_explicit(&d->props, memory_order_acquire);
  if (!p) {
    struct infinirtDeviceProp *mine = malloc(sizeof *mine);
    if (!mine)
      return infinirt_detail(infinirtErrorMemoryAllocation,
                             "no memory for the properties of device %d",
                             device);
    infinirtError_t err = fill(d, mine);
    if (err != infinirtSuccess) {
      free(mine);
      return err;
    }
    p = NULL;
    if (atomic_compare_exchange_strong_explicit(
            &d->props, &p, mine, memory_order_acq_rel, memory_order_acquire))
      p = mine;
    else
      free(mine); /* another thread won; |p| is its copy */
  }
  *prop = *p;
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_DeviceGetAttribute(int *value,
                                               enum infinirtDeviceAttr attr,
                                               int device) {
  int v;
  CUresult r = infinirt_nv_sym.cuDeviceGetAttribute(
      &v, (int)attr, infinirt_nv_devices[device].cu);
  if (__builtin_expect(r != CUDA_SUCCESS, 0)) {
    if (r == CUDA_ERROR_INVALID_VALUE)
      return infinirt_detail(infinirtErrorInvalidValue,
                             "attribute %d is not one the driver knows",
                             (int)attr);
    return infinirt_nv_fail(r, "cuDeviceGetAttribute");
  }
  *value = v;
  return infinirtSuccess;
}
