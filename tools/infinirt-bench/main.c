/* infinirt-bench: time a kernel on any device (docs/eval.md), over the
 * infinirt_eval API; `infinirt-bench compare A.json B.json` compares two
 * runs. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infinirt.h"
#include "infinirt_eval.h"
#include "json.h"

#define MAX_AXES 8
#define MAX_VALUES 256

static const char usage_text[] =
    "usage: infinirt-bench [options]            time a kernel\n"
    "       infinirt-bench compare [--min-diff PCT] A.json B.json\n"
    "                                             compare two JSON runs\n"
    "\n"
    "Kernel and device:\n"
    "  --device TYPE[:N]     device to run on: cpu:0 (default), nvidia:0\n"
    "  --lib PATH            kernel library (.cpu.so on the CPU, .fatbin /\n"
    "                        .cubin / .ptx on NVIDIA); a %s in PATH becomes\n"
    "                        the device type's image suffix (cpu.so or "
    "fatbin)\n"
    "  --kernel NAME         kernel to time\n"
    "  --grid X[,Y[,Z]]      grid of blocks (expressions; default 1)\n"
    "  --block X[,Y[,Z]]     threads per block (expressions; default 1)\n"
    "  --shared BYTES        dynamic shared memory per block (default 0)\n"
    "  --arg SPEC            the next kernel argument, in order:\n"
    "      tensor:DTYPE:[D0,D1,...]:INIT[:OPTION...]\n"
    "          INIT   zeros | const(V) | random(SEED[,LOW,HIGH]) | npy(FILE)\n"
    "                 (random: uniform in [LOW,HIGH), default [-1,1);\n"
    "                 integers in [LOW,HIGH])\n"
    "          OPTION device (default) | host | pinned: where it lives\n"
    "                 strides=[S0,S1,...]: element strides (default C "
    "order)\n"
    "                 compare: compare this tensor with the reference "
    "kernel's\n"
    "                 (default: every tensor is compared)\n"
    "      DTYPE:EXPR     a scalar, e.g. f32:2.0, i32:n, u64:2^20\n"
    "      DTYPE: f32 f64 i8 i16 i32 i64 u8 u16 u32 u64\n"
    "\n"
    "Sweeps and work:\n"
    "  --axis NAME=VALUES    a sweep axis; every combination of all axes is\n"
    "                        one row. VALUES: v1,v2,... | START:END:xF "
    "(times\n"
    "                        F) | START:END:+S (plus S); values are "
    "expressions.\n"
    "                        Axes named grid, block, shared set that "
    "launch\n"
    "                        value when its option is not given.\n"
    "  --flops EXPR          floating-point operations of one run\n"
    "  --bytes EXPR          bytes moved by one run\n"
    "  Expressions: integers, axis names, + - * / (floor) %% ^ (power) and\n"
    "  parentheses, e.g. n/256, (n+255)/256, 12*n, 2^20.\n"
    "\n"
    "Correctness (checked once before timing; a mismatch fails the run):\n"
    "  --ref-kernel NAME     reference kernel, run on copies of the same\n"
    "                        arguments\n"
    "  --ref-lib PATH        its library (default: --lib)\n"
    "  --expect I=FILE.npy   argument I (0-based) must equal FILE.npy after "
    "a run\n"
    "  --atol X --rtol X     tolerances: |got-exp| <= atol + rtol*|exp| "
    "(1e-5)\n"
    "\n"
    "Timing (device events on the stream; wall clock shown beside):\n"
    "  --warmup N            untimed runs first (default 1)\n"
    "  --number N            runs per sample (default 1)\n"
    "  --repeat N            samples (default 10)\n"
    "  --min-repeat-ms X     grow --number (x >= 1.6 a step) until a sample\n"
    "                        lasts X ms\n"
    "  --cold                flush the last-level cache before each run and\n"
    "                        time each run alone\n"
    "  --stdrel X            stop once the samples' relative stddev <= X\n"
    "                        (instead of a fixed --repeat)\n"
    "  --min-samples N       with --stdrel (default 10)\n"
    "  --max-samples N       with --stdrel (default 1000)\n"
    "  --max-time S          with --stdrel: seconds of timed runs (default "
    "15)\n"
    "\n"
    "Output:\n"
    "  --format md|json|csv  output format (default md)\n"
    "  --output FILE         write there instead of stdout\n"
    "  --no-progress         no progress line on stderr\n"
    "  --help                this text\n"
    "  --version             the version\n"
    "\n"
    "compare A.json B.json: for each row of B, the row of A with the same\n"
    "kernel and parameters; FASTER / SLOWER when Welch's t of the two "
    "samples'\n"
    "means exceeds 3 in size, else SAME; the ratio is B's mean / A's mean.\n"
    "--min-diff PCT also calls SAME a difference under PCT percent (runs\n"
    "of one configuration drift by a percent or two between processes,\n"
    "more than the noise within a run).\n"
    "\n"
    "Exit status: 0 ok; 1 a failure (the reason on stderr); 2 bad usage;\n"
    "3 a correctness mismatch.\n"
    "Example:\n"
    "  infinirt-bench --lib build/examples/kernels/infinirt_example_kernels/"
    "infinirt_example_kernels.%s \\\n"
    "    --kernel saxpy --grid n/256 --block 256 --arg f32:2.0 \\\n"
    "    --arg 'tensor:f32:[n]:random(1)' --arg 'tensor:f32:[n]:zeros' "
    "--arg u64:n \\\n"
    "    --axis n=2^20:2^24:x4 --bytes '12*n' --flops '2*n'\n";

/* ---- expressions ----------------------------------------------------- */

typedef struct {
  const char *name;
  int64_t value;
} binding;

typedef struct {
  const char *p, *start;
  const binding *vars;
  int nvars;
  char err[200];
} expr;

static int64_t e_sum(expr *x);

/* The expression's value went past int64_t: an error, never a wrap. */
static int64_t overflowed(expr *x) {
  if (!x->err[0])
    snprintf(x->err, sizeof x->err, "integer overflow in '%s'", x->start);
  return 0;
}

static void skipws(expr *x) {
  while (isspace((unsigned char)*x->p))
    x->p++;
}

static int64_t e_atom(expr *x) {
  skipws(x);
  if (*x->p == '(') {
    x->p++;
    int64_t v = e_sum(x);
    skipws(x);
    if (*x->p != ')') {
      if (!x->err[0])
        snprintf(x->err, sizeof x->err, "missing ')' in '%s'", x->start);
      return 0;
    }
    x->p++;
    return v;
  }
  if (*x->p == '-') {
    x->p++;
    int64_t v = e_atom(x);
    return v == INT64_MIN ? overflowed(x) : -v;
  }
  if (isdigit((unsigned char)*x->p)) {
    char *end;
    errno = 0;
    long long v = strtoll(x->p, &end, 0);
    if (errno && !x->err[0])
      snprintf(x->err, sizeof x->err, "number too large in '%s'", x->start);
    x->p = end;
    return v;
  }
  if (isalpha((unsigned char)*x->p) || *x->p == '_') {
    const char *s = x->p;
    while (isalnum((unsigned char)*x->p) || *x->p == '_')
      x->p++;
    size_t n = (size_t)(x->p - s);
    for (int i = 0; i < x->nvars; i++)
      if (strlen(x->vars[i].name) == n && strncmp(x->vars[i].name, s, n) == 0)
        return x->vars[i].value;
    if (!x->err[0])
      snprintf(x->err, sizeof x->err,
               "unknown name '%.*s' in '%s' (no such "
               "--axis)",
               (int)n, s, x->start);
    return 0;
  }
  if (!x->err[0])
    snprintf(x->err, sizeof x->err, "bad expression '%s'", x->start);
  return 0;
}

static int64_t e_pow(expr *x) {
  int64_t b = e_atom(x);
  skipws(x);
  if (*x->p == '^') {
    x->p++;
    int64_t ex = e_pow(x);
    if (ex < 0 || ex > 63) {
      if (!x->err[0])
        snprintf(x->err, sizeof x->err, "bad exponent in '%s'", x->start);
      return 0;
    }
    int64_t r = 1;
    for (int64_t i = 0; i < ex; i++)
      if (__builtin_mul_overflow(r, b, &r))
        return overflowed(x);
    return r;
  }
  return b;
}

static int64_t e_prod(expr *x) {
  int64_t v = e_pow(x);
  for (;;) {
    skipws(x);
    char op = *x->p;
    if (op != '*' && op != '/' && op != '%')
      return v;
    x->p++;
    int64_t r = e_pow(x);
    if (op == '*') {
      if (__builtin_mul_overflow(v, r, &v))
        return overflowed(x);
    } else if (r == 0) {
      if (!x->err[0])
        snprintf(x->err, sizeof x->err, "division by zero in '%s'", x->start);
      return 0;
    } else if (r == -1 && v == INT64_MIN) {
      return overflowed(x);
    } else if (op == '/') {
      int64_t q = v / r;
      if ((v % r != 0) && ((v < 0) != (r < 0)))
        q--;
      v = q;
    } else {
      v %= r;
    }
  }
}

static int64_t e_sum(expr *x) {
  int64_t v = e_prod(x);
  for (;;) {
    skipws(x);
    char op = *x->p;
    if (op != '+' && op != '-')
      return v;
    x->p++;
    int64_t r = e_prod(x);
    if (op == '+' ? __builtin_add_overflow(v, r, &v)
                  : __builtin_sub_overflow(v, r, &v))
      return overflowed(x);
  }
}

static const binding *g_vars;
static int g_nvars;

/* Evaluates |s| over the current axis values; exits with status 2 on a bad
 * expression. */
static int64_t eval_expr(const char *s, const char *what) {
  expr x = {s, s, g_vars, g_nvars, {0}};
  int64_t v = e_sum(&x);
  skipws(&x);
  if (!x.err[0] && *x.p)
    snprintf(x.err, sizeof x.err, "unexpected '%s' in '%s'", x.p, s);
  if (x.err[0]) {
    fprintf(stderr, "infinirt-bench: %s: %s\n", what, x.err);
    exit(2);
  }
  return v;
}

/* ---- options --------------------------------------------------------- */

typedef struct {
  char name[64];
  int n;
  int64_t v[MAX_VALUES];
} axis;

static struct {
  const char *device, *lib, *kernel, *grid, *block, *shared;
  const char *args[INFINIRT_EXT_EVAL_MAX_ARGS];
  int nargs;
  axis axes[MAX_AXES];
  int naxes;
  const char *flops, *bytes, *ref_kernel, *ref_lib;
  const char *expect[INFINIRT_EXT_EVAL_MAX_ARGS];
  int nexpect;
  const char *format, *output;
  infinirtExtEvalConfig cfg;
} opt;

static void usage_error(const char *fmt, const char *a) {
  fprintf(stderr, "infinirt-bench: ");
  fprintf(stderr, fmt, a);
  fprintf(stderr, "\n(infinirt-bench --help lists the options)\n");
  exit(2);
}

static long parse_int(const char *s, const char *o) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end)
    usage_error("%s wants an integer", o);
  return v;
}

static double parse_double(const char *s, const char *o) {
  char *end;
  double v = strtod(s, &end);
  if (end == s || *end)
    usage_error("%s wants a number", o);
  return v;
}

static void parse_axis(const char *s) {
  if (opt.naxes == MAX_AXES)
    usage_error("at most 8 axes%s", "");
  axis *a = &opt.axes[opt.naxes];
  const char *eq = strchr(s, '=');
  if (!eq || eq == s || (size_t)(eq - s) >= sizeof a->name)
    usage_error("--axis '%s': want NAME=VALUES", s);
  memcpy(a->name, s, (size_t)(eq - s));
  a->name[eq - s] = 0;
  for (char *c = a->name; *c; c++)
    if (!isalnum((unsigned char)*c) && *c != '_')
      usage_error("--axis '%s': a name is letters, digits and _", s);
  const char *v = eq + 1;
  char buf[256];
  snprintf(buf, sizeof buf, "%s", v);
  char *c1 = strchr(buf, ':');
  if (c1) {
    char *c2 = strchr(c1 + 1, ':');
    if (!c2 || (c2[1] != 'x' && c2[1] != '+'))
      usage_error("--axis '%s': a range is START:END:xF or START:END:+S", s);
    *c1 = *c2 = 0;
    int64_t start = eval_expr(buf, "--axis"), end = eval_expr(c1 + 1, "--axis");
    int64_t step = eval_expr(c2 + 2, "--axis");
    int mul = c2[1] == 'x';
    if ((mul && step < 2) || (!mul && step < 1) || (mul && start < 1))
      usage_error("--axis '%s': the step must grow the value", s);
    for (int64_t x = start; x <= end; x = mul ? x * step : x + step) {
      if (a->n == MAX_VALUES)
        usage_error("--axis '%s': more than 256 values", s);
      a->v[a->n++] = x;
    }
  } else {
    char *save = NULL;
    for (char *t = strtok_r(buf, ",", &save); t;
         t = strtok_r(NULL, ",", &save)) {
      if (a->n == MAX_VALUES)
        usage_error("--axis '%s': more than 256 values", s);
      a->v[a->n++] = eval_expr(t, "--axis");
    }
  }
  if (a->n == 0)
    usage_error("--axis '%s': no values", s);
  opt.naxes++;
}

/* ---- arguments ------------------------------------------------------- */

static int fail_call(infinirtError_t e, const char *what) {
  fprintf(stderr, "infinirt-bench: %s: %s: %s\n", what,
          infinirtGetErrorString(e), infinirtExtEvalGetLastErrorDetail());
  return e == infinirtErrorAssert ? 3 : 1;
}

/* Splits "a,b,c" of expressions into up to 3 values (missing ones 1). */
static infinirtDim3 parse_dim3(const char *s, const char *what) {
  unsigned v[3] = {1, 1, 1};
  char buf[256];
  snprintf(buf, sizeof buf, "%s", s);
  char *save = NULL;
  int i = 0;
  for (char *t = strtok_r(buf, ",", &save); t && i < 3;
       t = strtok_r(NULL, ",", &save)) {
    int64_t x = eval_expr(t, what);
    if (x < 1 || x > UINT32_MAX)
      usage_error("%s: a dimension is out of range (1..2^32-1)", what);
    v[i++] = (unsigned)x;
  }
  return (infinirtDim3){v[0], v[1], v[2]};
}

/* A bracketed list "[e0,e1,...]" at |*p|; stores up to MAX_DIMS values. */
static int parse_list(const char **p, int64_t *out, const char *spec) {
  if (**p != '[')
    usage_error("--arg '%s': want [D0,D1,...]", spec);
  const char *close = strchr(*p, ']');
  if (!close)
    usage_error("--arg '%s': missing ']'", spec);
  char buf[256];
  size_t len = (size_t)(close - *p - 1);
  if (len >= sizeof buf)
    usage_error("--arg '%s': list too long", spec);
  memcpy(buf, *p + 1, len);
  buf[len] = 0;
  int n = 0;
  char *save = NULL;
  for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
    if (n == INFINIRT_EXT_EVAL_MAX_DIMS)
      usage_error("--arg '%s': more than 8 dimensions", spec);
    out[n++] = eval_expr(t, "--arg");
  }
  *p = close + 1;
  return n;
}

static int add_arg(infinirtExtEval_t ev, const char *spec) {
  infinirtError_t err;
  if (strncmp(spec, "tensor:", 7) == 0) {
    infinirtExtEvalTensor t;
    infinirtExtEvalTensorInit(&t);
    const char *p = spec + 7;
    const char *c = strchr(p, ':');
    if (!c)
      usage_error("--arg '%s': want tensor:DTYPE:[SHAPE]:INIT", spec);
    char dt[16];
    snprintf(dt, sizeof dt, "%.*s", (int)(c - p), p);
    if (infinirtExtEvalDtypeParse(dt, &t.dtype))
      usage_error("--arg '%s': unknown dtype", spec);
    p = c + 1;
    t.ndim = parse_list(&p, t.shape, spec);
    if (*p != ':')
      usage_error("--arg '%s': want :INIT after the shape", spec);
    p++;
    char path[1024] = "";
    if (strncmp(p, "zeros", 5) == 0) {
      t.init = infinirtExtEvalInitZeros;
      p += 5;
    } else if (strncmp(p, "const(", 6) == 0 || strncmp(p, "random(", 7) == 0 ||
               strncmp(p, "npy(", 4) == 0) {
      const char *open = strchr(p, '(');
      const char *close = strchr(open, ')');
      if (!close)
        usage_error("--arg '%s': missing ')'", spec);
      char in[1024];
      snprintf(in, sizeof in, "%.*s", (int)(close - open - 1), open + 1);
      if (*p == 'c') {
        t.init = infinirtExtEvalInitConstant;
        t.value = parse_double(in, "const()");
      } else if (*p == 'r') {
        t.init = infinirtExtEvalInitRandom;
        char *save = NULL, *s = strtok_r(in, ",", &save);
        t.seed = s ? (uint64_t)strtoull(s, NULL, 0) : 0;
        char *lo = strtok_r(NULL, ",", &save), *hi = strtok_r(NULL, ",", &save);
        if (lo)
          t.low = parse_double(lo, "random() low");
        if (hi)
          t.high = parse_double(hi, "random() high");
        if (lo && !hi)
          usage_error("--arg '%s': random(SEED,LOW,HIGH) needs both", spec);
      } else {
        t.init = infinirtExtEvalInitNpy;
        snprintf(path, sizeof path, "%s", in);
        t.path = path;
      }
      p = close + 1;
    } else {
      usage_error("--arg '%s': INIT is zeros, const(V), random(SEED) or "
                  "npy(FILE)",
                  spec);
    }
    while (*p == ':') {
      p++;
      if (strncmp(p, "device", 6) == 0) {
        t.place = infinirtExtEvalPlaceDevice;
        p += 6;
      } else if (strncmp(p, "host", 4) == 0) {
        t.place = infinirtExtEvalPlaceHost;
        p += 4;
      } else if (strncmp(p, "pinned", 6) == 0) {
        t.place = infinirtExtEvalPlacePinned;
        p += 6;
      } else if (strncmp(p, "compare", 7) == 0) {
        t.compare = 1;
        p += 7;
      } else if (strncmp(p, "strides=", 8) == 0) {
        p += 8;
        int n = parse_list(&p, t.strides, spec);
        if (n != t.ndim)
          usage_error("--arg '%s': one stride per dimension", spec);
      } else {
        usage_error("--arg '%s': unknown option (device host pinned compare "
                    "strides=[..])",
                    spec);
      }
    }
    if (*p)
      usage_error("--arg '%s': unexpected text at the end", spec);
    err = infinirtExtEvalAddTensor(ev, &t, NULL);
    return err ? fail_call(err, "--arg") : 0;
  }
  const char *c = strchr(spec, ':');
  if (!c)
    usage_error("--arg '%s': want DTYPE:VALUE or tensor:...", spec);
  char dt[16];
  snprintf(dt, sizeof dt, "%.*s", (int)(c - spec), spec);
  infinirtExtEvalDtype d;
  if (infinirtExtEvalDtypeParse(dt, &d))
    usage_error("--arg '%s': unknown dtype", spec);
  int64_t iv = 0;
  double fv = 0;
  if (d == infinirtExtEvalF32 || d == infinirtExtEvalF64) {
    char *end;
    fv = strtod(c + 1, &end);
    if (end == c + 1 || *end)
      fv = (double)eval_expr(c + 1, "--arg");
  } else {
    iv = eval_expr(c + 1, "--arg");
  }
  err = infinirtExtEvalAddScalar(ev, d, iv, fv, NULL);
  return err ? fail_call(err, "--arg") : 0;
}

/* ---- one point of the sweep ------------------------------------------ */

static int parse_device(infinirtDeviceType *type, int *ord) {
  char name[32];
  const char *c = strchr(opt.device, ':');
  snprintf(name, sizeof name, "%.*s",
           c ? (int)(c - opt.device) : (int)strlen(opt.device), opt.device);
  *ord = c ? (int)parse_int(c + 1, "--device") : 0;
  for (int t = 0; t < infinirtDeviceTypeCount; t++)
    if (strcmp(name, infinirtExtGetDeviceTypeName((infinirtDeviceType)t)) ==
        0) {
      *type = (infinirtDeviceType)t;
      return 0;
    }
  usage_error("--device '%s': the type is cpu or nvidia", opt.device);
  return 2;
}

/* "%s" in a library path becomes the type's image suffix. */
static void lib_path(char *out, size_t n, const char *p,
                     infinirtDeviceType type) {
  const char *s = strstr(p, "%s");
  const char *suffix = type == infinirtDeviceTypeCpu ? "cpu.so" : "fatbin";
  if (s)
    snprintf(out, n, "%.*s%s%s", (int)(s - p), p, suffix, s + 2);
  else
    snprintf(out, n, "%s", p);
}

static int run_point(infinirtExtEvalResult_t *out) {
  infinirtDeviceType type = infinirtDeviceTypeCpu;
  int ord = 0;
  parse_device(&type, &ord);
  infinirtExtEval_t ev;
  infinirtError_t err = infinirtExtEvalCreate(&ev, type, ord);
  if (err)
    return fail_call(err, opt.device);
  int rc = 0;
  char path[1024];
  lib_path(path, sizeof path, opt.lib, type);
  err = infinirtExtEvalSetKernel(ev, path, opt.kernel);
  if (err) {
    rc = fail_call(err, "--kernel");
    goto done;
  }
  infinirtDim3 grid = parse_dim3(opt.grid ? opt.grid : "1", "--grid");
  infinirtDim3 block = parse_dim3(opt.block ? opt.block : "1", "--block");
  int64_t shared = opt.shared ? eval_expr(opt.shared, "--shared") : 0;
  if (shared < 0)
    usage_error("--shared: negative%s", "");
  err = infinirtExtEvalSetLaunch(ev, grid, block, (size_t)shared);
  if (err) {
    rc = fail_call(err, "launch");
    goto done;
  }
  for (int i = 0; i < opt.nargs && !rc; i++)
    rc = add_arg(ev, opt.args[i]);
  if (rc)
    goto done;
  if (opt.ref_kernel) {
    char rpath[1024];
    if (opt.ref_lib)
      lib_path(rpath, sizeof rpath, opt.ref_lib, type);
    err = infinirtExtEvalSetReferenceKernel(ev, opt.ref_lib ? rpath : NULL,
                                            opt.ref_kernel);
    if (err) {
      rc = fail_call(err, "--ref-kernel");
      goto done;
    }
  }
  for (int i = 0; i < opt.nexpect; i++) {
    const char *eq = strchr(opt.expect[i], '=');
    if (!eq)
      usage_error("--expect '%s': want I=FILE.npy", opt.expect[i]);
    char num[16];
    snprintf(num, sizeof num, "%.*s", (int)(eq - opt.expect[i]), opt.expect[i]);
    err = infinirtExtEvalSetExpectedNpy(ev, (int)parse_int(num, "--expect"),
                                        eq + 1);
    if (err) {
      rc = fail_call(err, "--expect");
      goto done;
    }
  }
  double flops = opt.flops ? (double)eval_expr(opt.flops, "--flops") : 0;
  double bytes = opt.bytes ? (double)eval_expr(opt.bytes, "--bytes") : 0;
  err = infinirtExtEvalSetWork(ev, flops, bytes);
  if (!err)
    err = infinirtExtEvalSetConfig(ev, &opt.cfg);
  if (err) {
    rc = fail_call(err, "options");
    goto done;
  }
  err = infinirtExtEvalRun(ev, out);
  if (err) {
    rc = fail_call(err, opt.kernel);
    goto done;
  }
  for (int i = 0; i < g_nvars; i++) {
    char v[32];
    snprintf(v, sizeof v, "%lld", (long long)g_vars[i].value);
    infinirtExtEvalResultSetParam(*out, g_vars[i].name, v);
  }
done:
  infinirtExtEvalDestroy(ev);
  return rc;
}

/* ---- compare ---------------------------------------------------------- */

static void row_key(const bench_json *row, char *out, size_t n) {
  const bench_json *k = bench_json_get(row, "kernel");
  const bench_json *p = bench_json_get(row, "params");
  int w = snprintf(out, n, "%s", k && k->string ? k->string : "?");
  for (size_t i = 0; p && i < p->count && w < (int)n; i++)
    w += snprintf(out + w, n - (size_t)w, " %s=%s", p->items[i]->key,
                  p->items[i]->string ? p->items[i]->string : "?");
}

static double *samples_of(const bench_json *row, int *n) {
  const bench_json *s = bench_json_get(row, "samples_ms");
  *n = 0;
  if (!s || s->type != BJ_ARRAY || !s->count)
    return NULL;
  double *v = malloc(sizeof(double) * s->count);
  if (!v)
    return NULL;
  for (size_t i = 0; i < s->count; i++)
    if (s->items[i]->type == BJ_NUMBER)
      v[(*n)++] = s->items[i]->number;
  return v;
}

static const bench_json *results_of(const bench_json *doc, const char *path) {
  const bench_json *ver = bench_json_get(doc, "schema_version");
  const bench_json *res = bench_json_get(doc, "results");
  if (!ver || ver->type != BJ_NUMBER || !res || res->type != BJ_ARRAY) {
    fprintf(stderr,
            "infinirt-bench: '%s' is not an infinirt-bench JSON "
            "result (no schema_version / results)\n",
            path);
    return NULL;
  }
  if ((int)ver->number != INFINIRT_EXT_EVAL_SCHEMA_VERSION) {
    fprintf(stderr,
            "infinirt-bench: '%s' has schema_version %d, this tool "
            "reads %d\n",
            path, (int)ver->number, INFINIRT_EXT_EVAL_SCHEMA_VERSION);
    return NULL;
  }
  return res;
}

static int compare_main(const char *pa, const char *pb, double min_diff) {
  char err[256];
  bench_json *a = bench_json_load(pa, err, sizeof err);
  if (!a) {
    fprintf(stderr, "infinirt-bench: %s: %s\n", pa, err);
    return 1;
  }
  bench_json *b = bench_json_load(pb, err, sizeof err);
  if (!b) {
    fprintf(stderr, "infinirt-bench: %s: %s\n", pb, err);
    bench_json_free(a);
    return 1;
  }
  int rc = 0;
  const bench_json *ra = results_of(a, pa), *rb = results_of(b, pb);
  if (!ra || !rb) {
    rc = 1;
    goto out;
  }
  printf("| row | A mean ms | B mean ms | B/A | t | verdict |\n"
         "|---|---:|---:|---:|---:|---|\n");
  for (size_t i = 0; i < rb->count; i++) {
    char kb[512], ka[512];
    row_key(rb->items[i], kb, sizeof kb);
    const bench_json *match = NULL;
    for (size_t j = 0; j < ra->count && !match; j++) {
      row_key(ra->items[j], ka, sizeof ka);
      if (strcmp(ka, kb) == 0)
        match = ra->items[j];
    }
    if (!match) {
      printf("| %s | - | - | - | - | only in B |\n", kb);
      continue;
    }
    int na, nb;
    double *sa = samples_of(match, &na), *sb = samples_of(rb->items[i], &nb);
    infinirtExtEvalVerdict v;
    double ratio = 0, t = 0;
    if (!sa || !sb ||
        infinirtExtEvalCompare(sa, na, sb, nb, &v, &ratio, &t) !=
            infinirtSuccess) {
      printf("| %s | - | - | - | - | no samples |\n", kb);
    } else {
      double ma = 0, mb = 0;
      for (int k = 0; k < na; k++)
        ma += sa[k] / na;
      for (int k = 0; k < nb; k++)
        mb += sb[k] / nb;
      if (fabs(ratio - 1) * 100 < min_diff)
        v = infinirtExtEvalSame;
      printf("| %s | %.4g | %.4g | %.3f | %.2f | %s |\n", kb, ma, mb, ratio, t,
             infinirtExtEvalVerdictName(v));
    }
    free(sa);
    free(sb);
  }
  printf("\nverdict: Welch's t = (mean_B - mean_A) / sqrt(sA^2/nA + "
         "sB^2/nB); |t| > 3 is FASTER (B lower) or SLOWER (B higher), else "
         "SAME.\n");
  if (min_diff > 0)
    printf("Differences under %g%% are SAME (--min-diff).\n", min_diff);
out:
  bench_json_free(a);
  bench_json_free(b);
  return rc;
}

/* ---- main ------------------------------------------------------------- */

static int sweep(void) {
  size_t total = 1;
  for (int i = 0; i < opt.naxes; i++)
    if (__builtin_mul_overflow(total, (size_t)opt.axes[i].n, &total))
      total = SIZE_MAX; /* over the limit below, not wrapped to 0 */
  if (total > 4096)
    usage_error("the sweep has more than 4096 points%s", "");
  infinirtExtEvalResult_t *res = calloc(total ? total : 1, sizeof *res);
  binding vars[MAX_AXES];
  if (!res) {
    fprintf(stderr, "infinirt-bench: out of memory\n");
    return 1;
  }
  for (int i = 0; i < opt.naxes; i++)
    vars[i].name = opt.axes[i].name;
  g_vars = vars;
  g_nvars = opt.naxes;
  int rc = 0;
  size_t done = 0;
  for (size_t k = 0; k < total && !rc; k++) {
    size_t rem = k;
    for (int i = opt.naxes - 1; i >= 0; i--) {
      vars[i].value = opt.axes[i].v[rem % (size_t)opt.axes[i].n];
      rem /= (size_t)opt.axes[i].n;
    }
    rc = run_point(&res[k]);
    if (!rc)
      done++;
  }
  if (!rc) {
    infinirtExtEvalFormat f = infinirtExtEvalFormatMarkdown;
    if (strcmp(opt.format, "json") == 0)
      f = infinirtExtEvalFormatJson;
    else if (strcmp(opt.format, "csv") == 0)
      f = infinirtExtEvalFormatCsv;
    infinirtError_t err = infinirtExtEvalWrite(res, (int)done, f, opt.output);
    if (err)
      rc = fail_call(err, "output");
  }
  for (size_t k = 0; k < total; k++)
    infinirtExtEvalResultDestroy(res[k]);
  free(res);
  return rc;
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "compare") == 0) {
    double min_diff = 0;
    int first = 2;
    if (argc >= 3 && strcmp(argv[2], "--min-diff") == 0) {
      char *end = NULL;
      min_diff = argc >= 4 ? strtod(argv[3], &end) : -1;
      if (!end || *end || !(min_diff >= 0) || !isfinite(min_diff))
        usage_error("--min-diff wants a percentage >= 0%s", "");
      first = 4;
    }
    if (argc != first + 2)
      usage_error("compare wants two JSON files%s", "");
    return compare_main(argv[first], argv[first + 1], min_diff);
  }
  opt.device = "cpu:0";
  opt.format = "md";
  infinirtExtEvalConfigInit(&opt.cfg);
  for (int i = 1; i < argc; i++) {
    const char *o = argv[i];
    if (strcmp(o, "--help") == 0 || strcmp(o, "-h") == 0) {
      printf(usage_text, "%s", "%s");
      return 0;
    }
    if (strcmp(o, "--version") == 0) {
      int v = 0;
      infinirtExtGetVersion(&v);
      printf("infinirt-bench (InfiniRT %d.%d.%d), JSON schema %d\n", v / 1000,
             v / 10 % 100, v % 10, INFINIRT_EXT_EVAL_SCHEMA_VERSION);
      return 0;
    }
    if (strcmp(o, "--cold") == 0) {
      opt.cfg.cold = 1;
      continue;
    }
    if (strcmp(o, "--no-progress") == 0) {
      opt.cfg.progress = 0;
      continue;
    }
    if (strncmp(o, "--", 2) != 0)
      usage_error("unexpected argument '%s'", o);
    if (i + 1 >= argc)
      usage_error("%s wants a value", o);
    const char *v = argv[++i];
    if (strcmp(o, "--device") == 0)
      opt.device = v;
    else if (strcmp(o, "--lib") == 0)
      opt.lib = v;
    else if (strcmp(o, "--kernel") == 0)
      opt.kernel = v;
    else if (strcmp(o, "--grid") == 0)
      opt.grid = v;
    else if (strcmp(o, "--block") == 0)
      opt.block = v;
    else if (strcmp(o, "--shared") == 0)
      opt.shared = v;
    else if (strcmp(o, "--arg") == 0) {
      if (opt.nargs == INFINIRT_EXT_EVAL_MAX_ARGS)
        usage_error("more than 32 --arg%s", "");
      opt.args[opt.nargs++] = v;
    } else if (strcmp(o, "--axis") == 0)
      parse_axis(v);
    else if (strcmp(o, "--flops") == 0)
      opt.flops = v;
    else if (strcmp(o, "--bytes") == 0)
      opt.bytes = v;
    else if (strcmp(o, "--ref-kernel") == 0)
      opt.ref_kernel = v;
    else if (strcmp(o, "--ref-lib") == 0)
      opt.ref_lib = v;
    else if (strcmp(o, "--expect") == 0) {
      if (opt.nexpect == INFINIRT_EXT_EVAL_MAX_ARGS)
        usage_error("more than 32 --expect%s", "");
      opt.expect[opt.nexpect++] = v;
    } else if (strcmp(o, "--atol") == 0)
      opt.cfg.atol = parse_double(v, o);
    else if (strcmp(o, "--rtol") == 0)
      opt.cfg.rtol = parse_double(v, o);
    else if (strcmp(o, "--warmup") == 0)
      opt.cfg.warmup = (int)parse_int(v, o);
    else if (strcmp(o, "--number") == 0)
      opt.cfg.number = (int)parse_int(v, o);
    else if (strcmp(o, "--repeat") == 0)
      opt.cfg.repeat = (int)parse_int(v, o);
    else if (strcmp(o, "--min-repeat-ms") == 0)
      opt.cfg.min_repeat_ms = parse_double(v, o);
    else if (strcmp(o, "--stdrel") == 0) {
      opt.cfg.stop = infinirtExtEvalStopStdrel;
      opt.cfg.target_stdrel = parse_double(v, o);
    } else if (strcmp(o, "--min-samples") == 0)
      opt.cfg.min_samples = (int)parse_int(v, o);
    else if (strcmp(o, "--max-samples") == 0)
      opt.cfg.max_samples = (int)parse_int(v, o);
    else if (strcmp(o, "--max-time") == 0)
      opt.cfg.max_time_s = parse_double(v, o);
    else if (strcmp(o, "--format") == 0) {
      if (strcmp(v, "md") && strcmp(v, "markdown") && strcmp(v, "json") &&
          strcmp(v, "csv"))
        usage_error("--format '%s': md, json or csv", v);
      opt.format = v;
    } else if (strcmp(o, "--output") == 0)
      opt.output = v;
    else
      usage_error("unknown option '%s'", o);
  }
  if (!opt.lib || !opt.kernel)
    usage_error("--lib and --kernel are required%s", "");
  for (int i = 0; i < opt.naxes; i++) {
    if (!opt.grid && strcmp(opt.axes[i].name, "grid") == 0)
      opt.grid = "grid";
    if (!opt.block && strcmp(opt.axes[i].name, "block") == 0)
      opt.block = "block";
    if (!opt.shared && strcmp(opt.axes[i].name, "shared") == 0)
      opt.shared = "shared";
  }
  return sweep();
}
