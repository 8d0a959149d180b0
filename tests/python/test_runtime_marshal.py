"""Argument conversion of infinirt.runtime: what each C type accepts, and
TypeError/ValueError (never an infinirt error) for what it does not."""
import ctypes
import os
import sys

import numpy as np
import pytest

import infinirt.runtime as rt
from conftest import ok

E = rt.infinirtError_t
K = rt.infinirtMemcpyKind


@pytest.mark.parametrize("call, exc", [
    (lambda: rt.infinirtMalloc("16"), TypeError),
    (lambda: rt.infinirtMalloc(1.5), TypeError),
    (lambda: rt.infinirtMalloc(), TypeError),
    (lambda: rt.infinirtMalloc(16, 0), TypeError),
    (lambda: rt.infinirtMalloc(-1), ValueError),
    (lambda: rt.infinirtMalloc(1 << 64), ValueError),
    (lambda: rt.infinirtSetDevice(1 << 40), ValueError),
    (lambda: rt.infinirtStreamQuery("stream"), TypeError),
    (lambda: rt.infinirtStreamQuery(0.0), TypeError),
    (lambda: rt.infinirtStreamQuery(-(1 << 64)), ValueError),
    (lambda: rt.infinirtFree("x"), TypeError),
    (lambda: rt.infinirtFree(2.0), TypeError),
    (lambda: rt.infinirtMemcpy3D(rt.infinirtExtent()), TypeError),
    (lambda: rt.infinirtMemcpy3D(object()), TypeError),
    (lambda: rt.infinirtMalloc3D(None), TypeError),
    (lambda: rt.infinirtLaunchHostFunc(0, 42, None), TypeError),
    (lambda: rt.infinirtStreamAddCallback(0, "f", None, 0), TypeError),
    (lambda: rt.infinirtGraphAddEmptyNode(0, 5, 1), TypeError),
    (lambda: rt.infinirtGraphAddEmptyNode(0, [], 1), ValueError),
    (lambda: rt.infinirtGraphAddEmptyNode(0, ["n"], 1), TypeError),
    (lambda: rt.infinirtLaunchKernel(0, (1, 1, 1, 1), 1, None, 0, 0),
     ValueError),
    (lambda: rt.infinirtLaunchKernel(0, (), 1, None, 0, 0), ValueError),
    (lambda: rt.infinirtLaunchKernel(0, 1.0, 1, None, 0, 0), TypeError),
    (lambda: rt.infinirtLaunchKernel(0, 1, 1, "args", 0, 0), TypeError),
    (lambda: rt.infinirtLaunchKernel(0, 1, 1, [1.5], 0, 0), TypeError),
    (lambda: rt.infinirtGraphDebugDotPrint(0, "a\0b", 0), ValueError),
    (lambda: rt.infinirtGraphDebugDotPrint(0, 5, 0), TypeError),
    (lambda: rt.infinirtMemPoolSetAttribute(0, 1, "v"), TypeError),
    (lambda: rt.infinirtDeviceGetPCIBusId(-1 << 40, 0), ValueError),
])
def test_marshalling_errors(call, exc):
    before = rt.infinirtPeekAtLastError()
    with pytest.raises(exc):
        call()
    assert rt.infinirtPeekAtLastError() == before  # no C call was made


def test_addresses_from_objects():
    n = 64
    src = np.arange(n, dtype=np.uint8)
    dst = np.zeros(n, dtype=np.uint8)
    d = ok(rt.infinirtMalloc(n))
    # __array_interface__: the array's data pointer.
    ok(rt.infinirtMemcpy(d, src, n, K.infinirtMemcpyHostToDevice))
    ok(rt.infinirtMemcpy(dst, d, n, K.infinirtMemcpyDeviceToHost))
    assert (dst == src).all()
    # bytes for a const void *, an int, an object with __index__.
    ok(rt.infinirtMemcpy(d, bytes(range(100, 164)), n,
                         K.infinirtMemcpyHostToDevice))
    buf = (ctypes.c_ubyte * n)()
    ok(rt.infinirtMemcpy(ctypes.addressof(buf), d, n,
                         K.infinirtMemcpyDeviceToHost))
    assert bytes(buf) == bytes(range(100, 164))

    class Addr:
        def __init__(self, v):
            self.v = v

        def __index__(self):
            return self.v

    ok(rt.infinirtMemset(Addr(d), 3, n))

    class Cai:  # a producer of CUDA memory, as CuPy and PyTorch show it
        def __init__(self, ptr):
            self.__cuda_array_interface__ = {
                "shape": (n,), "typestr": "|u1", "data": (ptr, False),
                "version": 3}

    ok(rt.infinirtMemset(Cai(d), 3, n))
    ok(rt.infinirtMemcpy(dst, d, n, K.infinirtMemcpyDeviceToHost))
    assert (dst == 3).all()
    ok(rt.infinirtFree(d))


def test_dim3_forms():
    s = rt.infinirtDim3(2, 3, 4)
    cfg_grid = rt.infinirtLaunchConfig_t()
    cfg_grid.gridDim = s
    # The launch checks the dimensions before the kernel: 0 anywhere is
    # InvalidConfiguration whatever the form.
    for dims in [0, (1, 0), (1, 1, 0), rt.infinirtDim3(1, 1, 0)]:
        assert rt.infinirtLaunchKernel(0, dims, 1, None, 0, 0)[0] == \
            E.infinirtErrorInvalidConfiguration
    rt.infinirtGetLastError()


def test_no_references_leaked():
    data = [None]
    lst = []
    before = (sys.getrefcount(data), sys.getrefcount(lst))
    g = ok(rt.infinirtGraphCreate(0))
    for _ in range(50):
        rt.infinirtGraphAddEmptyNode(g, lst, 0)
        rt.infinirtLaunchHostFunc(0, lambda d: None, data)
        rt.infinirtGetErrorName(1)
        rt.infinirtGetDeviceProperties(0)
    ok(rt.infinirtStreamSynchronize(0))
    ok(rt.infinirtGraphDestroy(g))
    assert (sys.getrefcount(data), sys.getrefcount(lst)) == before


def test_inout_and_count_outputs():
    g = ok(rt.infinirtGraphCreate(0))
    a = ok(rt.infinirtGraphAddEmptyNode(g, None, 0))
    b = ok(rt.infinirtGraphAddEmptyNode(g, [a], 1))
    c = ok(rt.infinirtGraphAddEmptyNode(g, [a, b], 2))
    # count 0: only the count.
    assert rt.infinirtGraphGetNodes(g, 0) == (E.infinirtSuccess, None, 3)
    # fewer than there are: that many; more: those there are.
    assert rt.infinirtGraphGetNodes(g, 2) == (E.infinirtSuccess, [a, b], 2)
    assert rt.infinirtGraphGetNodes(g, 8) == (E.infinirtSuccess, [a, b, c], 3)
    err, deps, edges, n = rt.infinirtGraphNodeGetDependencies(c, 2)
    assert (deps, n) == ([a, b], 2) and len(edges) == 2
    assert all(bytes(e) == bytes(8) for e in edges)
    ok(rt.infinirtGraphDestroy(g))
    mode = rt.infinirtStreamCaptureMode
    err, old = rt.infinirtThreadExchangeStreamCaptureMode(
        mode.infinirtStreamCaptureModeRelaxed)
    assert err == E.infinirtSuccess and type(old) is mode
    err, mine = rt.infinirtThreadExchangeStreamCaptureMode(old)
    assert mine is mode.infinirtStreamCaptureModeRelaxed


def test_capture_info_outputs(stream):
    ok(rt.infinirtStreamBeginCapture(
        stream, rt.infinirtStreamCaptureMode.infinirtStreamCaptureModeGlobal))
    d = ok(rt.infinirtMallocAsync(64, stream))
    ok(rt.infinirtMemsetAsync(d, 0, 64, stream))
    status, cid, graph, deps, edges, n = ok(
        rt.infinirtStreamGetCaptureInfo(stream))
    assert status is \
        rt.infinirtStreamCaptureStatus.infinirtStreamCaptureStatusActive
    assert cid > 0 and type(graph) is rt.infinirtGraph_t and n == 1
    assert len(deps) == 1 and type(deps[0]) is rt.infinirtGraphNode_t
    ok(rt.infinirtFreeAsync(d, stream))
    g = ok(rt.infinirtStreamEndCapture(stream))
    assert g == graph
    ok(rt.infinirtGraphDestroy(g))


def test_string_outputs():
    err, name = rt.infinirtExtGetDeviceTypeName(0)
    assert (err, name) == (E.infinirtSuccess, "cpu")
    err, count, reason = rt.infinirtExtGetBackendStatus(
        rt.infinirtDeviceType.infinirtDeviceTypeNvidia)
    assert err == E.infinirtSuccess
    assert (count == 0) == isinstance(reason, str)
    rt.infinirtSetDevice(-1)
    err, detail = rt.infinirtExtGetLastErrorDetail()
    assert "infinirtSetDevice" in detail
    rt.infinirtGetLastError()


KERNELS = os.environ.get("INFINIRT_PY_TEST_KERNELS", "")


@pytest.mark.skipif(not os.path.exists(KERNELS),
                    reason="no test kernel library (INFINIRT_PY_TEST_KERNELS)")
def test_kernel_args_as_addresses():
    """void **args: a sequence of the addresses of each argument's value,
    or the address of a C array of them."""
    lib = ok(rt.infinirtLibraryLoadData(open(KERNELS, "rb").read(), None,
                                        None, 0, None, None, 0))
    k = ok(rt.infinirtLibraryGetKernel(lib, "kt_add_one"))
    n = 100
    a = np.zeros(n, dtype=np.int32)
    d = ok(rt.infinirtMalloc(a.nbytes))
    ok(rt.infinirtMemcpy(d, a, a.nbytes, K.infinirtMemcpyHostToDevice))
    p, count = ctypes.c_void_p(d), ctypes.c_uint(n)
    addrs = [ctypes.addressof(p), ctypes.addressof(count)]
    ok(rt.infinirtLaunchKernel(k, (n + 31) // 32, 32, addrs, 0, 0))
    array = (ctypes.c_void_p * 2)(*addrs)
    ok(rt.infinirtLaunchKernel(k, rt.infinirtDim3(4, 1, 1), (32, 1),
                               ctypes.addressof(array), 0, 0))
    ok(rt.infinirtMemcpy(a, d, a.nbytes, K.infinirtMemcpyDeviceToHost))
    assert (a == 2).all()
    off, size = ok(rt.infinirtFuncGetParamInfo(k, 1))
    assert size == 4 and off >= 8
    ok(rt.infinirtFree(d))
    ok(rt.infinirtLibraryUnload(lib))


def test_bytes_refused_where_work_is_queued():
    """A bytes source is fine for a synchronous copy; a queued copy would
    read it after the wrapper released it, so the calls with a stream
    refuse it."""
    err, d = rt.infinirtMalloc(8)
    assert err == 0
    H2D = rt.infinirtMemcpyKind.infinirtMemcpyHostToDevice
    assert rt.infinirtMemcpy(d, b"12345678", 8, H2D)[0] == 0
    with pytest.raises(TypeError, match="queued"):
        rt.infinirtMemcpyAsync(d, b"12345678", 8, H2D, None)
    assert rt.infinirtFree(d)[0] == 0
