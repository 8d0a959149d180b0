/* nv_settings.c - device-wide settings (limits, cache preference,
 * InitDevice, PCI addresses, GPUDirect RDMA flush) and peer access
 * through the driver. */
#include <stdint.h>

#include "nv.h"

#define DEV(p) ((CUdeviceptr)(uintptr_t)(p))

infinirtError_t infinirt_nv_InitDevice(int device, unsigned int deviceFlags,
                                       unsigned int flags) {
  if (flags & infinirtInitDeviceFlagsAreValid) {
    /* As SetDeviceFlags: mapped host memory is always on, and the driver
     * refuses the flag. */
    CUresult r = infinirt_nv_sym.cuDevicePrimaryCtxSetFlags(
        infinirt_nv_devices[device].cu,
        deviceFlags & ~(unsigned)infinirtDeviceMapHost);
    if (r != CUDA_SUCCESS)
      return infinirt_nv_fail(r, "cuDevicePrimaryCtxSetFlags_v2");
  }
  CUcontext ctx; /* retained, not made current */
  return infinirt_nv_ctx_get(device, &ctx);
}

infinirtError_t infinirt_nv_DeviceGetPCIBusId(char *pciBusId, int len,
                                              int device) {
  return infinirt_nv_check(infinirt_nv_sym.cuDeviceGetPCIBusId(
                               pciBusId, len, infinirt_nv_devices[device].cu),
                           "cuDeviceGetPCIBusId");
}

infinirtError_t infinirt_nv_DeviceGetByPCIBusId(int *device,
                                                const char *pciBusId) {
  CUdevice cu;
  CUresult r = infinirt_nv_sym.cuDeviceGetByPCIBusId(&cu, pciBusId);
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, "cuDeviceGetByPCIBusId");
  for (int d = 0; d < infinirt_nv_device_count; d++)
    if (infinirt_nv_devices[d].cu == cu) {
      *device = d;
      return infinirtSuccess;
    }
  return infinirt_detail(infinirtErrorInvalidDevice,
                         "the device at %s is not one this process uses",
                         pciBusId);
}

infinirtError_t infinirt_nv_DeviceSetLimit(enum infinirtLimit limit,
                                           size_t value) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(infinirt_nv_sym.cuCtxSetLimit((CUlimit)limit, value),
                           "cuCtxSetLimit");
}

infinirtError_t infinirt_nv_DeviceGetLimit(size_t *pValue,
                                           enum infinirtLimit limit) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  size_t v;
  CUresult r = infinirt_nv_sym.cuCtxGetLimit(&v, (CUlimit)limit);
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, "cuCtxGetLimit");
  *pValue = v;
  return infinirtSuccess;
}

infinirtError_t
infinirt_nv_DeviceGetCacheConfig(enum infinirtFuncCache *pCacheConfig) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  CUfunc_cache c;
  CUresult r = infinirt_nv_sym.cuCtxGetCacheConfig(&c);
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, "cuCtxGetCacheConfig");
  *pCacheConfig = (enum infinirtFuncCache)c;
  return infinirtSuccess;
}

infinirtError_t
infinirt_nv_DeviceSetCacheConfig(enum infinirtFuncCache cacheConfig) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(
      infinirt_nv_sym.cuCtxSetCacheConfig((CUfunc_cache)cacheConfig),
      "cuCtxSetCacheConfig");
}

infinirtError_t infinirt_nv_DeviceFlushGPUDirectRDMAWrites(
    enum infinirtFlushGPUDirectRDMAWritesTarget target,
    enum infinirtFlushGPUDirectRDMAWritesScope scope) {
  if (!infinirt_nv_sym.cuFlushGPUDirectRDMAWrites)
    return infinirt_nv_missing("cuFlushGPUDirectRDMAWrites");
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(infinirt_nv_sym.cuFlushGPUDirectRDMAWrites(
                               (CUflushGPUDirectRDMAWritesTarget)target,
                               (CUflushGPUDirectRDMAWritesScope)scope),
                           "cuFlushGPUDirectRDMAWrites");
}

/* ---- peer access -------------------------------------------------------- */

infinirtError_t infinirt_nv_DeviceCanAccessPeer(int *canAccessPeer, int device,
                                                int peerDevice) {
  if (device == peerDevice) {
    *canAccessPeer = 0;
    return infinirtSuccess;
  }
  if (!infinirt_nv_sym.cuDeviceCanAccessPeer)
    return infinirt_nv_missing("cuDeviceCanAccessPeer");
  int can = 0;
  CUresult r = infinirt_nv_sym.cuDeviceCanAccessPeer(
      &can, infinirt_nv_devices[device].cu, infinirt_nv_devices[peerDevice].cu);
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, "cuDeviceCanAccessPeer");
  *canAccessPeer = can;
  return infinirtSuccess;
}

infinirtError_t infinirt_nv_DeviceEnablePeerAccess(int peerDevice,
                                                   unsigned int flags) {
  if (!infinirt_nv_sym.cuCtxEnablePeerAccess)
    return infinirt_nv_missing("cuCtxEnablePeerAccess");
  int dev;
  CUcontext peer;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err == infinirtSuccess)
    err = infinirt_nv_ctx_get(peerDevice, &peer);
  if (err != infinirtSuccess)
    return err;
  CUresult r = infinirt_nv_sym.cuCtxEnablePeerAccess(peer, flags);
  /* CUDA runtime reports a pair without a peer path as InvalidDevice. */
  if (r == CUDA_ERROR_PEER_ACCESS_UNSUPPORTED)
    return infinirt_detail(infinirtErrorInvalidDevice,
                           "device %d cannot access device %d: %s (%d)", dev,
                           peerDevice, infinirt_nv_error_name(r), r);
  return infinirt_nv_check(r, "cuCtxEnablePeerAccess");
}

infinirtError_t infinirt_nv_DeviceDisablePeerAccess(int peerDevice) {
  if (!infinirt_nv_sym.cuCtxDisablePeerAccess)
    return infinirt_nv_missing("cuCtxDisablePeerAccess");
  int dev;
  CUcontext peer;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err == infinirtSuccess)
    err = infinirt_nv_ctx_get(peerDevice, &peer);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(infinirt_nv_sym.cuCtxDisablePeerAccess(peer),
                           "cuCtxDisablePeerAccess");
}

infinirtError_t
infinirt_nv_DeviceGetP2PAttribute(int *value, enum infinirtDeviceP2PAttr attr,
                                  int srcDevice, int dstDevice) {
  if (!infinirt_nv_sym.cuDeviceGetP2PAttribute)
    return infinirt_nv_missing("cuDeviceGetP2PAttribute");
  int v = 0;
  CUresult r = infinirt_nv_sym.cuDeviceGetP2PAttribute(
      &v, (CUdevice_P2PAttribute)attr, infinirt_nv_devices[srcDevice].cu,
      infinirt_nv_devices[dstDevice].cu);
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, "cuDeviceGetP2PAttribute");
  *value = v;
  return infinirtSuccess;
}

static infinirtError_t peer_contexts(int dst_dev, int src_dev, CUcontext *dst,
                                     CUcontext *src) {
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err == infinirtSuccess)
    err = infinirt_nv_ctx_get(dst_dev, dst);
  if (err == infinirtSuccess)
    err = infinirt_nv_ctx_get(src_dev, src);
  return err;
}

infinirtError_t infinirt_nv_MemcpyPeer(void *dst, int dstDevice,
                                       const void *src, int srcDevice,
                                       size_t count) {
  CUcontext dc, sc;
  infinirtError_t err = peer_contexts(dstDevice, srcDevice, &dc, &sc);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(
      infinirt_nv_sym.cuMemcpyPeer(DEV(dst), dc, DEV(src), sc, count),
      "cuMemcpyPeer");
}

infinirtError_t infinirt_nv_MemcpyPeerAsync(void *dst, int dstDevice,
                                            const void *src, int srcDevice,
                                            size_t count,
                                            infinirtStream_t stream) {
  CUcontext dc, sc;
  infinirtError_t err = peer_contexts(dstDevice, srcDevice, &dc, &sc);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(
      infinirt_nv_sym.cuMemcpyPeerAsync(DEV(dst), dc, DEV(src), sc, count,
                                        infinirt_nv_cu_stream(stream)),
      "cuMemcpyPeerAsync");
}

infinirtError_t
infinirt_nv_DeviceGetSharedMemConfig(enum infinirtSharedMemConfig *pConfig) {
  if (!infinirt_nv_sym.cuCtxGetSharedMemConfig)
    return infinirt_nv_missing("cuCtxGetSharedMemConfig");
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  CUsharedconfig c;
  CUresult r = infinirt_nv_sym.cuCtxGetSharedMemConfig(&c);
  if (r != CUDA_SUCCESS)
    return infinirt_nv_fail(r, "cuCtxGetSharedMemConfig");
  *pConfig = (enum infinirtSharedMemConfig)c;
  return infinirtSuccess;
}

infinirtError_t
infinirt_nv_DeviceSetSharedMemConfig(enum infinirtSharedMemConfig config) {
  if (!infinirt_nv_sym.cuCtxSetSharedMemConfig)
    return infinirt_nv_missing("cuCtxSetSharedMemConfig");
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(
      infinirt_nv_sym.cuCtxSetSharedMemConfig((CUsharedconfig)config),
      "cuCtxSetSharedMemConfig");
}

infinirtError_t infinirt_nv_CtxResetPersistingL2Cache(void) {
  if (!infinirt_nv_sym.cuCtxResetPersistingL2Cache)
    return infinirt_nv_missing("cuCtxResetPersistingL2Cache");
  int dev;
  infinirtError_t err = infinirt_nv_ctx_ensure(&dev);
  if (err != infinirtSuccess)
    return err;
  return infinirt_nv_check(infinirt_nv_sym.cuCtxResetPersistingL2Cache(),
                           "cuCtxResetPersistingL2Cache");
}
