/* Conversions between Python objects and the C types of the API, shared by
 * the generated wrappers (runtime_gen.c) and the host-function trampolines.
 * Each to-C function returns 0, or -1 with TypeError or ValueError set;
 * |what| names the argument in the message. */
#ifndef INFINIRT_PY_MARSHAL_H
#define INFINIRT_PY_MARSHAL_H

#include <Python.h>
#include <stddef.h>

#include "infinirt.h"

/* ctypes.addressof, imported once by pyrt_marshal_init(). */
int pyrt_marshal_init(void);

/* The argument tuple has exactly |n| items. */
int pyrt_nargs(PyObject *args, Py_ssize_t n, const char *fname);

/* Integers: an int or an object with __index__ (an IntEnum, a handle),
 * within [min, max] (else ValueError). */
int pyrt_to_i64(PyObject *o, long long min, long long max, long long *out,
                const char *what);
int pyrt_to_u64(PyObject *o, unsigned long long max, unsigned long long *out,
                const char *what);
int pyrt_to_double(PyObject *o, double *out, const char *what);

/* An address: None (NULL), an int, an object with __index__ or __int__, or
 * one with __array_interface__ or __cuda_array_interface__ (its data
 * pointer). */
int pyrt_to_ptr(PyObject *o, void **out, const char *what);
/* As pyrt_to_ptr, and bytes (its contents, kept alive by |*keep| for the
 * call); with |keep| NULL (a call that queues work) bytes are refused. */
int pyrt_to_cptr(PyObject *o, const void **out, PyObject **keep,
                 const char *what);
/* A handle: None (NULL), an int or an object with __index__. */
int pyrt_to_handle(PyObject *o, void **out, const char *what);
/* A string: str (UTF-8), bytes or None; |*keep| holds the bytes. */
int pyrt_to_cstr(PyObject *o, const char **out, PyObject **keep,
                 const char *what);

/* An instance of ctypes Structure class |cls|: its address, NULL for None
 * where |allow_none|. */
int pyrt_to_struct_ptr(PyObject *o, PyObject *cls, void **out, int allow_none,
                       const char *what);
/* A copy of an instance of |cls| (|size| bytes) into |out|. */
int pyrt_to_struct_val(PyObject *o, PyObject *cls, void *out, size_t size,
                       const char *what);
/* infinirtDim3: an instance, an int (x, 1, 1) or a tuple of 1 to 3 ints. */
int pyrt_to_dim3(PyObject *o, PyObject *cls, infinirtDim3 *out,
                 const char *what);
/* A new zeroed instance of |cls|; its address in |*addr|. */
PyObject *pyrt_new_struct(PyObject *cls, void **addr);

/* A sequence of at least |count| items, each converted by |conv| into an
 * array of |count| elements of |elem| bytes (PyMem_Malloc'd, the caller
 * frees it); None gives NULL. */
typedef int (*pyrt_conv_fn)(PyObject *o, void *dst, void *ctx,
                            const char *what);
int pyrt_to_array(PyObject *o, size_t count, size_t elem, pyrt_conv_fn conv,
                  void *ctx, void **out, const char *what);
/* A list of |count| elements of |elem| bytes, each converted by |conv|. */
typedef PyObject *(*pyrt_from_fn)(const void *src, void *ctx);
PyObject *pyrt_from_array(const void *arr, size_t count, size_t elem,
                          pyrt_from_fn conv, void *ctx);

/* To Python: an enumerator of the IntEnum whose value map is |map| (a
 * plain int for a value the enum does not name); a handle of class |cls|;
 * an address as an int; a string or None. */
PyObject *pyrt_from_enum(PyObject *map, long long v);
PyObject *pyrt_from_handle(PyObject *cls, const void *p);
PyObject *pyrt_from_ptr(const void *p);
PyObject *pyrt_from_cstr(const char *s);
/* A copy of |size| bytes at |src| as a new instance of |cls|. */
PyObject *pyrt_from_struct(PyObject *cls, const void *src, size_t size);

/* (err, *outs): steals the |n| references in |outs| (NULL entries mean a
 * conversion failed: all are released and NULL returned). */
PyObject *pyrt_result(infinirtError_t err, Py_ssize_t n, PyObject **outs);

/* The error IntEnum's value map and the stream handle class, set by the
 * generated registration (runtime_gen.c). */
extern PyObject *pyrt_map_infinirtError_t;
extern PyObject *pyrt_cls_infinirtStream_t;

#endif
