"""infinirt.evaluate on the CPU backend with the example kernels: fixed and
stdrel stopping, number growth for min_repeat_ms, cold mode, NumPy / torch
/ Tensor inputs, expected outputs and Python references (match and
mismatch), bad input, and the markdown / JSON / CSV renderings."""

import json
import math
import threading
import time

import pytest

import infinirt
from _support import NUMPY as np, cpu, kernel_image  # noqa: F401

N = 4096
GRID, BLOCK = N // 256, 256

try:
    import torch
except ImportError:
    torch = None


@pytest.fixture
def saxpy(cpu):
    return infinirt.Library(kernel_image("cpu"))["saxpy"]


def inputs(n=N):
    x = np.linspace(-1, 1, n, dtype=np.float32)
    y = np.full(n, 0.5, dtype=np.float32)
    return x, y


def run(kernel, *args, **kw):
    kw.setdefault("grid", GRID)
    kw.setdefault("block", BLOCK)
    return infinirt.evaluate(kernel, *args, **kw)


def test_fixed_count(saxpy):
    x, y = inputs()
    r = run(saxpy, 2.0, x, y, N, repeat=5, warmup=2, flops=2 * N,
            bytes=12 * N)
    assert isinstance(r, infinirt.EvalResult)
    assert r.count == 5 and len(r.samples) == 5 and len(r.wall_samples) == 5
    assert r.number == 1 and r.number_steps == [] and not r.cold
    assert 0 < r.min_ms <= r.median_ms <= r.max_ms
    assert r.min_ms <= r.mean_ms <= r.max_ms
    assert r.mean_ms == pytest.approx(sum(r.samples) / 5)
    assert r.noise == r.stdrel >= 0 and r.wall_mean_ms > 0
    assert r.gflops == pytest.approx(2 * N / (r.mean_ms * 1e6))
    assert r.gbytes_per_s == pytest.approx(12 * N / (r.mean_ms * 1e6))
    assert r.peak_gbytes_per_s is None and r.pct_peak_bw is None  # CPU
    assert r.check == "none" and r.stop_reason == "fixed count 5"
    assert r.kernel == "saxpy" and r.device["type"] == "cpu"
    # The caller's arrays are inputs only.
    assert (y == 0.5).all()


def test_stdrel(saxpy):
    x, y = inputs()
    r = run(saxpy, 2.0, x, y, N, stop="stdrel", target_stdrel=0.9,
            min_samples=3, max_samples=40)
    assert 3 <= r.count <= 40
    assert r.stop_reason.startswith(("stdrel", "max samples"))
    # An unreachable target stops at max_time_s of timed device time.
    r = run(saxpy, 2.0, x, y, N, stop="stdrel", target_stdrel=1e-12,
            min_samples=2, max_samples=10 ** 6, max_time_s=0.02)
    assert r.stop_reason.startswith("max time") and r.count >= 2
    assert r.total_s >= 0.02


def test_min_repeat_ms_grows_number(saxpy):
    x, y = inputs()
    r = run(saxpy, 2.0, x, y, N, min_repeat_ms=3.0, repeat=3)
    steps = r.number_steps
    assert steps and steps[0] == 1 and steps[-1] == r.number
    for a, b in zip(steps, steps[1:]):
        assert b >= math.ceil(1.6 * a)
    assert r.number > 1
    # How long the timed samples last is not checked: on a shared machine
    # they may run faster or slower than the growth steps did.


def test_cold(saxpy):
    x, y = inputs()
    r = run(saxpy, 2.0, x, y, N, cold=True, number=7, repeat=4)
    assert r.cold and r.number == 1 and r.count == 4
    cfg = r.to_dict()["config"]
    assert cfg["cold"] is True and cfg["flush_bytes"] > 0


@pytest.mark.parametrize("placement", ["device", "host", "pinned"])
def test_placement(saxpy, placement):
    x, y = inputs()
    r = run(saxpy, 2.0, x, y, N, repeat=2, expected={2: 2 * x + y},
            placement=placement)
    assert r.check.startswith("passed (1 tensor")


def test_torch_and_tensor_inputs(saxpy):
    x, y = inputs()
    dx, dy = infinirt.to_device(x), infinirt.to_device(y)
    r = run(saxpy, 2.0, dx, dy, N, repeat=2, expected=2 * x + y)
    assert r.check.startswith("passed")
    assert (dy.to_numpy() == y).all()
    if torch is None:
        pytest.skip("PyTorch is not installed")
    tx, ty = torch.from_numpy(x.copy()), torch.from_numpy(y.copy())
    r = run(saxpy, 2.0, tx, ty, N, repeat=2, expected=2 * tx + ty)
    assert r.check.startswith("passed")
    assert bool((ty == 0.5).all())


def test_expected_forms(saxpy):
    x, y = inputs()
    want = 2 * x + y
    for exp in ({2: want}, [None, None, want, None], want,
                want.astype(np.float64)):       # cast to the argument's f32
        r = run(saxpy, 2.0, x, y, N, repeat=1, expected=exp)
        assert r.check.startswith("passed (1 tensor")


def test_expected_mismatch_names_worst_element(saxpy):
    x, y = inputs()
    want = 2 * x + y
    want[7] += 1.0
    want[9] += 0.25
    with pytest.raises(infinirt.ErrorAssert) as e:
        run(saxpy, 2.0, x, y, N, repeat=1, expected={2: want})
    d = e.value.detail
    assert "argument 2 element 7" in d and "2 of 4096 elements differ" in d
    assert "got %.9g" % (2 * x[7] + y[7]) in d
    assert "expected %.9g" % want[7] in d
    # Within the tolerance it passes.
    r = run(saxpy, 2.0, x, y, N, repeat=1, expected={2: want}, atol=1.5)
    assert r.check.startswith("passed")


def test_python_reference(saxpy):
    x, y = inputs()
    seen = []

    def ref(a, xs, ys, n):
        seen.append((type(xs), a, n))
        xs[:] = 99      # a copy: the eval's inputs stay as given
        return a * x + ys

    r = run(saxpy, 2.0, x, y, N, repeat=1, reference=ref)
    assert r.check.startswith("passed (1 tensor")
    assert seen == [(np.ndarray, 2.0, N)] and x[0] == -1

    def in_place(a, xs, ys, n):
        ys += a * xs        # None: every tensor copy is compared
    r = run(saxpy, 2.0, x, y, N, repeat=1, reference=in_place)
    assert r.check.startswith("passed (2 tensors")

    with pytest.raises(infinirt.ErrorAssert, match="argument 2 element 0"):
        run(saxpy, 2.0, x, y, N, repeat=1,
            reference=lambda a, xs, ys, n: 3 * xs + ys)


def test_kernel_forms(cpu):
    x, y = inputs()
    path = kernel_image("cpu")
    r = run((path, "saxpy"), 2.0, x, y, N, repeat=1, expected=2 * x + y)
    assert r.kernel == "saxpy" and r.check.startswith("passed")
    with open(path, "rb") as f:
        lib = infinirt.Library(f.read())
    r = run(lib["saxpy"], 2.0, x, y, N, repeat=1, expected=2 * x + y)
    assert r.check.startswith("passed")
    # Explicit types: a signature, or eval_scalar.
    r = run(lib["vector_add"], x, y, np.zeros_like(x), N, repeat=1,
            signature="ptr,ptr,ptr,u32", expected={2: x + y})
    assert r.check.startswith("passed")
    r = run(lib["vector_add"], x, y, np.zeros_like(x),
            infinirt.eval_scalar("u32", N), repeat=1, expected={2: x + y})
    assert r.check.startswith("passed")


def test_bad_input(saxpy):
    x, y = inputs()
    path = kernel_image("cpu")
    with pytest.raises(infinirt.Error):
        run((path, "no_such_kernel"), 2.0, x, y, N)
    with pytest.raises(infinirt.Error):
        run(("/nonexistent/kernels.so", "saxpy"), 2.0, x, y, N)
    with pytest.raises(TypeError, match="takes 4 arguments"):
        run(saxpy, 2.0, x, y)
    with pytest.raises(ValueError, match=r"shape \(10,\), the argument"):
        run(saxpy, 2.0, x, y, N, expected={2: np.zeros(10, np.float32)})
    with pytest.raises(ValueError, match="not a tensor"):
        run(saxpy, 2.0, x, y, N, expected={3: y})
    with pytest.raises(TypeError, match="float16"):
        run(saxpy, 2.0, x.astype(np.float16), y, N)
    with pytest.raises(TypeError, match="is float32, the argument int32"):
        run(saxpy, 2.0, x, y.astype(np.int32), N, expected={2: 2 * x + y})
    with pytest.raises(TypeError, match="scalar, given an array"):
        run(saxpy, x, x, y, N)
    # Sizes alone cannot tell a pointer from a double: a signature can.
    with pytest.raises(TypeError, match="pointer"):
        run(saxpy, 2.0, 3.0, y, N, signature="f32,ptr,ptr,u64")
    with pytest.raises(TypeError, match="u64, given float"):
        run(saxpy, 2.0, x, y, float(N), signature="f32,ptr,ptr,u64")
    with pytest.raises(ValueError, match="does not fit u64"):
        run(saxpy, 2.0, x, y, -1, signature="f32,ptr,ptr,u64")
    with pytest.raises(ValueError, match="stop"):
        run(saxpy, 2.0, x, y, N, stop="never")
    with pytest.raises(ValueError, match="placement"):
        run(saxpy, 2.0, x, y, N, placement="managed")
    with pytest.raises(ValueError, match="not both"):
        run(saxpy, 2.0, x, y, N, expected=y, reference=lambda *a: None)
    # Errors of the eval itself carry its sentence.
    with pytest.raises(infinirt.ErrorInvalidValue, match="config"):
        run(saxpy, 2.0, x, y, N, repeat=0)
    with pytest.raises(infinirt.ErrorInvalidValue, match="4 bytes"):
        run(saxpy, infinirt.eval_scalar("f64", 2.0), x, y, N)
    with pytest.raises(infinirt.ErrorInvalidValue, match="zero|dimension"):
        run(saxpy, 2.0, x, y, N, grid=0)
    with pytest.raises(TypeError, match="scalar type"):
        infinirt.eval_scalar("f16", 1.0)


def test_reports(saxpy):
    x, y = inputs()
    r = run(saxpy, 2.0, x, y, N, repeat=3, flops=2 * N, bytes=12 * N,
            params={"n": N})
    doc = json.loads(r.json())
    assert doc["schema_version"] == 1 and doc["tool"] == "infinirt-eval"
    (res,) = doc["results"]
    assert res["kernel"] == "saxpy" and res["params"] == {"n": str(N)}
    assert res["launch"]["grid"] == [GRID, 1, 1]
    assert res["samples_ms"] == pytest.approx(r.samples, rel=1e-6)
    assert res["stats"]["samples"] == 3 and res["config"]["stop"] == "fixed"
    assert res["throughput"]["peak_gbytes_per_s"] is None
    md = r.markdown()
    assert "| kernel | n |" in md and f"| saxpy | {N} |" in md
    assert r.csv().splitlines()[0].startswith("kernel")
    r2 = run(saxpy, 2.0, x, y, N, repeat=3, params={"n": N})
    both = json.loads(infinirt.eval_report([r, r2], "json"))
    assert len(both["results"]) == 2
    assert infinirt.eval_report([r, r2]).count("| saxpy |") == 2
    verdict, ratio, t = r.compare(r2)
    assert verdict in ("SAME", "FASTER", "SLOWER") and ratio > 0
    assert "saxpy" in repr(r)


def test_restores_device_and_releases_gil(saxpy):
    before = infinirt.Device.current()
    x, y = inputs()
    ticks = []
    done = threading.Event()

    def tick():
        while not done.is_set():
            ticks.append(1)
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    try:
        run(saxpy, 2.0, x, y, N, stop="stdrel", target_stdrel=1e-12,
            min_samples=2, max_samples=10 ** 6, max_time_s=0.1)
    finally:
        done.set()
        t.join()
    assert len(ticks) > 10        # the thread ran during the timing loop
    assert infinirt.Device.current() == before
