/* Conversions between Python objects and the API's C types (marshal.h). */
#include "marshal.h"

#include <string.h>

PyObject *pyrt_map_infinirtError_t;
PyObject *pyrt_cls_infinirtStream_t;

static PyObject *addressof; /* ctypes.addressof */

int pyrt_marshal_init(void) {
  PyObject *ctypes = PyImport_ImportModule("ctypes");
  if (ctypes == NULL)
    return -1;
  addressof = PyObject_GetAttrString(ctypes, "addressof");
  Py_DECREF(ctypes);
  return addressof == NULL ? -1 : 0;
}

int pyrt_nargs(PyObject *args, Py_ssize_t n, const char *fname) {
  Py_ssize_t got = PyTuple_Size(args);
  if (got == n)
    return 0;
  PyErr_Format(PyExc_TypeError, "%s() takes %zd argument%s (%zd given)", fname,
               n, n == 1 ? "" : "s", got);
  return -1;
}

/* An int from an int or an object with __index__; a new reference. */
static PyObject *as_index(PyObject *o, const char *what) {
  if (PyLong_Check(o)) {
    Py_INCREF(o);
    return o;
  }
  PyObject *i = PyNumber_Index(o);
  if (i == NULL) {
    PyErr_Clear();
    PyErr_Format(PyExc_TypeError, "%s: an int is required, not %S", what,
                 (PyObject *)Py_TYPE(o));
  }
  return i;
}

static int out_of_range(const char *what) {
  PyErr_Clear();
  PyErr_Format(PyExc_ValueError, "%s: value out of range", what);
  return -1;
}

int pyrt_to_i64(PyObject *o, long long min, long long max, long long *out,
                const char *what) {
  PyObject *i = as_index(o, what);
  if (i == NULL)
    return -1;
  long long v = PyLong_AsLongLong(i);
  Py_DECREF(i);
  if ((v == -1 && PyErr_Occurred()) || v < min || v > max)
    return out_of_range(what);
  *out = v;
  return 0;
}

int pyrt_to_u64(PyObject *o, unsigned long long max, unsigned long long *out,
                const char *what) {
  PyObject *i = as_index(o, what);
  if (i == NULL)
    return -1;
  unsigned long long v = PyLong_AsUnsignedLongLong(i);
  Py_DECREF(i);
  if ((v == (unsigned long long)-1 && PyErr_Occurred()) || v > max)
    return out_of_range(what);
  *out = v;
  return 0;
}

int pyrt_to_double(PyObject *o, double *out, const char *what) {
  double v = PyFloat_AsDouble(o);
  if (v == -1.0 && PyErr_Occurred()) {
    PyErr_Clear();
    PyErr_Format(PyExc_TypeError, "%s: a number is required, not %S", what,
                 (PyObject *)Py_TYPE(o));
    return -1;
  }
  *out = v;
  return 0;
}

/* An address from an int (negative values wrap, as C's casts do). */
static int long_to_ptr(PyObject *i, void **out, const char *what) {
  void *p = PyLong_AsVoidPtr(i);
  if (p == NULL && PyErr_Occurred())
    return out_of_range(what);
  *out = p;
  return 0;
}

/* The data pointer of an __array_interface__ / __cuda_array_interface__
 * dict: data is (address, read_only). 1 if |o| has neither. */
static int array_interface_ptr(PyObject *o, void **out, const char *what) {
  static const char *const names[] = {"__cuda_array_interface__",
                                      "__array_interface__"};
  for (size_t k = 0; k < 2; k++) {
    if (!PyObject_HasAttrString(o, names[k]))
      continue;
    PyObject *d = PyObject_GetAttrString(o, names[k]);
    if (d == NULL)
      return -1;
    PyObject *data = PyDict_Check(d) ? PyDict_GetItemString(d, "data") : NULL;
    PyObject *addr = NULL;
    if (data != NULL && PyTuple_Check(data) && PyTuple_Size(data) >= 1)
      addr = PyTuple_GetItem(data, 0);
    int rc = -1;
    if (addr != NULL && PyLong_Check(addr))
      rc = long_to_ptr(addr, out, what);
    else
      PyErr_Format(PyExc_TypeError, "%s: %s has no data address", what,
                   names[k]);
    Py_DECREF(d);
    return rc;
  }
  return 1;
}

int pyrt_to_ptr(PyObject *o, void **out, const char *what) {
  if (o == Py_None) {
    *out = NULL;
    return 0;
  }
  if (PyLong_Check(o))
    return long_to_ptr(o, out, what);
  if (!PyFloat_Check(o) && !PyUnicode_Check(o)) {
    int rc = array_interface_ptr(o, out, what);
    if (rc <= 0)
      return rc;
    PyObject *i = NULL;
    if (PyObject_HasAttrString(o, "__index__"))
      i = PyNumber_Index(o);
    else if (PyObject_HasAttrString(o, "__int__"))
      i = PyNumber_Long(o);
    if (i != NULL) {
      rc = PyLong_Check(i) ? long_to_ptr(i, out, what) : -1;
      Py_DECREF(i);
      return rc;
    }
    if (PyErr_Occurred())
      return -1;
  }
  PyErr_Format(PyExc_TypeError, "%s: an address is required, not %S", what,
               (PyObject *)Py_TYPE(o));
  return -1;
}

int pyrt_to_cptr(PyObject *o, const void **out, PyObject **keep,
                 const char *what) {
  if (PyBytes_Check(o) && !keep) {
    PyErr_Format(PyExc_TypeError,
                 "%s: bytes are released when the call returns, before the "
                 "queued work reads them; pass the address of memory that "
                 "stays alive until the stream reaches it (a pinned Buffer, "
                 "a NumPy array)",
                 what);
    return -1;
  }
  if (PyBytes_Check(o)) {
    Py_INCREF(o);
    *keep = o;
    *out = PyBytes_AsString(o);
    return 0;
  }
  void *p;
  if (pyrt_to_ptr(o, &p, what) < 0)
    return -1;
  *out = p;
  return 0;
}

int pyrt_to_handle(PyObject *o, void **out, const char *what) {
  if (o == Py_None) {
    *out = NULL;
    return 0;
  }
  PyObject *i = as_index(o, what);
  if (i == NULL)
    return -1;
  int rc = long_to_ptr(i, out, what);
  Py_DECREF(i);
  return rc;
}

int pyrt_to_cstr(PyObject *o, const char **out, PyObject **keep,
                 const char *what) {
  if (o == Py_None) {
    *out = NULL;
    return 0;
  }
  PyObject *b;
  if (PyUnicode_Check(o)) {
    b = PyUnicode_AsUTF8String(o);
    if (b == NULL)
      return -1;
  } else if (PyBytes_Check(o)) {
    Py_INCREF(o);
    b = o;
  } else {
    PyErr_Format(PyExc_TypeError, "%s: str or bytes is required, not %S", what,
                 (PyObject *)Py_TYPE(o));
    return -1;
  }
  char *s = PyBytes_AsString(b);
  Py_ssize_t n = PyBytes_Size(b);
  if (s == NULL || (Py_ssize_t)strlen(s) != n) {
    Py_DECREF(b);
    if (!PyErr_Occurred())
      PyErr_Format(PyExc_ValueError, "%s: embedded NUL character", what);
    return -1;
  }
  *keep = b;
  *out = s;
  return 0;
}

int pyrt_to_struct_ptr(PyObject *o, PyObject *cls, void **out, int allow_none,
                       const char *what) {
  if (o == Py_None && allow_none) {
    *out = NULL;
    return 0;
  }
  int is = PyObject_IsInstance(o, cls);
  if (is < 0)
    return -1;
  if (!is) {
    PyObject *name = PyObject_GetAttrString(cls, "__name__");
    PyErr_Format(PyExc_TypeError, "%s: %S%s is required, not %S", what, name,
                 allow_none ? " or None" : "", (PyObject *)Py_TYPE(o));
    Py_XDECREF(name);
    return -1;
  }
  PyObject *a = PyObject_CallFunctionObjArgs(addressof, o, NULL);
  if (a == NULL)
    return -1;
  *out = PyLong_AsVoidPtr(a);
  Py_DECREF(a);
  return PyErr_Occurred() ? -1 : 0;
}

int pyrt_to_struct_val(PyObject *o, PyObject *cls, void *out, size_t size,
                       const char *what) {
  void *p;
  if (pyrt_to_struct_ptr(o, cls, &p, 0, what) < 0)
    return -1;
  memcpy(out, p, size);
  return 0;
}

int pyrt_to_dim3(PyObject *o, PyObject *cls, infinirtDim3 *out,
                 const char *what) {
  unsigned int v[3] = {1, 1, 1};
  if (PyTuple_Check(o) || PyList_Check(o)) {
    Py_ssize_t n = PySequence_Size(o);
    if (n < 1 || n > 3) {
      PyErr_Format(PyExc_ValueError, "%s: 1 to 3 dimensions, not %zd", what, n);
      return -1;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
      PyObject *item = PySequence_GetItem(o, k);
      unsigned long long x;
      int rc = item ? pyrt_to_u64(item, 0xffffffffu, &x, what) : -1;
      Py_XDECREF(item);
      if (rc < 0)
        return -1;
      v[k] = (unsigned int)x;
    }
  } else if (PyLong_Check(o)) {
    unsigned long long x;
    if (pyrt_to_u64(o, 0xffffffffu, &x, what) < 0)
      return -1;
    v[0] = (unsigned int)x;
  } else {
    return pyrt_to_struct_val(o, cls, out, sizeof *out, what);
  }
  out->x = v[0];
  out->y = v[1];
  out->z = v[2];
  return 0;
}

PyObject *pyrt_new_struct(PyObject *cls, void **addr) {
  PyObject *o = PyObject_CallObject(cls, NULL);
  if (o == NULL)
    return NULL;
  if (pyrt_to_struct_ptr(o, cls, addr, 0, "output") < 0) {
    Py_DECREF(o);
    return NULL;
  }
  return o;
}

PyObject *pyrt_from_struct(PyObject *cls, const void *src, size_t size) {
  void *dst;
  PyObject *o = pyrt_new_struct(cls, &dst);
  if (o != NULL)
    memcpy(dst, src, size);
  return o;
}

int pyrt_to_array(PyObject *o, size_t count, size_t elem, pyrt_conv_fn conv,
                  void *ctx, void **out, const char *what) {
  *out = NULL;
  if (o == Py_None)
    return 0;
  if (!PySequence_Check(o) || PyUnicode_Check(o) || PyBytes_Check(o)) {
    PyErr_Format(PyExc_TypeError, "%s: a list or tuple is required, not %S",
                 what, (PyObject *)Py_TYPE(o));
    return -1;
  }
  Py_ssize_t n = PySequence_Size(o);
  if (n < 0)
    return -1;
  if ((size_t)n < count) {
    PyErr_Format(PyExc_ValueError, "%s: %zd items, fewer than the count %zu",
                 what, n, count);
    return -1;
  }
  char *buf = PyMem_Calloc(count ? count : 1, elem);
  if (buf == NULL) {
    PyErr_NoMemory();
    return -1;
  }
  for (size_t k = 0; k < count; k++) {
    PyObject *item = PySequence_GetItem(o, (Py_ssize_t)k);
    int rc = item ? conv(item, buf + k * elem, ctx, what) : -1;
    Py_XDECREF(item);
    if (rc < 0) {
      PyMem_Free(buf);
      return -1;
    }
  }
  *out = buf;
  return 0;
}

PyObject *pyrt_from_array(const void *arr, size_t count, size_t elem,
                          pyrt_from_fn conv, void *ctx) {
  PyObject *list = PyList_New((Py_ssize_t)count);
  if (list == NULL)
    return NULL;
  for (size_t k = 0; k < count; k++) {
    PyObject *item = conv((const char *)arr + k * elem, ctx);
    if (item == NULL || PyList_SetItem(list, (Py_ssize_t)k, item) < 0) {
      Py_DECREF(list);
      return NULL;
    }
  }
  return list;
}

PyObject *pyrt_from_enum(PyObject *map, long long v) {
  PyObject *key = PyLong_FromLongLong(v);
  if (key == NULL)
    return NULL;
  PyObject *member = map ? PyDict_GetItem(map, key) : NULL;
  if (member == NULL)
    return key;
  Py_DECREF(key);
  Py_INCREF(member);
  return member;
}

PyObject *pyrt_from_handle(PyObject *cls, const void *p) {
  PyObject *v = PyLong_FromVoidPtr((void *)p);
  if (v == NULL || cls == NULL)
    return v;
  PyObject *h = PyObject_CallFunctionObjArgs(cls, v, NULL);
  Py_DECREF(v);
  return h;
}

PyObject *pyrt_from_ptr(const void *p) {
  return PyLong_FromVoidPtr((void *)p);
}

PyObject *pyrt_from_cstr(const char *s) {
  if (s == NULL)
    Py_RETURN_NONE;
  return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

/* (infinirtSuccess,): the result of most calls, shared (tuples are
 * immutable). Made on first use, once the error enum is registered. */
static PyObject *success_only;

PyObject *pyrt_result(infinirtError_t err, Py_ssize_t n, PyObject **outs) {
  if (n == 0 && err == infinirtSuccess && pyrt_map_infinirtError_t) {
    if (success_only == NULL) {
      PyObject *e = pyrt_from_enum(pyrt_map_infinirtError_t, err);
      success_only = e ? PyTuple_Pack(1, e) : NULL;
      Py_XDECREF(e);
      if (success_only == NULL)
        return NULL;
    }
    Py_INCREF(success_only);
    return success_only;
  }
  int failed = 0;
  for (Py_ssize_t k = 0; k < n; k++)
    failed |= outs[k] == NULL;
  PyObject *t = failed ? NULL : PyTuple_New(n + 1);
  PyObject *e = t ? pyrt_from_enum(pyrt_map_infinirtError_t, err) : NULL;
  if (e == NULL) {
    for (Py_ssize_t k = 0; k < n; k++)
      Py_XDECREF(outs[k]);
    Py_XDECREF(t);
    return NULL;
  }
  PyTuple_SetItem(t, 0, e);
  for (Py_ssize_t k = 0; k < n; k++)
    PyTuple_SetItem(t, k + 1, outs[k]);
  return t;
}
