"""Library and Kernel: load a kernel library, launch its kernels with
Python arguments packed from a signature string or the library's metadata."""

import ctypes
import os
import struct
import weakref

from . import runtime as _rt
from . import _stream
from ._errors import Error, check

# Signature tokens -> ctypes type (pointer types are "ptr").
_SCALARS = {
    "i8": ctypes.c_int8, "i16": ctypes.c_int16, "i32": ctypes.c_int32,
    "i64": ctypes.c_int64, "u8": ctypes.c_uint8, "u16": ctypes.c_uint16,
    "u32": ctypes.c_uint32, "u64": ctypes.c_uint64, "f32": ctypes.c_float,
    "f64": ctypes.c_double, "ptr": ctypes.c_void_p, "f16": "f16",
    "bool": ctypes.c_bool,
}
_SIZES = {"i8": 1, "u8": 1, "bool": 1, "i16": 2, "u16": 2, "f16": 2,
          "i32": 4, "u32": 4, "f32": 4, "i64": 8, "u64": 8, "f64": 8,
          "ptr": ctypes.sizeof(ctypes.c_void_p)}
_ALIASES = {
    "int": "i32", "int32": "i32", "int64": "i64", "int8": "i8",
    "int16": "i16", "uint": "u32", "unsigned": "u32", "uint32": "u32",
    "uint64": "u64", "uint8": "u8", "uint16": "u16", "size_t": "u64",
    "long long": "i64", "unsigned long long": "u64", "unsigned int": "u32",
    "float": "f32", "float32": "f32", "double": "f64", "float64": "f64",
    "half": "f16", "float16": "f16", "p": "ptr", "pointer": "ptr",
    "void*": "ptr", "char": "i8", "short": "i16",
}
_INT_BY_SIZE = {1: ctypes.c_uint8, 2: ctypes.c_uint16, 4: ctypes.c_uint32,
                8: ctypes.c_uint64}
_FLOAT_BY_SIZE = {4: ctypes.c_float, 8: ctypes.c_double}


def parse_signature(signature):
    """The list of argument type tokens of a signature string such as
    "ptr,ptr,i32,f32" (also C names: "float*", "unsigned int", "size_t")."""
    if isinstance(signature, (list, tuple)):
        items = list(signature)
    else:
        items = [s for s in signature.split(",")] if signature.strip() else []
    out = []
    for raw in items:
        tok = " ".join(str(raw).strip().split())
        if tok.endswith("*"):
            tok = "ptr"
        tok = tok.replace("const ", "")
        tok = _ALIASES.get(tok, tok)
        if tok not in _SCALARS:
            raise ValueError(f"unknown argument type {raw!r} in signature")
        out.append(tok)
    return out


def pointer_of(value):
    """The address a pointer argument stands for: a Tensor/Buffer/int/None,
    or an object with __cuda_array_interface__/__array_interface__."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    for attr in ("__cuda_array_interface__", "__array_interface__"):
        iface = getattr(value, attr, None)
        if iface is not None:
            return int(iface["data"][0] or 0)
    if hasattr(value, "__int__"):
        return int(value)
    if isinstance(value, ctypes.c_void_p):
        return value.value or 0
    raise TypeError(f"cannot pass {type(value).__name__} as a pointer")


def _pack_typed(tok, value):
    if tok == "ptr":
        return ctypes.c_void_p(pointer_of(value))
    if tok == "f16":
        return ctypes.c_uint16(struct.unpack("<H", struct.pack("<e", float(value)))[0])
    ctype = _SCALARS[tok]
    if tok in ("f32", "f64"):
        return ctype(float(value))
    if tok == "bool":
        return ctype(bool(value))
    return ctype(int(value))


def _pack_by_size(size, value):
    """An argument of ``size`` bytes from a Python value: floats by size,
    ints two's complement, pointers, NumPy scalars and bytes by their bytes."""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, float):
        if size not in _FLOAT_BY_SIZE:
            raise TypeError(f"a float cannot fill a {size}-byte parameter")
        return _FLOAT_BY_SIZE[size](value)
    if isinstance(value, int):
        if size not in _INT_BY_SIZE:
            raise TypeError(f"an int cannot fill a {size}-byte parameter")
        return _INT_BY_SIZE[size](value & ((1 << (8 * size)) - 1))
    if isinstance(value, (bytes, bytearray)):
        data = bytes(value)
    elif hasattr(value, "dtype") and hasattr(value, "tobytes") and \
            getattr(value, "ndim", 1) == 0:
        data = value.tobytes()       # a NumPy scalar
    else:
        if size != ctypes.sizeof(ctypes.c_void_p):
            raise TypeError(f"cannot pass {type(value).__name__} to a "
                            f"{size}-byte parameter")
        return ctypes.c_void_p(pointer_of(value))
    if len(data) != size:
        raise TypeError(f"{len(data)} bytes for a {size}-byte parameter")
    return (ctypes.c_char * size).from_buffer_copy(data)


def _dim3(v):
    if isinstance(v, int):
        return (v, 1, 1)
    v = tuple(int(x) for x in v)
    if not 1 <= len(v) <= 3:
        raise ValueError("a grid or block is an int or a 1-3 tuple")
    return v + (1,) * (3 - len(v))


class Library:
    """A loaded kernel library: a file path (a CPU .so or an NVIDIA .fatbin/
    .cubin/.ptx for the current device type) or its bytes. Unloaded when it
    and its kernels are unreferenced, or by ``unload()``."""

    def __init__(self, source):
        self.path = None           # the file, for infinirt.evaluate
        if isinstance(source, (str, os.PathLike)):
            path = self.path = os.fsdecode(source)
            h = check(_rt.infinirtLibraryLoadFromFile(path, None, None, 0,
                                                      None, None, 0))
            self._image = None
        else:
            image = bytes(source)
            # A NUL after the image: PTX text must be terminated.
            self._image = ctypes.create_string_buffer(image, len(image) + 1)
            h = check(_rt.infinirtLibraryLoadData(
                ctypes.addressof(self._image), None, None, 0, None, None, 0))
        self.handle = h
        self._finalizer = weakref.finalize(self, _rt.infinirtLibraryUnload, h)

    def unload(self):
        """Unloads the library now; its kernels must not be used afterwards."""
        self._finalizer()

    def get_kernel(self, name, signature=None):
        """The kernel ``name``; ``signature`` (optional) is its default
        argument signature for launch()."""
        h = check(_rt.infinirtLibraryGetKernel(self.handle, name))
        return Kernel(self, h, name, signature)

    __getitem__ = get_kernel

    def kernel_names(self):
        """Names of the library's kernels."""
        n = check(_rt.infinirtLibraryGetKernelCount(self.handle))
        handles = check(_rt.infinirtLibraryEnumerateKernels(n, self.handle))
        return [_name_of(h) for h in (handles or [])]


def _name_of(h):
    n = check(_rt.infinirtFuncGetName(h))
    return n.decode() if isinstance(n, bytes) else n


class Kernel:
    """A kernel of a Library (keeps the library loaded)."""

    def __init__(self, library, handle, name, signature=None):
        self.library = library
        self.handle = handle
        self.name = name
        self._sizes = None
        self._signatures = {}
        self.signature = self._checked(signature) if signature else None

    def __int__(self):
        return int(self.handle)

    def param_sizes(self):
        """Byte sizes of the parameters (infinirtFuncGetParamInfo)."""
        if self._sizes is None:
            sizes = []
            while True:
                r = _rt.infinirtFuncGetParamInfo(self.handle, len(sizes))
                if int(r[0]) != 0:
                    _rt.infinirtGetLastError()   # the probe's end, not an error
                    if int(r[0]) == int(_rt.infinirtError_t.infinirtErrorInvalidValue):
                        break
                    check(r)
                size = r[2] if len(r) > 2 else r[1]
                sizes.append(int(size))
            self._sizes = sizes
        return list(self._sizes)

    def _checked(self, signature):
        """The parsed signature, checked once against the parameter sizes
        the library reports (where the backend reports them)."""
        key = signature if isinstance(signature, str) else tuple(signature)
        sig = self._signatures.get(key)
        if sig is None:
            sig = parse_signature(signature)
            try:
                sizes = self.param_sizes()
            except Error:
                sizes = None             # no metadata: trust the signature
            if sizes is not None:
                got = [_SIZES[t] for t in sig]
                if got != sizes:
                    raise TypeError(f"signature {signature!r} does not match "
                                    f"{self.name}'s parameter sizes {sizes}")
            self._signatures[key] = sig
        return sig

    def pack(self, args, signature=None):
        """(ctypes void* array, the values it points at) for ``args``."""
        args = list(args)
        sig = self._checked(signature) if signature else self.signature
        if sig is not None:
            if len(sig) != len(args):
                raise TypeError(f"{self.name} takes {len(sig)} arguments "
                                f"({len(args)} given)")
            values = [_pack_typed(t, a) for t, a in zip(sig, args)]
        else:
            sizes = self.param_sizes()
            if len(sizes) != len(args):
                raise TypeError(f"{self.name} takes {len(sizes)} arguments "
                                f"({len(args)} given)")
            values = [_pack_by_size(s, a) for s, a in zip(sizes, args)]
        array = (ctypes.c_void_p * max(len(values), 1))(
            *[ctypes.addressof(v) for v in values])
        return array, values

    def launch(self, grid, block, args=(), shared_mem=0, stream=None,
               signature=None):
        """Launches the kernel (infinirtLaunchKernel) on ``stream`` (the
        current stream when None) with ``grid`` and ``block`` (ints or 1-3
        tuples). ``args``: Python scalars, Tensors/Buffers/ints (pointers),
        packed by ``signature`` ("ptr,ptr,i32,f32"), the kernel's default
        one, or else by the parameter sizes of infinirtFuncGetParamInfo.
        The arguments are copied at launch; the memory they point at must
        stay alive until the kernel has run."""
        array, values = self.pack(args, signature)
        check(_rt.infinirtLaunchKernel(
            self.handle, _dim3(grid), _dim3(block), ctypes.addressof(array),
            int(shared_mem), _stream._handle(_stream.resolve(stream))))
        del values

    def __call__(self, grid, block, *args, **kw):
        """``kernel(grid, block, *args, shared_mem=0, stream=None)``."""
        return self.launch(grid, block, args, **kw)

    def __repr__(self):
        return f"<infinirt.Kernel {self.name}>"


__all__ = ["Library", "Kernel", "parse_signature"]
