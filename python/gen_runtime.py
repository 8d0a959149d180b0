#!/usr/bin/env python3
"""Generates the low layer of the Python package from the API table.

Reads src/core/api.def (X, CORE and ERRORS rows) and the public headers
(gen_header.py) and writes
  --out-c   runtime_gen.c: one C wrapper per function (arguments converted,
            the call made with the GIL released, (err, *outputs) returned),
            the method table, the sizeof/offsetof table and the registration
            of the Python types the wrappers return;
  --out-py  _runtime_gen.py: IntEnums, ctypes Structures, handle classes,
            callback types, integer constants, the layout check against the C
            table, and the functions.

Each C parameter is mapped by its type (and the row's OUT(p) checks); the
few parameters a type does not decide are named in RULES and ARRAY_COUNTS.
A parameter nothing maps stops the build with an error naming it.
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_header  # noqa: E402

HEADERS = ["infinirt.h", "infinirt_ext.h", "infinirt_graph.h",
           "infinirt_profiler_api.h"]
# Functions outside api.def that the Pythonic layer needs.
EXTRA_FUNCTIONS = ["ExtGetLastErrorDetail", "ExtGetDeviceTypeName"]

# Parameters whose role their type does not decide, per function:
#   out                  written through (the row has no OUT check: NULL is
#                        allowed, or CUDA documents it as an output)
#   inout                read and written: a Python argument, also returned
#   (out_array, n)       an array of *n (inout) or n (input) elements written
#                        by the call, returned as a list
#   (out_ptr_array, n)   a pointer to an array of *n elements the call
#                        stores, returned as a list
#   (out_str_buf, n)     a char buffer of n bytes, returned as str
#   out_u64, in_u64      an attribute value behind void *: a 64-bit integer
#                        (the int-valued attributes read its low bytes)
#   out_ptr              a void * the call stores through a void * parameter
#   out_always           an output returned even when err is not success
RULES = {
    "DeviceGetStreamPriorityRange": {"leastPriority": "out",
                                     "greatestPriority": "out"},
    "FuncGetParamInfo": {"paramSize": "out"},
    "StreamEndCapture": {"pGraph": "out"},
    "StreamGetCaptureInfo": {
        "id_out": "out", "graph_out": "out", "numDependencies_out": "out",
        "dependencies_out": ("out_ptr_array", "numDependencies_out"),
        "edgeData_out": ("out_ptr_array", "numDependencies_out")},
    "LibraryGetGlobal": {"dptr": "out", "bytes": "out"},
    "LibraryGetManaged": {"dptr": "out", "bytes": "out"},
    "GraphGetNodes": {"nodes": ("out_array", "numNodes"), "numNodes": "inout"},
    "GraphGetRootNodes": {"pRootNodes": ("out_array", "pNumRootNodes"),
                          "pNumRootNodes": "inout"},
    "GraphGetEdges": {"from": ("out_array", "numEdges"),
                      "to": ("out_array", "numEdges"),
                      "edgeData": ("out_array", "numEdges"),
                      "numEdges": "inout"},
    "GraphNodeGetDependencies": {
        "pDependencies": ("out_array", "pNumDependencies"),
        "edgeData": ("out_array", "pNumDependencies"),
        "pNumDependencies": "inout"},
    "GraphNodeGetDependentNodes": {
        "pDependentNodes": ("out_array", "pNumDependentNodes"),
        "edgeData": ("out_array", "pNumDependentNodes"),
        "pNumDependentNodes": "inout"},
    "LibraryEnumerateKernels": {"kernels": ("out_array", "numKernels")},
    "DeviceGetPCIBusId": {"pciBusId": ("out_str_buf", "len")},
    "MemPoolGetAttribute": {"value": "out_u64"},
    "MemPoolSetAttribute": {"value": "in_u64"},
    "DeviceGetGraphMemAttribute": {"value": "out_u64"},
    "DeviceSetGraphMemAttribute": {"value": "in_u64"},
    "GraphMemFreeNodeGetParams": {"dptr_out": "out_ptr"},
    "ThreadExchangeStreamCaptureMode": {"mode": "inout"},
    # CUDA fills resultInfo when the update fails: returned whatever err is.
    "GraphExecUpdate": {"resultInfo": "out_always"},
    "ExtGetBackendStatus": {"reason": "out"},
}
# Input arrays: parameter name -> the parameter that counts its elements.
ARRAY_COUNTS = {
    "pDependencies": "numDependencies", "dependencies": "numDependencies",
    "dependencyData": "numDependencies", "edgeData": "numDependencies",
    "from": "numDependencies", "to": "numDependencies",
    "descList": "count", "dsts": "count", "srcs": "count", "sizes": "count",
    "attrs": "numAttrs", "attrsIdxs": "numAttrs",
    "jitOptions": "numJitOptions", "jitOptionsValues": "numJitOptions",
    "libraryOptions": "numLibraryOptions",
    "libraryOptionValues": "numLibraryOptions",
}
# void **args of the launch calls: an address or a sequence of addresses.
KERNEL_ARGS = {"args"}
# Function-pointer types: the C trampoline, and how Python calls back.
CALLBACKS = {"infinirtHostFn_t": "pyrt_host_fn_trampoline",
             "infinirtStreamCallback_t": "pyrt_stream_callback_trampoline"}

INT_RANGES = {  # C type -> (signed, min, max) as C expressions
    "char": (True, "CHAR_MIN", "CHAR_MAX"),
    "signed char": (True, "SCHAR_MIN", "SCHAR_MAX"),
    "unsigned char": (False, "0", "UCHAR_MAX"),
    "short": (True, "SHRT_MIN", "SHRT_MAX"),
    "unsigned short": (False, "0", "USHRT_MAX"),
    "int": (True, "INT_MIN", "INT_MAX"),
    "unsigned int": (False, "0", "UINT_MAX"),
    "long": (True, "LONG_MIN", "LONG_MAX"),
    "unsigned long": (False, "0", "ULONG_MAX"),
    "long long": (True, "LLONG_MIN", "LLONG_MAX"),
    "unsigned long long": (False, "0", "ULLONG_MAX"),
    "size_t": (False, "0", "SIZE_MAX"),
    "int32_t": (True, "INT32_MIN", "INT32_MAX"),
    "uint32_t": (False, "0", "UINT32_MAX"),
    "int64_t": (True, "INT64_MIN", "INT64_MAX"),
    "uint64_t": (False, "0", "UINT64_MAX"),
    "uintptr_t": (False, "0", "UINTPTR_MAX"),
}
CTYPES = {
    "char": "c_char", "signed char": "c_byte", "unsigned char": "c_ubyte",
    "short": "c_short", "unsigned short": "c_ushort", "int": "c_int",
    "unsigned int": "c_uint", "long": "c_long", "unsigned long": "c_ulong",
    "long long": "c_longlong", "unsigned long long": "c_ulonglong",
    "size_t": "c_size_t", "float": "c_float", "double": "c_double",
    "int8_t": "c_int8", "uint8_t": "c_uint8", "int16_t": "c_int16",
    "uint16_t": "c_uint16", "int32_t": "c_int32", "uint32_t": "c_uint32",
    "int64_t": "c_int64", "uint64_t": "c_uint64", "intptr_t": "c_ssize_t",
    "uintptr_t": "c_size_t", "_Bool": "c_bool",
}


class GenError(Exception):
    """A row or parameter the generator cannot map."""


# -- api.def -----------------------------------------------------------------
def split_args(text):
    """Top-level comma-separated parts of |text|."""
    parts, cur, depth = [], "", 0
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur.strip())
    return parts


def read_api_def(path):
    """[(kind, name, params text or None, checks text)] of the table."""
    text = open(path).read()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    rows = []
    for line in text.splitlines():
        m = re.match(r"(X|CORE|ERRORS)\((.*)\)\s*$", line.strip())
        if not m:
            continue
        kind, args = m.group(1), split_args(m.group(2))
        if kind == "ERRORS":
            rows.append((kind, args[0], None, ""))
        elif kind == "X":
            rows.append((kind, args[0], args[1], args[4]))
        else:
            rows.append((kind, args[0], args[1], args[3]))
    return rows


def out_checks(checks):
    """Parameter names of the row's OUT(p) checks."""
    return set(re.findall(r"\bOUT\(\s*(\w+)\s*\)", checks or ""))


# -- parameter mapping ---------------------------------------------------------
class Param:
    """One C parameter and how the wrapper handles it."""

    def __init__(self, index, ctype, name):
        self.index, self.ctype, self.name = index, ctype, name
        self.role = None     # see Wrapper.classify
        self.count = None    # counting parameter (arrays)
        self.py = None       # index of its Python argument
        self.py2 = None      # a callback's user data argument
        self.always = False  # returned even on failure


class Gen:
    """Holds the header model and writes the two outputs."""

    def __init__(self, header):
        self.h = header
        self.conv_fns = {}   # key -> C source of an element converter
        self.from_fns = {}   # key -> C source of an element to-Python
        self.enum_names = self.name_enums()
        self.rec_names = self.name_records()
        self.used_maps = {"infinirtError_t"}
        self.used_classes = {"infinirtStream_t"}

    # names ------------------------------------------------------------------
    def name_enums(self):
        """enum C spelling -> Python class name (the typedef name where there
        is one: infinirtError_t), and its aliases."""
        names = {}
        for spelling in self.h.enums:
            names[spelling] = [self.h.enum_py[spelling]]
        for tname, t in self.h.typedefs.items():
            if t.kind == "enum" and t.name in names:
                if tname not in names[t.name]:
                    names[t.name].insert(0, tname)
        return names

    def enum_py(self, t):
        spelling = t.name if t.name in self.h.enums else \
            self.h.typedefs[t.name].name
        return self.enum_names[spelling][0]

    def name_records(self):
        names = {}
        for r in self.h.records:
            names[id(r)] = [r.pyname]
        for tname, t in self.h.typedefs.items():
            if t.kind in ("struct", "union") and t.name in self.h.record_by:
                r = self.h.record_by[t.name]
                if tname not in names[id(r)]:
                    names[id(r)].insert(0, tname)
        return names

    def record(self, t):
        r = self.h.record_by.get(t.name)
        if r is None:
            raise GenError("struct %s has no definition" % t.name)
        return r

    def rec_py(self, t):
        return self.rec_names[id(self.record(t))][0]

    # element converters (arrays) -------------------------------------------
    def elem_conv(self, t):
        """Name of a pyrt_conv_fn converting one element of type |t|."""
        if t.kind == "handle" or (t.kind == "ptr" and t.inner.kind == "void"):
            key = "ptr" if t.kind == "ptr" else "handle"
            fn = "pyrt_to_ptr" if key == "ptr" else "pyrt_to_handle"
            name = "conv_" + key
            self.conv_fns[name] = (
                "static int %s(PyObject *o, void *dst, void *ctx,\n"
                "              const char *what) {\n"
                "  (void)ctx;\n  void *p;\n"
                "  if (%s(o, &p, what) < 0)\n    return -1;\n"
                "  memcpy(dst, &p, sizeof p);\n  return 0;\n}\n" % (name, fn))
            return name, "NULL"
        if t.kind in ("prim", "enum"):
            cname = t.name if t.kind == "prim" else "int"
            signed, lo, hi = INT_RANGES[cname]
            spelled = t.spell()
            name = "conv_" + re.sub(r"\W+", "_", spelled)
            if signed:
                body = ("  long long v;\n"
                        "  if (pyrt_to_i64(o, %s, %s, &v, what) < 0)\n"
                        "    return -1;\n" % (lo, hi))
            else:
                body = ("  unsigned long long v;\n"
                        "  if (pyrt_to_u64(o, %s, &v, what) < 0)\n"
                        "    return -1;\n" % hi)
            self.conv_fns[name] = (
                "static int %s(PyObject *o, void *dst, void *ctx,\n"
                "              const char *what) {\n  (void)ctx;\n%s"
                "  %s x = (%s)v;\n  memcpy(dst, &x, sizeof x);\n"
                "  return 0;\n}\n" % (name, body, spelled, spelled))
            return name, "NULL"
        if t.kind in ("struct", "union"):
            py = self.rec_py(t)
            self.used_classes.add(py)
            name = "conv_" + py
            self.conv_fns[name] = (
                "static int %s(PyObject *o, void *dst, void *ctx,\n"
                "              const char *what) {\n  (void)ctx;\n"
                "  return pyrt_to_struct_val(o, pyrt_cls_%s, dst,\n"
                "                            sizeof(%s), what);\n}\n"
                % (name, py, t.name))
            return name, "NULL"
        raise GenError("no array element conversion for %r" % t)

    def elem_from(self, t):
        """Name of a pyrt_from_fn converting one element of type |t|."""
        if t.kind == "handle":
            self.used_classes.add(t.name)
            name = "from_" + t.name
            self.from_fns[name] = (
                "static PyObject *%s(const void *src, void *ctx) {\n"
                "  (void)ctx;\n  %s v;\n  memcpy(&v, src, sizeof v);\n"
                "  return pyrt_from_handle(pyrt_cls_%s, v);\n}\n"
                % (name, t.name, t.name))
            return name
        if t.kind in ("struct", "union"):
            py = self.rec_py(t)
            self.used_classes.add(py)
            name = "from_" + py
            self.from_fns[name] = (
                "static PyObject *%s(const void *src, void *ctx) {\n"
                "  (void)ctx;\n"
                "  return pyrt_from_struct(pyrt_cls_%s, src, sizeof(%s));\n}\n"
                % (name, py, t.name))
            return name
        raise GenError("no array element result for %r" % t)

    # scalar results ---------------------------------------------------------
    def to_py(self, t, expr):
        """C expression making a Python object of C value |expr| of type
        |t|."""
        if t.kind == "prim":
            if t.name in ("float", "double"):
                return "PyFloat_FromDouble((double)%s)" % expr
            signed = INT_RANGES[t.name][0]
            return ("PyLong_FromLongLong((long long)%s)" if signed else
                    "PyLong_FromUnsignedLongLong((unsigned long long)%s)") \
                % expr
        if t.kind == "enum":
            py = self.enum_py(t)
            self.used_maps.add(py)
            return "pyrt_from_enum(pyrt_map_%s, (long long)%s)" % (py, expr)
        if t.kind == "handle":
            self.used_classes.add(t.name)
            return "pyrt_from_handle(pyrt_cls_%s, %s)" % (t.name, expr)
        if t.kind == "ptr" and t.inner.kind == "void":
            return "pyrt_from_ptr(%s)" % expr
        if t.kind == "ptr" and t.inner.kind == "prim" and \
                t.inner.name == "char":
            return "pyrt_from_cstr(%s)" % expr
        raise GenError("no result conversion for %r" % t)

    def is_scalar(self, t):
        return t.kind in ("prim", "enum", "handle") or \
            (t.kind == "ptr" and t.inner.kind == "void") or \
            (t.kind == "ptr" and t.inner.kind == "prim" and
             t.inner.name == "char" and t.inner.const)

    # classification -----------------------------------------------------------
    def classify(self, fname, params, outs):
        """Gives each Param its role; raises GenError where none fits."""
        rules = RULES.get(fname, {})
        byname = {p.name: p for p in params}
        for r in rules:
            if r not in byname:
                raise GenError("%s: rule names no parameter %s" % (fname, r))
        skip = set()
        for p in params:
            if p.name in skip:
                continue
            t, rule = p.ctype, rules.get(p.name)
            if isinstance(rule, tuple):
                p.role, p.count = rule[0], byname[rule[1]]
                continue
            if rule in ("out_u64", "in_u64", "out_ptr"):
                p.role = rule
                continue
            p.always = rule == "out_always"
            is_out = rule in ("out", "inout", "out_always") or \
                p.name in outs
            if t.kind == "fnptr":
                if t.name not in CALLBACKS:
                    raise GenError("%s: no trampoline for %s" %
                                   (fname, t.name))
                nxt = params[p.index + 1] if p.index + 1 < len(params) \
                    else None
                if nxt is None or nxt.name != "userData":
                    raise GenError("%s: %s without userData" % (fname, p.name))
                p.role = "callback"
                skip.add(nxt.name)
                nxt.role = "userdata"
                continue
            if t.kind in ("prim", "enum", "handle"):
                if t.kind == "prim" and t.name not in INT_RANGES and \
                        t.name not in ("float", "double"):
                    raise GenError("%s: type %s" % (fname, t.name))
                p.role = "in"
                continue
            if t.kind in ("struct", "union"):
                p.role = "in_struct_val"
                self.used_classes.add(self.rec_py(t))
                continue
            if t.kind != "ptr":
                raise GenError("%s: parameter %s of type %r" %
                               (fname, p.name, t))
            inner = t.inner
            if is_out:
                if inner.const and rule != "out" and inner.kind != "ptr":
                    raise GenError("%s: OUT on const %s" % (fname, p.name))
                if self.is_scalar(inner):
                    p.role = "inout" if rule == "inout" else "out"
                    self.to_py(inner, "0")
                    continue
                if inner.kind in ("struct", "union"):
                    p.role = "out_struct"
                    self.used_classes.add(self.rec_py(inner))
                    continue
                raise GenError("%s: output %s of type %r" % (fname, p.name, t))
            if p.name in KERNEL_ARGS and inner.kind == "ptr" and \
                    inner.inner.kind == "void":
                p.role = "kernel_args"
                self.elem_conv(inner)
                continue
            if p.name in ARRAY_COUNTS:
                cname = ARRAY_COUNTS[p.name]
                if cname not in byname:
                    raise GenError("%s: %s's count %s is no parameter" %
                                   (fname, p.name, cname))
                p.role, p.count = "in_array", byname[cname]
                self.elem_conv(inner)
                continue
            if inner.kind == "void":
                p.role = "in_cptr" if inner.const else "in_ptr"
                continue
            if inner.kind == "prim" and inner.name == "char" and inner.const:
                p.role = "in_cstr"
                continue
            if inner.kind in ("struct", "union"):
                p.role = "in_struct_ptr"
                self.used_classes.add(self.rec_py(inner))
                continue
            raise GenError(
                "%s: parameter %s (%s) is neither an OUT of the row nor in "
                "gen_runtime.py's RULES/ARRAY_COUNTS" % (fname, p.name,
                                                         t.spell()))
        for p in params:
            if p.role in ("out_array", "out_ptr_array"):
                inner = p.ctype.inner
                if p.role == "out_ptr_array":
                    inner = inner.inner
                self.elem_from(inner)
        py = 0
        for p in params:
            if p.role in ("in", "inout", "in_struct_val", "kernel_args",
                          "in_array", "in_ptr", "in_cptr", "in_cstr",
                          "in_struct_ptr", "callback", "in_u64",
                          "out_str_buf_len"):
                p.py = py
                py += 1
                if p.role == "callback":
                    p.py2 = py
                    py += 1
        return py

    # wrapper emission -----------------------------------------------------------
    def int_in(self, t, src, dst, what):
        cname = t.name if t.kind == "prim" else "int"
        if cname in ("float", "double"):
            return ("  {\n    double v_;\n"
                    "    if (pyrt_to_double(%s, &v_, \"%s\") < 0)\n"
                    "      goto done;\n    %s = (%s)v_;\n  }\n"
                    % (src, what, dst, t.spell()))
        signed, lo, hi = INT_RANGES[cname]
        if signed:
            return ("  {\n    long long v_;\n"
                    "    if (pyrt_to_i64(%s, %s, %s, &v_, \"%s\") < 0)\n"
                    "      goto done;\n    %s = (%s)v_;\n  }\n"
                    % (src, lo, hi, what, dst, t.spell()))
        return ("  {\n    unsigned long long v_;\n"
                "    if (pyrt_to_u64(%s, %s, &v_, \"%s\") < 0)\n"
                "      goto done;\n    %s = (%s)v_;\n  }\n"
                % (src, hi, what, dst, t.spell()))

    def scalar_in(self, t, src, dst, what):
        if t.kind == "handle" or (t.kind == "ptr" and t.inner.kind == "void"):
            fn = "pyrt_to_handle" if t.kind == "handle" else "pyrt_to_ptr"
            return ("  {\n    void *p_;\n"
                    "    if (%s(%s, &p_, \"%s\") < 0)\n      goto done;\n"
                    "    %s = (%s)p_;\n  }\n" % (fn, src, what, dst, t.spell()))
        return self.int_in(t, src, dst, what)

    def wrapper(self, fname, cname, ret, params, doc):
        """C source of the wrapper of |cname|."""
        nargs = self.classify(fname, params, self.outs)
        L = []
        L.append("static PyObject *w_%s(PyObject *self, PyObject *args) {\n"
                 % cname)
        L.append("  (void)self;\n  PyObject *ret = NULL;\n")
        decl, conv, conv2, call, after, outs, clean = [], [], [], [], [], [], []
        py_outs = []

        def arg(p, second=False):
            return "PyTuple_GetItem(args, %d)" % (p.py2 if second else p.py)

        # A call with a stream queues work that reads its sources later: a
        # bytes object (released when the wrapper returns) is refused there.
        queued = any(q.ctype.spell() == "infinirtStream_t" for q in params)

        for p in params:
            t, v, r = p.ctype, "a_" + p.name, p.role
            what = "%s" % p.name
            if r == "in":
                decl.append("  %s %s = 0;\n" % (t.spell(), v))
                conv.append(self.scalar_in(t, arg(p), v, what))
                call.append(v)
            elif r == "in_struct_val":
                decl.append("  %s %s;\n  memset(&%s, 0, sizeof %s);\n"
                            % (t.spell(), v, v, v))
                py = self.rec_py(t)
                if py == "infinirtDim3":
                    conv.append("  if (pyrt_to_dim3(%s, pyrt_cls_%s, &%s, "
                                "\"%s\") < 0)\n    goto done;\n"
                                % (arg(p), py, v, what))
                else:
                    conv.append("  if (pyrt_to_struct_val(%s, pyrt_cls_%s, "
                                "&%s, sizeof %s, \"%s\") < 0)\n    goto done;\n"
                                % (arg(p), py, v, v, what))
                call.append(v)
            elif r in ("in_ptr", "in_struct_ptr"):
                decl.append("  %s %s = NULL;\n" % (t.spell(), v))
                if r == "in_ptr":
                    conv.append(self.scalar_in(t, arg(p), v, what))
                else:
                    py = self.rec_py(t.inner)
                    conv.append("  {\n    void *p_;\n"
                                "    if (pyrt_to_struct_ptr(%s, pyrt_cls_%s, "
                                "&p_, 1, \"%s\") < 0)\n      goto done;\n"
                                "    %s = p_;\n  }\n" % (arg(p), py, what, v))
                call.append(v)
            elif r in ("in_cptr", "in_cstr"):
                decl.append("  %s %s = NULL;\n  PyObject *k_%s = NULL;\n"
                            % (t.spell(), v, p.name))
                fn = "pyrt_to_cptr" if r == "in_cptr" else "pyrt_to_cstr"
                keep = ("NULL" if r == "in_cptr" and queued
                        else "&k_" + p.name)
                conv.append("  if (%s(%s, %s&%s, %s, \"%s\") < 0)\n"
                            "    goto done;\n"
                            % (fn, arg(p), "(const void **)" if r == "in_cptr"
                               else "", v, keep, what))
                clean.append("  Py_XDECREF(k_%s);\n" % p.name)
                call.append(v)
            elif r == "in_u64":
                decl.append("  unsigned long long %s = 0;\n"
                            "  void *p_%s = NULL;\n" % (v, p.name))
                conv.append("  if (PyTuple_GetItem(args, %d) != Py_None) {\n"
                            "    if (pyrt_to_u64(%s, ULLONG_MAX, &%s, \"%s\") "
                            "< 0)\n      goto done;\n    p_%s = &%s;\n  }\n"
                            % (p.py, arg(p), v, what, p.name, v))
                call.append("p_" + p.name)
            elif r == "in_array":
                e = t.inner
                conv_fn, ctx = self.elem_conv(e)
                decl.append("  %s %s = NULL;\n" % (t.spell(), v))
                conv2.append("  {\n    void *p_;\n"
                             "    if (pyrt_to_array(%s, (size_t)a_%s, "
                             "sizeof *%s, %s, %s, &p_, \"%s\") < 0)\n"
                             "      goto done;\n    %s = p_;\n  }\n"
                             % (arg(p), p.count.name, v, conv_fn, ctx, what,
                                v))
                clean.append("  PyMem_Free((void *)%s);\n" % v)
                call.append(v)
            elif r == "kernel_args":
                decl.append("  void **%s = NULL;\n  void *f_%s = NULL;\n"
                            % (v, p.name))
                conv.append(
                    "  {\n    PyObject *o_ = %s;\n"
                    "    if (o_ == Py_None || PyLong_Check(o_)) {\n"
                    "      void *p_;\n"
                    "      if (pyrt_to_ptr(o_, &p_, \"%s\") < 0)\n"
                    "        goto done;\n      %s = p_;\n"
                    "    } else {\n"
                    "      Py_ssize_t n_ = PySequence_Check(o_) ? "
                    "PySequence_Size(o_) : -1;\n"
                    "      if (n_ < 0) {\n        PyErr_Clear();\n"
                    "        PyErr_SetString(PyExc_TypeError, \"%s: an "
                    "address or a sequence of addresses is required\");\n"
                    "        goto done;\n      }\n"
                    "      if (pyrt_to_array(o_, (size_t)n_, sizeof(void *), "
                    "conv_ptr, NULL, &f_%s, \"%s\") < 0)\n"
                    "        goto done;\n      %s = f_%s;\n    }\n  }\n"
                    % (arg(p), what, v, what, p.name, what, v, p.name))
                clean.append("  PyMem_Free(f_%s);\n" % p.name)
                call.append(v)
            elif r == "callback":
                stream = next((q for q in params
                               if q.ctype.kind == "handle" and
                               q.ctype.name == "infinirtStream_t"), None)
                if stream is None:
                    raise GenError("%s: a callback without a stream" % fname)
                decl.append("  struct pyrt_host_call *c_%s = NULL;\n" % p.name)
                conv2.append("  if (pyrt_host_call_make(%s, %s, a_%s, &c_%s, "
                             "\"%s\") < 0)\n    goto done;\n"
                             % (arg(p), arg(p, True), stream.name, p.name,
                                what))
                call.append("c_%s ? %s : NULL" % (p.name, CALLBACKS[t.name]))
                after.append("  pyrt_host_call_done(c_%s, err);\n" % p.name)
            elif r == "userdata":
                cb = params[p.index - 1]
                call.append("c_%s" % cb.name)
            elif r in ("out", "inout"):
                inner = t.inner
                decl.append("  %s %s;\n  memset(&%s, 0, sizeof %s);\n"
                            % (inner.spell() if inner.kind != "ptr" or
                               not inner.inner.const else
                               "const " + inner.inner.spell() + " *", v, v, v))
                if r == "inout":
                    conv.append(self.scalar_in(inner, arg(p), v, what))
                call.append("&" + v)
                py_outs.append(self.to_py(inner, v))
            elif r in ("out_u64", "out_ptr"):
                ty = "unsigned long long" if r == "out_u64" else "void *"
                decl.append("  %s %s = 0;\n" % (ty, v))
                call.append("&" + v)
                py_outs.append("PyLong_FromUnsignedLongLong(%s)" % v
                               if r == "out_u64" else "pyrt_from_ptr(%s)" % v)
            elif r == "out_struct":
                py = self.rec_py(t.inner)
                decl.append("  PyObject *o_%s = NULL;\n  %s %s = NULL;\n"
                            % (p.name, t.spell(), v))
                conv.append("  {\n    void *p_;\n"
                            "    o_%s = pyrt_new_struct(pyrt_cls_%s, &p_);\n"
                            "    if (o_%s == NULL)\n      goto done;\n"
                            "    %s = p_;\n  }\n" % (p.name, py, p.name, v))
                clean.append("  Py_XDECREF(o_%s);\n" % p.name)
                py_outs.append(("(Py_INCREF(o_%s), o_%s)" % (p.name, p.name),
                                p.always))
                call.append(v)
            elif r == "out_str_buf":
                decl.append("  char *%s = NULL;\n" % v)
                conv2.append("  %s = PyMem_Calloc(a_%s > 0 ? (size_t)a_%s : "
                             "1, 1);\n  if (%s == NULL) {\n"
                             "    PyErr_NoMemory();\n    goto done;\n  }\n"
                             % (v, p.count.name, p.count.name, v))
                clean.append("  PyMem_Free(%s);\n" % v)
                py_outs.append("pyrt_from_cstr(%s)" % v)
                call.append(v)
            elif r == "out_array":
                e = t.inner
                fr = self.elem_from(e)
                cnt = p.count
                n_in = "(size_t)a_" + cnt.name
                decl.append("  %s %s = NULL;\n" % (t.spell(), v))
                if cnt.role == "inout":
                    n_in = "n_in_" + cnt.name
                    if ("  size_t %s = 0;\n" % n_in) not in decl:
                        decl.append("  size_t %s = 0;\n" % n_in)
                    conv2.append("  %s = (size_t)a_%s;\n" % (n_in, cnt.name))
                    n_out = ("(a_%s < %s ? (size_t)a_%s : %s)"
                             % (cnt.name, n_in, cnt.name, n_in))
                else:
                    n_out = n_in
                conv2.append("  if (%s > 0) {\n"
                             "    %s = PyMem_Calloc(%s, sizeof *%s);\n"
                             "    if (%s == NULL) {\n"
                             "      PyErr_NoMemory();\n      goto done;\n"
                             "    }\n  }\n" % (n_in, v, n_in, v, v))
                clean.append("  PyMem_Free(%s);\n" % v)
                py_outs.append("%s ? pyrt_from_array(%s, %s, sizeof *%s, %s, "
                               "NULL) : (Py_INCREF(Py_None), Py_None)"
                               % (v, v, n_out, v, fr))
                call.append(v)
            elif r == "out_ptr_array":
                e = t.inner.inner
                fr = self.elem_from(e)
                decl.append("  const %s *%s = NULL;\n" % (e.spell(), v))
                py_outs.append("%s ? pyrt_from_array(%s, (size_t)a_%s, "
                               "sizeof *%s, %s, NULL) : (Py_INCREF(Py_None), "
                               "Py_None)" % (v, v, p.count.name, v, fr))
                call.append("&" + v)
            else:
                raise GenError("%s: role %s" % (fname, r))
        L.extend(decl)
        L.append("  if (pyrt_nargs(args, %d, \"%s\") < 0)\n    goto done;\n"
                 % (nargs, cname))
        L.extend(conv)
        L.extend(conv2)
        is_err = ret.kind == "enum" and self.enum_py(ret) == "infinirtError_t"
        if is_err:
            L.append("  infinirtError_t err;\n")
            L.append("  Py_BEGIN_ALLOW_THREADS\n  err = %s(%s);\n"
                     "  Py_END_ALLOW_THREADS\n" % (cname, ", ".join(call)))
        else:
            L.append("  %s r_;\n" % ret.spell())
            L.append("  Py_BEGIN_ALLOW_THREADS\n  r_ = %s(%s);\n"
                     "  Py_END_ALLOW_THREADS\n" % (cname, ", ".join(call)))
            L.append("  infinirtError_t err = infinirtSuccess;\n")
            py_outs.append(self.to_py(ret, "r_"))
        L.extend(after)
        if py_outs:
            L.append("  {\n    PyObject *outs_[%d];\n" % len(py_outs))
            for k, e in enumerate(py_outs):
                e, always = e if isinstance(e, tuple) else (e, False)
                if always:
                    L.append("    outs_[%d] = %s;\n" % (k, e))
                else:
                    L.append("    if (err == infinirtSuccess)\n"
                             "      outs_[%d] = %s;\n    else\n"
                             "      outs_[%d] = (Py_INCREF(Py_None), Py_None);"
                             "\n" % (k, e, k))
            L.append("    ret = pyrt_result(err, %d, outs_);\n  }\n"
                     % len(py_outs))
        else:
            L.append("  ret = pyrt_result(err, 0, NULL);\n")
        L.append("  goto done;\ndone:\n")
        L.extend(clean)
        L.append("  return ret;\n}\n")
        return "".join(L), self.signature(cname, params, doc, is_err)

    def signature(self, cname, params, cdecl, returns_err=True):
        ins, outs = [], ["err"]
        for p in params:
            if p.py is not None:
                ins.append(p.name)
                if p.role == "callback":
                    ins.append(params[p.index + 1].name)
            if p.role in ("out", "inout", "out_u64", "out_ptr", "out_struct",
                          "out_str_buf", "out_array", "out_ptr_array"):
                outs.append(p.name)
        if not returns_err:
            outs = ["infinirtSuccess", "value"]
        return "%s(%s) -> (%s)\n\nC: %s" % (cname, ", ".join(ins),
                                                ", ".join(outs), cdecl)


def c_string(s):
    return '"%s"' % s.replace("\\", "\\\\").replace('"', '\\"').replace(
        "\n", "\\n")


def parse_params(gen, text):
    """Params of an api.def params text such as (int *count)."""
    inner = text.strip()[1:-1].strip()
    if inner in ("", "void"):
        return []
    out = []
    for k, part in enumerate(split_args(inner)):
        toks = gen_header.tokenize(part)
        t, name = gen.parser.parse_type(toks)
        out.append(Param(k, t, name))
    return out


def generate(args):
    header = gen_header.read_headers(args.cc, args.include, HEADERS)
    gen = Gen(header)
    gen.parser = gen_header.Parser()
    gen.parser.h = header
    rows = read_api_def(args.api_def)
    funcs = []
    for kind, name, ptext, checks in rows:
        cname = "infinirt" + name
        if kind == "ERRORS":
            if cname not in header.functions:
                raise GenError("%s is in no public header" % cname)
            ret, hp = header.functions[cname]
            params = [Param(k, t, n) for k, (t, n) in enumerate(hp)]
            ptext = "(%s)" % ", ".join("%s %s" % (t.spell(), n)
                                       for t, n in hp)
        else:
            ret = gen_header.Type("enum", "infinirtError_t")
            try:
                params = parse_params(gen, ptext)
            except ValueError as e:
                raise GenError("api.def row %s: %s" % (name, e))
        funcs.append((name, cname, ret, params, ptext, out_checks(checks)))
    for name in EXTRA_FUNCTIONS:
        cname = "infinirt" + name
        ret, hp = header.functions[cname]
        params = [Param(k, t, n) for k, (t, n) in enumerate(hp)]
        ptext = "(%s)" % ", ".join("%s %s" % (t.spell(), n) for t, n in hp)
        funcs.append((name, cname, ret, params, ptext, set()))
    wrappers, methods, names = [], [], []
    for name, cname, ret, params, ptext, outs in funcs:
        gen.outs = outs
        cdecl = "%s %s%s" % (ret.spell(), cname, ptext)
        try:
            src, doc = gen.wrapper(name, cname, ret, params, cdecl)
        except GenError as e:
            raise GenError("api.def row %s: %s" % (name, e))
        wrappers.append(src)
        methods.append("    {\"%s\", w_%s, METH_VARARGS,\n     %s},\n"
                       % (cname, cname, c_string(doc)))
        names.append(cname)
    write_c(args.out_c, gen, wrappers, methods)
    write_py(args.out_py, gen, names, len(rows))


def layout_entries(gen):
    """(key, C expression) of each named record's sizeof and offsets."""
    out = []
    for r in gen.h.records:
        if not r.name:
            continue
        py = gen.rec_names[id(r)][0]
        out.append((py, "sizeof(%s)" % r.name))
        for f in r.fields:
            names = [f.name] if f.name else [
                g.name for g in f.ctype.fields if g.name]
            for n in names:
                out.append(("%s.%s" % (py, n),
                            "offsetof(%s, %s)" % (r.name, n)))
    return out


def write_c(path, gen, wrappers, methods):
    slots = sorted("map_" + m for m in gen.used_maps) + \
        sorted("cls_" + c for c in gen.used_classes)
    L = ["/* Generated by python/gen_runtime.py from src/core/api.def and "
         "include/infinirt*.h.\n * Do not edit. */\n",
         "#include <Python.h>\n#include <limits.h>\n#include <stddef.h>\n"
         "#include <stdint.h>\n#include <string.h>\n\n",
         "#include \"host_fn.h\"\n#include \"marshal.h\"\n",
         "#include \"infinirt.h\"\n#include \"infinirt_ext.h\"\n"
         "#include \"infinirt_graph.h\"\n#include \"infinirt_profiler_api.h\"\n"
         "\n"]
    for s in slots:
        if s in ("map_infinirtError_t", "cls_infinirtStream_t"):
            continue
        L.append("static PyObject *pyrt_%s;\n" % s)
    L.append("\n")
    L.extend(v + "\n" for v in gen.conv_fns.values())
    L.extend(v + "\n" for v in gen.from_fns.values())
    L.extend(w + "\n" for w in wrappers)
    L.append("static const struct {\n  const char *name;\n"
             "  PyObject **slot;\n} slots[] = {\n")
    for s in slots:
        L.append("    {\"%s\", &pyrt_%s},\n" % (s, s))
    L.append("};\n\n")
    L.append(
        "/* _register_types(dict): the Python classes and enum value maps the\n"
        " * wrappers return, keyed 'cls_<name>' and 'map_<name>'. */\n"
        "static PyObject *register_types(PyObject *self, PyObject *d) {\n"
        "  (void)self;\n  if (!PyDict_Check(d)) {\n"
        "    PyErr_SetString(PyExc_TypeError, \"a dict is required\");\n"
        "    return NULL;\n  }\n"
        "  for (size_t k = 0; k < sizeof slots / sizeof slots[0]; k++) {\n"
        "    PyObject *v = PyDict_GetItemString(d, slots[k].name);\n"
        "    if (v == NULL) {\n"
        "      PyErr_Format(PyExc_KeyError, \"%s\", slots[k].name);\n"
        "      return NULL;\n    }\n    Py_INCREF(v);\n"
        "    PyObject *old = *slots[k].slot;\n    *slots[k].slot = v;\n"
        "    Py_XDECREF(old);\n  }\n  Py_RETURN_NONE;\n}\n\n")
    L.append("static PyMethodDef methods[] = {\n")
    L.extend(methods)
    L.append("    {\"_register_types\", register_types, METH_O,\n"
             "     \"Sets the classes the wrappers return (generated "
             "_runtime_gen.py).\"},\n")
    L.append("    {NULL, NULL, 0, NULL},\n};\n\n")
    layout = layout_entries(gen)
    L.append("static const struct {\n  const char *key;\n  size_t value;\n"
             "} layout[] = {\n")
    for key, expr in layout:
        L.append("    {\"%s\", %s},\n" % (key, expr))
    L.append("};\n\n")
    L.append(
        "int infinirt_py_runtime_add(PyObject *module);\n\n"
        "int infinirt_py_runtime_add(PyObject *module) {\n"
        "  if (PyModule_AddFunctions(module, methods) < 0)\n    return -1;\n"
        "  PyObject *d = PyDict_New();\n  if (d == NULL)\n    return -1;\n"
        "  for (size_t k = 0; k < sizeof layout / sizeof layout[0]; k++) {\n"
        "    PyObject *v = PyLong_FromSize_t(layout[k].value);\n"
        "    if (v == NULL || PyDict_SetItemString(d, layout[k].key, v) < 0) "
        "{\n      Py_XDECREF(v);\n      Py_DECREF(d);\n      return -1;\n"
        "    }\n    Py_DECREF(v);\n  }\n"
        "  return PyModule_AddObject(module, \"_layout\", d) < 0 ?"
        " (Py_DECREF(d), -1) : 0;\n}\n")
    write_if_changed(path, "".join(L))


def py_ctype(gen, t, dims=()):
    """The ctypes expression of a field of type |t|."""
    if isinstance(t, gen_header.Record):
        s = gen.rec_names[id(t)][0]
    elif t.kind == "prim":
        s = "_ct." + CTYPES[t.name]
    elif t.kind == "enum":
        vals = [v for _, v in gen.h.enums[gen.h.typedefs[t.name].name
                                          if t.name not in gen.h.enums
                                          else t.name]]
        s = "_ct.c_uint" if vals and max(vals) > 0x7fffffff else "_ct.c_int"
    elif t.kind in ("struct", "union"):
        s = gen.rec_py(t)
    elif t.kind == "handle":
        s = "_ct.c_void_p"
    elif t.kind == "fnptr":
        s = t.name
    elif t.kind == "ptr":
        if t.inner.kind in ("struct", "union"):
            s = "_ct.POINTER(%s)" % gen.rec_py(t.inner)
        else:
            s = "_ct.c_void_p"
    else:
        raise GenError("no ctypes type for %r" % t)
    for d in reversed(list(dims)):
        s = "%s * %d" % (s, d) if " " not in s else "(%s) * %d" % (s, d)
    return s


def fn_ctype(gen, t):
    if t.kind == "void":
        return "None"
    return py_ctype(gen, t)


def write_py(path, gen, names, nrows):
    h = gen.h
    L = ['"""The low layer\'s types and functions. Generated by '
         'python/gen_runtime.py\nfrom src/core/api.def and '
         'include/infinirt*.h: do not edit."""\n',
         "import ctypes as _ct\nimport enum as _enum\n\n"
         "from . import _infinirt as _C\n\n",
         "API_TABLE_ROWS = %d\n\n" % nrows]
    all_names = []
    # enums
    for spelling, values in h.enums.items():
        names_ = gen.enum_names[spelling]
        py = names_[0]
        L.append("\nclass %s(_enum.IntEnum):\n    \"\"\"C %s.\"\"\"\n\n"
                 % (py, spelling))
        for n, v in values:
            L.append("    %s = %d\n" % (n, v))
        for alias in names_[1:]:
            L.append("\n%s = %s\n" % (alias, py))
        all_names.extend(names_)
    # handles
    L.append("\n\nclass _Handle(int):\n    \"\"\"Base of the handle types: "
             "an int whose value is the C pointer (0: NULL).\"\"\"\n\n"
             "    __slots__ = ()\n\n    def __repr__(self):\n"
             "        return \"%s(0x%x)\" % (type(self).__name__, int(self))"
             "\n")
    for hn in h.handles:
        L.append("\n\nclass %s(_Handle):\n    \"\"\"C %s (a handle).\"\"\"\n\n"
                 "    __slots__ = ()\n" % (hn, hn))
        all_names.append(hn)
    # callback types
    L.append("\n")
    for fn, (ret, ps) in h.fnptrs.items():
        L.append("\n# C %s: a ctypes function type, for struct fields such "
                 "as\n# infinirtHostNodeParams.fn (the function parameters "
                 "take a callable).\n%s = _ct.CFUNCTYPE(%s)\n"
                 % (fn, fn, ", ".join([fn_ctype(gen, ret)] +
                                      [fn_ctype(gen, p) for p in ps])))
        all_names.append(fn)
    # records
    for r in h.records:
        names_ = gen.rec_names[id(r)]
        py = names_[0]
        base = "_ct.Structure" if r.kind == "struct" else "_ct.Union"
        L.append("\n\nclass %s(%s):\n    \"\"\"C %s.\"\"\"\n\n" %
                 (py, base, r.name or "%s (anonymous)" % r.kind))
        anon = [("_anon%d" % k) for k, f in enumerate(r.fields)
                if f.name is None]
        if anon:
            L.append("    _anonymous_ = (%s,)\n" %
                     ", ".join('"%s"' % a for a in anon))
        L.append("    _fields_ = [\n")
        for k, f in enumerate(r.fields):
            L.append("        (\"%s\", %s),\n" % (f.name or "_anon%d" % k,
                                                  py_ctype(gen, f.ctype,
                                                           f.dims)))
        L.append("    ]\n")
        for alias in names_[1:]:
            L.append("\n\n%s = %s\n" % (alias, py))
        all_names.extend(names_)
    # constants
    L.append("\n\n# Integer constants of the headers (#define).\n")
    for name in sorted(h.constants):
        text = h.macros[name].strip()
        m = re.match(r"\(\s*\(\s*(\w+)\s*\)", text)
        v = h.constants[name]
        if m and m.group(1) in h.handles:
            L.append("%s = %s(%d)\n" % (name, m.group(1), v))
        elif re.match(r"\w+$", text) and text in h.enumerators:
            enum = next(s for s, vals in h.enums.items()
                        if any(n == text for n, _ in vals))
            L.append("%s = %s.%s\n" % (name, gen.enum_names[enum][0], text))
        else:
            L.append("%s = %d\n" % (name, v))
        all_names.append(name)
    # type aliases made by #define
    for name, text in sorted(h.macros.items()):
        text = text.strip()
        if name in h.constants or not name.startswith("infinirt") or \
                not re.match(r"\w+$", text):
            continue
        if text in all_names:
            L.append("%s = %s\n" % (name, text))
            all_names.append(name)
    # registration and layout check
    L.append("\n\ndef _value_map(cls):\n    \"\"\"value -> member of IntEnum cls "
             "(its first name).\"\"\"\n    return {int(m): m for m in cls}"
             "\n\n\n_C._register_types({\n")
    for m in sorted(gen.used_maps):
        L.append("    \"map_%s\": _value_map(%s),\n" % (m, m))
    for c in sorted(gen.used_classes):
        L.append("    \"cls_%s\": %s,\n" % (c, c))
    L.append("})\n\n")
    L.append(
        "\ndef _check_layouts():\n"
        "    \"\"\"Each Structure's size and field offsets equal C's.\"\"\"\n"
        "    bad = []\n"
        "    for key, size in _C._layout.items():\n"
        "        cls_name, _, field = key.partition(\".\")\n"
        "        cls = globals()[cls_name]\n"
        "        got = getattr(cls, field).offset if field else "
        "_ct.sizeof(cls)\n"
        "        if got != size:\n"
        "            bad.append(\"%s: ctypes %d, C %d\" % (key, got, size))\n"
        "    if bad:\n"
        "        raise ImportError(\"infinirt.runtime: struct layouts differ "
        "from C: \" + \"; \".join(bad))\n\n\n_check_layouts()\n\n")
    L.append("# The functions, one per row of the API table (plus helpers).\n")
    for n in names:
        L.append("%s = _C.%s\n" % (n, n))
    L.append("\nFUNCTIONS = (\n")
    for n in names:
        L.append("    \"%s\",\n" % n)
    L.append(")\n\n__all__ = list(FUNCTIONS) + [\n")
    for n in all_names:
        L.append("    \"%s\",\n" % n)
    L.append("    \"API_TABLE_ROWS\",\n]\n")
    write_if_changed(path, "".join(L))


def write_if_changed(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--api-def", required=True)
    ap.add_argument("--include", required=True)
    ap.add_argument("--cc", default=os.environ.get("CC", "cc"))
    ap.add_argument("--out-c", required=True)
    ap.add_argument("--out-py", required=True)
    args = ap.parse_args()
    try:
        generate(args)
    except GenError as e:
        sys.exit("gen_runtime.py: error: %s" % e)


if __name__ == "__main__":
    main()
