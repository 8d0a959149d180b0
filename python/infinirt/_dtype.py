"""Element types: NumPy-like names <-> DLPack (code, bits, lanes) <-> typestr."""

# DLDataTypeCode values (DLPack spec).
DL_INT, DL_UINT, DL_FLOAT, DL_OPAQUE, DL_BFLOAT, DL_COMPLEX, DL_BOOL = range(7)

# name: (DLPack code, bits, array-interface typestr or None)
_TYPES = {
    "bool": (DL_BOOL, 8, "|b1"),
    "int8": (DL_INT, 8, "|i1"),
    "int16": (DL_INT, 16, "<i2"),
    "int32": (DL_INT, 32, "<i4"),
    "int64": (DL_INT, 64, "<i8"),
    "uint8": (DL_UINT, 8, "|u1"),
    "uint16": (DL_UINT, 16, "<u2"),
    "uint32": (DL_UINT, 32, "<u4"),
    "uint64": (DL_UINT, 64, "<u8"),
    "float16": (DL_FLOAT, 16, "<f2"),
    "float32": (DL_FLOAT, 32, "<f4"),
    "float64": (DL_FLOAT, 64, "<f8"),
    "bfloat16": (DL_BFLOAT, 16, None),
    "complex64": (DL_COMPLEX, 64, "<c8"),
    "complex128": (DL_COMPLEX, 128, "<c16"),
}
_ALIASES = {"float": "float64", "int": "int64", "half": "float16",
            "double": "float64", "f4": "float32", "f8": "float64",
            "i4": "int32", "i8": "int64", "u1": "uint8", "b1": "bool",
            "?": "bool"}
_BY_DL = {(c, b): n for n, (c, b, _) in _TYPES.items()}
_BY_TYPESTR = {t[1:]: n for n, (_, _, t) in _TYPES.items() if t}


def name_of(dtype):
    """The canonical name ("float32", ...) of a name, a NumPy dtype or scalar
    type, a torch dtype, or an array-interface typestr ("<f4")."""
    if isinstance(dtype, str):
        s = dtype
    elif hasattr(dtype, "dtype") and not isinstance(dtype, type):
        s = str(dtype.dtype)          # an array
    else:
        s = str(getattr(dtype, "name", None) or dtype)
        if s.startswith("torch."):
            s = s[len("torch."):]
    if s in _TYPES:
        return s
    if s in _ALIASES:
        return _ALIASES[s]
    if len(s) > 1 and s[0] in "<>|=" and s[1:] in _BY_TYPESTR:
        if s[0] == ">" and s[1:] not in ("i1", "u1", "b1"):
            raise TypeError(f"big-endian dtype {s!r} is not supported")
        return _BY_TYPESTR[s[1:]]
    try:
        import numpy
        return name_of(numpy.dtype(dtype).name)
    except Exception:
        pass
    raise TypeError(f"unsupported dtype {dtype!r}")


def itemsize(name):
    """Bytes per element of dtype ``name``."""
    return _TYPES[name_of(name)][1] // 8


def to_dlpack(name):
    """(code, bits, lanes) of dtype ``name``."""
    code, bits, _ = _TYPES[name_of(name)]
    return (code, bits, 1)


def from_dlpack(code, bits, lanes):
    """The dtype name of a DLPack (code, bits, lanes)."""
    if lanes != 1:
        raise BufferError(f"vector DLPack dtypes (lanes={lanes}) are not supported")
    try:
        return _BY_DL[(code, bits)]
    except KeyError:
        raise BufferError(f"unsupported DLPack dtype code={code} bits={bits}") from None


def typestr(name):
    """The array-interface typestr ("<f4") of dtype ``name``."""
    t = _TYPES[name_of(name)][2]
    if t is None:
        raise TypeError(f"{name} has no array-interface typestr")
    return t
