"""infinirt.Error and one subclass per infinirtError_t code."""

from . import runtime as _rt

_Code = _rt.infinirtError_t


def _text(value):
    """The str of a low-layer call that returns a string (bare or in a tuple)."""
    if isinstance(value, tuple):
        value = value[-1]
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return "" if value is None else str(value)


class Error(Exception):
    """A failed InfiniRT call.

    Attributes: ``code`` (an ``infinirtError_t``), ``name`` (the C name, e.g.
    ``"infinirtErrorInvalidValue"``), ``detail`` (the sentence from
    ``infinirtExtGetLastErrorDetail`` of the thread's failing call: the
    function, the object and the native error where a vendor library failed).
    Catch a single code with its subclass, e.g. ``infinirt.ErrorInvalidValue``.
    """

    _by_code = {}

    def __init__(self, code, detail=None, message=None):
        code = _Code(code)
        self.code = code
        self.name = _text(_rt.infinirtGetErrorName(code))
        if detail is None:
            detail = _text(_rt.infinirtExtGetLastErrorDetail())
        self.detail = detail
        text = message or _text(_rt.infinirtGetErrorString(code))
        if detail:
            text = f"{text} ({detail})"
        super().__init__(f"{self.name}: {text}")

    @classmethod
    def for_code(cls, code):
        """The Error subclass of ``code`` (Error itself for an unknown code)."""
        return cls._by_code.get(int(code), Error)


def _class_name(enum_name):
    # infinirtErrorInvalidValue -> ErrorInvalidValue
    return enum_name[len("infinirt"):] if enum_name.startswith("infinirt") else enum_name


def _make_subclasses():
    classes = {}
    for member in _Code:
        if member.value == 0:
            continue
        name = _class_name(member.name)
        if not name.startswith("Error"):
            name = "Error" + name
        doc = f"Raised for {member.name} ({member.value})."
        cls = type(name, (Error,), {"__doc__": doc, "__module__": "infinirt"})
        Error._by_code[member.value] = cls
        classes[name] = cls
    return classes


error_classes = _make_subclasses()


def check(err, *, detail=None):
    """Raises the Error subclass of ``err`` unless it is success.

    ``err`` is an ``infinirtError_t`` (or int), or a low-layer result tuple
    ``(err, *outputs)``; returns the outputs (None, one value, or a tuple).
    """
    outputs = ()
    if isinstance(err, tuple):
        err, outputs = err[0], err[1:]
    if int(err) != 0:
        raise Error.for_code(err)(err, detail)
    if not outputs:
        return None
    return outputs[0] if len(outputs) == 1 else outputs
