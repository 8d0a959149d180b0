"""Every function of infinirt.runtime called with good arguments and with a
bad one, on the CPU backend (table-driven).

CALLS maps each function to its cases: (call, expected error name), call
taking the fixture R. A good case expects Success (or the error the header
documents for the CPU); a bad case passes a NULL (None) handle or pointer, a
bad enumerator, a bad device or a destroyed handle and expects the error
of the header's Errors: lines (the same as tests/conformance/bad_calls.def).
test_every_function_has_cases makes sure no function of the module is
missing from the table.
"""
import ctypes
import os

import pytest

import infinirt.runtime as rt
from conftest import ok

E = rt.infinirtError_t
K = rt.infinirtMemcpyKind
FOREIGN_BUF = ctypes.create_string_buffer(256)
FOREIGN = ctypes.addressof(FOREIGN_BUF)  # static memory that is no handle
ANY = object()  # an output _expect does not compare
KERNELS = os.environ.get("INFINIRT_PY_TEST_KERNELS", "")


def loc(type_=rt.infinirtMemLocationType.infinirtMemLocationTypeDevice, id_=0):
    """An infinirtMemLocation."""
    return rt.infinirtMemLocation(type_, id_)


HOST_LOC = rt.infinirtMemLocation(
    rt.infinirtMemLocationType.infinirtMemLocationTypeHost, 0)
PINNED = rt.infinirtMemAllocationType.infinirtMemAllocationTypePinned


class R:
    """Live and destroyed objects for the calls; released by close()."""

    def __init__(self):
        self.undo = []
        self.s = self.stream()
        self.s2 = self.stream()
        self.e = self.event()
        self.e2 = self.event()
        # dead_*: no live handle. Static memory rather than destroyed
        # handles, whose addresses the next allocation may reuse
        # (test_destroyed_handles passes those right after destroying).
        self.dead_s = rt.infinirtStream_t(FOREIGN)
        self.dead_e = rt.infinirtEvent_t(FOREIGN)
        self.d = self.malloc(4096)
        self.d2 = self.malloc(4096)
        self.h = ok(rt.infinirtMallocHost(4096))
        self.undo.append(lambda: rt.infinirtFreeHost(self.h))
        self.pool = ok(rt.infinirtDeviceGetDefaultMemPool(0))
        self.g = self.graph()
        self.n = ok(rt.infinirtGraphAddEmptyNode(self.g, None, 0))
        self.n2 = ok(rt.infinirtGraphAddEmptyNode(self.g, [self.n], 1))
        self.dead_g = rt.infinirtGraph_t(FOREIGN)
        self.x = self.instantiate(self.g)
        self.dead_x = rt.infinirtGraphExec_t(FOREIGN)
        self.lib = self.k = self.k_add = None
        if KERNELS and os.path.exists(KERNELS):
            self.lib = self.load()
            self.k = ok(rt.infinirtLibraryGetKernel(self.lib, "kt_empty"))
            self.k_add = ok(rt.infinirtLibraryGetKernel(self.lib,
                                                        "kt_add_one"))
        rt.infinirtGetLastError()

    def need_lib(self):
        if self.lib is None:
            pytest.skip("no test kernel library (INFINIRT_PY_TEST_KERNELS)")

    def stream(self):
        s = ok(rt.infinirtStreamCreate())
        self.undo.append(lambda: rt.infinirtStreamDestroy(s))
        return s

    def event(self, flags=0):
        e = ok(rt.infinirtEventCreateWithFlags(flags))
        self.undo.append(lambda: rt.infinirtEventDestroy(e))
        return e

    def malloc(self, n):
        p = ok(rt.infinirtMalloc(n))
        self.undo.append(lambda: rt.infinirtFree(p))
        return p

    def graph(self):
        g = ok(rt.infinirtGraphCreate(0))
        self.undo.append(lambda: rt.infinirtGraphDestroy(g))
        return g

    def instantiate(self, g):
        x = ok(rt.infinirtGraphInstantiate(g, 0))
        self.undo.append(lambda: rt.infinirtGraphExecDestroy(x))
        return x

    def load(self):
        lib = ok(rt.infinirtLibraryLoadFromFile(KERNELS, None, None, 0, None,
                                                None, 0))
        self.undo.append(lambda: rt.infinirtLibraryUnload(lib))
        return lib

    def pool_props(self):
        p = rt.infinirtMemPoolProps()
        p.allocType = PINNED
        p.location = loc()
        return p

    def new_pool(self):
        pool = ok(rt.infinirtMemPoolCreate(self.pool_props()))
        self.undo.append(lambda: rt.infinirtMemPoolDestroy(pool))
        return pool

    def copy3d(self, dst=None, kind=K.infinirtMemcpyDeviceToDevice):
        p = rt.infinirtMemcpy3DParms()
        p.srcPtr = rt.infinirtPitchedPtr(self.d, 64, 64, 4)
        p.dstPtr = rt.infinirtPitchedPtr(self.d2 if dst is None else dst,
                                         64, 64, 4)
        p.extent = rt.infinirtExtent(64, 4, 1)
        p.kind = kind
        return p

    def peer3d(self):
        p = rt.infinirtMemcpy3DPeerParms()
        p.srcPtr = rt.infinirtPitchedPtr(self.d, 64, 64, 4)
        p.dstPtr = rt.infinirtPitchedPtr(self.d2, 64, 64, 4)
        p.extent = rt.infinirtExtent(64, 4, 1)
        return p

    def memset_params(self, dst=None):
        p = rt.infinirtMemsetParams()
        p.dst = self.d if dst is None else dst
        p.pitch = 64
        p.value = 7
        p.elementSize = 1
        p.width = 64
        p.height = 1
        return p

    def host_params(self):
        p = rt.infinirtHostNodeParams()
        self.host_cb = rt.infinirtHostFn_t(lambda data: None)  # kept alive
        p.fn = self.host_cb
        return p

    def kernel_params(self, func=None):
        p = rt.infinirtKernelNodeParams()
        p.func = self.k if func is None else func
        p.gridDim = rt.infinirtDim3(1, 1, 1)
        p.blockDim = rt.infinirtDim3(1, 1, 1)
        return p

    def node(self, kind):
        """A node of graph g of the kind named (and its graph)."""
        g = self.graph()
        if kind == "memcpy":
            n = ok(rt.infinirtGraphAddMemcpyNode(g, None, 0, self.copy3d()))
        elif kind == "memset":
            n = ok(rt.infinirtGraphAddMemsetNode(g, None, 0,
                                                 self.memset_params()))
        elif kind == "host":
            n = ok(rt.infinirtGraphAddHostNode(g, None, 0, self.host_params()))
        elif kind == "kernel":
            self.need_lib()
            n = ok(rt.infinirtGraphAddKernelNode(g, None, 0,
                                                 self.kernel_params()))
        elif kind == "child":
            n = ok(rt.infinirtGraphAddChildGraphNode(g, None, 0, self.g))
        elif kind == "record":
            n = ok(rt.infinirtGraphAddEventRecordNode(g, None, 0, self.e))
        elif kind == "wait":
            n = ok(rt.infinirtGraphAddEventWaitNode(g, None, 0, self.e))
        elif kind == "alloc":
            p = self.alloc_params()
            n = ok(rt.infinirtGraphAddMemAllocNode(g, None, 0, p))
            ok(rt.infinirtGraphAddMemFreeNode(g, [n], 1, p.dptr))
        elif kind == "free":
            p = self.alloc_params()
            a = ok(rt.infinirtGraphAddMemAllocNode(g, None, 0, p))
            n = ok(rt.infinirtGraphAddMemFreeNode(g, [a], 1, p.dptr))
        else:
            n = ok(rt.infinirtGraphAddEmptyNode(g, None, 0))
        return g, n

    def exec_node(self, kind):
        g, n = self.node(kind)
        return self.instantiate(g), n

    def alloc_params(self):
        p = rt.infinirtMemAllocNodeParams()
        p.poolProps = self.pool_props()
        p.bytesize = 256
        return p

    def generic_empty(self, reserved=0):
        p = rt.infinirtGraphNodeParams()
        p.type = rt.infinirtGraphNodeType.infinirtGraphNodeTypeEmpty
        p.reserved0[0] = reserved
        return p

    def generic_memset(self):
        p = rt.infinirtGraphNodeParams()
        p.type = rt.infinirtGraphNodeType.infinirtGraphNodeTypeMemset
        p.memset.dst = self.d
        p.memset.pitch = 64
        p.memset.value = 1
        p.memset.elementSize = 1
        p.memset.width = 64
        p.memset.height = 1
        return p

    def launch_config(self, stream=None):
        c = rt.infinirtLaunchConfig_t()
        c.gridDim = rt.infinirtDim3(1, 1, 1)
        c.blockDim = rt.infinirtDim3(1, 1, 1)
        c.stream = stream
        return c

    def capture(self, fn):
        """Result of fn(stream) called while stream s is capturing."""
        ok(rt.infinirtStreamBeginCapture(
            self.s, rt.infinirtStreamCaptureMode.infinirtStreamCaptureModeRelaxed))
        try:
            return fn(self.s)
        finally:
            g = rt.infinirtStreamEndCapture(self.s)[1]
            if g:
                rt.infinirtGraphDestroy(g)

    def close(self):
        rt.infinirtDeviceSynchronize()
        for f in reversed(self.undo):
            f()
        rt.infinirtGetLastError()


def gpu_addr(b):
    return ctypes.addressof(b)


def chain(*results):
    """The last result, each earlier one checked to succeed."""
    for r in results[:-1]:
        ok(r)
    return results[-1]


CAPTURE_RELAXED = rt.infinirtStreamCaptureMode.infinirtStreamCaptureModeRelaxed
ATTR = rt.infinirtDeviceAttr
POOL_ATTR = rt.infinirtMemPoolAttr
GRAPH_MEM = rt.infinirtGraphMemAttributeType
SATTR = rt.infinirtLaunchAttributeID
BAD_ENUM = 0x7fff0000
BAD_DEV = 1 << 20

CALLS = {
    # errors, version
    "infinirtGetErrorName": [
        (lambda r: rt.infinirtGetErrorName(E.infinirtErrorInvalidValue),
         "Success"),
        (lambda r: rt.infinirtGetErrorName(BAD_ENUM), "Success")],
    "infinirtGetErrorString": [
        (lambda r: rt.infinirtGetErrorString(0), "Success"),
        (lambda r: rt.infinirtGetErrorString(-5), "Success")],
    "infinirtGetLastError": [
        (lambda r: rt.infinirtGetLastError(), "Success"),
        (lambda r: (rt.infinirtSetDevice(-1), rt.infinirtGetLastError())[1],
         "InvalidDevice")],
    "infinirtPeekAtLastError": [
        (lambda r: rt.infinirtPeekAtLastError(), "Success"),
        (lambda r: (rt.infinirtSetDevice(-1), rt.infinirtPeekAtLastError())[1],
         "InvalidDevice")],
    "infinirtRuntimeGetVersion": [
        (lambda r: rt.infinirtRuntimeGetVersion(), "Success")],
    "infinirtDriverGetVersion": [
        (lambda r: rt.infinirtDriverGetVersion(), "Success")],
    # device
    "infinirtGetDeviceCount": [
        (lambda r: rt.infinirtGetDeviceCount(), "Success")],
    "infinirtSetDevice": [
        (lambda r: rt.infinirtSetDevice(0), "Success"),
        (lambda r: rt.infinirtSetDevice(-1), "InvalidDevice")],
    "infinirtGetDevice": [(lambda r: rt.infinirtGetDevice(), "Success")],
    "infinirtDeviceSynchronize": [
        (lambda r: rt.infinirtDeviceSynchronize(), "Success"),
        (lambda r: r.host_fn_call(rt.infinirtDeviceSynchronize),
         "NotPermitted")],
    "infinirtDeviceReset": [
        (lambda r: r.host_fn_call(rt.infinirtDeviceReset), "NotPermitted"),
        (lambda r: rt.infinirtDeviceReset(), "Success")],
    "infinirtGetDeviceProperties": [
        (lambda r: rt.infinirtGetDeviceProperties(0), "Success"),
        (lambda r: rt.infinirtGetDeviceProperties(BAD_DEV), "InvalidDevice")],
    "infinirtDeviceGetAttribute": [
        (lambda r: rt.infinirtDeviceGetAttribute(
            ATTR.infinirtDevAttrMaxThreadsPerBlock, 0), "Success"),
        (lambda r: rt.infinirtDeviceGetAttribute(BAD_ENUM, 0), "InvalidValue"),
        (lambda r: rt.infinirtDeviceGetAttribute(
            ATTR.infinirtDevAttrMaxThreadsPerBlock, -1), "InvalidDevice")],
    "infinirtMemGetInfo": [(lambda r: rt.infinirtMemGetInfo(), "Success")],
    "infinirtInitDevice": [
        (lambda r: rt.infinirtInitDevice(0, 0, 0), "Success"),
        (lambda r: rt.infinirtInitDevice(-1, 0, 0), "InvalidDevice"),
        (lambda r: rt.infinirtInitDevice(0, 0, 2), "InvalidValue")],
    "infinirtChooseDevice": [
        (lambda r: rt.infinirtChooseDevice(rt.infinirtDeviceProp()),
         "Success"),
        (lambda r: rt.infinirtChooseDevice(None), "InvalidValue")],
    "infinirtDeviceGetPCIBusId": [
        (lambda r: rt.infinirtDeviceGetPCIBusId(32, 0), "NotSupported"),
        (lambda r: rt.infinirtDeviceGetPCIBusId(0, 0), "InvalidValue"),
        (lambda r: rt.infinirtDeviceGetPCIBusId(32, BAD_DEV),
         "InvalidDevice")],
    "infinirtDeviceGetByPCIBusId": [
        (lambda r: rt.infinirtDeviceGetByPCIBusId("0000:00:00.0"),
         "NotSupported"),
        (lambda r: rt.infinirtDeviceGetByPCIBusId(None), "InvalidValue")],
    "infinirtDeviceSetLimit": [
        (lambda r: rt.infinirtDeviceSetLimit(
            rt.infinirtLimit.infinirtLimitStackSize, 1024), "Success"),
        (lambda r: rt.infinirtDeviceSetLimit(BAD_ENUM, 0), "InvalidValue")],
    "infinirtDeviceGetLimit": [
        (lambda r: rt.infinirtDeviceGetLimit(
            rt.infinirtLimit.infinirtLimitStackSize), "Success"),
        (lambda r: rt.infinirtDeviceGetLimit(99), "InvalidValue")],
    "infinirtDeviceGetCacheConfig": [
        (lambda r: rt.infinirtDeviceGetCacheConfig(), "Success")],
    "infinirtDeviceSetCacheConfig": [
        (lambda r: rt.infinirtDeviceSetCacheConfig(
            rt.infinirtFuncCache.infinirtFuncCachePreferNone), "Success"),
        (lambda r: rt.infinirtDeviceSetCacheConfig(4), "InvalidValue")],
    "infinirtDeviceGetSharedMemConfig": [
        (lambda r: rt.infinirtDeviceGetSharedMemConfig(), "Success")],
    "infinirtDeviceSetSharedMemConfig": [
        (lambda r: rt.infinirtDeviceSetSharedMemConfig(0), "Success"),
        (lambda r: rt.infinirtDeviceSetSharedMemConfig(3), "InvalidValue")],
    "infinirtCtxResetPersistingL2Cache": [
        (lambda r: rt.infinirtCtxResetPersistingL2Cache(), "Success")],
    "infinirtDeviceFlushGPUDirectRDMAWrites": [
        (lambda r: rt.infinirtDeviceFlushGPUDirectRDMAWrites(0, 100),
         "NotSupported"),  # the CPU has no GPUDirect RDMA
        (lambda r: rt.infinirtDeviceFlushGPUDirectRDMAWrites(BAD_ENUM, 100),
         "InvalidValue")],
    # memory
    "infinirtMalloc": [
        (lambda r: chain(rt.infinirtFree(r.malloc(16)), (E(0),)), "Success"),
        (lambda r: rt.infinirtMalloc(1 << 62), "MemoryAllocation")],
    "infinirtFree": [
        (lambda r: rt.infinirtFree(ok(rt.infinirtMalloc(16))), "Success"),
        (lambda r: rt.infinirtFree(FOREIGN), "InvalidValue")],
    "infinirtMallocHost": [
        (lambda r: rt.infinirtFreeHost(ok(rt.infinirtMallocHost(16))),
         "Success"),
        (lambda r: rt.infinirtMallocHost(1 << 62), "MemoryAllocation")],
    "infinirtFreeHost": [
        (lambda r: rt.infinirtFreeHost(ok(rt.infinirtMallocHost(16))),
         "Success"),
        (lambda r: rt.infinirtFreeHost(FOREIGN), "InvalidValue")],
    "infinirtHostAlloc": [
        (lambda r: rt.infinirtFreeHost(ok(rt.infinirtHostAlloc(16, 0))),
         "Success"),
        (lambda r: rt.infinirtHostAlloc(16, 0x80), "InvalidValue")],
    "infinirtHostRegister": [
        (lambda r: chain(rt.infinirtHostRegister(FOREIGN, 256, 0),
                         rt.infinirtHostUnregister(FOREIGN)), "Success"),
        (lambda r: rt.infinirtHostRegister(None, 256, 0), "InvalidValue")],
    "infinirtHostUnregister": [
        (lambda r: chain(rt.infinirtHostRegister(FOREIGN, 256, 0),
                         rt.infinirtHostUnregister(FOREIGN)), "Success"),
        (lambda r: rt.infinirtHostUnregister(None), "InvalidValue")],
    "infinirtMemcpy": [
        (lambda r: rt.infinirtMemcpy(r.d2, r.d, 64, K.infinirtMemcpyDefault),
         "Success"),
        (lambda r: rt.infinirtMemcpy(r.d2, r.d, 64, 99),
         "InvalidMemcpyDirection"),
        (lambda r: rt.infinirtMemcpy(None, r.d, 64, K.infinirtMemcpyDefault),
         "InvalidValue")],
    "infinirtMemcpyAsync": [
        (lambda r: rt.infinirtMemcpyAsync(r.d2, r.d, 64,
                                          K.infinirtMemcpyDefault, r.s),
         "Success"),
        (lambda r: rt.infinirtMemcpyAsync(r.d2, r.d, 64,
                                          K.infinirtMemcpyDefault, r.dead_s),
         "InvalidResourceHandle")],
    "infinirtMemcpy2D": [
        (lambda r: rt.infinirtMemcpy2D(r.d2, 64, r.d, 64, 16, 2,
                                       K.infinirtMemcpyDefault), "Success"),
        (lambda r: rt.infinirtMemcpy2D(r.d2, 8, r.d, 64, 16, 2,
                                       K.infinirtMemcpyDefault),
         "InvalidPitchValue")],
    "infinirtMemcpy2DAsync": [
        (lambda r: rt.infinirtMemcpy2DAsync(r.d2, 64, r.d, 64, 16, 2,
                                            K.infinirtMemcpyDefault, r.s),
         "Success"),
        (lambda r: rt.infinirtMemcpy2DAsync(r.d2, 64, r.d, 64, 16, 2,
                                            K.infinirtMemcpyDefault, r.dead_s),
         "InvalidResourceHandle")],
    "infinirtMemcpyBatchAsync": [
        (lambda r: rt.infinirtMemcpyBatchAsync(
            [r.d2], [r.d], [64], 1, [batch_attrs()], [0], 1, r.s), "Success"),
        (lambda r: rt.infinirtMemcpyBatchAsync(
            [r.d2], [r.d], [64], 1, [batch_attrs()], [0], 1, r.dead_s),
         "InvalidResourceHandle"),
        (lambda r: rt.infinirtMemcpyBatchAsync(
            None, [r.d], [64], 1, [batch_attrs()], [0], 1, r.s),
         "InvalidValue")],
    "infinirtMemset": [
        (lambda r: rt.infinirtMemset(r.d, 1, 64), "Success"),
        (lambda r: rt.infinirtMemset(None, 1, 64), "InvalidValue")],
    "infinirtMemsetAsync": [
        (lambda r: rt.infinirtMemsetAsync(r.d, 1, 64, r.s), "Success"),
        (lambda r: rt.infinirtMemsetAsync(r.d, 1, 64, r.dead_s),
         "InvalidResourceHandle")],
    "infinirtMallocAsync": [
        (lambda r: rt.infinirtFreeAsync(ok(rt.infinirtMallocAsync(64, r.s)),
                                        r.s), "Success"),
        (lambda r: rt.infinirtMallocAsync(64, r.dead_s),
         "InvalidResourceHandle")],
    "infinirtFreeAsync": [
        (lambda r: rt.infinirtFreeAsync(ok(rt.infinirtMallocAsync(64, r.s)),
                                        r.s), "Success"),
        (lambda r: rt.infinirtFreeAsync(FOREIGN, r.s), "InvalidValue")],
    "infinirtPointerGetAttributes": [
        (lambda r: rt.infinirtPointerGetAttributes(r.d), "Success"),
        (lambda r: rt.infinirtPointerGetAttributes(None), "Success")],
    # stream
    "infinirtSetDeviceFlags": [
        (lambda r: rt.infinirtSetDeviceFlags(0), "Success"),
        (lambda r: rt.infinirtSetDeviceFlags(0x100), "InvalidValue")],
    "infinirtGetDeviceFlags": [
        (lambda r: rt.infinirtGetDeviceFlags(), "Success")],
    "infinirtDeviceGetStreamPriorityRange": [
        (lambda r: rt.infinirtDeviceGetStreamPriorityRange(), "Success")],
    "infinirtStreamCreate": [
        (lambda r: (r.stream(), (E(0),))[1], "Success")],
    "infinirtStreamCreateWithFlags": [
        (lambda r: rt.infinirtStreamDestroy(
            ok(rt.infinirtStreamCreateWithFlags(1))), "Success"),
        (lambda r: rt.infinirtStreamCreateWithFlags(2), "InvalidValue")],
    "infinirtStreamCreateWithPriority": [
        (lambda r: rt.infinirtStreamDestroy(
            ok(rt.infinirtStreamCreateWithPriority(0, 0))), "Success"),
        (lambda r: rt.infinirtStreamCreateWithPriority(2, 0),
         "InvalidValue")],
    "infinirtStreamDestroy": [
        (lambda r: rt.infinirtStreamDestroy(ok(rt.infinirtStreamCreate())),
         "Success"),
        (lambda r: rt.infinirtStreamDestroy(r.dead_s),
         "InvalidResourceHandle")],
    "infinirtStreamSynchronize": [
        (lambda r: rt.infinirtStreamSynchronize(r.s), "Success"),
        (lambda r: rt.infinirtStreamSynchronize(r.dead_s),
         "InvalidResourceHandle")],
    "infinirtStreamQuery": [
        (lambda r: rt.infinirtStreamQuery(None), "Success"),
        (lambda r: rt.infinirtStreamQuery(r.dead_s), "InvalidResourceHandle")],
    "infinirtStreamWaitEvent": [
        (lambda r: rt.infinirtStreamWaitEvent(r.s, r.e, 0), "Success"),
        (lambda r: rt.infinirtStreamWaitEvent(r.s, r.dead_e, 0),
         "InvalidResourceHandle"),
        (lambda r: rt.infinirtStreamWaitEvent(r.s, r.e, 2), "InvalidValue")],
    "infinirtLaunchHostFunc": [
        (lambda r: chain(rt.infinirtLaunchHostFunc(r.s, lambda d: None, 1),
                         rt.infinirtStreamSynchronize(r.s)), "Success"),
        (lambda r: rt.infinirtLaunchHostFunc(r.s, None, None), "InvalidValue"),
        (lambda r: rt.infinirtLaunchHostFunc(r.dead_s, lambda d: None, None),
         "InvalidResourceHandle")],
    "infinirtStreamAddCallback": [
        (lambda r: chain(rt.infinirtStreamAddCallback(
            r.s, lambda s, e, d: None, None, 0),
            rt.infinirtStreamSynchronize(r.s)), "Success"),
        (lambda r: rt.infinirtStreamAddCallback(r.s, None, None, 0),
         "InvalidValue"),
        (lambda r: rt.infinirtStreamAddCallback(r.s, lambda s, e, d: None,
                                                None, 1), "InvalidValue")],
    "infinirtStreamGetFlags": [
        (lambda r: rt.infinirtStreamGetFlags(r.s), "Success"),
        (lambda r: rt.infinirtStreamGetFlags(r.dead_s),
         "InvalidResourceHandle")],
    "infinirtStreamGetPriority": [
        (lambda r: rt.infinirtStreamGetPriority(r.s), "Success"),
        (lambda r: rt.infinirtStreamGetPriority(r.dead_s),
         "InvalidResourceHandle")],
    "infinirtStreamGetDevice": [
        (lambda r: rt.infinirtStreamGetDevice(r.s), "Success"),
        (lambda r: rt.infinirtStreamGetDevice(r.dead_s),
         "InvalidResourceHandle")],
    "infinirtStreamGetId": [
        (lambda r: rt.infinirtStreamGetId(r.s), "Success"),
        (lambda r: rt.infinirtStreamGetId(r.dead_s),
         "InvalidResourceHandle")],
    "infinirtStreamGetAttribute": [
        (lambda r: rt.infinirtStreamGetAttribute(
            r.s, rt.infinirtStreamAttributePriority), "Success"),
        (lambda r: rt.infinirtStreamGetAttribute(r.s, 99), "InvalidValue")],
    "infinirtStreamSetAttribute": [
        (lambda r: rt.infinirtStreamSetAttribute(
            r.s, rt.infinirtStreamAttributePriority,
            rt.infinirtStreamAttrValue()), "Success"),
        (lambda r: rt.infinirtStreamSetAttribute(
            r.s, rt.infinirtStreamAttributePriority, None), "InvalidValue")],
    "infinirtStreamCopyAttributes": [
        (lambda r: rt.infinirtStreamCopyAttributes(r.s2, r.s), "Success"),
        (lambda r: rt.infinirtStreamCopyAttributes(r.dead_s, r.s),
         "InvalidResourceHandle")],
    # event
    "infinirtEventCreate": [
        (lambda r: rt.infinirtEventDestroy(ok(rt.infinirtEventCreate())),
         "Success")],
    "infinirtEventCreateWithFlags": [
        (lambda r: rt.infinirtEventDestroy(
            ok(rt.infinirtEventCreateWithFlags(2))), "Success"),
        (lambda r: rt.infinirtEventCreateWithFlags(8), "InvalidValue")],
    "infinirtEventRecord": [
        (lambda r: rt.infinirtEventRecord(r.e, r.s), "Success"),
        (lambda r: rt.infinirtEventRecord(r.dead_e, r.s),
         "InvalidResourceHandle")],
    "infinirtEventRecordWithFlags": [
        (lambda r: rt.infinirtEventRecordWithFlags(r.e, r.s, 0), "Success"),
        (lambda r: rt.infinirtEventRecordWithFlags(r.e, r.s, 2),
         "InvalidValue")],
    "infinirtEventQuery": [
        (lambda r: rt.infinirtEventQuery(r.e), "Success"),
        (lambda r: rt.infinirtEventQuery(r.dead_e), "InvalidResourceHandle")],
    "infinirtEventSynchronize": [
        (lambda r: rt.infinirtEventSynchronize(r.e), "Success"),
        (lambda r: rt.infinirtEventSynchronize(r.dead_e),
         "InvalidResourceHandle")],
    "infinirtEventDestroy": [
        (lambda r: rt.infinirtEventDestroy(ok(rt.infinirtEventCreate())),
         "Success"),
        (lambda r: rt.infinirtEventDestroy(r.dead_e),
         "InvalidResourceHandle")],
    "infinirtEventElapsedTime": [
        (lambda r: chain(rt.infinirtEventRecord(r.e, r.s),
                         rt.infinirtEventRecord(r.e2, r.s),
                         rt.infinirtEventSynchronize(r.e2),
                         rt.infinirtEventElapsedTime(r.e, r.e2)), "Success"),
        (lambda r: rt.infinirtEventElapsedTime(r.e, r.dead_e),
         "InvalidResourceHandle")],
    # kernels
    "infinirtLibraryLoadData": [
        (lambda r: (r.need_lib(), rt.infinirtLibraryUnload(ok(
            rt.infinirtLibraryLoadData(open(KERNELS, "rb").read(), None, None,
                                       0, None, None, 0))))[1], "Success"),
        (lambda r: rt.infinirtLibraryLoadData(None, None, None, 0, None, None,
                                              0), "InvalidValue")],
    "infinirtLibraryLoadFromFile": [
        (lambda r: (r.need_lib(), rt.infinirtLibraryUnload(ok(
            rt.infinirtLibraryLoadFromFile(KERNELS, None, None, 0, None, None,
                                           0))))[1], "Success"),
        (lambda r: rt.infinirtLibraryLoadFromFile(None, None, None, 0, None,
                                                  None, 0), "InvalidValue"),
        (lambda r: rt.infinirtLibraryLoadFromFile(
            KERNELS or "/x", [rt.infinirtJitOption.infinirtJitMaxRegisters],
            [None], 0, None, None, 1), "InvalidValue")],
    "infinirtLibraryUnload": [
        (lambda r: (r.need_lib(), rt.infinirtLibraryUnload(ok(
            rt.infinirtLibraryLoadFromFile(KERNELS, None, None, 0, None, None,
                                           0))))[1], "Success"),
        (lambda r: rt.infinirtLibraryUnload(None), "InvalidResourceHandle")],
    "infinirtLibraryGetKernel": [
        (lambda r: (r.need_lib(),
                    rt.infinirtLibraryGetKernel(r.lib, "kt_empty"))[1],
         "Success"),
        (lambda r: (r.need_lib(),
                    rt.infinirtLibraryGetKernel(r.lib, "no_such_kernel"))[1],
         "InvalidDeviceFunction")],
    "infinirtLaunchKernel": [
        (lambda r: (r.need_lib(), rt.infinirtLaunchKernel(
            r.k, 1, (1, 1), None, 0, r.s))[1], "Success"),
        (lambda r: (r.need_lib(), rt.infinirtLaunchKernel(
            r.k, 0, 1, None, 0, r.s))[1], "InvalidConfiguration"),
        (lambda r: (r.need_lib(), rt.infinirtLaunchKernel(
            r.k, 1, 1, None, 0, r.dead_s))[1], "InvalidResourceHandle")],
    # managed and mapped memory
    "infinirtMallocManaged": [
        (lambda r: rt.infinirtFree(ok(rt.infinirtMallocManaged(64, 1))),
         "Success"),
        (lambda r: rt.infinirtMallocManaged(64, 4), "InvalidValue")],
    "infinirtMemAdvise": [
        (lambda r: rt.infinirtMemAdvise(r.managed(), 64, 1, loc()),
         "Success"),
        (lambda r: rt.infinirtMemAdvise(r.managed(), 64, 99, loc()),
         "InvalidValue")],
    "infinirtMemPrefetchAsync": [
        (lambda r: rt.infinirtMemPrefetchAsync(r.managed(), 64, loc(), 0,
                                               r.s), "Success"),
        (lambda r: rt.infinirtMemPrefetchAsync(r.managed(), 64, loc(), 0,
                                               r.dead_s),
         "InvalidResourceHandle")],
    "infinirtStreamAttachMemAsync": [
        (lambda r: rt.infinirtStreamAttachMemAsync(
            r.s, r.managed(), 0, rt.infinirtMemAttachGlobal), "Success"),
        (lambda r: rt.infinirtStreamAttachMemAsync(
            r.dead_s, r.managed(), 0, rt.infinirtMemAttachGlobal),
         "InvalidResourceHandle")],
    "infinirtHostGetDevicePointer": [
        (lambda r: rt.infinirtHostGetDevicePointer(r.h, 0), "Success"),
        (lambda r: rt.infinirtHostGetDevicePointer(None, 0), "InvalidValue")],
    "infinirtHostGetFlags": [
        (lambda r: rt.infinirtHostGetFlags(r.h), "Success"),
        (lambda r: rt.infinirtHostGetFlags(None), "InvalidValue")],
    # memory pools
    "infinirtDeviceGetDefaultMemPool": [
        (lambda r: rt.infinirtDeviceGetDefaultMemPool(0), "Success"),
        (lambda r: rt.infinirtDeviceGetDefaultMemPool(BAD_DEV),
         "InvalidDevice")],
    "infinirtDeviceSetMemPool": [
        (lambda r: rt.infinirtDeviceSetMemPool(0, r.pool), "Success"),
        (lambda r: rt.infinirtDeviceSetMemPool(0, FOREIGN), "InvalidValue")],
    "infinirtDeviceGetMemPool": [
        (lambda r: rt.infinirtDeviceGetMemPool(0), "Success"),
        (lambda r: rt.infinirtDeviceGetMemPool(-1), "InvalidDevice")],
    "infinirtMemPoolTrimTo": [
        (lambda r: rt.infinirtMemPoolTrimTo(r.pool, 0), "Success"),
        (lambda r: rt.infinirtMemPoolTrimTo(None, 0), "InvalidValue")],
    "infinirtMemPoolSetAttribute": [
        (lambda r: rt.infinirtMemPoolSetAttribute(
            r.pool, POOL_ATTR.infinirtMemPoolAttrReleaseThreshold, 0),
         "Success"),
        (lambda r: rt.infinirtMemPoolSetAttribute(
            r.pool, POOL_ATTR.infinirtMemPoolAttrReleaseThreshold, None),
         "InvalidValue"),
        (lambda r: rt.infinirtMemPoolSetAttribute(r.pool, 0, 0),
         "InvalidValue")],
    "infinirtMemPoolGetAttribute": [
        (lambda r: rt.infinirtMemPoolGetAttribute(
            r.pool, POOL_ATTR.infinirtMemPoolAttrReleaseThreshold), "Success"),
        (lambda r: rt.infinirtMemPoolGetAttribute(r.pool, 9), "InvalidValue")],
    "infinirtMemPoolSetAccess": [
        (lambda r: rt.infinirtMemPoolSetAccess(r.pool, [access_rw()], 1),
         "Success"),
        (lambda r: rt.infinirtMemPoolSetAccess(None, [access_rw()], 1),
         "InvalidValue")],
    "infinirtMemPoolGetAccess": [
        (lambda r: rt.infinirtMemPoolGetAccess(r.pool, loc()), "Success"),
        (lambda r: rt.infinirtMemPoolGetAccess(r.pool, None), "InvalidValue")],
    "infinirtMemPoolCreate": [
        (lambda r: rt.infinirtMemPoolDestroy(ok(rt.infinirtMemPoolCreate(
            r.pool_props()))), "Success"),
        (lambda r: rt.infinirtMemPoolCreate(None), "InvalidValue")],
    "infinirtMemPoolDestroy": [
        (lambda r: rt.infinirtMemPoolDestroy(ok(rt.infinirtMemPoolCreate(
            r.pool_props()))), "Success"),
        (lambda r: rt.infinirtMemPoolDestroy(r.pool), "InvalidValue")],
    "infinirtMallocFromPoolAsync": [
        (lambda r: rt.infinirtFreeAsync(ok(rt.infinirtMallocFromPoolAsync(
            64, r.pool, r.s)), r.s), "Success"),
        (lambda r: rt.infinirtMallocFromPoolAsync(64, r.pool, r.dead_s),
         "InvalidResourceHandle")],
    "infinirtMemGetDefaultMemPool": [
        (lambda r: rt.infinirtMemGetDefaultMemPool(loc(), PINNED), "Success"),
        (lambda r: rt.infinirtMemGetDefaultMemPool(None, PINNED),
         "InvalidValue")],
    "infinirtMemGetMemPool": [
        (lambda r: rt.infinirtMemGetMemPool(loc(), PINNED), "Success"),
        (lambda r: rt.infinirtMemGetMemPool(loc(), 99), "InvalidValue")],
    "infinirtMemSetMemPool": [
        (lambda r: rt.infinirtMemSetMemPool(loc(), PINNED, r.pool), "Success"),
        (lambda r: rt.infinirtMemSetMemPool(None, PINNED, r.pool),
         "InvalidValue")],
    # 2D and 3D memory
    "infinirtMallocPitch": [
        (lambda r: rt.infinirtFree(ok(rt.infinirtMallocPitch(64, 4))[0]),
         "Success"),
        (lambda r: rt.infinirtMallocPitch(1 << 62, 1 << 4),
         "MemoryAllocation")],
    "infinirtMalloc3D": [
        (lambda r: rt.infinirtFree(ok(rt.infinirtMalloc3D(
            rt.infinirtExtent(64, 4, 2))).ptr), "Success"),
        (lambda r: rt.infinirtMalloc3D(rt.infinirtExtent((1 << 64) - 1, 1, 1)),
         "MemoryAllocation")],
    "infinirtMemcpy3D": [
        (lambda r: rt.infinirtMemcpy3D(r.copy3d()), "Success"),
        (lambda r: rt.infinirtMemcpy3D(None), "InvalidValue")],
    "infinirtMemcpy3DAsync": [
        (lambda r: rt.infinirtMemcpy3DAsync(r.copy3d(), r.s), "Success"),
        (lambda r: rt.infinirtMemcpy3DAsync(r.copy3d(), r.dead_s),
         "InvalidResourceHandle")],
    "infinirtMemcpy3DPeer": [
        (lambda r: rt.infinirtMemcpy3DPeer(r.peer3d()), "Success"),
        (lambda r: rt.infinirtMemcpy3DPeer(None), "InvalidValue")],
    "infinirtMemcpy3DPeerAsync": [
        (lambda r: rt.infinirtMemcpy3DPeerAsync(r.peer3d(), r.s), "Success"),
        (lambda r: rt.infinirtMemcpy3DPeerAsync(None, r.s), "InvalidValue")],
    "infinirtMemset2D": [
        (lambda r: rt.infinirtMemset2D(r.d, 64, 0, 16, 4), "Success"),
        (lambda r: rt.infinirtMemset2D(r.d, 8, 0, 16, 4), "InvalidValue")],
    "infinirtMemset2DAsync": [
        (lambda r: rt.infinirtMemset2DAsync(r.d, 64, 0, 16, 4, r.s),
         "Success"),
        (lambda r: rt.infinirtMemset2DAsync(r.d, 64, 0, 16, 4, r.dead_s),
         "InvalidResourceHandle")],
    "infinirtMemset3D": [
        (lambda r: rt.infinirtMemset3D(rt.infinirtPitchedPtr(r.d, 64, 64, 4),
                                       0, rt.infinirtExtent(16, 4, 2)),
         "Success"),
        (lambda r: rt.infinirtMemset3D(rt.infinirtPitchedPtr(None, 64, 64, 4),
                                       0, rt.infinirtExtent(16, 4, 2)),
         "InvalidValue")],
    "infinirtMemset3DAsync": [
        (lambda r: rt.infinirtMemset3DAsync(
            rt.infinirtPitchedPtr(r.d, 64, 64, 4), 0,
            rt.infinirtExtent(16, 4, 2), r.s), "Success"),
        (lambda r: rt.infinirtMemset3DAsync(
            rt.infinirtPitchedPtr(r.d, 64, 64, 4), 0,
            rt.infinirtExtent(16, 4, 2), r.dead_s), "InvalidResourceHandle")],
    # peer access (one CPU device unless INFINIRT_CPU_DEVICE_COUNT says more)
    "infinirtDeviceCanAccessPeer": [
        (lambda r: rt.infinirtDeviceCanAccessPeer(0, 0), "Success"),
        (lambda r: rt.infinirtDeviceCanAccessPeer(0, BAD_DEV),
         "InvalidDevice")],
    "infinirtDeviceEnablePeerAccess": [
        (lambda r: rt.infinirtDeviceEnablePeerAccess(0, 0), "InvalidDevice"),
        (lambda r: rt.infinirtDeviceEnablePeerAccess(BAD_DEV, 0),
         "InvalidDevice")],
    "infinirtDeviceDisablePeerAccess": [
        (lambda r: rt.infinirtDeviceDisablePeerAccess(0), "InvalidDevice"),
        (lambda r: rt.infinirtDeviceDisablePeerAccess(-1), "InvalidDevice")],
    "infinirtMemcpyPeer": [
        (lambda r: rt.infinirtMemcpyPeer(r.d2, 0, r.d, 0, 64), "Success"),
        (lambda r: rt.infinirtMemcpyPeer(r.d2, BAD_DEV, r.d, 0, 64),
         "InvalidDevice")],
    "infinirtMemcpyPeerAsync": [
        (lambda r: rt.infinirtMemcpyPeerAsync(r.d2, 0, r.d, 0, 64, r.s),
         "Success"),
        (lambda r: rt.infinirtMemcpyPeerAsync(r.d2, 0, r.d, 0, 64, r.dead_s),
         "InvalidResourceHandle")],
    "infinirtDeviceGetP2PAttribute": [
        (lambda r: rt.infinirtDeviceGetP2PAttribute(1, 0, 0), "InvalidDevice"),
        (lambda r: rt.infinirtDeviceGetP2PAttribute(BAD_ENUM, 0, 0),
         "InvalidValue")],
    # interprocess communication
    "infinirtIpcGetEventHandle": [
        (lambda r: rt.infinirtIpcGetEventHandle(r.event(6)), "Success"),
        (lambda r: rt.infinirtIpcGetEventHandle(r.e),
         "InvalidResourceHandle")],
    "infinirtIpcOpenEventHandle": [
        (lambda r: rt.infinirtIpcOpenEventHandle(
            ok(rt.infinirtIpcGetEventHandle(r.event(6)))),
         "DeviceUninitialized"),  # opened in the process that made it
        (lambda r: rt.infinirtIpcOpenEventHandle(
            rt.infinirtIpcEventHandle_t()), "InvalidValue")],
    "infinirtIpcGetMemHandle": [
        (lambda r: rt.infinirtIpcGetMemHandle(r.d), "Success"),
        (lambda r: rt.infinirtIpcGetMemHandle(None), "InvalidValue")],
    "infinirtIpcOpenMemHandle": [
        (lambda r: rt.infinirtIpcOpenMemHandle(
            ok(rt.infinirtIpcGetMemHandle(r.d)), 1), "DeviceUninitialized"),
        (lambda r: rt.infinirtIpcOpenMemHandle(
            ok(rt.infinirtIpcGetMemHandle(r.d)), 2), "InvalidValue")],
    "infinirtIpcCloseMemHandle": [
        (lambda r: rt.infinirtIpcCloseMemHandle(r.d), "InvalidValue"),
        (lambda r: rt.infinirtIpcCloseMemHandle(None), "InvalidValue")],
    # kernel attributes, occupancy, launch forms, symbols
    "infinirtFuncGetAttributes": [
        (lambda r: (r.need_lib(), rt.infinirtFuncGetAttributes(r.k))[1],
         "Success"),
        (lambda r: rt.infinirtFuncGetAttributes(FOREIGN),
         "InvalidDeviceFunction")],
    "infinirtFuncSetAttribute": [
        (lambda r: (r.need_lib(), rt.infinirtFuncSetAttribute(
            r.k, rt.infinirtFuncAttribute.infinirtFuncAttributePreferredSharedMemoryCarveout,
            50))[1], "Success"),
        (lambda r: (r.need_lib(), rt.infinirtFuncSetAttribute(
            r.k, BAD_ENUM, 0))[1], "InvalidValue")],
    "infinirtFuncSetCacheConfig": [
        (lambda r: (r.need_lib(), rt.infinirtFuncSetCacheConfig(r.k, 0))[1],
         "Success"),
        (lambda r: (r.need_lib(), rt.infinirtFuncSetCacheConfig(r.k, 9))[1],
         "InvalidValue")],
    "infinirtFuncSetSharedMemConfig": [
        (lambda r: (r.need_lib(), rt.infinirtFuncSetSharedMemConfig(r.k, 0))[1],
         "Success"),
        (lambda r: (r.need_lib(), rt.infinirtFuncSetSharedMemConfig(r.k, 9))[1],
         "InvalidValue")],
    "infinirtFuncGetName": [
        (lambda r: (r.need_lib(), rt.infinirtFuncGetName(r.k))[1], "Success"),
        (lambda r: rt.infinirtFuncGetName(None), "InvalidDeviceFunction")],
    "infinirtFuncGetParamInfo": [
        (lambda r: (r.need_lib(), rt.infinirtFuncGetParamInfo(r.k_add, 1))[1],
         "Success"),
        (lambda r: (r.need_lib(), rt.infinirtFuncGetParamInfo(r.k_add, 2))[1],
         "InvalidValue")],
    "infinirtOccupancyMaxActiveBlocksPerMultiprocessor": [
        (lambda r: (r.need_lib(),
                    rt.infinirtOccupancyMaxActiveBlocksPerMultiprocessor(
                        r.k, 32, 0))[1], "Success"),
        (lambda r: (r.need_lib(),
                    rt.infinirtOccupancyMaxActiveBlocksPerMultiprocessor(
                        r.k, 0, 0))[1], "InvalidValue")],
    "infinirtOccupancyAvailableDynamicSMemPerBlock": [
        (lambda r: (r.need_lib(),
                    rt.infinirtOccupancyAvailableDynamicSMemPerBlock(
                        r.k, 1, 32))[1], "Success"),
        (lambda r: (r.need_lib(),
                    rt.infinirtOccupancyAvailableDynamicSMemPerBlock(
                        r.k, 0, 32))[1], "InvalidValue")],
    "infinirtOccupancyMaxActiveBlocksPerMultiprocessorWithFlags": [
        (lambda r: (r.need_lib(), rt.infinirtOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
            r.k, 32, 0, 0))[1], "Success"),
        (lambda r: (r.need_lib(), rt.infinirtOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
            r.k, 32, 0, 4))[1], "InvalidValue")],
    "infinirtOccupancyMaxPotentialClusterSize": [
        (lambda r: (r.need_lib(), rt.infinirtOccupancyMaxPotentialClusterSize(
            r.k, r.launch_config()))[1], "NotSupported"),  # no clusters
        (lambda r: (r.need_lib(), rt.infinirtOccupancyMaxPotentialClusterSize(
            r.k, None))[1], "InvalidValue")],
    "infinirtOccupancyMaxActiveClusters": [
        (lambda r: (r.need_lib(), rt.infinirtOccupancyMaxActiveClusters(
            r.k, r.launch_config()))[1], "Success"),
        (lambda r: (r.need_lib(), rt.infinirtOccupancyMaxActiveClusters(
            r.k, None))[1], "InvalidValue")],
    "infinirtLaunchKernelExC": [
        (lambda r: (r.need_lib(), rt.infinirtLaunchKernelExC(
            r.launch_config(r.s), r.k, None))[1], "Success"),
        (lambda r: (r.need_lib(), rt.infinirtLaunchKernelExC(
            None, r.k, None))[1], "InvalidValue")],
    "infinirtLaunchCooperativeKernel": [
        (lambda r: (r.need_lib(), rt.infinirtLaunchCooperativeKernel(
            r.k, 1, 1, [], 0, r.s))[1], "Success"),
        (lambda r: (r.need_lib(), rt.infinirtLaunchCooperativeKernel(
            r.k, (1, 0), 1, None, 0, r.s))[1], "InvalidConfiguration")],
    "infinirtLibraryGetGlobal": [
        (lambda r: (r.need_lib(),
                    rt.infinirtLibraryGetGlobal(r.lib, "kt_scale"))[1],
         "Success"),
        (lambda r: (r.need_lib(),
                    rt.infinirtLibraryGetGlobal(r.lib, None))[1],
         "InvalidValue")],
    "infinirtLibraryGetManaged": [
        (lambda r: (r.need_lib(),
                    rt.infinirtLibraryGetManaged(r.lib, "kt_managed_count"))[1],
         "Success"),
        (lambda r: (r.need_lib(),
                    rt.infinirtLibraryGetManaged(r.lib, "kt_scale"))[1],
         "SymbolNotFound")],
    "infinirtLibraryGetKernelCount": [
        (lambda r: (r.need_lib(), rt.infinirtLibraryGetKernelCount(r.lib))[1],
         "Success"),
        (lambda r: rt.infinirtLibraryGetKernelCount(None),
         "InvalidResourceHandle")],
    "infinirtLibraryEnumerateKernels": [
        (lambda r: (r.need_lib(),
                    rt.infinirtLibraryEnumerateKernels(2, r.lib))[1],
         "Success"),
        (lambda r: rt.infinirtLibraryEnumerateKernels(1, None),
         "InvalidResourceHandle")],
    "infinirtKernelSetAttributeForDevice": [
        (lambda r: (r.need_lib(), rt.infinirtKernelSetAttributeForDevice(
            r.k, rt.infinirtFuncAttribute.infinirtFuncAttributePreferredSharedMemoryCarveout,
            50, 0))[1], "Success"),
        (lambda r: (r.need_lib(), rt.infinirtKernelSetAttributeForDevice(
            r.k, rt.infinirtFuncAttribute.infinirtFuncAttributePreferredSharedMemoryCarveout,
            50, BAD_DEV))[1], "InvalidDevice")],
    "infinirtMemcpyToSymbol": [
        (lambda r: (r.need_lib(), rt.infinirtMemcpyToSymbol(
            r.sym(), r.h, 4, 0, K.infinirtMemcpyHostToDevice))[1], "Success"),
        (lambda r: (r.need_lib(), rt.infinirtMemcpyToSymbol(
            r.sym(), r.h, 4, 0, K.infinirtMemcpyDeviceToHost))[1],
         "InvalidMemcpyDirection")],
    "infinirtMemcpyFromSymbol": [
        (lambda r: (r.need_lib(), rt.infinirtMemcpyFromSymbol(
            r.h, r.sym(), 4, 0, K.infinirtMemcpyDeviceToHost))[1], "Success"),
        (lambda r: (r.need_lib(), rt.infinirtMemcpyFromSymbol(
            r.h, r.sym(), 4, 0, K.infinirtMemcpyHostToDevice))[1],
         "InvalidMemcpyDirection")],
    "infinirtMemcpyToSymbolAsync": [
        (lambda r: (r.need_lib(), rt.infinirtMemcpyToSymbolAsync(
            r.sym(), r.h, 4, 0, K.infinirtMemcpyHostToDevice, r.s))[1],
         "Success"),
        (lambda r: (r.need_lib(), rt.infinirtMemcpyToSymbolAsync(
            r.sym(), r.h, 4, 0, K.infinirtMemcpyHostToDevice, r.dead_s))[1],
         "InvalidResourceHandle")],
    "infinirtMemcpyFromSymbolAsync": [
        (lambda r: (r.need_lib(), rt.infinirtMemcpyFromSymbolAsync(
            r.h, r.sym(), 4, 0, K.infinirtMemcpyDeviceToHost, r.s))[1],
         "Success"),
        (lambda r: (r.need_lib(), rt.infinirtMemcpyFromSymbolAsync(
            r.h, r.sym(), 4, 0, K.infinirtMemcpyDeviceToHost, r.dead_s))[1],
         "InvalidResourceHandle")],
    "infinirtGetSymbolAddress": [
        (lambda r: (r.need_lib(), rt.infinirtGetSymbolAddress(r.sym()))[1],
         "Success"),
        (lambda r: rt.infinirtGetSymbolAddress(FOREIGN), "InvalidSymbol")],
    "infinirtGetSymbolSize": [
        (lambda r: (r.need_lib(), rt.infinirtGetSymbolSize(r.sym()))[1],
         "Success"),
        (lambda r: rt.infinirtGetSymbolSize(None), "InvalidSymbol")],
    # stream capture
    "infinirtStreamBeginCapture": [
        (lambda r: r.capture(lambda s: (E(0),)), "Success"),
        (lambda r: rt.infinirtStreamBeginCapture(r.s, 9), "InvalidValue")],
    "infinirtStreamBeginCaptureToGraph": [
        (lambda r: chain(rt.infinirtStreamBeginCaptureToGraph(
            r.s, r.graph(), None, None, 0, CAPTURE_RELAXED),
            rt.infinirtStreamEndCapture(r.s)), "Success"),
        (lambda r: rt.infinirtStreamBeginCaptureToGraph(
            r.s, r.dead_g, None, None, 0, CAPTURE_RELAXED),
         "InvalidResourceHandle")],
    "infinirtStreamEndCapture": [
        (lambda r: r.capture(lambda s: (E(0),)), "Success"),
        (lambda r: rt.infinirtStreamEndCapture(r.s), "IllegalState")],
    "infinirtStreamIsCapturing": [
        (lambda r: rt.infinirtStreamIsCapturing(r.s), "Success"),
        (lambda r: rt.infinirtStreamIsCapturing(r.dead_s),
         "InvalidResourceHandle")],
    "infinirtStreamGetCaptureInfo": [
        (lambda r: r.capture(lambda s: chain(
            rt.infinirtMemsetAsync(r.d, 0, 64, s),
            rt.infinirtStreamGetCaptureInfo(s))), "Success"),
        (lambda r: rt.infinirtStreamGetCaptureInfo(r.dead_s),
         "InvalidResourceHandle")],
    "infinirtStreamUpdateCaptureDependencies": [
        (lambda r: r.capture(lambda s: rt.infinirtStreamUpdateCaptureDependencies(
            s, [], None, 0, 0)), "Success"),
        (lambda r: r.capture(lambda s: rt.infinirtStreamUpdateCaptureDependencies(
            s, [], None, 0, 7)), "InvalidValue")],
    "infinirtThreadExchangeStreamCaptureMode": [
        (lambda r: r.exchange_mode(), "Success"),
        (lambda r: rt.infinirtThreadExchangeStreamCaptureMode(9),
         "InvalidValue")],
    # graphs
    "infinirtGraphCreate": [
        (lambda r: rt.infinirtGraphDestroy(ok(rt.infinirtGraphCreate(0))),
         "Success"),
        (lambda r: rt.infinirtGraphCreate(1), "InvalidValue")],
    "infinirtGraphDestroy": [
        (lambda r: rt.infinirtGraphDestroy(ok(rt.infinirtGraphCreate(0))),
         "Success"),
        (lambda r: rt.infinirtGraphDestroy(r.dead_g),
         "InvalidResourceHandle")],
    "infinirtGraphAddKernelNode": [
        (lambda r: (r.need_lib(), rt.infinirtGraphAddKernelNode(
            r.g, [r.n], 1, r.kernel_params()))[1], "Success"),
        (lambda r: rt.infinirtGraphAddKernelNode(r.g, [r.n], 1, None),
         "InvalidValue")],
    "infinirtGraphAddMemcpyNode": [
        (lambda r: rt.infinirtGraphAddMemcpyNode(r.g, [r.n], 1, r.copy3d()),
         "Success"),
        (lambda r: rt.infinirtGraphAddMemcpyNode(r.g, [r.n], 1, None),
         "InvalidValue")],
    "infinirtGraphAddMemcpyNode1D": [
        (lambda r: rt.infinirtGraphAddMemcpyNode1D(
            r.g, None, 0, r.d2, r.d, 64, K.infinirtMemcpyDefault), "Success"),
        (lambda r: rt.infinirtGraphAddMemcpyNode1D(
            r.g, None, 0, r.d2, r.d, 0, K.infinirtMemcpyDefault),
         "InvalidValue")],
    "infinirtGraphAddMemsetNode": [
        (lambda r: rt.infinirtGraphAddMemsetNode(r.g, None, 0,
                                                 r.memset_params()),
         "Success"),
        (lambda r: rt.infinirtGraphAddMemsetNode(r.g, None, 0, None),
         "InvalidValue")],
    "infinirtGraphAddHostNode": [
        (lambda r: rt.infinirtGraphAddHostNode(r.g, None, 0, r.host_params()),
         "Success"),
        (lambda r: rt.infinirtGraphAddHostNode(r.g, None, 0,
                                               rt.infinirtHostNodeParams()),
         "InvalidValue")],
    "infinirtGraphAddChildGraphNode": [
        (lambda r: rt.infinirtGraphAddChildGraphNode(r.graph(), None, 0, r.g),
         "Success"),
        (lambda r: rt.infinirtGraphAddChildGraphNode(r.g, None, 0, r.g),
         "InvalidValue")],
    "infinirtGraphAddEmptyNode": [
        (lambda r: rt.infinirtGraphAddEmptyNode(r.g, (r.n, r.n2), 2),
         "Success"),
        (lambda r: rt.infinirtGraphAddEmptyNode(r.dead_g, None, 0),
         "InvalidResourceHandle")],
    "infinirtGraphAddEventRecordNode": [
        (lambda r: rt.infinirtGraphAddEventRecordNode(r.g, None, 0, r.e),
         "Success"),
        (lambda r: rt.infinirtGraphAddEventRecordNode(r.g, None, 0, r.dead_e),
         "InvalidResourceHandle")],
    "infinirtGraphAddEventWaitNode": [
        (lambda r: rt.infinirtGraphAddEventWaitNode(r.g, None, 0, r.e),
         "Success"),
        (lambda r: rt.infinirtGraphAddEventWaitNode(r.g, None, 0, r.dead_e),
         "InvalidResourceHandle")],
    "infinirtGraphAddMemAllocNode": [
        (lambda r: r.node("alloc") and (E(0),), "Success"),
        (lambda r: rt.infinirtGraphAddMemAllocNode(r.g, None, 0, None),
         "InvalidValue")],
    "infinirtGraphAddMemFreeNode": [
        (lambda r: r.node("free") and (E(0),), "Success"),
        (lambda r: rt.infinirtGraphAddMemFreeNode(r.g, None, 0, None),
         "InvalidValue")],
    "infinirtGraphAddNode": [
        (lambda r: rt.infinirtGraphAddNode(r.g, [r.n], None, 1,
                                           r.generic_empty()), "Success"),
        (lambda r: rt.infinirtGraphAddNode(r.g, [r.n], None, 1,
                                           r.generic_empty(reserved=1)),
         "InvalidValue")],
    "infinirtGraphAddDependencies": [
        (lambda r: rt.infinirtGraphAddDependencies(
            r.g, [r.n], [ok(rt.infinirtGraphAddEmptyNode(r.g, None, 0))],
            None, 1), "Success"),
        (lambda r: rt.infinirtGraphAddDependencies(r.g, [r.n], [r.n2], None,
                                                   1), "InvalidValue")],
    "infinirtGraphRemoveDependencies": [
        (lambda r: rt.infinirtGraphRemoveDependencies(r.g, [r.n], [r.n2],
                                                      None, 1), "Success"),
        (lambda r: rt.infinirtGraphRemoveDependencies(r.g, [r.n2], [r.n],
                                                      None, 1),
         "InvalidValue")],
    "infinirtGraphDestroyNode": [
        (lambda r: rt.infinirtGraphDestroyNode(r.n2), "Success"),
        (lambda r: rt.infinirtGraphDestroyNode(r.n2), "InvalidValue")],
    "infinirtGraphClone": [
        (lambda r: rt.infinirtGraphDestroy(ok(rt.infinirtGraphClone(r.g))),
         "Success"),
        (lambda r: rt.infinirtGraphClone(r.dead_g), "InvalidResourceHandle")],
    "infinirtGraphNodeFindInClone": [
        (lambda r: r.find_in_clone(), "Success"),
        (lambda r: rt.infinirtGraphNodeFindInClone(r.n, r.g), "InvalidValue")],
    "infinirtGraphGetNodes": [
        (lambda r: r.expect(rt.infinirtGraphGetNodes(r.g, 4),
                            [[r.n, r.n2], 2]), "Success"),
        (lambda r: rt.infinirtGraphGetNodes(r.dead_g, 0),
         "InvalidResourceHandle")],
    "infinirtGraphGetRootNodes": [
        (lambda r: r.expect(rt.infinirtGraphGetRootNodes(r.g, 1),
                            [[r.n], 1]), "Success"),
        (lambda r: rt.infinirtGraphGetRootNodes(r.dead_g, 0),
         "InvalidResourceHandle")],
    "infinirtGraphGetEdges": [
        (lambda r: r.expect(rt.infinirtGraphGetEdges(r.g, 1),
                            [[r.n], [r.n2], ANY, 1]), "Success"),
        (lambda r: rt.infinirtGraphGetEdges(r.dead_g, 1),
         "InvalidResourceHandle")],
    "infinirtGraphNodeGetDependencies": [
        (lambda r: r.expect(rt.infinirtGraphNodeGetDependencies(r.n2, 1),
                            [[r.n], ANY, 1]), "Success"),
        (lambda r: rt.infinirtGraphNodeGetDependencies(None, 0),
         "InvalidValue")],
    "infinirtGraphNodeGetDependentNodes": [
        (lambda r: r.expect(rt.infinirtGraphNodeGetDependentNodes(r.n, 0),
                            [None, None, 1]), "Success"),
        (lambda r: rt.infinirtGraphNodeGetDependentNodes(None, 0),
         "InvalidValue")],
    "infinirtGraphNodeGetType": [
        (lambda r: r.expect(rt.infinirtGraphNodeGetType(r.n), [
            rt.infinirtGraphNodeType.infinirtGraphNodeTypeEmpty]), "Success"),
        (lambda r: rt.infinirtGraphNodeGetType(None), "InvalidValue")],
}


def batch_attrs():
    a = rt.infinirtMemcpyAttributes()
    a.srcAccessOrder = \
        rt.infinirtMemcpySrcAccessOrder.infinirtMemcpySrcAccessOrderStream
    return a


def access_rw():
    d = rt.infinirtMemAccessDesc()
    d.location = loc()
    d.flags = rt.infinirtMemAccessFlags.infinirtMemAccessFlagsProtReadWrite
    return d


def node_cases():
    """Cases of the per-node-type calls (Get/Set params, events, exec)."""
    KN = rt.infinirtGraphNodeType
    return {
        "infinirtGraphKernelNodeGetParams": [
            (lambda r: rt.infinirtGraphKernelNodeGetParams(r.node("kernel")[1]),
             "Success"),
            (lambda r: rt.infinirtGraphKernelNodeGetParams(r.n),
             "InvalidValue")],
        "infinirtGraphKernelNodeSetParams": [
            (lambda r: rt.infinirtGraphKernelNodeSetParams(
                r.node("kernel")[1], r.kernel_params()), "Success"),
            (lambda r: rt.infinirtGraphKernelNodeSetParams(
                r.node("kernel")[1], None), "InvalidValue")],
        "infinirtGraphMemcpyNodeGetParams": [
            (lambda r: rt.infinirtGraphMemcpyNodeGetParams(r.node("memcpy")[1]),
             "Success"),
            (lambda r: rt.infinirtGraphMemcpyNodeGetParams(r.n),
             "InvalidValue")],
        "infinirtGraphMemcpyNodeSetParams": [
            (lambda r: rt.infinirtGraphMemcpyNodeSetParams(
                r.node("memcpy")[1], r.copy3d()), "Success"),
            (lambda r: rt.infinirtGraphMemcpyNodeSetParams(
                r.node("memcpy")[1], None), "InvalidValue")],
        "infinirtGraphMemcpyNodeSetParams1D": [
            (lambda r: rt.infinirtGraphMemcpyNodeSetParams1D(
                r.node("memcpy")[1], r.d2, r.d, 64, K.infinirtMemcpyDefault),
             "Success"),
            (lambda r: rt.infinirtGraphMemcpyNodeSetParams1D(
                r.node("memcpy")[1], r.d2, r.d, 64, 99),
             "InvalidMemcpyDirection")],
        "infinirtGraphMemsetNodeGetParams": [
            (lambda r: rt.infinirtGraphMemsetNodeGetParams(r.node("memset")[1]),
             "Success"),
            (lambda r: rt.infinirtGraphMemsetNodeGetParams(r.n),
             "InvalidValue")],
        "infinirtGraphMemsetNodeSetParams": [
            (lambda r: rt.infinirtGraphMemsetNodeSetParams(
                r.node("memset")[1], r.memset_params()), "Success"),
            (lambda r: rt.infinirtGraphMemsetNodeSetParams(
                r.node("memset")[1], None), "InvalidValue")],
        "infinirtGraphHostNodeGetParams": [
            (lambda r: rt.infinirtGraphHostNodeGetParams(r.node("host")[1]),
             "Success"),
            (lambda r: rt.infinirtGraphHostNodeGetParams(r.n),
             "InvalidValue")],
        "infinirtGraphHostNodeSetParams": [
            (lambda r: rt.infinirtGraphHostNodeSetParams(
                r.node("host")[1], r.host_params()), "Success"),
            (lambda r: rt.infinirtGraphHostNodeSetParams(
                r.node("host")[1], None), "InvalidValue")],
        "infinirtGraphChildGraphNodeGetGraph": [
            (lambda r: rt.infinirtGraphChildGraphNodeGetGraph(
                r.node("child")[1]), "Success"),
            (lambda r: rt.infinirtGraphChildGraphNodeGetGraph(r.n),
             "InvalidValue")],
        "infinirtGraphEventRecordNodeGetEvent": [
            (lambda r: r.expect(rt.infinirtGraphEventRecordNodeGetEvent(
                r.node("record")[1]), [r.e]), "Success"),
            (lambda r: rt.infinirtGraphEventRecordNodeGetEvent(r.n),
             "InvalidValue")],
        "infinirtGraphEventRecordNodeSetEvent": [
            (lambda r: rt.infinirtGraphEventRecordNodeSetEvent(
                r.node("record")[1], r.e2), "Success"),
            (lambda r: rt.infinirtGraphEventRecordNodeSetEvent(
                r.node("record")[1], r.dead_e), "InvalidResourceHandle")],
        "infinirtGraphEventWaitNodeGetEvent": [
            (lambda r: r.expect(rt.infinirtGraphEventWaitNodeGetEvent(
                r.node("wait")[1]), [r.e]), "Success"),
            (lambda r: rt.infinirtGraphEventWaitNodeGetEvent(r.n),
             "InvalidValue")],
        "infinirtGraphEventWaitNodeSetEvent": [
            (lambda r: rt.infinirtGraphEventWaitNodeSetEvent(
                r.node("wait")[1], r.e2), "Success"),
            (lambda r: rt.infinirtGraphEventWaitNodeSetEvent(
                r.node("wait")[1], r.dead_e), "InvalidResourceHandle")],
        "infinirtGraphMemAllocNodeGetParams": [
            (lambda r: rt.infinirtGraphMemAllocNodeGetParams(
                r.node("alloc")[1]), "Success"),
            (lambda r: rt.infinirtGraphMemAllocNodeGetParams(r.n),
             "InvalidValue")],
        "infinirtGraphMemFreeNodeGetParams": [
            (lambda r: rt.infinirtGraphMemFreeNodeGetParams(
                r.node("free")[1]), "Success"),
            (lambda r: rt.infinirtGraphMemFreeNodeGetParams(r.n),
             "InvalidValue")],
        "infinirtGraphNodeSetParams": [
            (lambda r: rt.infinirtGraphNodeSetParams(
                r.node("memset")[1], r.generic_memset()), "Success"),
            (lambda r: rt.infinirtGraphNodeSetParams(
                r.node("memset")[1], r.generic_empty()), "InvalidValue")],
        "infinirtGraphDebugDotPrint": [
            (lambda r: rt.infinirtGraphDebugDotPrint(
                r.g, os.path.join(r.tmp, "g.dot"), 0), "Success"),
            (lambda r: rt.infinirtGraphDebugDotPrint(r.g, None, 0),
             "InvalidValue")],
        "infinirtGraphInstantiate": [
            (lambda r: rt.infinirtGraphExecDestroy(ok(
                rt.infinirtGraphInstantiate(r.g, 0))), "Success"),
            (lambda r: rt.infinirtGraphInstantiate(r.g, 1 << 40),
             "InvalidValue")],
        "infinirtGraphInstantiateWithFlags": [
            (lambda r: rt.infinirtGraphExecDestroy(ok(
                rt.infinirtGraphInstantiateWithFlags(r.g, 1))), "Success"),
            (lambda r: rt.infinirtGraphInstantiateWithFlags(r.dead_g, 0),
             "InvalidResourceHandle")],
        "infinirtGraphInstantiateWithParams": [
            (lambda r: rt.infinirtGraphExecDestroy(ok(
                rt.infinirtGraphInstantiateWithParams(
                    r.g, rt.infinirtGraphInstantiateParams()))), "Success"),
            (lambda r: rt.infinirtGraphInstantiateWithParams(r.g, None),
             "InvalidValue")],
        "infinirtGraphExecGetFlags": [
            (lambda r: r.expect(rt.infinirtGraphExecGetFlags(r.x), [0]),
             "Success"),
            (lambda r: rt.infinirtGraphExecGetFlags(r.dead_x),
             "InvalidResourceHandle")],
        "infinirtGraphUpload": [
            (lambda r: rt.infinirtGraphUpload(r.x, r.s), "Success"),
            (lambda r: rt.infinirtGraphUpload(r.x, r.dead_s),
             "InvalidResourceHandle")],
        "infinirtGraphLaunch": [
            (lambda r: rt.infinirtGraphLaunch(r.x, r.s), "Success"),
            (lambda r: rt.infinirtGraphLaunch(r.dead_x, r.s),
             "InvalidResourceHandle")],
        "infinirtGraphExecDestroy": [
            (lambda r: rt.infinirtGraphExecDestroy(ok(
                rt.infinirtGraphInstantiate(r.g, 0))), "Success"),
            (lambda r: rt.infinirtGraphExecDestroy(r.dead_x),
             "InvalidResourceHandle")],
        "infinirtGraphExecKernelNodeSetParams": [
            (lambda r: r.on_exec("kernel", lambda x, n: rt.infinirtGraphExecKernelNodeSetParams(
                x, n, r.kernel_params())), "Success"),
            (lambda r: r.on_exec("kernel", lambda x, n: rt.infinirtGraphExecKernelNodeSetParams(
                x, n, None)), "InvalidValue")],
        "infinirtGraphExecMemcpyNodeSetParams": [
            (lambda r: r.on_exec("memcpy", lambda x, n: rt.infinirtGraphExecMemcpyNodeSetParams(
                x, n, r.copy3d())), "Success"),
            (lambda r: r.on_exec("memcpy", lambda x, n: rt.infinirtGraphExecMemcpyNodeSetParams(
                x, n, None)), "InvalidValue")],
        "infinirtGraphExecMemcpyNodeSetParams1D": [
            (lambda r: r.on_exec("memcpy", lambda x, n: rt.infinirtGraphExecMemcpyNodeSetParams1D(
                x, n, r.d2, r.d, 64, K.infinirtMemcpyDefault)), "Success"),
            (lambda r: r.on_exec("memcpy", lambda x, n: rt.infinirtGraphExecMemcpyNodeSetParams1D(
                x, n, r.d2, r.d, 0, K.infinirtMemcpyDefault)), "InvalidValue")],
        "infinirtGraphExecMemsetNodeSetParams": [
            (lambda r: r.on_exec("memset", lambda x, n: rt.infinirtGraphExecMemsetNodeSetParams(
                x, n, r.memset_params())), "Success"),
            (lambda r: r.on_exec("memset", lambda x, n: rt.infinirtGraphExecMemsetNodeSetParams(
                x, n, None)), "InvalidValue")],
        "infinirtGraphExecHostNodeSetParams": [
            (lambda r: r.on_exec("host", lambda x, n: rt.infinirtGraphExecHostNodeSetParams(
                x, n, r.host_params())), "Success"),
            (lambda r: r.on_exec("host", lambda x, n: rt.infinirtGraphExecHostNodeSetParams(
                x, n, None)), "InvalidValue")],
        "infinirtGraphExecChildGraphNodeSetParams": [
            (lambda r: r.on_exec("child", lambda x, n: rt.infinirtGraphExecChildGraphNodeSetParams(
                x, n, r.g)), "Success"),
            (lambda r: r.on_exec("child", lambda x, n: rt.infinirtGraphExecChildGraphNodeSetParams(
                x, n, r.dead_g)), "InvalidResourceHandle")],
        "infinirtGraphExecEventRecordNodeSetEvent": [
            (lambda r: r.on_exec("record", lambda x, n: rt.infinirtGraphExecEventRecordNodeSetEvent(
                x, n, r.e2)), "Success"),
            (lambda r: r.on_exec("record", lambda x, n: rt.infinirtGraphExecEventRecordNodeSetEvent(
                x, n, r.dead_e)), "InvalidResourceHandle")],
        "infinirtGraphExecEventWaitNodeSetEvent": [
            (lambda r: r.on_exec("wait", lambda x, n: rt.infinirtGraphExecEventWaitNodeSetEvent(
                x, n, r.e2)), "Success"),
            (lambda r: r.on_exec("wait", lambda x, n: rt.infinirtGraphExecEventWaitNodeSetEvent(
                x, n, r.dead_e)), "InvalidResourceHandle")],
        "infinirtGraphExecNodeSetParams": [
            (lambda r: r.on_exec("memset", lambda x, n: rt.infinirtGraphExecNodeSetParams(
                x, n, r.generic_memset())), "Success"),
            (lambda r: r.on_exec("memset", lambda x, n: rt.infinirtGraphExecNodeSetParams(
                x, n, r.generic_empty(reserved=1))), "InvalidValue")],
        "infinirtGraphNodeSetEnabled": [
            (lambda r: r.on_exec("memset", lambda x, n:
                                 rt.infinirtGraphNodeSetEnabled(x, n, 0)),
             "Success"),
            (lambda r: rt.infinirtGraphNodeSetEnabled(r.dead_x, r.n, 0),
             "InvalidResourceHandle")],
        "infinirtGraphNodeGetEnabled": [
            (lambda r: r.on_exec("memset", lambda x, n: r.expect(
                rt.infinirtGraphNodeGetEnabled(x, n), [1])), "Success"),
            (lambda r: rt.infinirtGraphNodeGetEnabled(r.dead_x, r.n),
             "InvalidResourceHandle")],
        "infinirtGraphExecUpdate": [
            (lambda r: rt.infinirtGraphExecUpdate(r.x, r.g), "Success"),
            (lambda r: r.exec_update_fails(), "GraphExecUpdateFailure")],
        "infinirtDeviceGraphMemTrim": [
            (lambda r: rt.infinirtDeviceGraphMemTrim(0), "Success"),
            (lambda r: rt.infinirtDeviceGraphMemTrim(BAD_DEV),
             "InvalidDevice")],
        "infinirtDeviceGetGraphMemAttribute": [
            (lambda r: rt.infinirtDeviceGetGraphMemAttribute(
                0, GRAPH_MEM.infinirtGraphMemAttrUsedMemCurrent), "Success"),
            (lambda r: rt.infinirtDeviceGetGraphMemAttribute(0, BAD_ENUM),
             "InvalidValue")],
        "infinirtDeviceSetGraphMemAttribute": [
            (lambda r: rt.infinirtDeviceSetGraphMemAttribute(
                0, GRAPH_MEM.infinirtGraphMemAttrUsedMemHigh, 0), "Success"),
            (lambda r: rt.infinirtDeviceSetGraphMemAttribute(
                0, GRAPH_MEM.infinirtGraphMemAttrUsedMemCurrent, 0),
             "InvalidValue")],
        # profiler, extensions
        "infinirtProfilerStart": [
            (lambda r: rt.infinirtProfilerStart(), "Success")],
        "infinirtProfilerStop": [
            (lambda r: rt.infinirtProfilerStop(), "Success")],
        "infinirtExtGetVersion": [
            (lambda r: r.expect(rt.infinirtExtGetVersion(),
                                [rt.INFINIRT_VERSION]), "Success")],
        "infinirtExtSetDeviceType": [
            (lambda r: rt.infinirtExtSetDeviceType(
                rt.infinirtDeviceType.infinirtDeviceTypeCpu), "Success"),
            (lambda r: rt.infinirtExtSetDeviceType(BAD_ENUM), "InvalidValue")],
        "infinirtExtGetDeviceType": [
            (lambda r: r.expect(rt.infinirtExtGetDeviceType(), [
                rt.infinirtDeviceType.infinirtDeviceTypeCpu]), "Success")],
        "infinirtExtGetBackendStatus": [
            (lambda r: rt.infinirtExtGetBackendStatus(0), "Success"),
            (lambda r: rt.infinirtExtGetBackendStatus(BAD_ENUM),
             "InvalidValue")],
        "infinirtExtGetNativeHandle": [
            (lambda r: rt.infinirtExtGetNativeHandle(0, r.s), "NotSupported"),
            (lambda r: rt.infinirtExtGetNativeHandle(BAD_ENUM, r.s),
             "InvalidValue")],
        "infinirtExtStreamFromNative": [
            # The CPU has no native streams (test_runtime_nvidia.py wraps a
            # CUDA one).
            (lambda r: rt.infinirtExtStreamFromNative(0x1000),
             "NotSupported"),
            (lambda r: rt.infinirtExtStreamFromNative(0), "InvalidValue")],
        "infinirtExtGetLastErrorDetail": [
            (lambda r: (rt.infinirtSetDevice(-1),
                        rt.infinirtExtGetLastErrorDetail())[1], "Success")],
        "infinirtExtGetDeviceTypeName": [
            (lambda r: r.expect(rt.infinirtExtGetDeviceTypeName(0), ["cpu"]),
             "Success"),
            (lambda r: r.expect(rt.infinirtExtGetDeviceTypeName(BAD_ENUM),
                                ["unknown"]), "Success")],
    }


CALLS.update(node_cases())


# Helpers of the cases that need a few steps, added to R.
def _host_fn_call(self, fn):
    """fn() called from a host function on stream s; its result."""
    out = []
    ok(rt.infinirtLaunchHostFunc(self.s, lambda d: out.append(fn()), None))
    ok(rt.infinirtStreamSynchronize(self.s))
    return out[0]


def _managed(self):
    p = ok(rt.infinirtMallocManaged(4096, rt.infinirtMemAttachGlobal))
    self.undo.append(lambda: rt.infinirtFree(p))
    return p


def _sym(self):
    self.need_lib()
    return ok(rt.infinirtLibraryGetGlobal(self.lib, "kt_coeffs"))[0]


def _exchange_mode(self):
    err, old = rt.infinirtThreadExchangeStreamCaptureMode(CAPTURE_RELAXED)
    assert err == E.infinirtSuccess
    err, mine = rt.infinirtThreadExchangeStreamCaptureMode(old)
    assert mine == CAPTURE_RELAXED
    return (err, mine)


def _find_in_clone(self):
    c = ok(rt.infinirtGraphClone(self.g))
    self.undo.append(lambda: rt.infinirtGraphDestroy(c))
    return rt.infinirtGraphNodeFindInClone(self.n2, c)


def _expect(self, result, outputs):
    got = [x if want is not ANY else ANY
           for x, want in zip(result[1:], outputs)]
    assert got == outputs and len(result) == len(outputs) + 1, (result,
                                                                 outputs)
    return result


def _on_exec(self, kind, fn):
    x, n = self.exec_node(kind)
    return fn(x, n)


def _exec_update_fails(self):
    other = self.graph()     # a different topology: no nodes
    err, info = rt.infinirtGraphExecUpdate(self.x, other)
    assert info.result == \
        rt.infinirtGraphExecUpdateResult.infinirtGraphExecUpdateErrorTopologyChanged
    return (err, info)


R.host_fn_call = _host_fn_call
R.managed = _managed
R.sym = _sym
R.exchange_mode = _exchange_mode
R.find_in_clone = _find_in_clone
R.expect = _expect
R.on_exec = _on_exec
R.exec_update_fails = _exec_update_fails


@pytest.fixture
def r(tmp_path):
    res = R()
    res.tmp = str(tmp_path)
    yield res
    res.close()


def test_every_function_has_cases():
    missing = [n for n in rt.FUNCTIONS if n not in CALLS]
    assert not missing
    extra = [n for n in CALLS if n not in rt.FUNCTIONS]
    assert not extra
    # A function without outputs to fail on has a bad case besides its good
    # one; those only reporting (no argument can be bad) are listed here.
    no_bad_argument = {
        "infinirtRuntimeGetVersion", "infinirtDriverGetVersion",
        "infinirtGetDeviceCount", "infinirtGetDevice", "infinirtMemGetInfo",
        "infinirtDeviceGetCacheConfig", "infinirtDeviceGetSharedMemConfig",
        "infinirtCtxResetPersistingL2Cache", "infinirtGetDeviceFlags",
        "infinirtDeviceGetStreamPriorityRange", "infinirtStreamCreate",
        "infinirtEventCreate", "infinirtProfilerStart",
        "infinirtProfilerStop", "infinirtExtGetVersion",
        "infinirtExtGetDeviceType", "infinirtExtGetLastErrorDetail"}
    for name, cases in CALLS.items():
        if name not in no_bad_argument:
            assert any(c[1] != "Success" for c in cases) or \
                name.startswith("infinirtGetError") or \
                name in ("infinirtPointerGetAttributes",
                         "infinirtExtGetDeviceTypeName"), name


def destroyed(create, destroy):
    h = ok(create())
    ok(destroy(h))
    return h


def test_destroyed_handles():
    """A handle passed right after its destruction (before any allocation
    can reuse its address) is refused as the headers say."""
    IRH, IV = E.infinirtErrorInvalidResourceHandle, E.infinirtErrorInvalidValue
    s = destroyed(rt.infinirtStreamCreate, rt.infinirtStreamDestroy)
    assert rt.infinirtStreamQuery(s) == (IRH,)
    assert rt.infinirtStreamSynchronize(s) == (IRH,)
    assert rt.infinirtStreamDestroy(s) == (IRH,)
    e = destroyed(rt.infinirtEventCreate, rt.infinirtEventDestroy)
    assert rt.infinirtEventQuery(e) == (IRH,)
    assert rt.infinirtEventDestroy(e) == (IRH,)
    g = destroyed(lambda: rt.infinirtGraphCreate(0), rt.infinirtGraphDestroy)
    assert rt.infinirtGraphGetNodes(g, 0)[0] == IRH
    assert rt.infinirtGraphDestroy(g) == (IRH,)
    g = ok(rt.infinirtGraphCreate(0))
    n = destroyed(lambda: rt.infinirtGraphAddEmptyNode(g, None, 0),
                  rt.infinirtGraphDestroyNode)
    assert rt.infinirtGraphNodeGetType(n)[0] == IV
    assert rt.infinirtGraphDestroyNode(n) == (IV,)
    x = destroyed(lambda: rt.infinirtGraphInstantiate(g, 0),
                  rt.infinirtGraphExecDestroy)
    assert rt.infinirtGraphLaunch(x, 0) == (IRH,)
    assert rt.infinirtGraphExecDestroy(x) == (IRH,)
    ok(rt.infinirtGraphDestroy(g))
    props = rt.infinirtMemPoolProps()
    props.allocType = PINNED
    props.location = loc()
    p = destroyed(lambda: rt.infinirtMemPoolCreate(props),
                  rt.infinirtMemPoolDestroy)
    assert rt.infinirtMemPoolTrimTo(p, 0) == (IV,)
    assert rt.infinirtMemPoolDestroy(p) == (IV,)
    if KERNELS and os.path.exists(KERNELS):
        lib = destroyed(lambda: rt.infinirtLibraryLoadFromFile(
            KERNELS, None, None, 0, None, None, 0), rt.infinirtLibraryUnload)
        assert rt.infinirtLibraryGetKernel(lib, "kt_empty")[0] == IRH
        assert rt.infinirtLibraryUnload(lib) == (IRH,)
    rt.infinirtGetLastError()


@pytest.mark.parametrize("name", sorted(CALLS))
def test_call(r, name):
    for k, (call, expected) in enumerate(CALLS[name]):
        result = call(r)
        assert isinstance(result, tuple), (name, k, result)
        err = result[0]
        assert err == getattr(E, "infinirt" + ("Success" if expected ==
                                                "Success" else "Error" +
                                                expected)), (
            name, k, err, rt.infinirtExtGetLastErrorDetail()[1])
        assert isinstance(err, E)
        rt.infinirtGetLastError()
