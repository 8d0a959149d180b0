"""Shared helpers of the Pythonic-layer tests (test_objects, test_dlpack,
test_kernels, test_graphs, test_threads)."""

import gc
import os
import sys

import pytest

import infinirt

NUMPY = pytest.importorskip("numpy", reason="NumPy is not installed")


def has_type(name):
    """Whether device type ``name`` has devices in this process."""
    try:
        return infinirt.Device.count(name) > 0
    except infinirt.Error:
        return False


HAS_NVIDIA = has_type("nvidia")
NO_NVIDIA = "no NVIDIA device (the NVIDIA backend reports none here)"

BACKENDS = [
    "cpu",
    pytest.param("nvidia", marks=pytest.mark.skipif(not HAS_NVIDIA,
                                                     reason=NO_NVIDIA)),
]


@pytest.fixture
def cpu():
    """Runs the test on the CPU backend (this thread's device type)."""
    saved = infinirt.current_type()
    infinirt.set_type("cpu")
    yield infinirt.Device(0)
    infinirt.set_type(saved)


@pytest.fixture(params=BACKENDS)
def backend(request):
    """Runs the test once per backend with devices (device 0)."""
    saved = infinirt.current_type()
    infinirt.set_type(request.param)
    infinirt.Device(0, request.param).set()
    yield request.param
    infinirt.set_type(saved)


def kernel_image(kind):
    """Path of the example kernel library for ``kind`` ("cpu" or "nvidia"),
    from the environment tests/python/CMakeLists.txt sets; skips without."""
    var = "INFINIRT_PY_KERNELS_" + kind.upper()
    path = os.environ.get(var, "")
    if not path or not os.path.exists(path):
        pytest.skip(f"{var} names no built kernel library ({path!r}); "
                    "run through ctest or set it")
    return path


def collect():
    """Full garbage collection (finalizers included)."""
    for _ in range(3):
        gc.collect()


def refcount(obj):
    """sys.getrefcount without the call's own reference."""
    return sys.getrefcount(obj) - 1
