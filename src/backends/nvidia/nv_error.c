/* infinirt_nv_error.c - driver results to mirrored error codes, with the
 * driver's name and number kept in the error detail. */
#include "nv.h"

infinirtError_t infinirt_nv_map(CUresult r) {
  switch (r) {
  case CUDA_SUCCESS:
    return infinirtSuccess;
#define MAP(name, value, code)                                                 \
  case value:                                                                  \
    return infinirtError##code;
#include "cu_errors.def"
#undef MAP
  default:
    return infinirtErrorUnknown;
  }
}

/* The table's own names, for drivers without cuGetErrorName. */
static const char *table_name(CUresult r) {
  switch (r) {
  case CUDA_SUCCESS:
    return "CUDA_SUCCESS";
#define MAP(name, value, code)                                                 \
  case value:                                                                  \
    return #name;
#include "cu_errors.def"
#undef MAP
  default:
    return "CUDA_ERROR_UNRECOGNIZED";
  }
}

const char *infinirt_nv_error_name(CUresult r) {
  const char *s = NULL;
  if (infinirt_nv_sym.cuGetErrorName &&
      infinirt_nv_sym.cuGetErrorName(r, &s) == CUDA_SUCCESS && s)
    return s;
  return table_name(r);
}

infinirtError_t infinirt_nv_fail(CUresult r, const char *what) {
  return infinirt_detail(infinirt_nv_map(r), "%s: %s (%d)", what,
                         infinirt_nv_error_name(r), r);
}

infinirtError_t infinirt_nv_missing(const char *what) {
  return infinirt_detail(infinirtErrorNotSupported, "the driver has no %s",
                         what);
}
