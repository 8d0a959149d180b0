/* Trampolines from the runtime's threads into Python callables
 * (host_fn.h). */
#include "host_fn.h"

#include "gate.h"
#include "infinirt_graph.h"
#include "marshal.h"

struct pyrt_host_call {
  PyObject *fn;
  PyObject *data;
  int persistent; /* captured into a graph: called any number of times */
};

int pyrt_host_call_make(PyObject *fn, PyObject *data, infinirtStream_t stream,
                        struct pyrt_host_call **out, const char *what) {
  *out = NULL;
  if (fn == Py_None)
    return 0;
  if (!PyCallable_Check(fn)) {
    PyErr_Format(PyExc_TypeError, "%s: a callable is required, not %S", what,
                 (PyObject *)Py_TYPE(fn));
    return -1;
  }
  struct pyrt_host_call *c = PyMem_Malloc(sizeof *c);
  if (c == NULL) {
    PyErr_NoMemory();
    return -1;
  }
  enum infinirtStreamCaptureStatus st = infinirtStreamCaptureStatusNone;
  if (infinirtStreamIsCapturing(stream, &st) != infinirtSuccess)
    st = infinirtStreamCaptureStatusNone;
  Py_INCREF(fn);
  Py_INCREF(data);
  c->fn = fn;
  c->data = data;
  c->persistent = st != infinirtStreamCaptureStatusNone;
  *out = c;
  return 0;
}

/* GIL held. */
static void release(struct pyrt_host_call *c) {
  Py_DECREF(c->fn);
  Py_DECREF(c->data);
  PyMem_Free(c);
}

void pyrt_host_call_done(struct pyrt_host_call *c, infinirtError_t err) {
  if (c != NULL && err != infinirtSuccess)
    release(c);
}

/* Calls the record's callable with |args| (stolen; NULL: a conversion
 * failed) and releases a one-shot record. GIL held. */
static void call(struct pyrt_host_call *c, PyObject *args) {
  PyObject *r = args ? PyObject_CallObject(c->fn, args) : NULL;
  Py_XDECREF(args);
  if (r == NULL)
    PyErr_WriteUnraisable(c->fn);
  Py_XDECREF(r);
  if (!c->persistent)
    release(c);
}

void pyrt_host_fn_trampoline(void *userData) {
  if (!pyrt_gate_enter())
    return; /* the interpreter exits or is gone: nothing to call */
  PyGILState_STATE g = PyGILState_Ensure();
  struct pyrt_host_call *c = userData;
  call(c, PyTuple_Pack(1, c->data));
  PyGILState_Release(g);
  pyrt_gate_leave();
}

void pyrt_stream_callback_trampoline(infinirtStream_t stream,
                                     infinirtError_t status, void *userData) {
  if (!pyrt_gate_enter())
    return;
  PyGILState_STATE g = PyGILState_Ensure();
  struct pyrt_host_call *c = userData;
  PyObject *s = pyrt_from_handle(pyrt_cls_infinirtStream_t, stream);
  PyObject *e = pyrt_from_enum(pyrt_map_infinirtError_t, status);
  PyObject *args = s && e ? PyTuple_Pack(3, s, e, c->data) : NULL;
  Py_XDECREF(s);
  Py_XDECREF(e);
  call(c, args);
  PyGILState_Release(g);
  pyrt_gate_leave();
}
