"""DLPack and array-interface exchange with NumPy and PyTorch on the CPU:
no copies (same data pointer, writes seen both ways), versioned and legacy
capsules, consumed capsules, lifetimes and reference counts."""

import weakref

import pytest

import infinirt
from infinirt import _infinirt as C
from _support import NUMPY as np, collect, cpu, refcount  # noqa: F401

try:
    import torch
    import torch.utils.dlpack
except ImportError:        # pragma: no cover - depends on the machine
    torch = None
needs_torch = pytest.mark.skipif(torch is None, reason="PyTorch is not installed")

KINDS = ["device", "pinned", "managed"]


def filled(kind, n=8, dtype="float32"):
    t = infinirt.empty(n, dtype, kind=kind)
    t.copy_from(np.arange(n, dtype=dtype))
    return t


# -- NumPy ----------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
def test_numpy_from_infinirt(cpu, kind):
    t = filled(kind)
    for a in (np.asarray(t), t.numpy()):
        assert a.ctypes.data == t.ptr and a.dtype == np.float32
        a[1] = 42.0
        assert t.to_numpy()[1] == 42.0
        a[1] = 1.0
    d = np.from_dlpack(t)       # NumPy 1.x makes DLPack imports read-only
    assert d.ctypes.data == t.ptr and d.dtype == np.float32
    infinirt.check(infinirt.runtime.infinirtMemset(t.ptr, 0, 4))
    assert np.asarray(t)[0] == 0.0 and d[0] == 0.0


def test_infinirt_from_numpy(cpu):
    a = np.arange(12, dtype=np.int64).reshape(3, 4)
    for t in (infinirt.from_dlpack(a), infinirt.from_dlpack(a.__dlpack__())):
        assert t.ptr == a.ctypes.data and t.shape == (3, 4)
        assert t.dtype == "int64" and t.strides == (4, 1)
        assert t.__dlpack_device__() == (1, 0)
        infinirt.check(infinirt.runtime.infinirtMemset(t.ptr, 0, 8))
        assert a[0, 0] == 0
        a[0, 0] = 5
        assert np.asarray(t)[0, 0] == 5


def test_infinirt_from_array_interface_only(cpu):
    a = np.arange(6, dtype=np.float32)[::2]          # strided view

    class OnlyInterface:
        __array_interface__ = a.__array_interface__
    obj = OnlyInterface()
    t = infinirt.from_dlpack(obj)
    assert t.ptr == a.ctypes.data and t.strides == (2,) and t.base is obj
    assert not t.is_contiguous()
    assert (np.asarray(t) == a).all()


def test_numpy_strided_and_readonly(cpu):
    a = np.arange(20, dtype=np.float32).reshape(4, 5)[:, 1:4]
    t = infinirt.from_dlpack(a)
    assert t.strides == (5, 1) and t.shape == (4, 3)
    assert (np.asarray(t) == a).all()
    ro = np.arange(4.0)
    ro.flags.writeable = False
    t = infinirt.from_dlpack(_IfaceOnly(ro))
    assert t.readonly
    assert not np.asarray(t).flags.writeable


class _IfaceOnly:
    def __init__(self, a):
        self.__array_interface__ = a.__array_interface__


# -- PyTorch ---------------------------------------------------------------------
@needs_torch
@pytest.mark.parametrize("kind", KINDS)
def test_torch_from_infinirt(cpu, kind):
    t = filled(kind)
    for x in (torch.from_dlpack(t), torch.utils.dlpack.from_dlpack(t),
              torch.utils.dlpack.from_dlpack(t.__dlpack__())):
        assert x.data_ptr() == t.ptr and x.dtype == torch.float32
        x[2] = -1.0
        assert t.to_numpy()[2] == -1.0
        x[2] = 2.0
    infinirt.check(infinirt.runtime.infinirtMemset(t.ptr, 0, 4))
    assert float(torch.from_dlpack(t)[0]) == 0.0


@needs_torch
def test_infinirt_from_torch(cpu):
    x = torch.arange(10, dtype=torch.float64)
    for t in (infinirt.from_dlpack(x),
              infinirt.from_dlpack(torch.utils.dlpack.to_dlpack(x))):
        assert t.ptr == x.data_ptr() and t.shape == (10,)
        assert t.dtype == "float64"
        np.asarray(t)[3] = 99.0
        assert float(x[3]) == 99.0
        x[4] = -4.0
        assert t.to_numpy()[4] == -4.0
    y = torch.arange(12, dtype=torch.int32).reshape(3, 4).t()   # transposed
    t = infinirt.from_dlpack(y)
    assert t.shape == (4, 3) and t.strides == (1, 4) and t.dtype == "int32"
    assert (np.asarray(t) == y.numpy()).all()


@needs_torch
def test_torch_keeps_infinirt_memory_alive(cpu):
    t = filled("device")
    buf = weakref.ref(t.base)
    x = torch.from_dlpack(t)
    del t
    collect()
    assert buf() is not None
    assert float(x[7]) == 7.0
    del x
    collect()
    assert buf() is None


@needs_torch
def test_infinirt_keeps_torch_memory_alive(cpu):
    x = torch.full((4,), 3.0)
    storage_ptr = x.data_ptr()
    t = infinirt.from_dlpack(x)
    del x
    collect()
    assert t.ptr == storage_ptr and (t.to_numpy() == 3.0).all()


# -- capsules ----------------------------------------------------------------------
def test_versioned_and_legacy_capsules(cpu):
    t = filled("device")
    v = t.__dlpack__(max_version=(1, 0))
    assert C.dlpack_capsule_name(v) == "dltensor_versioned"
    v2 = t.__dlpack__(max_version=(1, 7))
    assert C.dlpack_capsule_name(v2) == "dltensor_versioned"
    legacy = t.__dlpack__()
    assert C.dlpack_capsule_name(legacy) == "dltensor"
    assert C.dlpack_capsule_name(t.__dlpack__(max_version=(0, 8))) == "dltensor"
    dv = C.dlpack_consume(v)
    assert dv.version == (1, 0) and dv.data == t.ptr and dv.shape == (8,)
    assert dv.dtype == (2, 32, 1) and dv.device == (1, 0) and not dv.readonly
    assert C.dlpack_capsule_name(v) == "used_dltensor_versioned"
    dl = C.dlpack_consume(legacy)
    assert dl.version is None and dl.flags == 0
    assert C.dlpack_capsule_name(legacy) == "used_dltensor"


def test_capsule_consumed_twice_raises(cpu):
    t = filled("device")
    for cap in (t.__dlpack__(), t.__dlpack__(max_version=(1, 0))):
        infinirt.from_dlpack(cap)
        with pytest.raises(BufferError, match="already consumed"):
            infinirt.from_dlpack(cap)
    with pytest.raises(TypeError):
        C.dlpack_consume(object())
    if torch is not None:
        cap = t.__dlpack__()
        torch.utils.dlpack.from_dlpack(cap)
        with pytest.raises(BufferError):
            infinirt.from_dlpack(cap)


def test_readonly_export(cpu):
    t = filled("device")
    t.readonly = True
    cap = t.__dlpack__(max_version=(1, 0))
    assert C.dlpack_consume(cap).readonly
    with pytest.raises(BufferError):
        t.__dlpack__()
    assert infinirt.from_dlpack(t).readonly


def test_dlpack_arguments(cpu):
    t = filled("device")
    with pytest.raises(BufferError):
        t.__dlpack__(dl_device=(2, 0))
    with pytest.raises(BufferError):
        t.__dlpack__(stream=5)          # CPU memory takes no stream
    assert C.dlpack_capsule_name(t.__dlpack__(stream=-1)) == "dltensor"
    cap = t.__dlpack__(max_version=(1, 0), copy=True, dl_device=(1, 0))
    d = C.dlpack_consume(cap)
    assert d.data != t.ptr and d.flags & C.DLPACK_FLAG_IS_COPIED
    assert (np.from_dlpack(infinirt.from_dlpack(t.__dlpack__())) ==
            np.arange(8, dtype=np.float32)).all()


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint16", "int32", "int64",
                                   "float16", "float32", "float64",
                                   "complex64", "complex128"])
def test_dtypes_round_trip(cpu, dtype):
    a = np.ones(3, dtype=dtype)
    t = infinirt.from_dlpack(a)
    assert t.dtype == dtype and t.ptr == a.ctypes.data
    assert np.asarray(t).dtype == np.dtype(dtype)
    if dtype != "bool":          # NumPy 1.x has no DLPack bool
        assert np.from_dlpack(t).dtype == np.dtype(dtype)
    # torch 1.13 has no uint16 and no DLPack bool (kDLBool came later).
    if torch is not None and dtype not in ("uint16", "bool"):
        assert torch.from_dlpack(infinirt.from_dlpack(a)).data_ptr() == a.ctypes.data


# -- lifetimes and reference counts --------------------------------------------------
def test_unconsumed_capsule_releases_owner(cpu):
    t = filled("device")
    start = refcount(t)
    caps = [t.__dlpack__(), t.__dlpack__(max_version=(1, 0))]
    assert refcount(t) == start + 2
    del caps
    collect()
    assert refcount(t) == start


def test_refcounts_return_after_round_trips(cpu):
    t = filled("device")
    a = np.arange(8, dtype=np.float32)
    x = torch.arange(8.0) if torch is not None else a
    t_start, a_start, x_start = refcount(t), refcount(a), refcount(x)
    for _ in range(50):
        np.from_dlpack(t)
        np.asarray(t)
        infinirt.from_dlpack(a)
        infinirt.from_dlpack(a.__dlpack__())
        infinirt.from_dlpack(t)
        infinirt.from_dlpack(t.__dlpack__(max_version=(1, 0)))
        if torch is not None:
            torch.from_dlpack(t)
            infinirt.from_dlpack(torch.from_dlpack(a))
            infinirt.from_dlpack(x)
            torch.from_dlpack(infinirt.from_dlpack(x))
    collect()
    assert refcount(t) == t_start and refcount(a) == a_start
    assert refcount(x) == x_start


def test_chain_keeps_memory_alive(cpu):
    t = filled("device")
    buf = weakref.ref(t.base)
    # NumPy 1.x's DLPack import is read-only: the last step goes through the
    # array interface (a read-only tensor exports only versioned capsules).
    a = np.asarray(infinirt.from_dlpack(np.from_dlpack(t)))
    del t
    collect()
    assert buf() is not None and a[5] == 5.0
    del a
    collect()
    assert buf() is None


def test_dlpack_tensor_type_not_constructible():
    with pytest.raises(TypeError):
        C.DLPackTensor()


def test_edge_shapes_and_strided_export(cpu):
    scalar = infinirt.empty((), "float64")
    scalar.copy_from(np.array(3.5))
    assert float(np.from_dlpack(scalar)) == 3.5
    assert infinirt.from_dlpack(np.array(2.0)).shape == ()
    empty = infinirt.empty((0, 3))
    assert np.from_dlpack(empty).shape == (0, 3)
    base = infinirt.to_device(np.arange(12, dtype=np.float32))
    view = infinirt.Tensor(base.base, (3, 2), "float32", strides=(4, 2),
                           offset=4)
    want = np.arange(1, 12, 2, dtype=np.float32).reshape(3, 2)
    for got in (np.asarray(view), np.from_dlpack(view)):
        assert (got == want).all() and got.ctypes.data == base.ptr + 4
    if torch is not None:
        x = torch.from_dlpack(view)
        assert x.stride() == (4, 2) and (x.numpy() == want).all()
        assert infinirt.from_dlpack(torch.arange(6.0)[::2]).strides == (2,)
    with pytest.raises(TypeError):
        infinirt.from_dlpack(42)
