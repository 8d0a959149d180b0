/* nv_stream_attr.c - stream attributes through the driver. The five
 * stream attributes hold no handles, so infinirt's value (CUDA's layout,
 * pinned in tests/unit/cuda_abi.c) is the driver's as it is. */
#include "nv.h"

#define NEED(sym)                                                              \
  do {                                                                         \
    if (!infinirt_nv_sym.sym)                                                  \
      return infinirt_detail(infinirtErrorNotSupported,                        \
                             "the driver has no " #sym);                       \
  } while (0)

infinirtError_t
infinirt_nv_StreamGetAttribute(infinirtStream_t hStream,
                               infinirtStreamAttrID attr,
                               infinirtStreamAttrValue *value_out) {
  NEED(cuStreamGetAttribute);
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(
      infinirt_nv_sym.cuStreamGetAttribute(infinirt_nv_cu_stream(hStream),
                                           (CUstreamAttrID)attr,
                                           (CUstreamAttrValue *)value_out),
      "cuStreamGetAttribute");
}

infinirtError_t
infinirt_nv_StreamSetAttribute(infinirtStream_t hStream,
                               infinirtStreamAttrID attr,
                               const infinirtStreamAttrValue *value) {
  NEED(cuStreamSetAttribute);
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(
      infinirt_nv_sym.cuStreamSetAttribute(infinirt_nv_cu_stream(hStream),
                                           (CUstreamAttrID)attr,
                                           (const CUstreamAttrValue *)value),
      "cuStreamSetAttribute");
}

infinirtError_t infinirt_nv_StreamCopyAttributes(infinirtStream_t dst,
                                                 infinirtStream_t src) {
  NEED(cuStreamCopyAttributes);
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(
      infinirt_nv_sym.cuStreamCopyAttributes(infinirt_nv_cu_stream(dst),
                                             infinirt_nv_cu_stream(src)),
      "cuStreamCopyAttributes");
}
