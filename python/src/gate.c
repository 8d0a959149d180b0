/* The interpreter's gate for the runtime's threads (gate.h). */
#include "gate.h"

#include <stdatomic.h>
#include <time.h>

static atomic_bool closed;
static atomic_int inside; /* runtime threads between enter and leave */

bool pyrt_gate_enter(void) {
  atomic_fetch_add(&inside, 1);
  /* seq_cst both ways: a closer that saw |inside| at 0 made this see
   * |closed| set. */
  if (atomic_load(&closed) || !Py_IsInitialized()) {
    atomic_fetch_sub(&inside, 1);
    return false;
  }
  return true;
}

void pyrt_gate_leave(void) {
  atomic_fetch_sub(&inside, 1);
}

/* atexit: closes the gate and waits, the GIL released, for the calls
 * inside (they need the GIL to finish). */
static PyObject *gate_close(PyObject *self, PyObject *unused) {
  (void)self;
  (void)unused;
  atomic_store(&closed, true);
  Py_BEGIN_ALLOW_THREADS;
  const struct timespec pause = {0, 100000}; /* 0.1 ms */
  while (atomic_load(&inside) > 0)
    nanosleep(&pause, NULL);
  Py_END_ALLOW_THREADS;
  Py_RETURN_NONE;
}

static PyMethodDef close_def = {"_close_runtime_gate", gate_close, METH_NOARGS,
                                NULL};

int pyrt_gate_init(void) {
  /* Open again if an embedding program initializes a new interpreter. */
  atomic_store(&closed, false);
  PyObject *fn = PyCFunction_New(&close_def, NULL);
  PyObject *atexit = fn ? PyImport_ImportModule("atexit") : NULL;
  PyObject *r =
      atexit ? PyObject_CallMethod(atexit, "register", "O", fn) : NULL;
  Py_XDECREF(r);
  Py_XDECREF(atexit);
  Py_XDECREF(fn);
  return r ? 0 : -1;
}
