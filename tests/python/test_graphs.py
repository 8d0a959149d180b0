"""Graphs from Python: capture copies and a kernel on a stream, instantiate,
relaunch, verify the data; lifetimes of graphs and of captured host memory."""

import weakref

import pytest

import infinirt
from _support import BACKENDS, NUMPY as np, backend, collect, kernel_image  # noqa: F401


def test_capture_kernel_and_copies_relaunch_100(backend):
    lib = infinirt.Library(kernel_image(backend))
    saxpy = lib.get_kernel("saxpy", "f32,ptr,ptr,u64")
    n = 4096
    # Pinned host memory: CUDA captures no copies of pageable memory.
    host_x = infinirt.empty(n, kind="pinned").numpy()
    host_y = infinirt.zeros(n, kind="pinned").numpy()
    host_x[:] = np.arange(n, dtype=np.float32)
    dx, dy = infinirt.empty(n), infinirt.zeros(n)
    s = infinirt.Stream(infinirt.STREAM_NON_BLOCKING)
    with s.capture() as g:
        dx.copy_from(host_x)                 # H2D, captured on s
        saxpy.launch(16, 256, (1.0, dx, dy, n))
        dy.copy_to(host_y)                   # D2H
    assert isinstance(g, infinirt.Graph) and g.num_nodes() == 3
    exe = g.instantiate()
    for i in range(1, 101):
        exe.launch(s)
        if i in (1, 50):
            s.synchronize()
            np.testing.assert_array_equal(host_y, i * host_x)
    s.synchronize()
    np.testing.assert_array_equal(host_y, 100 * host_x)
    host_x[:] = 1.0                          # the graph reads it each launch
    exe.launch(s)
    s.synchronize()
    np.testing.assert_array_equal(host_y[:4], 100 * np.arange(4) + 1)


def test_graph_keeps_captured_host_memory_alive(backend):
    d = infinirt.zeros(16, "int32")
    s = infinirt.Stream()
    src = infinirt.empty(16, "int32", kind="pinned").numpy()
    src[:] = 3
    ref = weakref.ref(src)
    with s.capture() as g:
        d.copy_from(src)
    del src
    collect()
    assert ref() is not None                 # held by the graph
    exe = g.instantiate()
    del g
    collect()
    assert ref() is not None                 # and by its instantiation
    exe.launch(s)
    s.synchronize()
    assert (d.to_numpy() == 3).all()
    del exe
    collect()
    assert ref() is None


def test_graph_and_exec_destroyed_on_gc(backend):
    s = infinirt.Stream()
    d = infinirt.Buffer(64)
    with s.capture() as g:
        d.memset(1)
    exe = g.instantiate()
    refs = weakref.ref(g), weakref.ref(exe)
    gh, xh = g.handle, exe.handle
    del g, exe
    collect()
    assert refs[0]() is None and refs[1]() is None
    err = infinirt.runtime.infinirtGraphLaunch(xh, s.handle)[0]
    assert err != 0
    infinirt.runtime.infinirtGetLastError()
    del gh


def test_capture_errors(backend):
    s = infinirt.Stream()
    with pytest.raises(RuntimeError):
        with s.capture():
            raise RuntimeError("inside the capture")
    assert s.query() is True                 # the capture was ended
    with pytest.raises(infinirt.Error):
        with s.capture():
            s.synchronize()                  # not permitted while capturing
    g = infinirt.Graph()
    assert g.num_nodes() == 0
    g.instantiate().launch(s)
    s.synchronize()


def test_host_func_and_events_in_graph(backend):
    s = infinirt.Stream()
    seen = []
    with s.capture() as g:
        s.launch_host_func(seen.append, "ran")
    exe = g.instantiate()
    for _ in range(3):
        exe.launch(s)
    s.synchronize()
    assert seen == ["ran"] * 3
