"""Tensor: a typed, strided view of memory, exchanged by DLPack and the
array interfaces; from_dlpack wraps another library's memory."""

from . import _infinirt as _C
from . import _dtype
from . import runtime as _rt
from . import _stream
from ._device import Device, _TypeScope
from ._errors import check
from ._memory import Buffer, address_of

# DLDeviceType values (DLPack spec).
kDLCPU, kDLCUDA, kDLCUDAHost, kDLCUDAManaged = 1, 2, 3, 13
_CUDA_LIKE = (kDLCUDA, kDLCUDAManaged)
_NVIDIA = _rt.infinirtDeviceType.infinirtDeviceTypeNvidia


def _compact_strides(shape):
    strides, step = [], 1
    for d in reversed(shape):
        strides.append(step)
        step *= max(d, 1)
    return tuple(reversed(strides))


def _prod(shape):
    n = 1
    for d in shape:
        n *= d
    return n


class Tensor:
    """A view of ``shape`` elements of ``dtype`` (a NumPy-like name such as
    "float32", or a NumPy/torch dtype) in ``buffer`` (a Buffer), starting
    ``offset`` bytes in, with ``strides`` in elements (C order when None).

    The tensor keeps its memory alive. ``stream`` (a Stream or None) is the
    stream its data is produced on: exports to other libraries order their
    reads after it. Tensors from ``infinirt.from_dlpack`` view foreign memory
    and keep its producer alive.
    """

    def __init__(self, buffer, shape, dtype="float32", strides=None, offset=0,
                 *, stream=None, readonly=False):
        if not isinstance(buffer, Buffer):
            raise TypeError("buffer must be an infinirt.Buffer")
        shape = tuple(int(d) for d in shape)
        name = _dtype.name_of(dtype)
        size = _dtype.itemsize(name)
        strides = (_compact_strides(shape) if strides is None
                   else tuple(int(s) for s in strides))
        if len(strides) != len(shape) or any(d < 0 for d in shape):
            raise ValueError("bad shape or strides")
        if _prod(shape):
            lo = sum(min(0, (d - 1) * s) for d, s in zip(shape, strides))
            hi = sum(max(0, (d - 1) * s) for d, s in zip(shape, strides))
            if offset + lo * size < 0 or offset + (hi + 1) * size > buffer.nbytes:
                raise ValueError("the view does not fit in the buffer")
        self._init(buffer, buffer.ptr + int(offset), shape, name, strides,
                   buffer.device, buffer.kind, readonly, stream)

    def _init(self, base, ptr, shape, dtype, strides, device, kind, readonly,
              stream):
        self.base = base           # what keeps the memory alive
        self.ptr = int(ptr)
        self.shape = shape
        self.dtype = dtype
        self.strides = strides
        self.device = device
        self.kind = kind           # device, pinned, managed, or host (foreign)
        self.readonly = bool(readonly)
        self.stream = stream

    @classmethod
    def _wrap(cls, base, ptr, shape, dtype, strides, device, kind, readonly):
        t = cls.__new__(cls)
        t._init(base, ptr, tuple(shape), dtype,
                _compact_strides(shape) if strides is None else tuple(strides),
                device, kind, readonly, None)
        return t

    # -- shape ------------------------------------------------------------
    @property
    def ndim(self):
        """Number of dimensions."""
        return len(self.shape)

    @property
    def size(self):
        """Number of elements."""
        return _prod(self.shape)

    @property
    def itemsize(self):
        """Bytes per element."""
        return _dtype.itemsize(self.dtype)

    @property
    def nbytes(self):
        """Bytes of the elements (size * itemsize)."""
        return self.size * self.itemsize

    def is_contiguous(self):
        """Whether the elements are packed in C order."""
        return all(d == 1 or s == c for d, s, c in
                   zip(self.shape, self.strides, _compact_strides(self.shape)))

    def __int__(self):
        return self.ptr

    def __len__(self):
        if not self.shape:
            raise TypeError("len() of a 0-d tensor")
        return self.shape[0]

    def reshape(self, shape):
        """A view with another shape (a contiguous tensor only; -1 infers)."""
        if not self.is_contiguous():
            raise ValueError("reshape needs a contiguous tensor")
        shape = list(int(d) for d in shape)
        if shape.count(-1) == 1:
            rest = _prod(d for d in shape if d != -1)
            shape[shape.index(-1)] = self.size // rest if rest else 0
        if _prod(shape) != self.size:
            raise ValueError(f"cannot reshape {self.shape} to {tuple(shape)}")
        t = Tensor._wrap(self.base, self.ptr, shape, self.dtype, None,
                         self.device, self.kind, self.readonly)
        t.stream = self.stream
        return t

    # -- data ---------------------------------------------------------------
    @property
    def host_accessible(self):
        """Whether the CPU can read the memory directly (NumPy views)."""
        return self.kind in ("host", "pinned", "managed") or self.device.is_cpu

    def numpy(self):
        """A NumPy array viewing this memory, no copy (host-accessible memory
        only; see to_numpy for a copy)."""
        import numpy
        return numpy.asarray(self)

    def to_numpy(self, stream=None):
        """A new NumPy array with a copy of the data (any memory; waits for
        the copy)."""
        import numpy
        out = numpy.empty(self.shape, dtype=self.dtype)
        self.copy_to(out, stream=stream)
        s = _stream.resolve(stream)
        if s is not None:
            s.synchronize()
        return out

    def copy_from(self, src, *, stream=None):
        """Copies a contiguous object of the same byte size (NumPy array,
        Tensor, Buffer, bytes-like) into this contiguous tensor. Stream rules
        as Buffer.copy_from."""
        from ._memory import _copy
        ptr, n, keep = address_of(src)
        self._same_size(n)
        _copy(self.ptr, ptr, n, stream, keep)
        return self

    def copy_to(self, dst, *, stream=None):
        """Copies this contiguous tensor into ``dst`` (same byte size)."""
        from ._memory import _copy
        ptr, n, keep = address_of(dst, writable=True)
        self._same_size(n)
        _copy(ptr, self.ptr, n, stream, keep)
        return dst

    def _same_size(self, n):
        if not self.is_contiguous():
            raise ValueError("the tensor is not contiguous")
        if n != self.nbytes:
            raise ValueError(f"size mismatch: {n} bytes for a "
                             f"{self.nbytes}-byte tensor")

    def copy(self, stream=None):
        """A new contiguous tensor of the same kind and device with a copy."""
        kind = self.kind if self.kind != "host" else "pinned"
        out = empty(self.shape, self.dtype, kind=kind, device=self.device)
        out.copy_from(self, stream=stream)
        return out

    # -- DLPack ---------------------------------------------------------------
    def __dlpack_device__(self):
        """(DLDeviceType, device id) of the memory."""
        if self.kind == "host" and getattr(self, "_dl_device", None):
            return self._dl_device
        if self.device.is_cpu or self.kind == "host":
            return (kDLCPU, 0)
        if self.kind == "pinned":
            return (kDLCUDAHost, 0)
        if self.kind == "managed":
            return (kDLCUDAManaged, self.device.ordinal)
        return (kDLCUDA, self.device.ordinal)

    def __dlpack__(self, *, stream=None, max_version=None, dl_device=None,
                   copy=None):
        """A DLPack capsule of this tensor (Python array API protocol).

        ``max_version`` >= (1, 0) gives a "dltensor_versioned" capsule, else
        the legacy "dltensor" one (which cannot carry read-only: BufferError).
        ``stream`` (CUDA memory): the consumer's stream as an int; unless it is
        -1 the data is made ready before return (this tensor's stream, or the
        current/legacy stream, is synchronized). ``copy=True`` exports a copy;
        ``dl_device`` other than this tensor's raises BufferError."""
        dev = self.__dlpack_device__()
        if dl_device is not None and tuple(dl_device) != dev:
            raise BufferError(f"cannot export to DLPack device {dl_device}")
        if dev[0] == kDLCPU:
            if stream not in (None, -1):
                raise BufferError("stream must be None for CPU memory")
        elif stream != -1 and dev[0] in _CUDA_LIKE + (kDLCUDAHost,):
            self._ready_for_consumer()
        src, flags = self, 0
        if copy:
            src, flags = self.copy(), _C.DLPACK_FLAG_IS_COPIED
            s = _stream.current_stream()
            if s is not None:
                s.synchronize()
        versioned = max_version is not None and tuple(max_version)[0] >= 1
        if src.readonly:
            if not versioned:
                raise BufferError("a read-only tensor needs a versioned "
                                  "DLPack capsule (max_version >= (1, 0))")
            flags |= _C.DLPACK_FLAG_READ_ONLY
        return _C.dlpack_make(src, src.ptr, src.shape, src.strides,
                              _dtype.to_dlpack(src.dtype), dev, flags,
                              versioned)

    def _ready_for_consumer(self):
        s = self.stream if self.stream is not None else _stream.current_stream()
        with self.device:
            check(_rt.infinirtStreamSynchronize(_stream._handle(s)))

    # -- array interfaces ---------------------------------------------------
    def _interface(self):
        size = self.itemsize
        strides = None if self.is_contiguous() else tuple(
            s * size for s in self.strides)
        return {"shape": self.shape, "typestr": _dtype.typestr(self.dtype),
                "data": (self.ptr, self.readonly), "strides": strides,
                "version": 3}

    @property
    def __array_interface__(self):
        """NumPy's array interface (v3), on host-accessible memory only."""
        if not self.host_accessible:
            raise AttributeError("__array_interface__: device memory is not "
                                 "host-accessible")
        d = self._interface()
        d["descr"] = [("", d["typestr"])]
        return d

    @property
    def __cuda_array_interface__(self):
        """The CUDA array interface (v3) on NVIDIA memory; ``stream`` is this
        tensor's stream's native handle, or 1 (legacy default stream)."""
        if not self.device.is_nvidia or self.kind == "host":
            raise AttributeError("__cuda_array_interface__: not NVIDIA memory")
        d = self._interface()
        d["stream"] = (_stream.native_handle(self.stream)
                       if self.stream is not None else 1)
        if d["stream"] == 0:
            d["stream"] = 1
        return d

    def __repr__(self):
        return (f"<infinirt.Tensor shape={self.shape} dtype={self.dtype} "
                f"{self.kind} at {self.ptr:#x} on {self.device}>")


def empty(shape, dtype="float32", *, kind="device", device=None, stream=None):
    """A new uninitialized contiguous Tensor in a new Buffer of ``kind``
    ("device", "pinned", "managed") on ``device``."""
    if isinstance(shape, int):
        shape = (shape,)
    shape = tuple(shape)
    buf = Buffer(_prod(shape) * _dtype.itemsize(dtype), kind, device)
    return Tensor(buf, shape, dtype, stream=stream)


def zeros(shape, dtype="float32", *, kind="device", device=None, stream=None):
    """As empty(), filled with zero bytes (on ``stream`` when given)."""
    t = empty(shape, dtype, kind=kind, device=device, stream=stream)
    t.base.memset(0, stream=stream)
    return t


def to_device(array, *, kind="device", device=None, stream=None):
    """A new Tensor holding a copy of a contiguous host array (anything with
    ``__array_interface__``, e.g. NumPy)."""
    iface = array.__array_interface__
    t = empty(tuple(iface["shape"]), _dtype.name_of(iface["typestr"]),
              kind=kind, device=device, stream=stream)
    t.copy_from(array, stream=stream)
    return t


def _device_from_dl(dev_type, dev_id):
    if dev_type == kDLCPU:
        return Device(0, "cpu"), "host"
    if dev_type == kDLCUDA:
        return Device(dev_id, "nvidia"), "device"
    if dev_type == kDLCUDAManaged:
        return Device(dev_id, "nvidia"), "managed"
    if dev_type == kDLCUDAHost:
        return Device(dev_id, "nvidia"), "pinned"
    raise BufferError(f"DLPack device type {dev_type} is not supported")


def _consumer_stream():
    s = _stream.current_stream()
    if s is not None and s.device.is_nvidia:
        return s.native_handle or 1
    return 1   # the legacy default stream


def _from_capsule(capsule):
    dl = _C.dlpack_consume(capsule)
    dtype = _dtype.from_dlpack(*dl.dtype)
    device, kind = _device_from_dl(*dl.device)
    t = Tensor._wrap(dl, dl.data + dl.byte_offset, dl.shape, dtype,
                     dl.strides, device, kind, dl.readonly)
    if kind == "host":
        t._dl_device = dl.device
    return t


def _from_interface(obj, iface, cuda):
    ptr, readonly = iface["data"]
    dtype = _dtype.name_of(iface["typestr"])
    size = _dtype.itemsize(dtype)
    shape = tuple(iface["shape"])
    strides = iface.get("strides")
    if strides is not None:
        if any(s % size for s in strides):
            raise BufferError("strides are not multiples of the item size")
        strides = tuple(s // size for s in strides)
    if cuda:
        with _TypeScope(_NVIDIA):
            attrs = check(_rt.infinirtPointerGetAttributes(ptr))
        device = Device(attrs.device, "nvidia")
        kind = {2: "device", 3: "managed"}.get(int(attrs.type), "pinned")
        if iface.get("stream") is not None:
            device.synchronize()   # the producer's stream may still write
    else:
        device, kind = Device(0, "cpu"), "host"
    return Tensor._wrap(obj, ptr or 0, shape, dtype, strides, device, kind,
                        readonly)


def from_dlpack(obj):
    """A Tensor viewing ``obj``'s memory without a copy; keeps ``obj``'s
    memory alive. ``obj`` is an object with ``__dlpack__`` (asked for a
    versioned capsule first, then the legacy one), a DLPack capsule, or an
    object with ``__cuda_array_interface__`` or ``__array_interface__``.
    For CUDA memory the producer is given this thread's current stream (its
    native handle; 1, the legacy default stream, without one)."""
    if type(obj).__name__ == "PyCapsule":
        return _from_capsule(obj)
    if hasattr(obj, "__dlpack__"):
        kwargs = {}
        if hasattr(obj, "__dlpack_device__"):
            if obj.__dlpack_device__()[0] in _CUDA_LIKE:
                kwargs["stream"] = _consumer_stream()
        try:
            try:
                capsule = obj.__dlpack__(max_version=(1, 0), **kwargs)
            except TypeError:      # a producer older than DLPack 1.0
                capsule = obj.__dlpack__(**kwargs)
            return _from_capsule(capsule)
        except BufferError:
            # Refused (e.g. NumPy 1.x: read-only arrays, bool): an array
            # interface, where there is one, says the same without DLPack.
            if not (hasattr(obj, "__cuda_array_interface__")
                    or hasattr(obj, "__array_interface__")):
                raise
    iface = getattr(obj, "__cuda_array_interface__", None)
    if iface is not None:
        return _from_interface(obj, iface, True)
    iface = getattr(obj, "__array_interface__", None)
    if iface is not None:
        return _from_interface(obj, iface, False)
    raise TypeError(f"{type(obj).__name__} has no __dlpack__, "
                    "__cuda_array_interface__ or __array_interface__")
