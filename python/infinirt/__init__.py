"""InfiniRT from Python: the low layer is infinirt.runtime."""
from . import runtime  # noqa: F401
