/* DLPack capsules for the Pythonic layer: making them (the producer side,
 * __dlpack__) and consuming them (infinirt.from_dlpack). Stable ABI only:
 * capsules, PyType_FromSpec, no buffer protocol. */
#include "py_dlpack.h"

#include <stdlib.h>
#include <string.h>

#include "gate.h"

static const char NAME_LEGACY[] = "dltensor";
static const char NAME_VERSIONED[] = "dltensor_versioned";
static const char NAME_USED_LEGACY[] = "used_dltensor";
static const char NAME_USED_VERSIONED[] = "used_dltensor_versioned";

/* ------------------------------------------------------------------------ */
/* Producer                                                                  */
/* ------------------------------------------------------------------------ */

/* One allocation per exported tensor: the managed tensor (first, so the
 * deleter's argument is this block), the owner it keeps alive, and the
 * shape and strides arrays the DLTensor points into. */
typedef struct {
  union {
    DLManagedTensor legacy;
    DLManagedTensorVersioned versioned;
  } m;
  PyObject *owner;
  int64_t dims[]; /* ndim shape entries, then ndim strides */
} ProducedTensor;

/* The consumer calls this when it is done, from any thread, with or without
 * the GIL: the owner's reference is dropped under the GIL. Once the
 * interpreter exits (gate.h), the owner cannot be touched and is leaked. */
static void produced_release(ProducedTensor *p) {
  if (p->owner && pyrt_gate_enter()) {
    PyGILState_STATE g = PyGILState_Ensure();
    Py_DECREF(p->owner);
    PyGILState_Release(g);
    pyrt_gate_leave();
  }
  free(p);
}

static void legacy_deleter(DLManagedTensor *self) {
  produced_release((ProducedTensor *)self->manager_ctx);
}

static void versioned_deleter(DLManagedTensorVersioned *self) {
  produced_release((ProducedTensor *)self->manager_ctx);
}

/* A capsule that was never consumed still owns its tensor; a consumed one
 * (renamed used_*) belongs to its consumer. The destructor runs with the GIL
 * held, possibly while an exception is being raised: keep it untouched. */
static void legacy_capsule_destructor(PyObject *cap) {
  if (!PyCapsule_IsValid(cap, NAME_LEGACY))
    return;
  PyObject *type, *value, *tb;
  PyErr_Fetch(&type, &value, &tb);
  DLManagedTensor *m = PyCapsule_GetPointer(cap, NAME_LEGACY);
  if (m && m->deleter)
    m->deleter(m);
  PyErr_Restore(type, value, tb);
}

static void versioned_capsule_destructor(PyObject *cap) {
  if (!PyCapsule_IsValid(cap, NAME_VERSIONED))
    return;
  PyObject *type, *value, *tb;
  PyErr_Fetch(&type, &value, &tb);
  DLManagedTensorVersioned *m = PyCapsule_GetPointer(cap, NAME_VERSIONED);
  if (m && m->deleter)
    m->deleter(m);
  PyErr_Restore(type, value, tb);
}

/* Reads |n| int64 values from sequence |seq| into |out|. */
static int read_int64s(PyObject *seq, Py_ssize_t n, int64_t *out,
                       const char *what) {
  for (Py_ssize_t i = 0; i < n; i++) {
    PyObject *item = PySequence_GetItem(seq, i);
    if (!item)
      return -1;
    long long v = PyLong_AsLongLong(item);
    Py_DECREF(item);
    if (v == -1 && PyErr_Occurred()) {
      PyErr_Format(PyExc_TypeError, "%s[%zd] must be an int", what, i);
      return -1;
    }
    out[i] = (int64_t)v;
  }
  return 0;
}

static int read_pair(PyObject *t, long long *a, long long *b,
                     const char *what) {
  if (!PyArg_ParseTuple(t, "LL", a, b)) {
    PyErr_Format(PyExc_TypeError, "%s must be a pair of ints", what);
    return -1;
  }
  return 0;
}

PyDoc_STRVAR(
    dlpack_make_doc,
    "dlpack_make(owner, data, shape, strides, dtype, device, flags, "
    "versioned)\n--\n\n"
    "Returns a DLPack capsule over |data| (an address) that keeps |owner|\n"
    "alive until the consumer deletes it. shape and strides (in elements,\n"
    "or None) are sequences of ints; dtype is (code, bits, lanes); device\n"
    "is (device_type, device_id); flags holds DLPACK_FLAG_BITMASK_* bits\n"
    "(versioned capsules only). versioned: a 'dltensor_versioned' capsule\n"
    "(DLPack 1.0) when true, else the legacy 'dltensor' capsule.");

static PyObject *dlpack_make(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *owner, *data_obj, *shape, *strides, *dtype, *device;
  unsigned long long flags;
  int versioned;
  if (!PyArg_ParseTuple(args, "OOOOOOKp", &owner, &data_obj, &shape, &strides,
                        &dtype, &device, &flags, &versioned))
    return NULL;
  void *data = data_obj == Py_None ? NULL : PyLong_AsVoidPtr(data_obj);
  if (PyErr_Occurred())
    return NULL;
  Py_ssize_t ndim = PySequence_Size(shape);
  if (ndim < 0)
    return NULL;
  if (ndim > INT32_MAX / 2) {
    PyErr_SetString(PyExc_ValueError, "too many dimensions");
    return NULL;
  }
  int have_strides = strides != Py_None;
  if (have_strides) {
    Py_ssize_t ns = PySequence_Size(strides);
    if (ns < 0)
      return NULL;
    if (ns != ndim) {
      PyErr_SetString(PyExc_ValueError,
                      "strides must have as many entries as shape");
      return NULL;
    }
  }
  long long code, dev_type, dev_id;
  unsigned int bits, lanes;
  if (!PyArg_ParseTuple(dtype, "LII", &code, &bits, &lanes)) {
    PyErr_SetString(PyExc_TypeError,
                    "dtype must be a (code, bits, lanes) tuple of ints");
    return NULL;
  }
  if (code < 0 || code > 255 || bits > 255 || lanes > 65535) {
    PyErr_SetString(PyExc_ValueError, "dtype out of DLDataType's range");
    return NULL;
  }
  if (read_pair(device, &dev_type, &dev_id, "device") < 0)
    return NULL;

  ProducedTensor *p = calloc(1, sizeof *p + 2 * (size_t)ndim * sizeof(int64_t));
  if (!p)
    return PyErr_NoMemory();
  int64_t *shp = p->dims, *str = p->dims + ndim;
  if (read_int64s(shape, ndim, shp, "shape") < 0 ||
      (have_strides && read_int64s(strides, ndim, str, "strides") < 0)) {
    free(p);
    return NULL;
  }
  for (Py_ssize_t i = 0; i < ndim; i++) {
    if (shp[i] < 0) {
      free(p);
      PyErr_SetString(PyExc_ValueError, "shape entries must be >= 0");
      return NULL;
    }
  }
  DLTensor *t = versioned ? &p->m.versioned.dl_tensor : &p->m.legacy.dl_tensor;
  t->data = data;
  t->device.device_type = (DLDeviceType)dev_type;
  t->device.device_id = (int32_t)dev_id;
  t->ndim = (int32_t)ndim;
  t->dtype.code = (uint8_t)code;
  t->dtype.bits = (uint8_t)bits;
  t->dtype.lanes = (uint16_t)lanes;
  t->shape = ndim ? shp : NULL;
  t->strides = have_strides && ndim ? str : NULL;
  t->byte_offset = 0;

  PyObject *cap;
  if (versioned) {
    p->m.versioned.version.major = INFINIRT_DLPACK_MAJOR;
    p->m.versioned.version.minor = INFINIRT_DLPACK_MINOR;
    p->m.versioned.manager_ctx = p;
    p->m.versioned.deleter = versioned_deleter;
    p->m.versioned.flags = (uint64_t)flags;
    cap = PyCapsule_New(&p->m.versioned, NAME_VERSIONED,
                        versioned_capsule_destructor);
  } else {
    p->m.legacy.manager_ctx = p;
    p->m.legacy.deleter = legacy_deleter;
    cap = PyCapsule_New(&p->m.legacy, NAME_LEGACY, legacy_capsule_destructor);
  }
  if (!cap) {
    free(p);
    return NULL;
  }
  Py_INCREF(owner);
  p->owner = owner;
  return cap;
}

/* ------------------------------------------------------------------------ */
/* Consumer                                                                  */
/* ------------------------------------------------------------------------ */

/* The tensor taken out of a consumed capsule. Exactly one of the two
 * pointers is set while the object owns it; dealloc calls its deleter. */
typedef struct {
  PyObject_HEAD DLManagedTensor *legacy;
  DLManagedTensorVersioned *versioned;
} DLPackTensorObject;

static PyObject *dlpack_tensor_type; /* strong reference, set once */

static const DLTensor *tensor_of(PyObject *o) {
  DLPackTensorObject *t = (DLPackTensorObject *)o;
  if (t->versioned)
    return &t->versioned->dl_tensor;
  if (t->legacy)
    return &t->legacy->dl_tensor;
  PyErr_SetString(PyExc_ValueError, "DLPackTensor holds no tensor");
  return NULL;
}

static void dlpack_tensor_dealloc(PyObject *o) {
  DLPackTensorObject *t = (DLPackTensorObject *)o;
  PyTypeObject *tp = Py_TYPE(o);
  if (t->versioned && t->versioned->deleter)
    t->versioned->deleter(t->versioned);
  else if (t->legacy && t->legacy->deleter)
    t->legacy->deleter(t->legacy);
  t->versioned = NULL;
  t->legacy = NULL;
  freefunc tp_free = (freefunc)PyType_GetSlot(tp, Py_tp_free);
  tp_free(o);
  Py_DECREF(tp);
}

static PyObject *dlpack_tensor_new(PyTypeObject *tp, PyObject *a, PyObject *k) {
  (void)tp, (void)a, (void)k;
  PyErr_SetString(PyExc_TypeError,
                  "DLPackTensor objects come from dlpack_consume()");
  return NULL;
}

static PyObject *get_data(PyObject *o, void *c) {
  (void)c;
  const DLTensor *t = tensor_of(o);
  return t ? PyLong_FromVoidPtr(t->data) : NULL;
}

static PyObject *get_byte_offset(PyObject *o, void *c) {
  (void)c;
  const DLTensor *t = tensor_of(o);
  return t ? PyLong_FromUnsignedLongLong(t->byte_offset) : NULL;
}

static PyObject *int64_tuple(const int64_t *v, int32_t n) {
  PyObject *r = PyTuple_New(n);
  if (!r)
    return NULL;
  for (int32_t i = 0; i < n; i++) {
    PyObject *x = PyLong_FromLongLong(v[i]);
    if (!x) {
      Py_DECREF(r);
      return NULL;
    }
    PyTuple_SetItem(r, i, x); /* steals x */
  }
  return r;
}

static PyObject *get_shape(PyObject *o, void *c) {
  (void)c;
  const DLTensor *t = tensor_of(o);
  if (!t)
    return NULL;
  if (t->ndim > 0 && !t->shape) {
    PyErr_SetString(PyExc_BufferError, "DLPack tensor has no shape array");
    return NULL;
  }
  return int64_tuple(t->shape, t->ndim);
}

static PyObject *get_strides(PyObject *o, void *c) {
  (void)c;
  const DLTensor *t = tensor_of(o);
  if (!t)
    return NULL;
  if (!t->strides || t->ndim == 0)
    Py_RETURN_NONE;
  return int64_tuple(t->strides, t->ndim);
}

static PyObject *get_dtype(PyObject *o, void *c) {
  (void)c;
  const DLTensor *t = tensor_of(o);
  return t ? Py_BuildValue("(iii)", t->dtype.code, t->dtype.bits,
                           t->dtype.lanes)
           : NULL;
}

static PyObject *get_device(PyObject *o, void *c) {
  (void)c;
  const DLTensor *t = tensor_of(o);
  return t ? Py_BuildValue("(ii)", (int)t->device.device_type,
                           (int)t->device.device_id)
           : NULL;
}

static PyObject *get_flags(PyObject *o, void *c) {
  (void)c;
  DLPackTensorObject *t = (DLPackTensorObject *)o;
  if (!tensor_of(o))
    return NULL;
  return PyLong_FromUnsignedLongLong(t->versioned ? t->versioned->flags : 0);
}

static PyObject *get_readonly(PyObject *o, void *c) {
  (void)c;
  DLPackTensorObject *t = (DLPackTensorObject *)o;
  if (!tensor_of(o))
    return NULL;
  return PyBool_FromLong(t->versioned &&
                         (t->versioned->flags & DLPACK_FLAG_BITMASK_READ_ONLY));
}

static PyObject *get_version(PyObject *o, void *c) {
  (void)c;
  DLPackTensorObject *t = (DLPackTensorObject *)o;
  if (!tensor_of(o))
    return NULL;
  if (!t->versioned)
    Py_RETURN_NONE;
  return Py_BuildValue("(II)", t->versioned->version.major,
                       t->versioned->version.minor);
}

static PyGetSetDef dlpack_tensor_getset[] = {
    {"data", get_data, NULL, "DLTensor.data as an int (before byte_offset)",
     NULL},
    {"byte_offset", get_byte_offset, NULL, "DLTensor.byte_offset", NULL},
    {"shape", get_shape, NULL, "shape as a tuple of ints", NULL},
    {"strides", get_strides, NULL,
     "strides in elements as a tuple, or None (compact row-major)", NULL},
    {"dtype", get_dtype, NULL, "(code, bits, lanes)", NULL},
    {"device", get_device, NULL, "(device_type, device_id)", NULL},
    {"flags", get_flags, NULL, "DLPACK_FLAG_BITMASK_* bits (0 if legacy)",
     NULL},
    {"readonly", get_readonly, NULL, "whether the producer marked it read-only",
     NULL},
    {"version", get_version, NULL,
     "(major, minor) of a versioned capsule, None for a legacy one", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyType_Slot dlpack_tensor_slots[] = {
    {Py_tp_dealloc, (void *)dlpack_tensor_dealloc},
    {Py_tp_new, (void *)dlpack_tensor_new},
    {Py_tp_getset, dlpack_tensor_getset},
    {Py_tp_doc, "A tensor taken from a consumed DLPack capsule; its memory "
                "stays valid while this object lives."},
    {0, NULL},
};

static PyType_Spec dlpack_tensor_spec = {
    "_infinirt.DLPackTensor", sizeof(DLPackTensorObject), 0,
    Py_TPFLAGS_DEFAULT,       dlpack_tensor_slots,
};

PyDoc_STRVAR(dlpack_consume_doc,
             "dlpack_consume(capsule)\n--\n\n"
             "Takes the tensor out of a 'dltensor_versioned' or 'dltensor'\n"
             "capsule, renames the capsule 'used_...' and returns a\n"
             "DLPackTensor that owns it. A consumed capsule raises\n"
             "BufferError, as does a versioned one of another major version\n"
             "(which is left untouched); anything else raises TypeError.");

static PyObject *dlpack_consume(PyObject *self, PyObject *cap) {
  (void)self;
  int versioned;
  if (PyCapsule_IsValid(cap, NAME_VERSIONED))
    versioned = 1;
  else if (PyCapsule_IsValid(cap, NAME_LEGACY))
    versioned = 0;
  else if (PyCapsule_IsValid(cap, NAME_USED_VERSIONED) ||
           PyCapsule_IsValid(cap, NAME_USED_LEGACY)) {
    PyErr_SetString(PyExc_BufferError,
                    "this DLPack capsule was already consumed");
    return NULL;
  } else {
    PyErr_SetString(PyExc_TypeError,
                    "expected a 'dltensor' or 'dltensor_versioned' capsule");
    return NULL;
  }
  void *ptr =
      PyCapsule_GetPointer(cap, versioned ? NAME_VERSIONED : NAME_LEGACY);
  if (!ptr)
    return NULL;
  if (versioned) {
    const DLManagedTensorVersioned *m = ptr;
    if (m->version.major != INFINIRT_DLPACK_MAJOR) {
      PyErr_Format(PyExc_BufferError,
                   "DLPack version %u.%u is not supported (major %d only)",
                   m->version.major, m->version.minor, INFINIRT_DLPACK_MAJOR);
      return NULL;
    }
  }
  const DLTensor *t = versioned ? &((DLManagedTensorVersioned *)ptr)->dl_tensor
                                : &((DLManagedTensor *)ptr)->dl_tensor;
  if (t->ndim < 0 || (t->ndim > 0 && !t->shape)) {
    PyErr_SetString(PyExc_BufferError, "malformed DLTensor (ndim/shape)");
    return NULL;
  }
  PyTypeObject *tp = (PyTypeObject *)dlpack_tensor_type;
  allocfunc alloc = (allocfunc)PyType_GetSlot(tp, Py_tp_alloc);
  DLPackTensorObject *o = (DLPackTensorObject *)alloc(tp, 0);
  if (!o)
    return NULL;
  if (PyCapsule_SetName(cap, versioned ? NAME_USED_VERSIONED
                                       : NAME_USED_LEGACY) < 0) {
    Py_DECREF(o);
    return NULL;
  }
  if (versioned)
    o->versioned = ptr;
  else
    o->legacy = ptr;
  return (PyObject *)o;
}

PyDoc_STRVAR(dlpack_capsule_name_doc,
             "dlpack_capsule_name(capsule)\n--\n\n"
             "Returns the capsule's name (str), or None if it has none.");

static PyObject *dlpack_capsule_name(PyObject *self, PyObject *cap) {
  (void)self;
  if (!PyCapsule_CheckExact(cap)) {
    PyErr_SetString(PyExc_TypeError, "expected a capsule");
    return NULL;
  }
  const char *name = PyCapsule_GetName(cap);
  if (!name) {
    if (PyErr_Occurred())
      return NULL;
    Py_RETURN_NONE;
  }
  return PyUnicode_FromString(name);
}

static PyMethodDef dlpack_methods[] = {
    {"dlpack_make", dlpack_make, METH_VARARGS, dlpack_make_doc},
    {"dlpack_consume", dlpack_consume, METH_O, dlpack_consume_doc},
    {"dlpack_capsule_name", dlpack_capsule_name, METH_O,
     dlpack_capsule_name_doc},
    {NULL, NULL, 0, NULL},
};

int infinirt_py_dlpack_add(PyObject *module) {
  if (!dlpack_tensor_type) {
    dlpack_tensor_type = PyType_FromSpec(&dlpack_tensor_spec);
    if (!dlpack_tensor_type)
      return -1;
  }
  Py_INCREF(dlpack_tensor_type);
  if (PyModule_AddObject(module, "DLPackTensor", dlpack_tensor_type) < 0) {
    Py_DECREF(dlpack_tensor_type);
    return -1;
  }
  if (PyModule_AddFunctions(module, dlpack_methods) < 0)
    return -1;
  struct {
    const char *name;
    long value;
  } consts[] = {
      {"DLPACK_MAJOR", INFINIRT_DLPACK_MAJOR},
      {"DLPACK_MINOR", INFINIRT_DLPACK_MINOR},
      {"DLPACK_FLAG_READ_ONLY", (long)DLPACK_FLAG_BITMASK_READ_ONLY},
      {"DLPACK_FLAG_IS_COPIED", (long)DLPACK_FLAG_BITMASK_IS_COPIED},
  };
  for (size_t i = 0; i < sizeof consts / sizeof consts[0]; i++)
    if (PyModule_AddIntConstant(module, consts[i].name, consts[i].value) < 0)
      return -1;
  return 0;
}
