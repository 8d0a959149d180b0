/* DLPack exchange of the Python package (python/src/dlpack.c). */
#ifndef INFINIRT_PY_DLPACK_H
#define INFINIRT_PY_DLPACK_H

#include <Python.h>

/* Adds the DLPack helpers to the extension module; 0 on success, -1 with
 * an exception set. */
int infinirt_py_dlpack_add(PyObject *module);

#endif
