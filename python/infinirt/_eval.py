"""infinirt.evaluate: time one kernel with libinfinirt_eval, by the timing
rules of docs/eval.md, with NumPy arrays, torch tensors and infinirt Tensors
as arguments and expected outputs."""

import json
import numbers
import os
import tempfile

from . import _infinirt as _C
from . import _dtype
from ._device import Device, _type_value
from ._errors import Error
from ._kernel import Kernel, Library, parse_signature, _dim3, _SIZES
from ._tensor import Tensor, from_dlpack

# NumPy dtype names <-> the eval's dtype names.
_EVAL_DTYPE = {"float32": "f32", "float64": "f64", "int8": "i8",
               "int16": "i16", "int32": "i32", "int64": "i64", "uint8": "u8",
               "uint16": "u16", "uint32": "u32", "uint64": "u64"}
_NUMPY_DTYPE = {v: k for k, v in _EVAL_DTYPE.items()}
_PLACES = {"device": 0, "host": 1, "pinned": 2}
_STOPS = {"fixed": 0, "stdrel": 1}
_INIT_MEMORY = 4
_FORMATS = {"markdown": 0, "json": 1, "csv": 2}


class EvalScalar:
    """A scalar argument of an explicit type, for kernels whose parameter
    types are not known (no signature, no metadata): ``eval_scalar("f32",
    2.0)``."""

    __slots__ = ("dtype", "value")

    def __init__(self, dtype, value):
        if isinstance(dtype, str):
            tok = parse_signature([dtype])[0]
        else:
            tok = _EVAL_DTYPE.get(_dtype.name_of(dtype))
        if tok not in _NUMPY_DTYPE:
            raise TypeError(f"evaluate: scalar type {dtype!r} is not one of "
                            f"{' '.join(_NUMPY_DTYPE)}")
        self.dtype = tok
        self.value = value

    def __repr__(self):
        return f"eval_scalar({self.dtype!r}, {self.value!r})"


def eval_scalar(dtype, value):
    """A scalar argument of type ``dtype`` ("f32", "u64", "float", ...)."""
    return EvalScalar(dtype, value)


def _numpy():
    import numpy
    return numpy


def _is_array(x):
    if isinstance(x, Tensor):
        return True
    np = _numpy()
    if isinstance(x, np.ndarray):
        return True
    if isinstance(x, (np.generic, numbers.Number, EvalScalar)):
        return False
    return any(hasattr(x, a) for a in ("__array_interface__",
                                       "__cuda_array_interface__",
                                       "__dlpack__"))


def _host_copy(x, what):
    """A C-contiguous NumPy copy of an array, torch tensor or Tensor on any
    device (device memory is copied to the host first)."""
    np = _numpy()
    if isinstance(x, Tensor):
        arr = x.to_numpy()
    elif isinstance(x, np.ndarray):
        arr = x
    elif type(x).__module__.split(".")[0] == "torch":
        arr = x.detach().cpu().numpy()
    elif hasattr(x, "__array_interface__"):
        arr = np.asarray(x)
    else:
        arr = from_dlpack(x).to_numpy()
    arr = np.array(arr, order="C", copy=True)
    if arr.dtype.name not in _EVAL_DTYPE or arr.dtype.byteorder == ">":
        raise TypeError(f"evaluate: {what} has dtype {arr.dtype}, not one "
                        f"of {' '.join(_EVAL_DTYPE)}")
    return arr


def _kernel_of(kernel, signature):
    """(library path or None, image bytes or None, name, signature tokens or
    parameter sizes) of a Kernel or a (path, name) pair; loads the library
    for its metadata (on the current device)."""
    if isinstance(kernel, Kernel):
        k = kernel
    elif isinstance(kernel, (tuple, list)) and len(kernel) == 2:
        path, name = kernel
        k = Library(os.fspath(path)).get_kernel(str(name))
    else:
        raise TypeError("evaluate: kernel must be an infinirt.Kernel or a "
                        f"(library path, name) pair, not {kernel!r}")
    lib = k.library
    tokens = parse_signature(signature) if signature else k.signature
    sizes = None
    if tokens is None:
        try:
            sizes = k.param_sizes()
        except Error:
            sizes = None      # no metadata on this backend
    elif signature:
        k._checked(signature)  # raises TypeError if the sizes disagree
    image = lib._image.raw[:-1] if lib.path is None else None
    return lib.path, image, k.name, tokens, sizes


def _scalar_spec(value, tok, size, index, name):
    """("s", dtype, int value, float value) for a Python or NumPy scalar."""
    np = _numpy()
    where = f"argument {index} of {name}"
    if isinstance(value, EvalScalar):
        tok, value = value.dtype, value.value
    elif isinstance(value, np.generic) and tok is None:
        if value.dtype.name not in _EVAL_DTYPE:
            raise TypeError(f"evaluate: {where}: dtype {value.dtype}")
        tok = _EVAL_DTYPE[value.dtype.name]
    if tok is None and size is not None:
        integral = isinstance(value, (numbers.Integral, np.integer))
        if integral:
            signed = int(value) < 0
            tok = {1: "i8", 2: "i16", 4: "i32", 8: "i64"}.get(size) if signed \
                else {1: "u8", 2: "u16", 4: "u32", 8: "u64"}.get(size)
        elif isinstance(value, (numbers.Real, np.floating)):
            tok = {4: "f32", 8: "f64"}.get(size)
        if tok is None:
            raise TypeError(f"evaluate: {where} is {size} bytes; "
                            f"{type(value).__name__} cannot fill it")
    if tok is None:
        raise TypeError(f"evaluate: {where}: the kernel's parameter types "
                        "are unknown; give signature= or eval_scalar()")
    if tok == "ptr":
        raise TypeError(f"evaluate: {where} is a pointer: give an array, "
                        f"not {type(value).__name__}")
    if tok not in _NUMPY_DTYPE:
        raise TypeError(f"evaluate: {where} is {tok}, which evaluate cannot "
                        f"pass (types: {' '.join(_NUMPY_DTYPE)})")
    if tok[0] == "f":
        if not isinstance(value, (numbers.Real, np.number)):
            raise TypeError(f"evaluate: {where} is {tok}, given "
                            f"{type(value).__name__}")
        return ("s", tok, 0, float(value)), float(value)
    if not isinstance(value, (numbers.Integral, np.integer)):
        raise TypeError(f"evaluate: {where} is {tok}, given "
                        f"{type(value).__name__} {value!r}")
    v = int(value)
    info = np.iinfo(_NUMPY_DTYPE[tok])
    if not info.min <= v <= info.max:
        raise ValueError(f"evaluate: {where}: {v} does not fit {tok}")
    bits = v - (1 << 64) if v >= 1 << 63 else v   # u64 as its int64 bits
    return ("s", tok, bits, 0.0), v


def _outputs(obj, arrays, nargs, what):
    """{argument index: array} from a dict, a list aligned with the
    arguments, or one array (the last tensor argument)."""
    if obj is None:
        return {}
    tensors = [i for i, a in enumerate(arrays) if a is not None]
    if isinstance(obj, dict):
        items = {int(k): v for k, v in obj.items()}
    elif isinstance(obj, (list, tuple)):
        if len(obj) != nargs:
            raise ValueError(f"evaluate: {what} is a sequence of {len(obj)} "
                             f"items; give one per argument ({nargs}, None "
                             "where not compared) or a dict")
        items = {i: v for i, v in enumerate(obj) if v is not None}
    elif _is_array(obj):
        if not tensors:
            raise ValueError(f"evaluate: {what} given, but no argument is a "
                             "tensor")
        items = {tensors[-1]: obj}
    else:
        raise TypeError(f"evaluate: {what} must be an array, a dict or a "
                        f"list, not {type(obj).__name__}")
    np = _numpy()
    out = {}
    for i, v in items.items():
        if not 0 <= i < nargs or arrays[i] is None:
            raise ValueError(f"evaluate: {what} for argument {i}, which is "
                             "not a tensor")
        want = arrays[i]
        got = _host_copy(v, f"{what} for argument {i}")
        if got.shape != want.shape:
            raise ValueError(f"evaluate: {what} for argument {i} has shape "
                             f"{got.shape}, the argument {want.shape}")
        if got.dtype != want.dtype:
            if not np.can_cast(got.dtype, want.dtype, "same_kind"):
                raise TypeError(f"evaluate: {what} for argument {i} is "
                                f"{got.dtype}, the argument {want.dtype}")
            got = got.astype(want.dtype)
        out[i] = got
    return out


def _device_of(device):
    if device is None:
        return Device.current()
    if isinstance(device, Device):
        return device
    if isinstance(device, str):
        kind, _, ordinal = device.partition(":")
        return Device(int(ordinal or 0), _type_value(kind))
    return Device(int(device))


def evaluate(kernel, *args, grid, block, shared_mem=0, device=None,
             signature=None, warmup=1, number=1, repeat=10, min_repeat_ms=0.0,
             cold=False, stop="fixed", target_stdrel=0.005, min_samples=10,
             max_samples=1000, max_time_s=15.0, flops=None, bytes=None,
             expected=None, reference=None, atol=1e-5, rtol=1e-5,
             placement="device", params=None, progress=False):
    """Times ``kernel`` (an infinirt.Kernel or a (library path, name) pair)
    launched with ``grid``/``block`` on ``args``, by the rules of
    docs/eval.md; returns an EvalResult.

    Arrays (NumPy, torch, infinirt Tensors, on any device) are copied into
    tensors of the eval, placed by ``placement`` ("device", "host",
    "pinned") before timing; the caller's arrays are never written. Python
    ints and floats take their type from ``signature``, the kernel's own
    signature or its parameter sizes (which cannot tell a pointer from an
    8-byte scalar: a signature can); ``eval_scalar(dtype, v)`` forces one.

    ``expected``: the outputs after one run (a dict argument index ->
    array, a list aligned with ``args``, or one array for the last tensor
    argument). ``reference``: a callable given NumPy copies of the
    arguments (scalars as given) that returns the expected outputs in the
    same forms, or None when it updated its copies in place (then every
    tensor is compared). A mismatch beyond |got - exp| <= atol + rtol |exp|
    raises infinirt.ErrorAssert naming the worst element."""
    if expected is not None and reference is not None:
        raise ValueError("evaluate: give expected or reference, not both")
    if stop not in _STOPS:
        raise ValueError(f"evaluate: stop must be 'fixed' or 'stdrel', not "
                         f"{stop!r}")
    if placement not in _PLACES:
        raise ValueError(f"evaluate: placement must be one of "
                         f"{tuple(_PLACES)}, not {placement!r}")
    dev = _device_of(device)
    # The eval makes its device current on this thread: put back this
    # thread's current device of its type and of the eval's.
    saved = [Device.current()]
    if dev.type != saved[0].type:
        saved.insert(0, Device(type=dev.type))
    try:
        with dev:
            path, image, name, tokens, sizes = _kernel_of(kernel, signature)
        return _run(dev, path, image, name, tokens, sizes, args, grid, block,
                    shared_mem, dict(
                        warmup=warmup, number=number, repeat=repeat,
                        min_repeat_ms=min_repeat_ms, cold=int(bool(cold)),
                        stop=_STOPS[stop], target_stdrel=target_stdrel,
                        min_samples=min_samples, max_samples=max_samples,
                        max_time_s=max_time_s, atol=atol, rtol=rtol,
                        progress=int(bool(progress))),
                    flops, bytes, expected, reference, _PLACES[placement],
                    params)
    finally:
        for d in saved:
            d.set()


def _run(dev, path, image, name, tokens, sizes, args, grid, block,
         shared_mem, config, flops, nbytes, expected, reference, place,
         params):
    known = tokens if tokens is not None else sizes
    if known is not None and len(known) != len(args):
        raise TypeError(f"evaluate: {name} takes {len(known)} arguments "
                        f"({len(args)} given)")
    specs, arrays, values = [], [], []
    for i, a in enumerate(args):
        tok = tokens[i] if tokens is not None else None
        size = sizes[i] if sizes is not None else None
        if _is_array(a):
            if (tok is not None and tok != "ptr") or \
                    (size is not None and size != _SIZES["ptr"]):
                raise TypeError(f"evaluate: argument {i} of {name} is a "
                                f"{tok or f'{size}-byte'} scalar, given an "
                                "array")
            arr = _host_copy(a, f"argument {i}")
            specs.append(("t", _EVAL_DTYPE[arr.dtype.name], arr.shape, None,
                          _INIT_MEMORY, 0.0, 0.0, 0.0, 0,
                          arr.ctypes.data, place))
            arrays.append(arr)
            values.append(arr)
        else:
            spec, v = _scalar_spec(a, tok, size, i, name)
            specs.append(spec)
            arrays.append(None)
            values.append(v)
    if reference is not None:
        copies = [v.copy() if arrays[i] is not None else v
                  for i, v in enumerate(values)]
        out = reference(*copies)
        if out is None:
            out = {i: c for i, c in enumerate(copies) if arrays[i] is not None}
        want = _outputs(out, arrays, len(args), "the reference's output")
    else:
        want = _outputs(expected, arrays, len(args), "expected")
    np = _numpy()
    with tempfile.TemporaryDirectory(prefix="infinirt-eval-") as tmp:
        if image is not None:       # a Library loaded from bytes
            path = os.path.join(tmp, "kernels")
            with open(path, "wb") as f:
                f.write(image)
        npys = []
        for i, arr in want.items():
            p = os.path.join(tmp, f"expected{i}.npy")
            np.save(p, arr)
            npys.append((i, p))
        plist = [(str(k), str(v)) for k, v in (params or {}).items()]
        cap, stats = _C._eval_run(
            int(dev.type), dev.ordinal, path, name, _dim3(grid), _dim3(block),
            int(shared_mem), specs, config, float(flops or 0),
            float(nbytes or 0), npys, plist)
    return EvalResult(cap, stats)


def _render(caps, fmt):
    if fmt not in _FORMATS:
        raise ValueError(f"format must be one of {tuple(_FORMATS)}")
    fd, path = tempfile.mkstemp(prefix="infinirt-eval-", suffix="." + fmt)
    os.close(fd)
    try:
        _C._eval_write(list(caps), _FORMATS[fmt], path)
        with open(path, encoding="utf-8") as f:
            return f.read()
    finally:
        os.unlink(path)


def eval_report(results, format="markdown"):
    """Several EvalResults as one markdown table, JSON document or CSV."""
    return _render([r._cap for r in results], format)


class EvalResult:
    """The result of evaluate(). Per-run times in ms from device events:
    ``mean_ms``, ``median_ms``, ``min_ms``, ``max_ms``, ``stddev_ms``,
    ``stdrel`` (= ``noise``, stddev/mean), ``samples`` (list),
    ``wall_samples`` and ``wall_mean_ms`` (host clock); ``number`` (runs
    per sample), ``number_steps`` (its growth for min_repeat_ms), ``cold``,
    ``total_s``; throughput ``gflops``, ``gbytes_per_s``, ``peak_gflops``,
    ``peak_gbytes_per_s``, ``pct_peak_flops``, ``pct_peak_bw`` (None where
    the peak is unknown); ``check`` ("none" or "passed (...)"),
    ``stop_reason``, ``kernel``, ``device``. ``markdown()``, ``json()``,
    ``csv()`` render it as infinirt-bench does; ``to_dict()`` is the JSON
    result object (docs/eval.md's schema)."""

    def __init__(self, cap, stats):
        self._cap = cap
        self.count = stats.pop("samples")
        self.samples = stats.pop("samples_ms")
        self.wall_samples = stats.pop("samples_wall_ms")
        self.number_steps = stats.pop("number_steps")
        stats["cold"] = bool(stats["cold"])
        for k in ("peak_gflops", "peak_gbytes_per_s", "pct_peak_flops",
                  "pct_peak_bw"):
            if not stats[k]:
                stats[k] = None
        self.__dict__.update(stats)
        d = self.to_dict()
        self.kernel = d["kernel"]
        self.device = d["device"]
        self.check = d["check"]
        self.stop_reason = d["stop_reason"]

    @property
    def noise(self):
        """stddev / mean of the samples."""
        return self.stdrel

    def markdown(self):
        """The infinirt-bench markdown table of this result."""
        return _render([self._cap], "markdown")

    def json(self):
        """The JSON document (docs/eval.md's schema) of this result."""
        return _render([self._cap], "json")

    def csv(self):
        """A CSV header line and this result's line."""
        return _render([self._cap], "csv")

    def to_dict(self):
        """The JSON result object, parsed."""
        return json.loads(self.json())["results"][0]

    def compare(self, other):
        """(verdict, ratio, t) of ``other`` against this baseline (Welch's
        t; "SAME", "FASTER" or "SLOWER"; ratio = other mean / this mean)."""
        return _C._eval_compare(list(self.samples), list(other.samples))

    def __repr__(self):
        return (f"<infinirt.EvalResult {self.kernel}: mean {self.mean_ms:.4g}"
                f" ms, {self.count} samples x {self.number}, noise "
                f"{100 * self.stdrel:.2f}%>")


__all__ = ["evaluate", "EvalResult", "eval_scalar", "eval_report"]
