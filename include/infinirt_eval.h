/*
 * infinirt_eval.h - kernel evaluation: time one kernel on any device with
 * device events, the same way on every backend (library infinirt_eval, the
 * engine of the infinirt-bench tool; docs/eval.md).
 *
 * An evaluation (infinirtExtEval_t) holds a kernel (a kernel library file and
 * a kernel name, or a host function for CPU code), a launch shape, the
 * kernel's arguments in order (tensors and scalars), an optional reference
 * (a second kernel, or .npy files of expected outputs) and the timing
 * settings. infinirtExtEvalRun allocates and fills the tensors where they
 * were asked to live (so no transfer is ever timed), checks the results
 * against the reference, times the kernel and returns a result
 * (infinirtExtEvalResult_t) with every sample and the statistics; the
 * infinirtExtEvalWrite* functions print results as markdown, JSON or CSV.
 *
 * Every function returns infinirtSuccess or an infinirtError_t; on failure
 * infinirtExtEvalGetLastErrorDetail() gives a sentence saying what and why
 * (for a failing infinirt call, with that call's own detail). Handles are
 * opaque; settings are plain structs, so the API can be used through a C
 * FFI (Python ctypes) without callbacks. An evaluation is used by one
 * thread at a time; it makes its device current on the calling thread.
 */
#ifndef INFINIRT_EVAL_H_
#define INFINIRT_EVAL_H_

#include <stddef.h>
#include <stdint.h>

#include "infinirt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Exported from libinfinirt_eval (not libinfinirt, so not INFINIRT_API). */
#if defined(__GNUC__)
#define INFINIRT_EVAL_API __attribute__((visibility("default")))
#else
#define INFINIRT_EVAL_API
#endif

/* Version of the JSON document infinirtExtEvalWriteJson writes (its
 * "schema_version"). */
#define INFINIRT_EXT_EVAL_SCHEMA_VERSION 1

/* Largest tensor rank, and most arguments of one kernel. */
#define INFINIRT_EXT_EVAL_MAX_DIMS 8
#define INFINIRT_EXT_EVAL_MAX_ARGS 32

typedef struct infinirtExtEval_st *infinirtExtEval_t;
typedef struct infinirtExtEvalResult_st *infinirtExtEvalResult_t;

/* Element types of tensors and scalars. */
enum infinirtExtEvalDtype {
  infinirtExtEvalF32 = 0,
  infinirtExtEvalF64 = 1,
  infinirtExtEvalI8 = 2,
  infinirtExtEvalI16 = 3,
  infinirtExtEvalI32 = 4,
  infinirtExtEvalI64 = 5,
  infinirtExtEvalU8 = 6,
  infinirtExtEvalU16 = 7,
  infinirtExtEvalU32 = 8,
  infinirtExtEvalU64 = 9,
  infinirtExtEvalDtypeCount = 10
};
typedef enum infinirtExtEvalDtype infinirtExtEvalDtype;

/* Where a tensor lives while the kernel is timed. */
enum infinirtExtEvalPlace {
  infinirtExtEvalPlaceDevice = 0, /* infinirtMalloc on the eval's device */
  infinirtExtEvalPlaceHost = 1,   /* malloc (pageable host memory) */
  infinirtExtEvalPlacePinned = 2  /* infinirtMallocHost */
};
typedef enum infinirtExtEvalPlace infinirtExtEvalPlace;

/* How a tensor's elements are initialised (once, before any run). */
enum infinirtExtEvalInit {
  infinirtExtEvalInitZeros = 0,    /* all 0 */
  infinirtExtEvalInitConstant = 1, /* all |value| */
  infinirtExtEvalInitRandom = 2,   /* uniform in [low, high) from |seed| */
  infinirtExtEvalInitNpy = 3,      /* the .npy file |path| (same shape, type) */
  infinirtExtEvalInitMemory = 4    /* copied from caller memory |data| */
};
typedef enum infinirtExtEvalInit infinirtExtEvalInit;

/* A tensor argument: the kernel receives a pointer to its first element.
 * Start from infinirtExtEvalTensorInit(). */
typedef struct infinirtExtEvalTensor {
  infinirtExtEvalDtype dtype;
  int ndim;                                    /* 0..MAX_DIMS; 0 = a scalar */
  int64_t shape[INFINIRT_EXT_EVAL_MAX_DIMS];   /* each >= 1 */
  int64_t strides[INFINIRT_EXT_EVAL_MAX_DIMS]; /* in elements; all 0 = C
                                                  order (row-major) */
  infinirtExtEvalInit init;
  double value;     /* Constant: the value */
  double low, high; /* Random: the range (integers: [low, high]) */
  uint64_t seed;    /* Random: the seed */
  const char *path; /* Npy: the file (read at AddTensor) */
  const void *data; /* Memory: the elements, densely in storage order,
                       copied at AddTensor */
  infinirtExtEvalPlace place;
  int compare; /* with a reference: 1 = compared after the check run. If no
                  tensor says 1, every tensor is compared */
} infinirtExtEvalTensor;

/* How a measurement stops. */
enum infinirtExtEvalStop {
  infinirtExtEvalStopFixed = 0, /* exactly |repeat| samples */
  infinirtExtEvalStopStdrel = 1 /* NVBench-style: once the samples' relative
                                   standard deviation <= target_stdrel with
                                   >= min_samples, or at max_samples, or
                                   after max_time_s */
};
typedef enum infinirtExtEvalStop infinirtExtEvalStop;

/* Timing settings. Start from infinirtExtEvalConfigInit(). */
typedef struct infinirtExtEvalConfig {
  int warmup;               /* launches before timing (default 1) */
  int number;               /* runs per sample, hot mode (default 1) */
  int repeat;               /* samples, StopFixed (default 10) */
  double min_repeat_ms;     /* hot mode, > 0: |number| grows (x >= 1.6 a step)
                               until one sample lasts this long (default 0) */
  int cold;                 /* 1: flush the last-level cache before each run and
                               time each run alone (number = 1) (default 0) */
  infinirtExtEvalStop stop; /* default StopFixed */
  double target_stdrel;     /* StopStdrel: target, e.g. 0.005 (default) */
  int min_samples;          /* StopStdrel: default 10 */
  int max_samples;          /* StopStdrel: default 1000 */
  double max_time_s;        /* StopStdrel: default 15 s of timed runs */
  int progress;             /* 1: a progress line on stderr once a
                               measurement lasts over 1 s (default 1) */
  double atol, rtol;        /* reference check: |got - expected| <= atol +
                               rtol * |expected| (default 1e-5, 1e-5) */
} infinirtExtEvalConfig;

/* Host code timed as a kernel: |args[i]| points to argument i's value (for
 * a tensor, the pointer), as infinirtLaunchKernel's |args|. It runs in
 * stream order through infinirtLaunchHostFunc; it must not call infinirt. */
typedef void (*infinirtExtEvalHostFn)(void *const *args, void *user);

/* Sets |*t| to an f32 C-order tensor of rank 0 on the device, zeros, with
 * a random range of [-1, 1) and seed 0, compare 0; sets |*c| to the
 * defaults above. Errors: InvalidValue for NULL. */
INFINIRT_EVAL_API infinirtError_t
infinirtExtEvalTensorInit(infinirtExtEvalTensor *t);
INFINIRT_EVAL_API infinirtError_t
infinirtExtEvalConfigInit(infinirtExtEvalConfig *c);

/* Returns the name of |dtype| ("f32", "i64", ...), or "unknown"; element
 * size in bytes (0 if unknown); parses a name (InvalidValue if unknown). */
INFINIRT_EVAL_API const char *
infinirtExtEvalDtypeName(infinirtExtEvalDtype dtype);
INFINIRT_EVAL_API size_t infinirtExtEvalDtypeSize(infinirtExtEvalDtype dtype);
INFINIRT_EVAL_API infinirtError_t
infinirtExtEvalDtypeParse(const char *name, infinirtExtEvalDtype *dtype);

/* A sentence about the calling thread's latest failing infinirtExtEval call,
 * "" if none failed. Valid until that thread's next failing call. */
INFINIRT_EVAL_API const char *infinirtExtEvalGetLastErrorDetail(void);

/* Creates an evaluation on device |ordinal| of |type|, with the default
 * config. Errors: InvalidValue for NULL or a bad type; NoDevice /
 * InvalidDevice when the device does not exist; MemoryAllocation. */
INFINIRT_EVAL_API infinirtError_t infinirtExtEvalCreate(infinirtExtEval_t *eval,
                                                        infinirtDeviceType type,
                                                        int ordinal);

/* Frees the evaluation, its tensors, library and stream. NULL is a no-op. */
INFINIRT_EVAL_API infinirtError_t
infinirtExtEvalDestroy(infinirtExtEval_t eval);

/* The kernel: |name| in the kernel library file |path| (a .cpu.so on the
 * CPU, a cubin/fatbin/PTX on NVIDIA). On the CPU the argument count and
 * sizes are read from the kernel's info and checked at Run.
 * Errors: InvalidValue for NULL; FileNotFound / InvalidKernelImage from the
 * loader; InvalidDeviceFunction for an unknown kernel name. */
INFINIRT_EVAL_API infinirtError_t infinirtExtEvalSetKernel(
    infinirtExtEval_t eval, const char *path, const char *name);

/* The kernel is host code |fn| (with |user|), named |name| in reports. The
 * launch shape is ignored. Errors: InvalidValue for NULL. */
INFINIRT_EVAL_API infinirtError_t
infinirtExtEvalSetHostFunction(infinirtExtEval_t eval, const char *name,
                               infinirtExtEvalHostFn fn, void *user);

/* The launch: grid and block dimensions, dynamic shared memory per block.
 * Default (1,1,1), (1,1,1), 0. Errors: InvalidValue for a zero dimension. */
INFINIRT_EVAL_API infinirtError_t
infinirtExtEvalSetLaunch(infinirtExtEval_t eval, infinirtDim3 grid,
                         infinirtDim3 block, size_t shared_mem);

/* Appends a tensor argument; stores its argument index in |*index| if not
 * NULL. The description is copied (|path| is read and |data| copied now).
 * Errors: InvalidValue for a bad dtype, rank, shape, stride, init or
 * place, or too many arguments; FileNotFound / InvalidValue for an
 * unreadable .npy or one whose shape or dtype differ (reason in the
 * detail); MemoryAllocation. */
INFINIRT_EVAL_API infinirtError_t infinirtExtEvalAddTensor(
    infinirtExtEval_t eval, const infinirtExtEvalTensor *tensor, int *index);

/* Appends a scalar argument of |dtype|: an integer type takes |ivalue|, a
 * floating type |fvalue| (the other is ignored). Errors: InvalidValue. */
INFINIRT_EVAL_API infinirtError_t
infinirtExtEvalAddScalar(infinirtExtEval_t eval, infinirtExtEvalDtype dtype,
                         int64_t ivalue, double fvalue, int *index);

/* Reference: kernel |name| of library |path| (NULL: the eval's own
 * library) run once on copies of the same arguments; the compared tensors
 * must then match within atol/rtol. Errors: as SetKernel. */
INFINIRT_EVAL_API infinirtError_t infinirtExtEvalSetReferenceKernel(
    infinirtExtEval_t eval, const char *path, const char *name);

/* Reference: tensor |index| must equal the .npy file |path| after one run,
 * element by element of the tensor's storage: the file has the tensor's
 * dtype and as many elements as its storage (its own shape is not
 * compared, so a flat file serves a strided tensor). Several calls check
 * several tensors. Errors: InvalidValue for an index that is not a tensor,
 * or an .npy of another dtype or element count; FileNotFound. */
INFINIRT_EVAL_API infinirtError_t infinirtExtEvalSetExpectedNpy(
    infinirtExtEval_t eval, int index, const char *path);

/* Timing settings (copied). Errors: InvalidValue for a value out of range
 * (negative counts, number or repeat < 1, min > max samples...). */
INFINIRT_EVAL_API infinirtError_t infinirtExtEvalSetConfig(
    infinirtExtEval_t eval, const infinirtExtEvalConfig *config);

/* Work of one run, for throughput: floating-point operations and bytes
 * moved (0 = unknown). Errors: InvalidValue for a negative count. */
INFINIRT_EVAL_API infinirtError_t infinirtExtEvalSetWork(infinirtExtEval_t eval,
                                                         double flops,
                                                         double bytes);

/* Runs the evaluation: prepares the arguments (first Run only), checks the
 * kernel against the reference (if any; then the tensors are set back to
 * their initial values), warms up, times, and stores a new result in
 * |*result| (free it with infinirtExtEvalResultDestroy).
 * Errors: InvalidValue if no kernel is set, or the arguments do not match
 * the kernel's (count, sizes; CPU only); Assert when the check fails, the
 * detail naming the worst element ("mismatch: argument i element j: got g,
 * expected e ..."); any error of the kernel's launch or of the device. */
INFINIRT_EVAL_API infinirtError_t
infinirtExtEvalRun(infinirtExtEval_t eval, infinirtExtEvalResult_t *result);

/* Copies tensor |index|'s elements (storage span, dense) to |host|, at most
 * |bytes|; stores its storage size in |*size| if not NULL. Valid after a
 * Run. Errors: InvalidValue for a bad index or too small |bytes|. */
INFINIRT_EVAL_API infinirtError_t infinirtExtEvalReadTensor(
    infinirtExtEval_t eval, int index, void *host, size_t bytes, size_t *size);

/* Statistics of a result. Times are per run, in milliseconds, from device
 * events; wall_* are host clock (CLOCK_MONOTONIC) per run, for comparison
 * only. Peaks are 0 where unknown; percentages are then 0 too. */
typedef struct infinirtExtEvalStats {
  int samples; /* number of samples */
  int number;  /* runs per sample (1 in cold mode) */
  int cold;    /* 1 if the cache was flushed before each run */
  double mean_ms, median_ms, min_ms, max_ms, stddev_ms;
  double stdrel;            /* stddev / mean */
  double wall_mean_ms;      /* host clock per run */
  double total_s;           /* device time of all timed runs */
  double flops, bytes;      /* per run, as given by SetWork */
  double gflops;            /* flops / mean, 1e9/s */
  double gbytes_per_s;      /* bytes / mean, 1e9 B/s */
  double peak_gbytes_per_s; /* device's peak memory bandwidth, 0 = unknown */
  double peak_gflops;       /* device's peak FP32 rate, 0 = unknown */
  double pct_peak_bw, pct_peak_flops;
} infinirtExtEvalStats;

/* Fills |*stats|. Errors: InvalidValue for NULL. */
INFINIRT_EVAL_API infinirtError_t infinirtExtEvalResultGetStats(
    infinirtExtEvalResult_t result, infinirtExtEvalStats *stats);

/* Copies up to |cap| per-run sample times (ms, device events; a sample is
 * one repeat of |number| runs divided by |number|) into |ms| and, when
 * |wall_ms| is not NULL, the host-clock ones; stores the sample count in
 * |*count|. Errors: InvalidValue for NULL |count|. */
INFINIRT_EVAL_API infinirtError_t
infinirtExtEvalResultGetSamples(infinirtExtEvalResult_t result, double *ms,
                                double *wall_ms, int cap, int *count);

/* Copies up to |cap| values of |number| tried while it grew for
 * min_repeat_ms (the last one is the one used) and the count. */
INFINIRT_EVAL_API infinirtError_t infinirtExtEvalResultGetNumberSteps(
    infinirtExtEvalResult_t result, int *steps, int cap, int *count);

/* Adds a parameter (a sweep axis and its value, say "n" = "1048576") shown
 * as a column of the result's row. Errors: InvalidValue; MemoryAllocation. */
INFINIRT_EVAL_API infinirtError_t infinirtExtEvalResultSetParam(
    infinirtExtEvalResult_t result, const char *name, const char *value);

/* Frees a result. NULL is a no-op. */
INFINIRT_EVAL_API infinirtError_t
infinirtExtEvalResultDestroy(infinirtExtEvalResult_t result);

/* Output formats. */
enum infinirtExtEvalFormat {
  infinirtExtEvalFormatMarkdown = 0, /* a table, one row per result, and
                                        the peak formulas below it */
  infinirtExtEvalFormatJson = 1,     /* docs/eval.md's schema */
  infinirtExtEvalFormatCsv = 2       /* a header line, one line per result */
};
typedef enum infinirtExtEvalFormat infinirtExtEvalFormat;

/* Writes |count| results to the file |path| ("-" or NULL: stdout) in
 * |format|. Errors: InvalidValue; FileNotFound if |path| cannot be
 * written. */
INFINIRT_EVAL_API infinirtError_t
infinirtExtEvalWrite(const infinirtExtEvalResult_t *results, int count,
                     infinirtExtEvalFormat format, const char *path);

/* Verdicts of infinirtExtEvalCompare. */
enum infinirtExtEvalVerdict {
  infinirtExtEvalSame = 0,
  infinirtExtEvalFaster = 1, /* b is faster than a */
  infinirtExtEvalSlower = 2  /* b is slower than a */
};
typedef enum infinirtExtEvalVerdict infinirtExtEvalVerdict;

/* Compares two sets of samples (a = baseline, b = new): Welch's statistic
 * t = (mean_b - mean_a) / sqrt(s_a^2/n_a + s_b^2/n_b); |t| > 3 is a real
 * difference (FASTER if b's mean is lower, SLOWER if higher), else SAME;
 * with fewer than 2 samples on a side, or both standard errors 0, SAME
 * unless the means differ by more than 1%. Stores mean_b / mean_a in
 * |*ratio| and t in |*t| (either may be NULL).
 * Errors: InvalidValue for NULL or empty sample sets. */
INFINIRT_EVAL_API infinirtError_t infinirtExtEvalCompare(
    const double *a, int na, const double *b, int nb,
    infinirtExtEvalVerdict *verdict, double *ratio, double *t);

/* "SAME", "FASTER", "SLOWER" (or "unknown"). */
INFINIRT_EVAL_API const char *
infinirtExtEvalVerdictName(infinirtExtEvalVerdict verdict);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* INFINIRT_EVAL_H_ */
