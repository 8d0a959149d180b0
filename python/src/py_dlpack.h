/* DLPack exchange for the _infinirt extension module (python/src/dlpack.c).
 *
 * The structs follow the DLPack 1.x specification (dlpack.h of the DLPack
 * project): field order and types are the ABI every producer and consumer
 * shares, so they are spelled out here rather than included.
 *
 * Python-side functions added to the module:
 *   dlpack_make(owner, data, shape, strides, dtype, device, flags, versioned)
 *       -> a "dltensor_versioned" or "dltensor" capsule whose managed tensor
 *          keeps |owner| alive until the consumer's deleter call;
 *   dlpack_consume(capsule) -> DLPackTensor, renaming the capsule to
 *       "used_dltensor(_versioned)"; a consumed capsule raises BufferError;
 *   dlpack_capsule_name(capsule) -> the capsule's current name;
 *   DLPackTensor: the consumed tensor (data, byte_offset, shape, strides,
 *       dtype, device, readonly, version, flags); its dealloc calls the
 *       managed tensor's deleter. */
#ifndef INFINIRT_PY_DLPACK_H_
#define INFINIRT_PY_DLPACK_H_

#include <stdint.h>

#ifndef PY_SSIZE_T_CLEAN
#define PY_SSIZE_T_CLEAN
#endif
#include <Python.h>

/* The DLPack version this module produces and the newest major it reads. */
#define INFINIRT_DLPACK_MAJOR 1
#define INFINIRT_DLPACK_MINOR 0

typedef struct {
  uint32_t major;
  uint32_t minor;
} DLPackVersion;

typedef enum {
  kDLCPU = 1,
  kDLCUDA = 2,
  kDLCUDAHost = 3,
  kDLOpenCL = 4,
  kDLVulkan = 7,
  kDLMetal = 8,
  kDLVPI = 9,
  kDLROCM = 10,
  kDLROCMHost = 11,
  kDLExtDev = 12,
  kDLCUDAManaged = 13,
  kDLOneAPI = 14,
  kDLWebGPU = 15,
  kDLHexagon = 16,
} DLDeviceType;

typedef struct {
  DLDeviceType device_type;
  int32_t device_id;
} DLDevice;

typedef enum {
  kDLInt = 0,
  kDLUInt = 1,
  kDLFloat = 2,
  kDLOpaqueHandle = 3,
  kDLBfloat = 4,
  kDLComplex = 5,
  kDLBool = 6,
} DLDataTypeCode;

typedef struct {
  uint8_t code;
  uint8_t bits;
  uint16_t lanes;
} DLDataType;

typedef struct {
  void *data;
  DLDevice device;
  int32_t ndim;
  DLDataType dtype;
  int64_t *shape;
  int64_t *strides; /* in elements; NULL means compact row-major */
  uint64_t byte_offset;
} DLTensor;

typedef struct DLManagedTensor {
  DLTensor dl_tensor;
  void *manager_ctx;
  void (*deleter)(struct DLManagedTensor *self);
} DLManagedTensor;

#define DLPACK_FLAG_BITMASK_READ_ONLY (UINT64_C(1) << 0)
#define DLPACK_FLAG_BITMASK_IS_COPIED (UINT64_C(1) << 1)
#define DLPACK_FLAG_BITMASK_IS_SUBBYTE_TYPE_PADDED (UINT64_C(1) << 2)

typedef struct DLManagedTensorVersioned {
  DLPackVersion version;
  void *manager_ctx;
  void (*deleter)(struct DLManagedTensorVersioned *self);
  uint64_t flags;
  DLTensor dl_tensor;
} DLManagedTensorVersioned;

/* Adds the dlpack_* functions and the DLPackTensor type to |module|.
 * Returns 0, or -1 with an exception set. */
int infinirt_py_dlpack_add(PyObject *module);

#endif /* INFINIRT_PY_DLPACK_H_ */
