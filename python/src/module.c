/* The extension module _infinirt: the generated low layer (runtime_gen.c),
 * the DLPack helpers (dlpack.c) and the eval functions (eval.c).
 * Single-phase initialisation: the runtime is process-wide, so is the
 * module. */
#include <Python.h>

#include "gate.h"
#include "marshal.h"
#include "py_dlpack.h"
#include "py_eval.h"

/* Defined by the generated runtime_gen.c. */
int infinirt_py_runtime_add(PyObject *module);

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    "_infinirt",
    "InfiniRT's C API, generated from its API table (see infinirt.runtime).",
    -1,
    NULL,
    NULL,
    NULL,
    NULL,
    NULL,
};

PyMODINIT_FUNC PyInit__infinirt(void);

PyMODINIT_FUNC PyInit__infinirt(void) {
  PyObject *m = PyModule_Create(&module_def);
  if (m == NULL)
    return NULL;
  if (pyrt_gate_init() < 0 || pyrt_marshal_init() < 0 ||
      infinirt_py_runtime_add(m) < 0 || infinirt_py_dlpack_add(m) < 0 ||
      infinirt_py_eval_add(m) < 0) {
    Py_DECREF(m);
    return NULL;
  }
  return m;
}
