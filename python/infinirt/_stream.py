"""Stream and Event, and the per-thread current stream of this layer."""

import threading
import weakref

from . import runtime as _rt
from ._device import Device
from ._errors import check

_Err = _rt.infinirtError_t
_NOT_READY = int(_Err.infinirtErrorNotReady)
_local = threading.local()

# infinirtStreamCreateWithFlags / infinirtEventCreateWithFlags flags (CUDA's).
STREAM_DEFAULT = 0x0
STREAM_NON_BLOCKING = 0x1
EVENT_DEFAULT = 0x0
EVENT_BLOCKING_SYNC = 0x1
EVENT_DISABLE_TIMING = 0x2


def _stack():
    s = getattr(_local, "streams", None)
    if s is None:
        s = _local.streams = []
    return s


def current_stream():
    """The stream of the innermost ``with stream:`` block of this thread, or
    None (the legacy default stream)."""
    s = _stack()
    return s[-1] if s else None


def _handle(stream):
    """The low-layer handle of a Stream, a raw handle/int, or None (legacy
    default stream, 0)."""
    if stream is None:
        return 0
    if isinstance(stream, Stream):
        return stream.handle
    return stream


def resolve(stream):
    """``stream`` if given, else this thread's current stream (or None)."""
    return current_stream() if stream is None else stream


def _destroy(fn, handle):
    err = fn(handle)
    # At interpreter exit the runtime may already be torn down: ignore.
    del err


class Stream:
    """An infinirt stream on the current device, destroyed when unreferenced
    (or by ``close()``).

    ``with stream:`` makes it this thread's default stream for the Pythonic
    layer's calls (copies, launches, events) inside the block.
    ``flags``: STREAM_DEFAULT or STREAM_NON_BLOCKING; ``priority``: an int
    (lower is higher priority, see Device.attribute) or None.
    """

    def __init__(self, flags=STREAM_DEFAULT, priority=None):
        if priority is None:
            h = check(_rt.infinirtStreamCreateWithFlags(flags))
        else:
            h = check(_rt.infinirtStreamCreateWithPriority(flags, priority))
        self.handle = h
        self.device = Device()
        self._finalizer = weakref.finalize(self, _destroy,
                                           _rt.infinirtStreamDestroy, h)

    @classmethod
    def from_native(cls, native):
        """A Stream of the current device over a native stream made elsewhere
        (infinirtExtStreamFromNative): ``native`` is a CUstream as an int, or
        an object that names one (a ``torch.cuda.Stream`` through its
        ``cuda_stream``, a CuPy stream through its ``ptr``), which the Stream
        keeps referenced. Closing the Stream leaves the native stream alone.
        Raises ErrorNotSupported on the CPU, ErrorInvalidValue for a legacy
        or per-thread native stream or one of another context."""
        owner = None
        if not isinstance(native, int):
            owner = native
            for attr in ("cuda_stream", "ptr"):
                if hasattr(native, attr):
                    native = getattr(native, attr)
                    break
            else:
                raise TypeError("native must be an int (a CUstream) or have "
                                "a cuda_stream or ptr attribute")
        self = cls.__new__(cls)
        h = check(_rt.infinirtExtStreamFromNative(int(native)))
        self.handle = h
        self.device = Device()
        self._native_owner = owner
        self._finalizer = weakref.finalize(self, _destroy,
                                           _rt.infinirtStreamDestroy, h)
        return self

    def close(self):
        """Destroys the stream now (work queued on it still completes)."""
        self._finalizer()

    def __int__(self):
        return int(self.handle)

    def __enter__(self):
        _stack().append(self)
        return self

    def __exit__(self, *exc):
        _stack().pop()

    def synchronize(self):
        """Waits until all work queued on the stream has completed."""
        check(_rt.infinirtStreamSynchronize(self.handle))

    def query(self):
        """True if all queued work has completed, False if some is pending."""
        # The common answers without a helper call: this is a polling path.
        r = _rt.infinirtStreamQuery(self.handle)
        err = r[0]
        if not err:
            return True
        return _query(r)

    def wait(self, event, flags=0):
        """Makes future work on this stream wait for ``event`` (an Event)."""
        check(_rt.infinirtStreamWaitEvent(self.handle, event.handle, flags))

    def record(self, event=None):
        """Records ``event`` (a new timing Event when None) on this stream and
        returns it."""
        event = Event() if event is None else event
        event.record(self)
        return event

    def launch_host_func(self, fn, *args):
        """Queues ``fn(*args)``: called on a runtime thread, with the GIL, once
        the work before it has completed. Exceptions are printed, not raised.
        ``fn`` must not call infinirt functions that queue or wait for work."""
        launch_host_func(self, fn, *args)

    def capture(self, mode=None):
        """``with stream.capture() as graph:`` captures the work queued in the
        block into ``graph`` (an infinirt.Graph, filled in at the end)."""
        from ._graph import _Capture
        return _Capture(self, mode)

    @property
    def native_handle(self):
        """The native stream (a CUstream as an int on NVIDIA); raises
        ErrorNotSupported on the CPU."""
        return native_handle(self)

    @property
    def flags(self):
        """The stream's creation flags."""
        return check(_rt.infinirtStreamGetFlags(self.handle))

    def __repr__(self):
        return f"<infinirt.Stream {int(self.handle):#x} on {self.device}>"


def _query(result):
    err = int(result[0] if isinstance(result, tuple) else result)
    if err == _NOT_READY:
        return False
    check(err)
    return True


def launch_host_func(stream, fn, *args):
    """infinirtLaunchHostFunc of ``fn(*args)`` on ``stream`` (a Stream, or
    None for the current stream / legacy default stream)."""
    if not callable(fn):
        raise TypeError("fn must be callable")
    call = (lambda *_: fn(*args)) if args else (lambda *_: fn())
    check(_rt.infinirtLaunchHostFunc(_handle(resolve(stream)), call, None))


def native_handle(stream):
    """infinirtExtGetNativeHandle of a Stream (or None: the legacy default
    stream) as an int."""
    kind = _rt.infinirtExtHandleKind.infinirtExtHandleStream
    out = check(_rt.infinirtExtGetNativeHandle(kind, _handle(stream)))
    return int(out or 0)


class Event:
    """An infinirt event, destroyed when unreferenced (or by ``close()``).

    ``flags``: EVENT_DEFAULT (timing), EVENT_BLOCKING_SYNC,
    EVENT_DISABLE_TIMING, combined with ``|``.
    """

    def __init__(self, flags=EVENT_DEFAULT):
        h = check(_rt.infinirtEventCreateWithFlags(flags))
        self.handle = h
        self._finalizer = weakref.finalize(self, _destroy,
                                           _rt.infinirtEventDestroy, h)

    def close(self):
        """Destroys the event now."""
        self._finalizer()

    def __int__(self):
        return int(self.handle)

    def record(self, stream=None):
        """Records the event on ``stream`` (the current stream when None)."""
        if stream is None:
            stream = current_stream()
        h = stream.handle if type(stream) is Stream else _handle(stream)
        r = _rt.infinirtEventRecord(self.handle, h)
        if r[0]:
            check(r)
        return self

    def synchronize(self):
        """Waits until the work before the recorded point has completed."""
        check(_rt.infinirtEventSynchronize(self.handle))

    def query(self):
        """True if the recorded work has completed."""
        r = _rt.infinirtEventQuery(self.handle)
        if not r[0]:
            return True
        return _query(r)

    def elapsed_time(self, end):
        """Milliseconds from this event to ``end`` (both recorded, completed,
        created with timing)."""
        return float(check(_rt.infinirtEventElapsedTime(self.handle,
                                                        end.handle)))

    def __repr__(self):
        return f"<infinirt.Event {int(self.handle):#x}>"


__all__ = ["Stream", "Event", "current_stream", "launch_host_func",
           "native_handle"]
