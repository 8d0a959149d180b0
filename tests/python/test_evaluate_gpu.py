"""infinirt.evaluate on an NVIDIA device: the example saxpy from its fatbin
with NumPy, torch CUDA tensors and infinirt device Tensors as inputs, every
placement, a Python reference, and the peaks the CPU lacks. Skips without
an NVIDIA device (or without the fatbin, or PyTorch with CUDA)."""

import json

import pytest

import infinirt
from _support import HAS_NVIDIA, NO_NVIDIA, NUMPY as np, kernel_image

pytestmark = pytest.mark.skipif(not HAS_NVIDIA, reason=NO_NVIDIA)

try:
    import torch
    TORCH_CUDA = torch.cuda.is_available()
except ImportError:
    torch, TORCH_CUDA = None, False

N = 1 << 20
GRID, BLOCK = N // 256, 256


@pytest.fixture
def saxpy():
    saved = infinirt.current_type()
    infinirt.set_type("nvidia")
    infinirt.Device(0).set()
    yield infinirt.Library(kernel_image("nvidia"))["saxpy"]
    infinirt.set_type(saved)


def inputs():
    return (np.linspace(-1, 1, N, dtype=np.float32),
            np.full(N, 0.5, dtype=np.float32))


# Not "host": pageable memory is not kernel-accessible on every system.
@pytest.mark.parametrize("placement", ["device", "pinned"])
def test_saxpy_numpy(saxpy, placement):
    x, y = inputs()
    r = infinirt.evaluate(saxpy, 2.0, x, y, N, grid=GRID, block=BLOCK,
                          signature="f32,ptr,ptr,u64", repeat=20,
                          expected={2: 2 * x + y}, flops=2 * N, bytes=12 * N,
                          placement=placement, device="nvidia:0")
    assert r.device["type"] == "nvidia" and r.check.startswith("passed")
    assert r.count == 20 and r.mean_ms > 0
    assert r.peak_gbytes_per_s and 0 < r.pct_peak_bw < 100
    assert r.peak_gflops and r.pct_peak_flops > 0
    doc = json.loads(r.json())
    assert doc["results"][0]["throughput"]["peak_gbytes_per_s"] > 0


def test_saxpy_tensors_cold_stdrel(saxpy):
    x, y = inputs()
    dx, dy = infinirt.to_device(x), infinirt.to_device(y)
    r = infinirt.evaluate(saxpy, 2.0, dx, dy, N, grid=GRID, block=BLOCK,
                          signature="f32,ptr,ptr,u64", cold=True,
                          stop="stdrel", target_stdrel=0.05, min_samples=5,
                          max_samples=200,
                          reference=lambda a, xs, ys, n: a * xs + ys)
    assert r.cold and r.number == 1 and 5 <= r.count <= 200
    assert r.to_dict()["config"]["flush_bytes"] > 0   # the L2 size
    assert (dy.to_numpy() == y).all()


@pytest.mark.skipif(not TORCH_CUDA, reason="PyTorch with CUDA is not available")
def test_saxpy_torch_cuda(saxpy):
    tx = torch.linspace(-1, 1, N, device="cuda", dtype=torch.float32)
    ty = torch.full((N,), 0.5, device="cuda", dtype=torch.float32)
    r = infinirt.evaluate(saxpy, 2.0, tx, ty, N, grid=GRID, block=BLOCK,
                          signature="f32,ptr,ptr,u64", min_repeat_ms=2.0,
                          repeat=5, expected=2 * tx + ty)
    assert r.check.startswith("passed") and r.number_steps[-1] == r.number
    assert bool((ty == 0.5).all())
    want = (2 * tx + ty).cpu().numpy()
    want[123] += 1
    with pytest.raises(infinirt.ErrorAssert, match="argument 2 element 123"):
        infinirt.evaluate(saxpy, 2.0, tx, ty, N, grid=GRID, block=BLOCK,
                          signature="f32,ptr,ptr,u64", repeat=1,
                          expected={2: want})
