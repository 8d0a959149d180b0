/* Kernel evaluation for the _infinirt extension module (python/src/eval.c),
 * private to infinirt.evaluate (python/infinirt/_eval.py):
 *   _eval_run(type, ordinal, path, name, grid, block, shared_mem, args,
 *             config, flops, bytes, expected, params)
 *       -> (result capsule, dict of stats, samples and number steps);
 *   _eval_write([capsule...], format, path): infinirtExtEvalWrite;
 *   _eval_compare(samples_a, samples_b) -> (verdict, ratio, t). */
#ifndef INFINIRT_PY_EVAL_H_
#define INFINIRT_PY_EVAL_H_

#ifndef PY_SSIZE_T_CLEAN
#define PY_SSIZE_T_CLEAN
#endif
#include <Python.h>

/* Adds the functions above to |module|; 0, or -1 with an exception. */
int infinirt_py_eval_add(PyObject *module);

#endif /* INFINIRT_PY_EVAL_H_ */
