"""Buffer: memory allocated through infinirt, freed when unreferenced."""

import ctypes
import weakref

from . import runtime as _rt
from ._device import Device
from ._errors import check
from . import _stream

# A plain int: the wrappers convert it faster than the IntEnum.
_DEFAULT = int(_rt.infinirtMemcpyKind.infinirtMemcpyDefault)
_MEM_ATTACH_GLOBAL = 0x01
KINDS = ("device", "pinned", "managed")


def _free(fn, ptr):
    fn(ptr)  # at exit the runtime may be gone: the error is dropped


def _is_capturing(stream):
    if stream is None:
        return False
    status = check(_rt.infinirtStreamIsCapturing(_stream._handle(stream)))
    return int(status) != 0


class Buffer:
    """``nbytes`` bytes of ``kind`` memory on ``device`` (the current device
    when None):

    - ``"device"``: infinirtMalloc (host memory on the CPU backend);
    - ``"pinned"``: infinirtMallocHost, page-locked host memory;
    - ``"managed"``: infinirtMallocManaged(Global).

    ``ptr`` (also ``int(buffer)``) is the address. The memory is freed when the
    Buffer and every Tensor viewing it are gone, or by ``free()``.
    """

    def __init__(self, nbytes, kind="device", device=None):
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        nbytes = int(nbytes)
        if nbytes < 0:
            raise ValueError("nbytes must be >= 0")
        self.device = Device() if device is None else device
        self.kind = kind
        self.nbytes = nbytes
        with self.device:
            if kind == "device":
                ptr, free = check(_rt.infinirtMalloc(nbytes)), _rt.infinirtFree
            elif kind == "pinned":
                ptr, free = (check(_rt.infinirtMallocHost(nbytes)),
                             _rt.infinirtFreeHost)
            else:
                ptr, free = (check(_rt.infinirtMallocManaged(
                    nbytes, _MEM_ATTACH_GLOBAL)), _rt.infinirtFree)
        self.ptr = int(ptr or 0)
        self._finalizer = weakref.finalize(self, _free, free, self.ptr)

    def free(self):
        """Frees the memory now; views of it must not be used afterwards."""
        self._finalizer()
        self.ptr = 0

    def __int__(self):
        return self.ptr

    def __len__(self):
        return self.nbytes

    @property
    def host_accessible(self):
        """Whether the CPU may read and write the memory directly."""
        return self.device.is_cpu or self.kind in ("pinned", "managed")

    def copy_from(self, src, *, offset=0, stream=None):
        """Copies ``src`` (bytes-like, a NumPy array or anything with
        ``__array_interface__``/``__cuda_array_interface__``, a Buffer or a
        Tensor, all contiguous) into this buffer at ``offset``.

        Without a stream (argument or ``with stream:``) the copy is
        synchronous; on a stream it is queued (infinirtMemcpyAsync) and the
        source object is kept alive until the stream reaches it (while the
        stream is capturing, the caller keeps it alive)."""
        ptr, n, keep = address_of(src)
        self._check_range(offset, n)
        _copy(self.ptr + offset, ptr, n, stream, keep)
        return self

    def copy_to(self, dst=None, *, offset=0, stream=None):
        """Copies this buffer's bytes from ``offset`` into ``dst`` (a writable
        bytes-like object, NumPy array, Buffer or Tensor) and returns it; with
        ``dst`` None returns a new ``bytes`` of the rest of the buffer
        (synchronously). Stream rules as ``copy_from``."""
        if dst is None:
            n = self.nbytes - offset
            self._check_range(offset, n)
            out = ctypes.create_string_buffer(n)
            s = _stream.resolve(stream)
            _copy(ctypes.addressof(out), self.ptr + offset, n, s, None)
            if s is not None:
                s.synchronize()
            return out.raw
        ptr, n, keep = address_of(dst, writable=True)
        self._check_range(offset, n)
        _copy(ptr, self.ptr + offset, n, stream, keep)
        return dst

    def memset(self, value, nbytes=None, *, offset=0, stream=None):
        """Sets ``nbytes`` bytes (the rest when None) from ``offset`` to the
        byte ``value`` (infinirtMemset, or MemsetAsync on a stream)."""
        n = self.nbytes - offset if nbytes is None else int(nbytes)
        self._check_range(offset, n)
        s = _stream.resolve(stream)
        if s is None:
            check(_rt.infinirtMemset(self.ptr + offset, int(value), n))
        else:
            check(_rt.infinirtMemsetAsync(self.ptr + offset, int(value), n,
                                          _stream._handle(s)))
        return self

    def _check_range(self, offset, n):
        if offset < 0 or n < 0 or offset + n > self.nbytes:
            raise ValueError(f"{n} bytes at offset {offset} do not fit in a "
                             f"{self.nbytes}-byte buffer")

    def __repr__(self):
        return (f"<infinirt.Buffer {self.kind} {self.nbytes} bytes at "
                f"{self.ptr:#x} on {self.device}>")


def _copy(dst, src, n, stream, keep):
    s = _stream.resolve(stream)
    if s is None:
        check(_rt.infinirtMemcpy(dst, src, n, _DEFAULT))
        return
    check(_rt.infinirtMemcpyAsync(dst, src, n, _DEFAULT, _stream._handle(s)))
    if keep is None:
        return
    if _is_capturing(s):
        # The graph holds the reference for all of its launches.
        from ._graph import keep_alive_in_capture
        keep_alive_in_capture(s, keep)
    else:
        # The host function holds the reference until the copy is done.
        _stream.launch_host_func(s, _keep_alive, keep)


def _keep_alive(obj):
    del obj


def _contiguous(shape, strides, itemsize):
    if strides is None:
        return True
    expect = itemsize
    for dim, st in zip(reversed(shape), reversed(strides)):
        if dim != 1 and st != expect:
            return False
        expect *= dim
    return True


def _interface_address(iface, writable):
    from ._dtype import itemsize, name_of
    shape = tuple(iface["shape"])
    size = itemsize(name_of(iface["typestr"]))
    if not _contiguous(shape, iface.get("strides"), size):
        raise ValueError("the array is not C-contiguous")
    ptr, readonly = iface["data"]
    if writable and readonly:
        raise ValueError("the destination array is read-only")
    n = size
    for d in shape:
        n *= d
    return int(ptr or 0), n


def _tensor_class():
    from ._tensor import Tensor   # _tensor imports this module
    return Tensor


def address_of(obj, writable=False):
    """(address, nbytes, object to keep alive) of a contiguous memory object:
    a Buffer, a Tensor, an object with ``__cuda_array_interface__`` or
    ``__array_interface__``, or a bytes-like object."""
    # infinirt memory needs no keep-alive: freeing it waits as CUDA's does.
    if isinstance(obj, Buffer):
        return obj.ptr, obj.nbytes, None
    if isinstance(obj, _tensor_class()):
        if not obj.is_contiguous():
            raise ValueError("the tensor is not contiguous")
        keep = None if isinstance(obj.base, Buffer) else obj
        return obj.ptr, obj.nbytes, keep
    for attr in ("__cuda_array_interface__", "__array_interface__"):
        iface = getattr(obj, attr, None)
        if iface is not None:
            ptr, n = _interface_address(iface, writable)
            return ptr, n, obj
    if isinstance(obj, bytes):
        if writable:
            raise ValueError("bytes are read-only")
        return ctypes.cast(ctypes.c_char_p(obj), ctypes.c_void_p).value or 0, \
            len(obj), obj
    view = memoryview(obj)
    if not view.c_contiguous:
        raise ValueError("the buffer is not C-contiguous")
    n = view.nbytes
    if view.readonly:
        if writable:
            raise ValueError("the destination buffer is read-only")
        data = bytes(view)   # no address of a read-only buffer without C
        return address_of(data)
    if n == 0:
        return 0, 0, obj
    arr = (ctypes.c_char * n).from_buffer(view.cast("B"))
    return ctypes.addressof(arr), n, (obj, arr)
