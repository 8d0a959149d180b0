"""The Pythonic layer's objects: Error, Device, Stream, Event, Buffer,
Tensor, on every backend with devices."""

import sys
import threading
import weakref

import pytest

import infinirt
from infinirt import runtime as rt
from _support import BACKENDS, NUMPY as np, backend, collect, cpu  # noqa: F401


# -- errors -----------------------------------------------------------------
def test_error_subclass_per_code():
    codes = [c for c in rt.infinirtError_t if c.value != 0]
    assert codes
    for code in codes:
        cls = infinirt.Error.for_code(code)
        assert issubclass(cls, infinirt.Error) and cls is not infinirt.Error
        assert getattr(infinirt, cls.__name__) is cls
    assert infinirt.ErrorInvalidValue is infinirt.Error.for_code(
        rt.infinirtError_t.infinirtErrorInvalidValue)


def test_check_raises_with_code_name_detail(cpu):
    with pytest.raises(infinirt.ErrorInvalidValue) as info:
        infinirt.check(rt.infinirtMallocManaged(0, 1))
    e = info.value
    assert e.code == rt.infinirtError_t.infinirtErrorInvalidValue
    assert e.name == "infinirtErrorInvalidValue"
    assert isinstance(e.detail, str) and "MallocManaged" in e.detail
    assert e.name in str(e)
    assert infinirt.check(rt.infinirtGetDeviceCount()) >= 1
    assert infinirt.check(rt.infinirtError_t.infinirtSuccess) is None


def test_errors_from_objects(cpu):
    with pytest.raises(infinirt.ErrorInvalidDevice):
        infinirt.Device(999).set()
    with pytest.raises(ValueError):
        infinirt.Buffer(16, kind="texture")


# -- devices ------------------------------------------------------------------
def test_device(backend):
    n = infinirt.Device.count()
    assert n >= 1 and infinirt.Device.count(backend) == n
    d = infinirt.Device.current()
    assert d == infinirt.Device(0, backend) and d.ordinal == 0
    assert hash(d) == hash(infinirt.Device(0, backend))
    assert isinstance(d.name, str) and d.name
    assert d.properties().multiProcessorCount >= 1
    d.synchronize()
    with infinirt.Device(n - 1) as inner:
        assert infinirt.Device.current() == inner
    assert infinirt.Device.current() == d
    assert infinirt.type_name(infinirt.current_type()) == backend
    assert repr(d).startswith("Device(0")


# -- streams and events --------------------------------------------------------
def test_stream_basics(backend):
    s = infinirt.Stream()
    assert s.query() is True
    s.synchronize()
    assert s.flags == 0
    ns = infinirt.Stream(infinirt.STREAM_NON_BLOCKING)
    assert ns.flags == infinirt.STREAM_NON_BLOCKING
    assert infinirt.current_stream() is None
    with s:
        assert infinirt.current_stream() is s
        with ns:
            assert infinirt.current_stream() is ns
        assert infinirt.current_stream() is s
    assert infinirt.current_stream() is None


def test_stream_is_destroyed_when_unreferenced(backend):
    s = infinirt.Stream()
    h = s.handle
    ref = weakref.ref(s)
    del s
    collect()
    assert ref() is None
    assert rt.infinirtStreamQuery(h)[0] != 0    # no longer a stream
    rt.infinirtGetLastError()


def test_host_func_order_and_wait(backend):
    s = infinirt.Stream()
    gate = threading.Event()
    seen = []
    s.launch_host_func(gate.wait)
    s.launch_host_func(seen.append, 1)
    assert s.query() is False
    e = infinirt.Event()
    s.record(e)
    assert e.query() is False
    other = infinirt.Stream(infinirt.STREAM_NON_BLOCKING)
    other.wait(e)
    other.launch_host_func(seen.append, 2)
    gate.set()
    other.synchronize()
    assert seen == [1, 2]
    assert e.query() is True and s.query() is True


def test_host_func_exception_is_reported_not_raised(backend, monkeypatch):
    reported = []
    monkeypatch.setattr(sys, "unraisablehook",
                        lambda u: reported.append(u.exc_value))
    s = infinirt.Stream()

    def boom():
        raise RuntimeError("from a host function")
    s.launch_host_func(boom)
    s.synchronize()
    s.launch_host_func(lambda: None)     # the stream still works
    s.synchronize()
    assert len(reported) == 1 and "from a host function" in str(reported[0])


def test_event_elapsed_time(backend):
    s = infinirt.Stream()
    a, b = infinirt.Event(), infinirt.Event()
    a.record(s)
    s.launch_host_func(lambda: __import__("time").sleep(0.02))
    b.record(s)
    b.synchronize()
    ms = a.elapsed_time(b)
    assert 15.0 <= ms < 5000.0
    untimed = infinirt.Event(infinirt.EVENT_DISABLE_TIMING).record(s)
    untimed.synchronize()
    with pytest.raises(infinirt.ErrorInvalidResourceHandle):
        a.elapsed_time(untimed)


def test_native_handle(backend):
    s = infinirt.Stream()
    if backend == "cpu":
        with pytest.raises(infinirt.ErrorNotSupported):
            s.native_handle
        with pytest.raises(infinirt.ErrorNotSupported):
            infinirt.Stream.from_native(0x1000)
    else:
        assert s.native_handle != 0


# -- buffers and tensors -------------------------------------------------------
@pytest.mark.parametrize("kind", ["device", "pinned", "managed"])
def test_buffer_copies(backend, kind):
    b = infinirt.Buffer(64, kind)
    assert b.nbytes == len(b) == 64 and int(b) == b.ptr != 0
    src = np.arange(16, dtype=np.float32)
    b.copy_from(src)
    out = np.zeros(16, dtype=np.float32)
    b.copy_to(out)
    assert (out == src).all()
    assert b.copy_to() == src.tobytes()
    b.copy_from(b"\x01" * 8, offset=56)
    assert b.copy_to(offset=56) == b"\x01" * 8
    b.copy_from(bytearray(b"\x02" * 4))
    assert b.copy_to()[:4] == b"\x02" * 4
    b.memset(0)
    assert b.copy_to() == bytes(64)
    with pytest.raises(ValueError):
        b.copy_from(b"x" * 65)
    with pytest.raises(ValueError):
        b.copy_to(b"read-only bytes")


def test_buffer_async_copy_keeps_source_alive(backend):
    s = infinirt.Stream()
    gate = threading.Event()
    b = infinirt.Buffer(4096)
    # Pinned: a CUDA copy from pageable memory would wait for the gate.
    src = infinirt.empty(1024, "int32", kind="pinned").numpy()
    src[:] = 7
    ref = weakref.ref(src)
    s.launch_host_func(gate.wait)
    b.copy_from(src, stream=s)      # queued behind the gate
    del src
    collect()
    assert ref() is not None        # the queued copy holds it
    gate.set()
    s.synchronize()
    collect()
    assert ref() is None
    out = np.empty(1024, dtype=np.int32)
    with s:
        b.copy_to(out)
    s.synchronize()
    assert (out == 7).all()


def test_buffer_freed_when_unreferenced(backend):
    b = infinirt.Buffer(1 << 20)
    ptr = b.ptr
    ref = weakref.ref(b)
    attrs = infinirt.check(rt.infinirtPointerGetAttributes(ptr))
    del b
    collect()
    assert ref() is None
    attrs = infinirt.check(rt.infinirtPointerGetAttributes(ptr))
    assert int(attrs.type) in (0, 1)    # no longer device memory here
    b2 = infinirt.Buffer(16)
    b2.free()
    b2.free()                            # a second free does nothing


def test_tensor_shape_strides_dtype(backend):
    t = infinirt.empty((2, 3), "float32")
    assert t.shape == (2, 3) and t.strides == (3, 1) and t.dtype == "float32"
    assert t.ndim == 2 and t.size == 6 and t.itemsize == 4 and t.nbytes == 24
    assert t.is_contiguous() and len(t) == 2
    assert infinirt.empty(4, np.dtype("int16")).dtype == "int16"
    assert infinirt.empty(4, np.float64).dtype == "float64"
    assert infinirt.empty(4, "<u1").dtype == "uint8"
    with pytest.raises(TypeError):
        infinirt.empty(4, "float7")
    src = np.arange(6, dtype=np.float64).reshape(2, 3)
    d = infinirt.to_device(src)
    assert d.shape == (2, 3) and d.dtype == "float64"
    assert (d.to_numpy() == src).all()
    r = d.reshape((3, -1))
    assert r.shape == (3, 2) and r.base is d.base
    assert (r.to_numpy() == src.reshape(3, 2)).all()
    z = infinirt.zeros((5,), "int32")
    assert (z.to_numpy() == 0).all()
    view = infinirt.Tensor(d.base, (3,), "float64", strides=(2,))
    assert not view.is_contiguous()
    with pytest.raises(ValueError):
        infinirt.Tensor(d.base, (7,), "float64")      # past the end
    c = d.copy()
    assert c.base is not d.base and (c.to_numpy() == src).all()


def test_tensor_keeps_buffer_alive(backend):
    b = infinirt.Buffer(64)
    t = infinirt.Tensor(b, (16,), "float32")
    ref = weakref.ref(b)
    del b
    collect()
    assert ref() is not None
    t.copy_from(np.ones(16, dtype=np.float32))
    assert (t.to_numpy() == 1).all()
    del t
    collect()
    assert ref() is None


def test_array_interfaces(backend):
    dev = infinirt.empty(4, "float32")
    pinned = infinirt.empty(4, "float32", kind="pinned")
    assert hasattr(pinned, "__array_interface__")
    if backend == "cpu":
        assert hasattr(dev, "__array_interface__")
        assert not hasattr(dev, "__cuda_array_interface__")
    else:
        assert not hasattr(dev, "__array_interface__")
        cai = dev.__cuda_array_interface__
        assert cai["version"] == 3 and cai["data"][0] == dev.ptr
        assert cai["typestr"] == "<f4" and cai["shape"] == (4,)
        assert cai["stream"] == 1                 # no stream: the legacy one
        dev.stream = infinirt.Stream()
        assert dev.__cuda_array_interface__["stream"] == \
            dev.stream.native_handle


def test_repr(backend):
    for obj in (infinirt.Stream(), infinirt.Event(), infinirt.Buffer(8),
                infinirt.empty(2)):
        assert repr(obj).startswith("<infinirt.")


def test_public_api_has_docstrings():
    missing = []
    for name in infinirt.__all__:
        obj = getattr(infinirt, name)
        if isinstance(obj, int) or name == "runtime":
            continue
        if not (getattr(obj, "__doc__", None) or "").strip():
            missing.append(name)
        if isinstance(obj, type):
            for attr, member in vars(obj).items():
                if attr.startswith("_") or not callable(member) and \
                        not isinstance(member, property):
                    continue
                if not (getattr(member, "__doc__", None) or "").strip():
                    missing.append(f"{name}.{attr}")
    assert not missing, missing


def test_device_scope_is_per_thread(backend):
    d = infinirt.Device(0)
    seen = []

    def other():
        infinirt.set_type(backend)
        with d:
            seen.append(infinirt.Device.current())
    with d:
        t = threading.Thread(target=other)
        t.start()
        t.join()
        assert infinirt.Device.current() == d
    assert seen == [d]
