"""Graph and GraphExec from stream capture: ``with stream.capture() as g``."""

import threading
import weakref

from . import runtime as _rt
from . import _stream
from ._errors import check

_Mode = _rt.infinirtStreamCaptureMode
_captures = {}            # stream handle -> the _Capture recording on it
_captures_lock = threading.Lock()


def _destroy(fn, handle):
    fn(handle)


class Graph:
    """A captured (or empty, ``Graph()``) infinirt graph, destroyed when
    unreferenced. It keeps alive the host objects its captured copies read
    or write, for every instantiation."""

    def __init__(self, _handle=None):
        self.handle = None
        self._keep = []
        if _handle is None:
            _handle = check(_rt.infinirtGraphCreate(0))
        self._own(_handle)

    def _own(self, handle):
        self.handle = handle
        self._finalizer = weakref.finalize(self, _destroy,
                                           _rt.infinirtGraphDestroy, handle)

    def instantiate(self, flags=0):
        """A GraphExec of the graph (infinirtGraphInstantiate)."""
        if self.handle is None:
            raise ValueError("the capture has not ended")
        h = check(_rt.infinirtGraphInstantiate(self.handle, flags))
        return GraphExec(h, self)

    def num_nodes(self):
        """Number of nodes (infinirtGraphGetNodes with a count query)."""
        out = check(_rt.infinirtGraphGetNodes(self.handle, 0))
        return int(out[-1] if isinstance(out, tuple) else out)

    def debug_dot_print(self, path, flags=0):
        """Writes the graph in Graphviz DOT form to ``path``."""
        check(_rt.infinirtGraphDebugDotPrint(self.handle, str(path), flags))

    def __repr__(self):
        h = 0 if self.handle is None else int(self.handle)
        return f"<infinirt.Graph {h:#x}>"


class GraphExec:
    """An executable graph; ``launch(stream)`` runs it. Destroyed when
    unreferenced; keeps its graph's host objects alive."""

    def __init__(self, handle, graph):
        self.handle = handle
        self._keep = graph._keep
        self._finalizer = weakref.finalize(self, _destroy,
                                           _rt.infinirtGraphExecDestroy, handle)

    def launch(self, stream=None):
        """Queues the graph on ``stream`` (the current stream when None)."""
        check(_rt.infinirtGraphLaunch(self.handle,
                                      _stream._handle(_stream.resolve(stream))))

    def upload(self, stream=None):
        """infinirtGraphUpload on ``stream``."""
        check(_rt.infinirtGraphUpload(self.handle,
                                      _stream._handle(_stream.resolve(stream))))

    def __repr__(self):
        return f"<infinirt.GraphExec {int(self.handle):#x}>"


class _Capture:
    """``with stream.capture(mode) as graph:`` begins a capture on the
    stream, makes the stream this thread's current stream inside the block,
    and ends the capture into ``graph`` at its end. If the block raises the
    capture is ended and its graph dropped."""

    def __init__(self, stream, mode):
        self.stream = stream
        self.mode = _Mode.infinirtStreamCaptureModeGlobal if mode is None \
            else mode
        self.graph = Graph.__new__(Graph)
        self.graph.handle = None
        self.graph._keep = []

    def __enter__(self):
        check(_rt.infinirtStreamBeginCapture(self.stream.handle, self.mode))
        with _captures_lock:
            _captures[int(self.stream.handle)] = self
        self.stream.__enter__()
        return self.graph

    def __exit__(self, exc_type, exc, tb):
        self.stream.__exit__(exc_type, exc, tb)
        with _captures_lock:
            _captures.pop(int(self.stream.handle), None)
        result = _rt.infinirtStreamEndCapture(self.stream.handle)
        err = int(result[0])
        if err == 0 and len(result) > 1 and result[1]:
            self.graph._own(result[1])
        elif len(result) > 1 and result[1]:
            _rt.infinirtGraphDestroy(result[1])
        if exc_type is None:
            check(result)
        return False


def keep_alive_in_capture(stream, obj):
    """Adds ``obj`` to the graph being captured on ``stream``; False if no
    capture of this layer records on it."""
    with _captures_lock:
        cap = _captures.get(int(_stream._handle(stream)))
    if cap is None:
        return False
    cap.graph._keep.append(obj)
    return True
