"""infinirt.runtime: every function of InfiniRT's C API, cuda-python style.

Generated at build time from src/core/api.def and the public headers
(python/gen_runtime.py writes _runtime_gen.py and the C wrappers): a row
added to the table appears here with no Python code touched. FUNCTIONS
lists the functions in table order.

Calls. Each function has the C name and returns a tuple, the error code
(an infinirtError_t member) first, then the outputs in C order:

    err, ptr = infinirtMalloc(1024)
    err, = infinirtFree(ptr)
    err, nodes, numNodes = infinirtGraphGetNodes(graph, numNodes)

The arguments are the C parameters that are not outputs, in C order. An
output is None when err is not infinirtSuccess (GraphExecUpdate's
resultInfo excepted: CUDA fills it when the update fails). In/out counts
(GraphGetNodes, GraphGetEdges, ...) are arguments and outputs; a count of 0
returns the count only. Functions that return no error code
(infinirtGetErrorName, infinirtExtGetLastErrorDetail,
infinirtExtGetDeviceTypeName) return (infinirtSuccess, value). Every call
releases the GIL.

Types.
  - Enums are IntEnums named as the C type (infinirtMemcpyKind, also under
    the tag's name), members named as the C enumerators; enum arguments take
    the member or an int.
  - Structs and unions are ctypes Structures/Unions named as the C type;
    the import checks their sizes and field offsets against C's. Pointer
    arguments take an instance (None for NULL), which the call may write
    (GraphAddMemAllocNode's dptr); by-value arguments take an instance;
    infinirtDim3 also an int or a tuple of 1 to 3 ints. Output structs are
    new instances.
  - Handles (infinirtStream_t, infinirtEvent_t, infinirtGraph_t, ...) are
    int subclasses whose value is the C pointer; handle arguments take a
    handle, an int or None (NULL: the legacy stream).
  - void * arguments take an int, None, an object with __index__/__int__,
    or one with __array_interface__ / __cuda_array_interface__ (its data
    pointer); const void * also bytes, except in calls that take a stream
    (the bytes would be released before the queued work reads them).
    Outputs are ints.
  - Arrays with a count (const infinirtGraphNode_t *deps, size_t n) take a
    list or tuple of at least n items, or None.
  - void **args of the launch calls: a sequence of the addresses of each
    argument's value (ctypes.addressof of a c_int, ...), or the address of
    a C array of them.
  - Attribute values behind void * (MemPoolGet/SetAttribute,
    DeviceGet/SetGraphMemAttribute) are ints.
  - infinirtHostFn_t / infinirtStreamCallback_t parameters take a Python
    callable (None: NULL), called on the runtime's thread with the GIL as
    fn(userData) and fn(stream, status, userData); an exception is reported
    through sys.unraisablehook. The callable is released once called, or at
    once if the call is refused; one enqueued while its stream captures is
    kept for the process's life (the graph may run it any number of times).
    infinirtHostNodeParams.fn takes a ctypes function (infinirtHostFn_t
    here is the CFUNCTYPE), which the caller keeps alive.

Marshalling errors (a wrong type, a list shorter than its count, a value out
of the C type's range) raise TypeError or ValueError and call nothing.
"""
from ._runtime_gen import *  # noqa: F401,F403
from ._runtime_gen import __all__, FUNCTIONS, API_TABLE_ROWS  # noqa: F401
