"""Many threads using the Pythonic layer at once: each creates streams and
events, copies, launches host functions (and kernels where the library is
built), exchanges DLPack tensors; results are checked per thread."""

import os
import threading

import pytest

import infinirt
from _support import BACKENDS, NUMPY as np, backend, collect  # noqa: F401

THREADS = 8
ROUNDS = 20


def _run_threads(target):
    errors = []

    def wrap(i):
        try:
            target(i)
        except BaseException as e:      # reported in the main thread
            errors.append((i, e))
    ts = [threading.Thread(target=wrap, args=(i,)) for i in range(THREADS)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(120)
    assert not any(t.is_alive() for t in ts), "a thread hung"
    assert not errors, errors


def test_threads_streams_copies_host_funcs(backend):
    counts = [0] * THREADS
    lock = threading.Lock()

    def work(i):
        infinirt.set_type(backend)        # the device type is per thread
        n = 1024
        for r in range(ROUNDS):
            s = infinirt.Stream(infinirt.STREAM_NON_BLOCKING)
            src = np.full(n, i * 1000 + r, dtype=np.int64)
            buf = infinirt.Buffer(src.nbytes)
            out = np.empty_like(src)
            start = infinirt.Event()
            with s:
                start.record()
                buf.copy_from(src)
                s.launch_host_func(_bump, counts, lock, i)
                buf.copy_to(out)
            end = s.record()
            s.synchronize()
            assert (out == src).all()
            assert start.elapsed_time(end) >= 0.0
    _run_threads(work)
    assert counts == [ROUNDS] * THREADS


def _bump(counts, lock, i):
    with lock:
        counts[i] += 1


def test_threads_dlpack_exchange(backend):
    if backend != "cpu":
        pytest.skip("host-side DLPack exchange is tested on the CPU")

    def work(i):
        infinirt.set_type("cpu")
        for _ in range(ROUNDS):
            t = infinirt.to_device(np.arange(64, dtype=np.float32) + i)
            a = np.from_dlpack(t)
            b = infinirt.from_dlpack(a)
            assert b.ptr == t.ptr and a[0] == i
            del t, a, b
    _run_threads(work)
    collect()


def test_threads_kernels(backend):
    path = os.environ.get("INFINIRT_PY_KERNELS_" + backend.upper(), "")
    if not os.path.exists(path):
        pytest.skip("the example kernel library is not built")
    lib = infinirt.Library(path)

    def work(i):
        infinirt.set_type(backend)
        k = lib.get_kernel("vector_add", "ptr,ptr,ptr,u32")
        n = 512
        a = infinirt.to_device(np.full(n, float(i), dtype=np.float32))
        c = infinirt.empty(n)
        s = infinirt.Stream()
        for _ in range(ROUNDS):
            k.launch(n // 128, 128, (a, a, c, n), stream=s)
        s.synchronize()
        assert (c.to_numpy() == 2.0 * i).all()
    _run_threads(work)


def test_host_func_released_from_another_thread(backend):
    """A capsule's deleter and a finalizer may run on runtime threads."""
    s = infinirt.Stream()
    t = infinirt.empty(16)
    cap = t.__dlpack__()
    done = threading.Event()

    def drop(c):
        del c          # the last reference dies on the runtime's thread
        done.set()
    s.launch_host_func(drop, cap)
    del cap
    s.synchronize()
    assert done.wait(10)
    collect()
