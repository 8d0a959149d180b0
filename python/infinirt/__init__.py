"""InfiniRT from Python.

Two layers:

- ``infinirt.runtime``: every mirrored C function, generated from the API
  table, in cuda-python's convention (``err, ptr = rt.infinirtMalloc(64)``);
- this package: ``Device``, ``Stream``, ``Event``, ``Buffer``, ``Tensor``,
  ``Library``/``Kernel``, ``Graph``/``GraphExec``, ``from_dlpack``,
  ``evaluate`` (kernel timing, docs/eval.md), and ``Error`` with one
  subclass per error code, raised by every call that fails.

See docs/python.md.
"""

from . import runtime  # noqa: F401  (the re-exports are the public API)
from ._errors import Error, check, error_classes
from ._device import Device, current_type, set_type, type_name
from ._stream import (Stream, Event, current_stream, launch_host_func,
                      native_handle, STREAM_DEFAULT, STREAM_NON_BLOCKING,
                      EVENT_DEFAULT, EVENT_BLOCKING_SYNC, EVENT_DISABLE_TIMING)
from ._memory import Buffer
from ._tensor import Tensor, empty, zeros, to_device, from_dlpack
from ._kernel import Library, Kernel, parse_signature
from ._graph import Graph, GraphExec
from ._eval import evaluate, EvalResult, eval_scalar, eval_report

globals().update(error_classes)


def synchronize():
    """Waits for all work on the current device (infinirtDeviceSynchronize)."""
    check(runtime.infinirtDeviceSynchronize())


__all__ = ["runtime", "Error", "check", "Device", "current_type", "set_type",
           "type_name", "Stream", "Event", "current_stream",
           "launch_host_func", "native_handle", "Buffer", "Tensor", "empty",
           "zeros", "to_device", "from_dlpack", "Library", "Kernel",
           "parse_signature", "Graph", "GraphExec", "synchronize",
           "STREAM_DEFAULT", "STREAM_NON_BLOCKING", "EVENT_DEFAULT",
           "EVENT_BLOCKING_SYNC", "EVENT_DISABLE_TIMING", "evaluate",
           "EvalResult", "eval_scalar", "eval_report"] + sorted(error_classes)
