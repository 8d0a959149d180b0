/* Python callables as host functions and stream callbacks: a record holds
 * the callable and its user data until the runtime calls the trampoline,
 * which takes the GIL, calls, reports an exception with
 * PyErr_WriteUnraisable and releases the record. A record made while its
 * stream is capturing becomes part of a graph that may run it any number
 * of times: it is kept for the life of the process. */
#ifndef INFINIRT_PY_HOST_FN_H
#define INFINIRT_PY_HOST_FN_H

#include <Python.h>

#include "infinirt.h"

struct pyrt_host_call;

/* A record for |fn| (a callable, or None: *out NULL) called as fn(data)
 * (host function) or fn(stream, status, data) (stream callback) on work
 * of |stream|. 0, or -1 with TypeError set. */
int pyrt_host_call_make(PyObject *fn, PyObject *data, infinirtStream_t stream,
                        struct pyrt_host_call **out, const char *what);
/* After the enqueueing call returned |err| (GIL held): a refused call never
 * runs the trampoline, so its record is released. */
void pyrt_host_call_done(struct pyrt_host_call *c, infinirtError_t err);

void pyrt_host_fn_trampoline(void *userData);
void pyrt_stream_callback_trampoline(infinirtStream_t stream,
                                     infinirtError_t status, void *userData);

#endif
