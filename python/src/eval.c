/* The private eval functions of _infinirt (_eval_run, _eval_write,
 * _eval_compare) behind infinirt.evaluate (python/infinirt/_eval.py). They
 * take arguments that _eval.py has already normalised; a failing
 * infinirtExtEval call raises the infinirt.Error subclass of its code with
 * infinirtExtEvalGetLastErrorDetail()'s sentence. */
#include "py_eval.h"

#include <stdint.h>

#include "infinirt_eval.h"

#define RESULT_CAPSULE "infinirt.EvalResult"

/* Raises Error.for_code(err)(err, detail) from infinirt._errors. */
static PyObject *raise_eval(infinirtError_t err) {
  const char *detail = infinirtExtEvalGetLastErrorDetail();
  PyObject *mod = PyImport_ImportModule("infinirt._errors");
  PyObject *base = mod ? PyObject_GetAttrString(mod, "Error") : NULL;
  PyObject *cls =
      base ? PyObject_CallMethod(base, "for_code", "i", (int)err) : NULL;
  PyObject *exc =
      cls ? PyObject_CallFunction(cls, "is", (int)err, detail ? detail : "")
          : NULL;
  if (exc)
    PyErr_SetObject(cls, exc);
  Py_XDECREF(exc);
  Py_XDECREF(cls);
  Py_XDECREF(base);
  Py_XDECREF(mod);
  return NULL;
}

static int dtype_of(const char *name, infinirtExtEvalDtype *dt) {
  if (infinirtExtEvalDtypeParse(name, dt) == infinirtSuccess)
    return 0;
  PyErr_Format(PyExc_TypeError, "evaluate: unsupported dtype '%s'", name);
  return -1;
}

/* A tuple of at most MAX_DIMS ints into |out|; the count in |*n|. */
static int dims_of(PyObject *seq, int64_t *out, int *n, const char *what) {
  PyObject *t = PySequence_Tuple(seq);
  if (t == NULL)
    return -1;
  Py_ssize_t k = PyTuple_Size(t);
  if (k > INFINIRT_EXT_EVAL_MAX_DIMS) {
    Py_DECREF(t);
    PyErr_Format(PyExc_ValueError, "evaluate: %s has %zd dimensions, over %d",
                 what, k, INFINIRT_EXT_EVAL_MAX_DIMS);
    return -1;
  }
  for (Py_ssize_t i = 0; i < k; i++) {
    out[i] = PyLong_AsLongLong(PyTuple_GetItem(t, i));
    if (out[i] == -1 && PyErr_Occurred()) {
      Py_DECREF(t);
      return -1;
    }
  }
  Py_DECREF(t);
  *n = (int)k;
  return 0;
}

/* A scalar ("s", dtype, ivalue, fvalue) or a tensor ("t", dtype, shape,
 * strides or None, init, value, low, high, seed, data address or 0, place),
 * told apart by their lengths. */
static int add_arg(infinirtExtEval_t e, PyObject *item) {
  const char *kind, *dname;
  infinirtExtEvalDtype dt;
  infinirtError_t err;
  if (!PyTuple_Check(item) || PyTuple_Size(item) != 11) {
    long long iv;
    double fv;
    if (!PyArg_ParseTuple(item, "ssLd", &kind, &dname, &iv, &fv) ||
        dtype_of(dname, &dt) < 0)
      return -1;
    err = infinirtExtEvalAddScalar(e, dt, (int64_t)iv, fv, NULL);
  } else {
    PyObject *shape, *strides;
    int init, place, nd;
    double value, low, high;
    unsigned long long seed, data;
    if (!PyArg_ParseTuple(item, "ssOOidddKKi", &kind, &dname, &shape, &strides,
                          &init, &value, &low, &high, &seed, &data, &place) ||
        dtype_of(dname, &dt) < 0)
      return -1;
    infinirtExtEvalTensor t;
    infinirtExtEvalTensorInit(&t);
    t.dtype = dt;
    if (dims_of(shape, t.shape, &t.ndim, "shape") < 0)
      return -1;
    if (strides != Py_None) {
      if (dims_of(strides, t.strides, &nd, "strides") < 0)
        return -1;
      if (nd != t.ndim) {
        PyErr_Format(PyExc_ValueError, "%d strides for a shape of rank %d", nd,
                     t.ndim);
        return -1;
      }
    }
    t.init = (infinirtExtEvalInit)init;
    t.value = value;
    t.low = low;
    t.high = high;
    t.seed = seed;
    t.data = (const void *)(uintptr_t)data;
    t.place = (infinirtExtEvalPlace)place;
    err = infinirtExtEvalAddTensor(e, &t, NULL);
  }
  if (err != infinirtSuccess) {
    raise_eval(err);
    return -1;
  }
  return 0;
}

/* Config fields from a dict; absent keys keep the defaults. */
static int config_of(PyObject *d, infinirtExtEvalConfig *c) {
  infinirtExtEvalConfigInit(c);
  int stop = (int)c->stop;
  static const char *const ints[] = {"warmup",      "number",  "repeat",
                                     "cold",        "stop",    "min_samples",
                                     "max_samples", "progress"};
  int *iv[] = {&c->warmup, &c->number,      &c->repeat,      &c->cold,
               &stop,      &c->min_samples, &c->max_samples, &c->progress};
  static const char *const dbls[] = {"min_repeat_ms", "target_stdrel",
                                     "max_time_s", "atol", "rtol"};
  double *dv[] = {&c->min_repeat_ms, &c->target_stdrel, &c->max_time_s,
                  &c->atol, &c->rtol};
  for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
    PyObject *v = PyDict_GetItemString(d, ints[i]);
    if (v == NULL)
      continue;
    long x = PyLong_AsLong(v);
    if (x == -1 && PyErr_Occurred())
      return -1;
    if (x < -2147483647L || x > 2147483647L) {
      PyErr_Format(PyExc_ValueError, "evaluate: %s out of range", ints[i]);
      return -1;
    }
    *iv[i] = (int)x;
  }
  for (size_t i = 0; i < sizeof dbls / sizeof *dbls; i++) {
    PyObject *v = PyDict_GetItemString(d, dbls[i]);
    if (v == NULL)
      continue;
    double x = PyFloat_AsDouble(v);
    if (x == -1.0 && PyErr_Occurred())
      return -1;
    *dv[i] = x;
  }
  c->stop = (infinirtExtEvalStop)stop;
  return 0;
}

static int set_f(PyObject *d, const char *k, double v) {
  PyObject *o = PyFloat_FromDouble(v);
  int rc = o ? PyDict_SetItemString(d, k, o) : -1;
  Py_XDECREF(o);
  return rc;
}

static int set_i(PyObject *d, const char *k, long v) {
  PyObject *o = PyLong_FromLong(v);
  int rc = o ? PyDict_SetItemString(d, k, o) : -1;
  Py_XDECREF(o);
  return rc;
}

static PyObject *list_of(const double *x, int n) {
  PyObject *l = PyList_New(n);
  for (int i = 0; l && i < n; i++) {
    PyObject *f = PyFloat_FromDouble(x[i]);
    if (f == NULL || PyList_SetItem(l, i, f) < 0) {
      Py_DECREF(l);
      return NULL;
    }
  }
  return l;
}

static int set_list(PyObject *d, const char *k, PyObject *l) {
  int rc = l ? PyDict_SetItemString(d, k, l) : -1;
  Py_XDECREF(l);
  return rc;
}

/* The statistics, samples and number steps of |r| as a dict. */
static PyObject *result_dict(infinirtExtEvalResult_t r) {
  infinirtExtEvalStats s;
  infinirtExtEvalResultGetStats(r, &s);
  PyObject *d = PyDict_New();
  if (d == NULL)
    return NULL;
  int n = 0, nsteps = 0;
  infinirtExtEvalResultGetSamples(r, NULL, NULL, 0, &n);
  infinirtExtEvalResultGetNumberSteps(r, NULL, 0, &nsteps);
  double *ms = PyMem_Calloc((size_t)n + 1, sizeof(double));
  double *wall = PyMem_Calloc((size_t)n + 1, sizeof(double));
  int *steps = PyMem_Calloc((size_t)nsteps + 1, sizeof(int));
  int bad = ms == NULL || wall == NULL || steps == NULL;
  if (!bad) {
    infinirtExtEvalResultGetSamples(r, ms, wall, n, &n);
    infinirtExtEvalResultGetNumberSteps(r, steps, nsteps, &nsteps);
    PyObject *sl = PyList_New(nsteps);
    for (int i = 0; sl && i < nsteps; i++) {
      PyObject *v = PyLong_FromLong(steps[i]);
      if (v == NULL || PyList_SetItem(sl, i, v) < 0)
        Py_CLEAR(sl);
    }
    /* set_list consumes its list: |sl| is released on every path. */
    bad = set_list(d, "samples_ms", list_of(ms, n)) < 0 ||
          set_list(d, "samples_wall_ms", list_of(wall, n)) < 0;
    if (bad)
      Py_XDECREF(sl);
    else
      bad = set_list(d, "number_steps", sl) < 0;
  } else {
    PyErr_NoMemory();
  }
  PyMem_Free(ms);
  PyMem_Free(wall);
  PyMem_Free(steps);
  const char *fk[] = {"mean_ms",
                      "median_ms",
                      "min_ms",
                      "max_ms",
                      "stddev_ms",
                      "stdrel",
                      "wall_mean_ms",
                      "total_s",
                      "flops",
                      "bytes",
                      "gflops",
                      "gbytes_per_s",
                      "peak_gbytes_per_s",
                      "peak_gflops",
                      "pct_peak_bw",
                      "pct_peak_flops"};
  double fv[] = {s.mean_ms,
                 s.median_ms,
                 s.min_ms,
                 s.max_ms,
                 s.stddev_ms,
                 s.stdrel,
                 s.wall_mean_ms,
                 s.total_s,
                 s.flops,
                 s.bytes,
                 s.gflops,
                 s.gbytes_per_s,
                 s.peak_gbytes_per_s,
                 s.peak_gflops,
                 s.pct_peak_bw,
                 s.pct_peak_flops};
  for (size_t i = 0; !bad && i < sizeof fk / sizeof *fk; i++)
    bad = set_f(d, fk[i], fv[i]) < 0;
  if (!bad)
    bad = set_i(d, "samples", s.samples) < 0 ||
          set_i(d, "number", s.number) < 0 || set_i(d, "cold", s.cold) < 0;
  if (bad) {
    Py_DECREF(d);
    return NULL;
  }
  return d;
}

static void result_free(PyObject *cap) {
  infinirtExtEvalResultDestroy(PyCapsule_GetPointer(cap, RESULT_CAPSULE));
}

/* Everything but the run: kernel, launch, arguments, expected .npy files
 * ((index, path) pairs), config and work. */
static int setup(infinirtExtEval_t e, const char *path, const char *name,
                 PyObject *grid, PyObject *block, Py_ssize_t shared,
                 PyObject *args, PyObject *cfg, double flops, double bytes,
                 PyObject *expected) {
  infinirtDim3 g, b;
  if (!PyArg_ParseTuple(grid, "III", &g.x, &g.y, &g.z) ||
      !PyArg_ParseTuple(block, "III", &b.x, &b.y, &b.z))
    return -1;
  infinirtExtEvalConfig c;
  if (config_of(cfg, &c) < 0)
    return -1;
  infinirtError_t err = infinirtExtEvalSetKernel(e, path, name);
  if (!err)
    err = infinirtExtEvalSetLaunch(e, g, b, (size_t)shared);
  if (err)
    goto fail;
  for (Py_ssize_t i = 0; i < PyList_Size(args); i++)
    if (add_arg(e, PyList_GetItem(args, i)) < 0)
      return -1;
  for (Py_ssize_t i = 0; i < PyList_Size(expected); i++) {
    int index;
    const char *npy;
    if (!PyArg_ParseTuple(PyList_GetItem(expected, i), "is", &index, &npy))
      return -1;
    err = infinirtExtEvalSetExpectedNpy(e, index, npy);
    if (err)
      goto fail;
  }
  err = infinirtExtEvalSetConfig(e, &c);
  if (!err)
    err = infinirtExtEvalSetWork(e, flops, bytes);
  if (!err)
    return 0;
fail:
  raise_eval(err);
  return -1;
}

/* _eval_run(type, ordinal, path, name, grid, block, shared_mem, args,
 * config, flops, bytes, expected, params) -> (result capsule, dict). */
static PyObject *eval_run(PyObject *self, PyObject *a) {
  (void)self;
  int type, ordinal;
  const char *path, *name;
  PyObject *grid, *block, *args, *cfg, *expected, *params;
  Py_ssize_t shared;
  double flops, bytes;
  if (!PyArg_ParseTuple(a, "iissOOnO!O!ddO!O!", &type, &ordinal, &path, &name,
                        &grid, &block, &shared, &PyList_Type, &args,
                        &PyDict_Type, &cfg, &flops, &bytes, &PyList_Type,
                        &expected, &PyList_Type, &params))
    return NULL;
  infinirtExtEval_t e = NULL;
  infinirtError_t err =
      infinirtExtEvalCreate(&e, (infinirtDeviceType)type, ordinal);
  if (err)
    return raise_eval(err);
  infinirtExtEvalResult_t r = NULL;
  if (setup(e, path, name, grid, block, shared, args, cfg, flops, bytes,
            expected) < 0) {
    infinirtExtEvalDestroy(e);
    return NULL;
  }
  /* The timing loop waits on the device: other Python threads may run. */
  PyThreadState *ts = PyEval_SaveThread();
  err = infinirtExtEvalRun(e, &r);
  PyEval_RestoreThread(ts);
  if (err) {
    raise_eval(err);
    infinirtExtEvalDestroy(e);
    return NULL;
  }
  infinirtExtEvalDestroy(e);
  PyObject *cap = PyCapsule_New(r, RESULT_CAPSULE, result_free);
  if (cap == NULL) {
    infinirtExtEvalResultDestroy(r);
    return NULL;
  }
  for (Py_ssize_t i = 0; i < PyList_Size(params); i++) {
    const char *k, *v;
    if (!PyArg_ParseTuple(PyList_GetItem(params, i), "ss", &k, &v)) {
      Py_DECREF(cap);
      return NULL;
    }
    err = infinirtExtEvalResultSetParam(r, k, v);
    if (err) {
      Py_DECREF(cap);
      return raise_eval(err);
    }
  }
  PyObject *d = result_dict(r);
  if (d == NULL) {
    Py_DECREF(cap);
    return NULL;
  }
  PyObject *out = PyTuple_Pack(2, cap, d);
  Py_DECREF(cap);
  Py_DECREF(d);
  return out;
}

/* _eval_write([capsule...], format, path): infinirtExtEvalWrite. */
static PyObject *eval_write(PyObject *self, PyObject *a) {
  (void)self;
  PyObject *caps;
  int format;
  const char *path;
  if (!PyArg_ParseTuple(a, "O!is", &PyList_Type, &caps, &format, &path))
    return NULL;
  Py_ssize_t n = PyList_Size(caps);
  infinirtExtEvalResult_t *rs = PyMem_Calloc((size_t)n + 1, sizeof *rs);
  if (rs == NULL)
    return PyErr_NoMemory();
  for (Py_ssize_t i = 0; i < n; i++) {
    rs[i] = PyCapsule_GetPointer(PyList_GetItem(caps, i), RESULT_CAPSULE);
    if (rs[i] == NULL) {
      PyMem_Free(rs);
      return NULL;
    }
  }
  infinirtError_t err =
      infinirtExtEvalWrite(rs, (int)n, (infinirtExtEvalFormat)format, path);
  PyMem_Free(rs);
  if (err)
    return raise_eval(err);
  Py_RETURN_NONE;
}

/* A list of floats as a PyMem array (freed by the caller). */
static double *doubles(PyObject *l, int *n) {
  *n = (int)PyList_Size(l);
  double *x = PyMem_Calloc((size_t)*n + 1, sizeof *x);
  if (x == NULL) {
    PyErr_NoMemory();
    return NULL;
  }
  for (int i = 0; i < *n; i++) {
    x[i] = PyFloat_AsDouble(PyList_GetItem(l, i));
    if (x[i] == -1.0 && PyErr_Occurred()) {
      PyMem_Free(x);
      return NULL;
    }
  }
  return x;
}

/* _eval_compare(a, b) -> (verdict name, ratio, t): infinirtExtEvalCompare. */
static PyObject *eval_compare(PyObject *self, PyObject *a) {
  (void)self;
  PyObject *la, *lb;
  if (!PyArg_ParseTuple(a, "O!O!", &PyList_Type, &la, &PyList_Type, &lb))
    return NULL;
  int na, nb;
  double *xa = doubles(la, &na);
  double *xb = xa ? doubles(lb, &nb) : NULL;
  if (xb == NULL) {
    PyMem_Free(xa);
    return NULL;
  }
  infinirtExtEvalVerdict v;
  double ratio = 0, t = 0;
  infinirtError_t err = infinirtExtEvalCompare(xa, na, xb, nb, &v, &ratio, &t);
  PyMem_Free(xa);
  PyMem_Free(xb);
  if (err)
    return raise_eval(err);
  return Py_BuildValue("sdd", infinirtExtEvalVerdictName(v), ratio, t);
}

static PyMethodDef eval_methods[] = {
    {"_eval_run", eval_run, METH_VARARGS, "infinirtExtEvalRun (private)."},
    {"_eval_write", eval_write, METH_VARARGS,
     "infinirtExtEvalWrite (private)."},
    {"_eval_compare", eval_compare, METH_VARARGS,
     "infinirtExtEvalCompare (private)."},
    {NULL, NULL, 0, NULL},
};

int infinirt_py_eval_add(PyObject *module) {
  return PyModule_AddFunctions(module, eval_methods);
}
