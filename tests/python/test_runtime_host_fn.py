"""Python callables as host functions and stream callbacks, and the GIL
released by every call."""
import gc
import sys
import threading
import time
import weakref

import infinirt.runtime as rt
from conftest import ok

E = rt.infinirtError_t


class Recorder:
    """A callable that records its arguments and the thread it ran on."""

    def __init__(self, fail=False):
        self.calls, self.threads, self.fail = [], [], fail

    def __call__(self, *args):
        self.calls.append(args)
        self.threads.append(threading.get_ident())
        if self.fail:
            raise RuntimeError("raised in a host function")


def test_host_fn_called_with_user_data_on_the_runtime_thread(stream):
    fn, data = Recorder(), object()
    ok(rt.infinirtLaunchHostFunc(stream, fn, data))
    ok(rt.infinirtStreamSynchronize(stream))
    assert fn.calls == [(data,)]
    assert fn.threads[0] != threading.get_ident()


def test_host_fns_run_in_stream_order(stream):
    order = []
    for k in range(20):
        ok(rt.infinirtLaunchHostFunc(stream, order.append, k))
    ok(rt.infinirtStreamSynchronize(stream))
    assert order == list(range(20))


def test_exception_in_host_fn_is_unraisable_and_the_stream_goes_on(stream):
    seen = []
    old = sys.unraisablehook
    sys.unraisablehook = lambda u: seen.append(u)
    try:
        bad, after = Recorder(fail=True), Recorder()
        ok(rt.infinirtLaunchHostFunc(stream, bad, 1))
        ok(rt.infinirtLaunchHostFunc(stream, after, 2))
        ok(rt.infinirtStreamSynchronize(stream))
    finally:
        sys.unraisablehook = old
    assert bad.calls == [(1,)] and after.calls == [(2,)]
    assert len(seen) == 1
    assert isinstance(seen[0].exc_value, RuntimeError)
    assert seen[0].object is bad


def test_callable_and_data_released_after_the_call(stream):
    fn, data = Recorder(), Recorder()
    wf, wd = weakref.ref(fn), weakref.ref(data)
    before = sys.getrefcount(data)
    ok(rt.infinirtLaunchHostFunc(stream, fn, data))
    ok(rt.infinirtStreamSynchronize(stream))
    fn.calls.clear()
    assert sys.getrefcount(data) == before
    del fn, data
    gc.collect()
    assert wf() is None and wd() is None


def test_refused_call_releases_the_callable():
    dead = ok(rt.infinirtStreamCreate())
    ok(rt.infinirtStreamDestroy(dead))
    fn = Recorder()
    w = weakref.ref(fn)
    assert rt.infinirtLaunchHostFunc(dead, fn, None)[0] == \
        E.infinirtErrorInvalidResourceHandle
    del fn
    assert w() is None
    rt.infinirtGetLastError()


def test_stream_callback_gets_stream_status_and_data(stream):
    cb = Recorder()
    ok(rt.infinirtStreamAddCallback(stream, cb, "data", 0))
    ok(rt.infinirtStreamSynchronize(stream))
    (s, status, data), = cb.calls
    assert s == stream and type(s) is rt.infinirtStream_t
    assert status is E.infinirtSuccess and data == "data"


def test_host_fn_captured_into_a_graph_runs_at_each_launch(stream):
    fn = Recorder()
    ok(rt.infinirtStreamBeginCapture(
        stream, rt.infinirtStreamCaptureMode.infinirtStreamCaptureModeGlobal))
    ok(rt.infinirtLaunchHostFunc(stream, fn, 7))
    g = ok(rt.infinirtStreamEndCapture(stream))
    x = ok(rt.infinirtGraphInstantiate(g, 0))
    for _ in range(3):
        ok(rt.infinirtGraphLaunch(x, stream))
    ok(rt.infinirtStreamSynchronize(stream))
    assert fn.calls == [(7,)] * 3
    ok(rt.infinirtGraphExecDestroy(x))
    ok(rt.infinirtGraphDestroy(g))


def test_blocked_synchronize_releases_the_gil(stream):
    """A thread blocked in StreamSynchronize behind a slow host function
    leaves the GIL to the others: this thread runs Python meanwhile, then
    lets the host function finish."""
    release = threading.Event()
    started = threading.Event()

    def slow(_):
        started.set()
        release.wait(10)

    ok(rt.infinirtLaunchHostFunc(stream, slow, None))
    assert started.wait(10)
    result = []
    waiter = threading.Thread(
        target=lambda: result.append(rt.infinirtStreamSynchronize(stream)))
    waiter.start()
    spins, deadline = 0, time.monotonic() + 0.3
    while time.monotonic() < deadline:
        spins += 1  # Python code running while the waiter is blocked
    assert waiter.is_alive() and not result
    assert spins > 1000
    release.set()
    waiter.join(10)
    assert result == [(E.infinirtSuccess,)]


def test_many_threads_calling(stream):
    errors = []

    def work():
        for _ in range(200):
            s = ok(rt.infinirtStreamCreate())
            p = ok(rt.infinirtMallocAsync(64, s))
            ok(rt.infinirtMemsetAsync(p, 1, 64, s))
            ok(rt.infinirtFreeAsync(p, s))
            if rt.infinirtStreamDestroy(s)[0] != E.infinirtSuccess:
                errors.append("destroy")

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


EXIT_SCRIPT = r"""
import sys, time
import infinirt.runtime as rt
log = open(sys.argv[1], "w", buffering=1)
err, s = rt.infinirtStreamCreate()
def slow(k):
    log.write("start %d\n" % k)
    time.sleep(0.2)
    log.write("end %d\n" % k)
for k in range(3):
    rt.infinirtLaunchHostFunc(s, slow, k)
time.sleep(0.05)  # the first call is inside when the interpreter exits
"""


def test_host_fn_running_at_exit_finishes_and_no_later_one_starts(tmp_path):
    """The interpreter exits while a host function runs on a runtime
    thread: that call finishes (CPython would end a thread that takes the
    GIL once finalization has begun: the runtime's worker), and the queued
    ones do not start."""
    import subprocess
    log = tmp_path / "calls.txt"
    r = subprocess.run([sys.executable, "-c", EXIT_SCRIPT, str(log)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "Fatal Python error" not in r.stderr
    assert log.read_text().splitlines() == ["start 0", "end 0"]
