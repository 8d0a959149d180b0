"""GPU interop on NVIDIA devices: PyTorch CUDA tensors and CuPy arrays both
ways without a copy (DLPack and __cuda_array_interface__), and stream
interop both ways: a torch.cuda.ExternalStream made from an infinirt stream's
native handle, and an infinirt Stream made from a torch or CuPy stream
(Stream.from_native), ordering verified by data. Skips without an NVIDIA
device.""" 

import threading

import pytest

import infinirt
from _support import HAS_NVIDIA, NO_NVIDIA, NUMPY as np, collect  # noqa: F401

pytestmark = pytest.mark.skipif(not HAS_NVIDIA, reason=NO_NVIDIA)

try:
    import torch
    TORCH_CUDA = torch.cuda.is_available()
except ImportError:
    torch, TORCH_CUDA = None, False
try:
    import cupy
    cupy.cuda.runtime.getDeviceCount()
except Exception:        # not installed, or no usable GPU for CuPy
    cupy = None
needs_torch = pytest.mark.skipif(not TORCH_CUDA,
                                 reason="PyTorch with CUDA is not available")
needs_cupy = pytest.mark.skipif(cupy is None, reason="CuPy is not available")


@pytest.fixture
def gpu():
    saved = infinirt.current_type()
    infinirt.set_type("nvidia")
    infinirt.Device(0).set()
    yield infinirt.Device(0)
    infinirt.set_type(saved)


def filled(n=1024, kind="device"):
    t = infinirt.empty(n, "float32", kind=kind)
    t.copy_from(np.arange(n, dtype=np.float32))
    return t


# -- PyTorch -----------------------------------------------------------------
@needs_torch
@pytest.mark.parametrize("kind", ["device", "managed"])
def test_torch_from_infinirt_gpu(gpu, kind):
    t = filled(kind=kind)
    assert t.__dlpack_device__() == ((2 if kind == "device" else 13), 0)
    try:
        first = torch.from_dlpack(t)
    except (RuntimeError, BufferError, TypeError) as e:
        if kind == "managed":
            pytest.skip(f"this torch does not import kDLCUDAManaged: {e}")
        raise
    for x in (first, torch.utils.dlpack.from_dlpack(t),
              torch.as_tensor(t, device="cuda")):
        assert x.is_cuda and x.data_ptr() == t.ptr
        x[3] = -3.0
        torch.cuda.synchronize()
        assert t.to_numpy()[3] == -3.0
        x[3] = 3.0
        torch.cuda.synchronize()
    infinirt.check(infinirt.runtime.infinirtMemset(t.ptr, 0, 4))
    assert float(torch.from_dlpack(t)[0].cpu()) == 0.0


@needs_torch
def test_infinirt_from_torch_gpu(gpu):
    x = torch.arange(100, dtype=torch.float32, device="cuda")
    torch.cuda.synchronize()
    for t in (infinirt.from_dlpack(x),
              infinirt.from_dlpack(torch.utils.dlpack.to_dlpack(x))):
        assert t.ptr == x.data_ptr() and t.device == infinirt.Device(0, "nvidia")
        assert t.kind == "device" and t.__dlpack_device__() == (2, 0)
        t.copy_from(np.full(100, 7.0, dtype=np.float32))
        assert float(x[50]) == 7.0
        x.fill_(2.0)
        torch.cuda.synchronize()
        assert (t.to_numpy() == 2.0).all()


@needs_torch
def test_infinirt_from_torch_cuda_array_interface(gpu):
    x = torch.ones(16, device="cuda")

    class OnlyCAI:
        __cuda_array_interface__ = x.__cuda_array_interface__
    t = infinirt.from_dlpack(OnlyCAI())
    assert t.ptr == x.data_ptr() and t.kind == "device"
    assert (t.to_numpy() == 1.0).all()


@needs_torch
def test_torch_keeps_infinirt_gpu_memory_alive(gpu):
    t = filled()
    ref = __import__("weakref").ref(t.base)
    x = torch.from_dlpack(t)
    del t
    collect()
    assert ref() is not None and float(x[10].cpu()) == 10.0
    del x
    collect()
    assert ref() is None


@needs_torch
def test_torch_external_stream_ordering(gpu):
    """Work queued by torch on an ExternalStream of an infinirt stream runs
    in that stream's order: a host function blocks the infinirt stream, torch
    queues a fill behind it, and an infinirt copy after the fill sees it."""
    s = infinirt.Stream(infinirt.STREAM_NON_BLOCKING)
    ext = torch.cuda.ExternalStream(s.native_handle)
    assert ext.cuda_stream == s.native_handle
    x = torch.zeros(1 << 20, device="cuda")
    torch.cuda.synchronize()
    t = infinirt.from_dlpack(x)
    gate = threading.Event()
    s.launch_host_func(gate.wait)
    with torch.cuda.stream(ext):
        x.fill_(5.0)                        # queued behind the gate
    # Pinned: a copy to pageable memory would block until the gate opens.
    out = infinirt.zeros(x.numel(), kind="pinned").numpy()
    t.copy_to(out, stream=s)                # queued after the fill
    assert s.query() is False
    gate.set()
    s.synchronize()
    assert (out == 5.0).all()


@needs_torch
def test_infinirt_stream_from_torch_stream(gpu):
    """An infinirt Stream over a torch stream orders infinirt work after the
    torch work queued before it: torch sleeps on the GPU, then fills; the
    infinirt copy queued next sees the fill. Closing the infinirt stream
    leaves torch's stream usable."""
    ts = torch.cuda.Stream()
    s = infinirt.Stream.from_native(ts)
    assert s.native_handle == ts.cuda_stream
    x = torch.zeros(1 << 20, device="cuda")
    torch.cuda.synchronize()
    t = infinirt.from_dlpack(x)
    with torch.cuda.stream(ts):
        torch.cuda._sleep(100_000_000)      # tens of milliseconds
        x.fill_(7.0)
    out = infinirt.zeros(x.numel(), kind="pinned").numpy()
    t.copy_to(out, stream=s)
    assert s.query() is False               # behind the sleep
    s.synchronize()
    assert (out == 7.0).all()
    s.close()
    with torch.cuda.stream(ts):
        x.fill_(1.0)
    ts.synchronize()
    assert float(x[0]) == 1.0


@needs_torch
def test_stream_from_native_refuses_default_streams(gpu):
    legacy = torch.cuda.default_stream()
    with pytest.raises(infinirt.ErrorInvalidValue):
        infinirt.Stream.from_native(legacy)
    with pytest.raises(TypeError):
        infinirt.Stream.from_native("stream")


@needs_torch
def test_dlpack_stream_handshake(gpu):
    """torch passes its current stream to __dlpack__: the infinirt tensor's
    pending work on its stream is complete before torch reads it."""
    s = infinirt.Stream(infinirt.STREAM_NON_BLOCKING)
    t = infinirt.empty(1 << 20, stream=s)
    gate = threading.Event()
    s.launch_host_func(gate.wait)
    src = infinirt.empty(1 << 20, kind="pinned").numpy()
    src[:] = 9.0
    t.copy_from(src, stream=s)              # queued behind the gate
    threading.Timer(0.2, gate.set).start()
    x = torch.from_dlpack(t)                # waits for s
    assert gate.is_set()
    assert float(x.sum()) == 9.0 * (1 << 20)


# -- CuPy -----------------------------------------------------------------------
@needs_cupy
def test_cupy_from_infinirt(gpu):
    t = filled()
    for a in (cupy.from_dlpack(t), cupy.asarray(t)):
        assert a.data.ptr == t.ptr
        a[5] = -5.0
        cupy.cuda.runtime.deviceSynchronize()
        assert t.to_numpy()[5] == -5.0
        a[5] = 5.0
        cupy.cuda.runtime.deviceSynchronize()


@needs_cupy
def test_infinirt_from_cupy(gpu):
    a = cupy.arange(64, dtype=cupy.float64)
    cupy.cuda.runtime.deviceSynchronize()
    for t in (infinirt.from_dlpack(a), infinirt.from_dlpack(a.toDlpack())):
        assert t.ptr == a.data.ptr and t.dtype == "float64"
        t.copy_from(np.full(64, 4.0))
        assert float(a[63]) == 4.0

    class OnlyCAI:
        __cuda_array_interface__ = a.__cuda_array_interface__
    t = infinirt.from_dlpack(OnlyCAI())
    assert t.ptr == a.data.ptr and (t.to_numpy() == 4.0).all()


@needs_cupy
def test_infinirt_stream_from_cupy_stream(gpu):
    cs = cupy.cuda.Stream(non_blocking=True)
    s = infinirt.Stream.from_native(cs)
    assert s.native_handle == cs.ptr
    a = cupy.zeros(1 << 20, dtype=cupy.float32)
    cupy.cuda.runtime.deviceSynchronize()
    t = infinirt.from_dlpack(a)
    with cs:
        a.fill(3.0)
    out = infinirt.zeros(a.size, kind="pinned").numpy()
    t.copy_to(out, stream=s)
    s.synchronize()
    assert (out == 3.0).all()


@needs_cupy
def test_cupy_external_stream_ordering(gpu):
    s = infinirt.Stream(infinirt.STREAM_NON_BLOCKING)
    ext = cupy.cuda.ExternalStream(s.native_handle)
    a = cupy.zeros(1 << 20, dtype=cupy.float32)
    cupy.cuda.runtime.deviceSynchronize()
    t = infinirt.from_dlpack(a)
    gate = threading.Event()
    s.launch_host_func(gate.wait)
    with ext:
        a.fill(6.0)
    out = infinirt.zeros(a.size, kind="pinned").numpy()
    t.copy_to(out, stream=s)
    gate.set()
    s.synchronize()
    assert (out == 6.0).all()
