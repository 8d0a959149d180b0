"""The low layer on the NVIDIA backend: skipped with the reason where there
is no NVIDIA device (or no PyTorch/CuPy with CUDA for the interop cases)."""
import ctypes
import threading

import pytest

import infinirt.runtime as rt
from conftest import ok

E = rt.infinirtError_t
K = rt.infinirtMemcpyKind
NV = rt.infinirtDeviceType.infinirtDeviceTypeNvidia

_err, _count, _reason = rt.infinirtExtGetBackendStatus(NV)
pytestmark = pytest.mark.skipif(
    not _count, reason="no NVIDIA device: %s" % (_reason or "count 0"))


@pytest.fixture(autouse=True)
def nvidia():
    """The NVIDIA backend current on the test's thread."""
    err, old = rt.infinirtExtGetDeviceType()
    ok(rt.infinirtExtSetDeviceType(NV))
    yield
    rt.infinirtExtSetDeviceType(old)


def test_memory_round_trip_and_properties():
    n = 1 << 16
    d = ok(rt.infinirtMalloc(n))
    src = (ctypes.c_ubyte * n)(*([7] * n))
    dst = (ctypes.c_ubyte * n)()
    ok(rt.infinirtMemcpy(d, ctypes.addressof(src), n,
                         K.infinirtMemcpyHostToDevice))
    ok(rt.infinirtMemcpy(ctypes.addressof(dst), d, n,
                         K.infinirtMemcpyDeviceToHost))
    assert bytes(dst) == bytes(src)
    attrs = ok(rt.infinirtPointerGetAttributes(d))
    assert attrs.type == rt.infinirtMemoryType.infinirtMemoryTypeDevice
    ok(rt.infinirtFree(d))
    prop = ok(rt.infinirtGetDeviceProperties(0))
    assert prop.name and prop.major >= 1
    assert ok(rt.infinirtDeviceGetPCIBusId(32, 0))


def test_native_stream_handle_and_host_fn():
    s = ok(rt.infinirtStreamCreate())
    native = ok(rt.infinirtExtGetNativeHandle(
        rt.infinirtExtHandleKind.infinirtExtHandleStream, s))
    assert native
    release, seen = threading.Event(), []
    ok(rt.infinirtLaunchHostFunc(s, lambda d: (seen.append(d),
                                               release.wait(10)), "x"))
    result = []
    t = threading.Thread(target=lambda: result.append(
        rt.infinirtStreamSynchronize(s)))
    t.start()
    t.join(0.2)
    assert t.is_alive()  # blocked, and this thread still runs Python
    release.set()
    t.join(10)
    assert result == [(E.infinirtSuccess,)] and seen == ["x"]
    ok(rt.infinirtStreamDestroy(s))


def test_cuda_array_interface_of_torch_and_cupy():
    n = 256
    d = ok(rt.infinirtMalloc(n * 4))
    ran = 0
    try:
        import torch
        if torch.cuda.is_available():
            t = torch.arange(n, dtype=torch.float32, device="cuda")
            torch.cuda.synchronize()
            ok(rt.infinirtMemcpy(d, t, n * 4, K.infinirtMemcpyDefault))
            back = torch.zeros(n, dtype=torch.float32, device="cuda")
            ok(rt.infinirtMemcpy(back, d, n * 4, K.infinirtMemcpyDefault))
            assert torch.equal(back, t)
            ran += 1
    except ImportError:
        pass
    try:
        import cupy
        a = cupy.arange(n, dtype=cupy.float32)
        cupy.cuda.runtime.deviceSynchronize()
        ok(rt.infinirtMemcpy(d, a, n * 4, K.infinirtMemcpyDefault))
        b = cupy.zeros(n, dtype=cupy.float32)
        ok(rt.infinirtMemcpy(b, d, n * 4, K.infinirtMemcpyDefault))
        assert bool((a == b).all())
        ran += 1
    except ImportError:
        pass
    ok(rt.infinirtFree(d))
    if not ran:
        pytest.skip("neither PyTorch with CUDA nor CuPy is installed")
