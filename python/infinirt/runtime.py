"""infinirt.runtime: every function of InfiniRT's C API, cuda-python style.

Generated at build time from src/core/api.def and the public headers
(python/gen_runtime.py writes _runtime_gen.py and the C wrappers). Each
function has the C name and returns a tuple, the error code first:

    err, ptr = infinirtMalloc(1024)
    err, = infinirtFree(ptr)

Arguments are the C parameters that are not outputs, in C order; outputs
are returned after err (None when err is not infinirtSuccess). Enums are
IntEnums (infinirtMemcpyKind.infinirtMemcpyHostToDevice), structs ctypes
Structures, handles int subclasses (infinirtStream_t); None or 0 is NULL.
A host function or stream callback is a Python callable, called with its
user data on the runtime's thread; every call releases the GIL.
"""
try:
    from ._runtime_gen import *  # noqa: F401,F403
except ImportError as e:
    if "static TLS" not in str(e):
        raise
    # libinfinirt's thread-local state uses the initial-exec TLS model:
    # loaded by dlopen (as an import does) it needs more of glibc's static
    # TLS surplus than the default leaves.
    raise ImportError(
        "%s; start Python with GLIBC_TUNABLES="
        "glibc.rtld.optional_static_tls=16384 in its environment" % e) from e
from ._runtime_gen import __all__, FUNCTIONS, API_TABLE_ROWS  # noqa: F401,E402
