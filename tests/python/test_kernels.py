"""Kernels from Python: the example kernel library (examples/kernels) loaded
from its file and from bytes, launched with scalars and tensors packed from a
signature string or from infinirtFuncGetParamInfo, on every backend."""

import pytest

import infinirt
from _support import BACKENDS, NUMPY as np, backend, kernel_image  # noqa: F401


@pytest.fixture
def library(backend):
    return infinirt.Library(kernel_image(backend))


def test_load_and_list(library, backend):
    names = library.kernel_names()
    assert {"vector_add", "saxpy", "reduce_sum", "matmul_tiled"} <= set(names)
    k = library.get_kernel("vector_add")
    assert k.name == "vector_add" and int(k) != 0
    assert library["saxpy"].name == "saxpy"
    with pytest.raises(infinirt.Error):
        library.get_kernel("no_such_kernel")


def test_load_from_bytes(backend):
    with open(kernel_image(backend), "rb") as f:
        lib = infinirt.Library(f.read())
    assert "saxpy" in lib.kernel_names()
    with pytest.raises(infinirt.Error):
        infinirt.Library(b"not a kernel library")
    with pytest.raises(infinirt.Error):
        infinirt.Library("/nonexistent/kernels.so")


def test_param_sizes(library):
    assert library["vector_add"].param_sizes() == [8, 8, 8, 4]
    assert library["saxpy"].param_sizes() == [4, 8, 8, 8]
    assert infinirt.runtime.infinirtGetLastError()[0] == 0   # probe left none


def _vectors(n):
    a = np.arange(n, dtype=np.float32)
    b = np.full(n, 0.5, dtype=np.float32)
    return a, b


@pytest.mark.parametrize("how", ["signature", "metadata", "default"])
def test_vector_add(library, how):
    n = 1000
    a, b = _vectors(n)
    da, db, dc = infinirt.to_device(a), infinirt.to_device(b), infinirt.empty(n)
    s = infinirt.Stream()
    grid, block = (n + 127) // 128, 128
    if how == "signature":
        library["vector_add"].launch(grid, block, (da, db, dc, n), stream=s,
                                     signature="ptr,ptr,ptr,u32")
    elif how == "metadata":
        library["vector_add"].launch(grid, block, [da, db, dc, n], stream=s)
    else:
        k = library.get_kernel("vector_add", "const float*, const float*, "
                                             "float*, unsigned int")
        with s:
            k(grid, block, da, db, dc, n)
    s.synchronize()
    assert (dc.to_numpy() == a + b).all()


def test_saxpy_with_events(library):
    n = 1 << 16
    x = np.random.default_rng(1).random(n, dtype=np.float32)
    y = np.ones(n, dtype=np.float32)
    dx, dy = infinirt.to_device(x), infinirt.to_device(y)
    s = infinirt.Stream()
    start, end = infinirt.Event(), infinirt.Event()
    with s:
        start.record()
        library["saxpy"].launch(64, 256, (2.0, dx, dy, n),
                                signature="f32,ptr,ptr,u64")
        end.record()
    end.synchronize()
    assert start.elapsed_time(end) >= 0.0
    np.testing.assert_allclose(dy.to_numpy(), 2.0 * x + 1.0, rtol=1e-6)


def test_reduce_and_matmul(library):
    n = 4096
    x = np.ones(n, dtype=np.float32)
    dx, dsum = infinirt.to_device(x), infinirt.zeros(1)
    library["reduce_sum"].launch(n // 256, 256, (dx, n, dsum))
    infinirt.synchronize()
    assert dsum.to_numpy()[0] == n
    m = k = nn = 32
    a = np.random.default_rng(2).random((m, k), dtype=np.float32)
    b = np.random.default_rng(3).random((k, nn), dtype=np.float32)
    da, db, dc = infinirt.to_device(a), infinirt.to_device(b), infinirt.empty((m, nn))
    library["matmul_tiled"].launch((nn // 16, m // 16), (16, 16),
                                   (da, db, dc, m, nn, k))
    infinirt.synchronize()
    np.testing.assert_allclose(dc.to_numpy(), a @ b, rtol=1e-4)


def test_numpy_scalars_and_interfaces_as_args(library, backend):
    n = 64
    a, b = _vectors(n)
    dc = infinirt.empty(n)
    if backend == "cpu":
        # CPU memory: NumPy arrays are passed by their data pointer.
        library["vector_add"].launch(1, 64, (a, b, dc, np.uint32(n)))
    else:
        da, db = infinirt.to_device(a), infinirt.to_device(b)
        library["vector_add"].launch(1, 64, (da.ptr, db.base, dc, np.uint32(n)))
    infinirt.synchronize()
    assert (dc.to_numpy() == a + b).all()


def test_bad_launches(library):
    k = library["vector_add"]
    d = infinirt.empty(4)
    with pytest.raises(TypeError):
        k.launch(1, 4, (d, d, d))                        # too few
    with pytest.raises(TypeError):
        k.launch(1, 4, (d, d, d, 4, 5), signature="ptr,ptr,ptr,u32,u32")
    with pytest.raises(TypeError):
        k.launch(1, 4, (d, d, d, 4), signature="ptr,ptr,ptr")
    with pytest.raises(TypeError, match="parameter sizes"):
        k.launch(1, 4, (d, d, d, 4), signature="ptr,ptr,ptr,u64")
    with pytest.raises(TypeError, match="parameter sizes"):
        library.get_kernel("saxpy", "f64,ptr,ptr,u64")
    with pytest.raises(ValueError):
        k.launch(1, 4, (d, d, d, 4), signature="ptr,ptr,ptr,quux")
    with pytest.raises(TypeError):
        k.launch(1, 4, (d, d, d, "four"))
    with pytest.raises(infinirt.ErrorInvalidConfiguration):
        k.launch(0, 4, (d, d, d, 4))
    with pytest.raises(ValueError):
        k.launch((1, 1, 1, 1), 4, (d, d, d, 4))


def test_parse_signature():
    assert infinirt.parse_signature("ptr, float*, const int *, i32,f32") == \
        ["ptr", "ptr", "ptr", "i32", "f32"]
    assert infinirt.parse_signature("size_t,double,unsigned int,half") == \
        ["u64", "f64", "u32", "f16"]
    assert infinirt.parse_signature("") == []
