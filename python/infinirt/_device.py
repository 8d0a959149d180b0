"""Device: one device of a device type (CPU, NVIDIA) and the calls on it."""

import threading

from . import runtime as _rt
from ._errors import check

_Type = _rt.infinirtDeviceType
_local = threading.local()


def _saved_devices():
    """This thread's stack of devices that ``with device:`` blocks restore."""
    stack = getattr(_local, "saved", None)
    if stack is None:
        stack = _local.saved = []
    return stack


def _type_value(kind):
    """An infinirtDeviceType from an enum, int, or a name such as "cpu"."""
    if isinstance(kind, str):
        want = kind.lower()
        for member in _Type:
            if member.name[len("infinirtDeviceType"):].lower() == want:
                return member
        raise ValueError(f"unknown device type {kind!r}")
    return _Type(int(kind))


def current_type():
    """The calling thread's current device type (an infinirtDeviceType)."""
    return _Type(check(_rt.infinirtExtGetDeviceType()))


def set_type(kind):
    """Makes ``kind`` (enum, int or name: "cpu", "nvidia") the calling
    thread's device type; raises ErrorNoDevice if it has no device."""
    check(_rt.infinirtExtSetDeviceType(_type_value(kind)))


def type_name(kind):
    """Lower-case name of a device type ("cpu", "nvidia", ...)."""
    return _type_value(kind).name[len("infinirtDeviceType"):].lower()


class Device:
    """Device ``ordinal`` of device type ``type`` (the thread's current type
    when omitted). Two Device objects with the same type and ordinal are
    equal. Methods act on this device by making it current first."""

    __slots__ = ("ordinal", "type")

    def __init__(self, ordinal=None, type=None):
        self.type = current_type() if type is None else _type_value(type)
        if ordinal is None:
            with _TypeScope(self.type):
                ordinal = check(_rt.infinirtGetDevice())
        self.ordinal = int(ordinal)

    @staticmethod
    def count(type=None):
        """Number of devices of ``type`` (the current type when omitted)."""
        if type is None:
            return check(_rt.infinirtGetDeviceCount())
        return _count_of(_type_value(type))

    @staticmethod
    def current():
        """The calling thread's current device."""
        return Device()

    def set(self):
        """Makes this device (and its type) current for the calling thread."""
        if current_type() != self.type:
            set_type(self.type)
        check(_rt.infinirtSetDevice(self.ordinal))
        return self

    def __enter__(self):
        _saved_devices().append(Device())
        self.set()
        return self

    def __exit__(self, *exc):
        _saved_devices().pop().set()

    @property
    def name(self):
        """The device's name from its properties."""
        n = self.properties().name
        return n.decode("utf-8", "replace") if isinstance(n, bytes) else str(n)

    def properties(self):
        """infinirtDeviceProp of this device (a ctypes structure)."""
        with _TypeScope(self.type):
            return check(_rt.infinirtGetDeviceProperties(self.ordinal))

    def attribute(self, attr):
        """infinirtDeviceGetAttribute(attr) of this device."""
        with _TypeScope(self.type):
            return check(_rt.infinirtDeviceGetAttribute(attr, self.ordinal))

    def synchronize(self):
        """Waits for all work on this device (infinirtDeviceSynchronize)."""
        with self:
            check(_rt.infinirtDeviceSynchronize())

    @property
    def is_cpu(self):
        """Whether this is a CPU-backend device (device memory is host memory)."""
        return self.type == _Type.infinirtDeviceTypeCpu

    @property
    def is_nvidia(self):
        """Whether this is an NVIDIA GPU."""
        return self.type == _Type.infinirtDeviceTypeNvidia

    def __eq__(self, other):
        return (isinstance(other, Device) and other.type == self.type
                and other.ordinal == self.ordinal)

    def __hash__(self):
        return hash((int(self.type), self.ordinal))

    def __repr__(self):
        return f"Device({self.ordinal}, type={type_name(self.type)!r})"


def _count_of(kind):
    out = check(_rt.infinirtExtGetBackendStatus(kind))
    return out[0] if isinstance(out, tuple) else out


class _TypeScope:
    """Makes a device type current for a block (no-op when it already is)."""

    __slots__ = ("type", "saved")

    def __init__(self, kind):
        self.type = kind

    def __enter__(self):
        self.saved = current_type()
        if self.saved != self.type:
            set_type(self.type)

    def __exit__(self, *exc):
        if self.saved != self.type:
            set_type(self.saved)
