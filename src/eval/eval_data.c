/* eval_data.c - dtypes, element access, .npy files, the error detail. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval_internal.h"

static _Thread_local char ev_detail[1024];

infinirtError_t ev_fail(infinirtError_t err, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(ev_detail, sizeof ev_detail, fmt, ap);
  va_end(ap);
  return err;
}

const char *infinirtExtEvalGetLastErrorDetail(void) {
  return ev_detail;
}

static const struct {
  const char *name;
  size_t size;
  const char *npy; /* numpy descr without the byte order */
} dtypes[infinirtExtEvalDtypeCount] = {
    [infinirtExtEvalF32] = {"f32", 4, "f4"},
    [infinirtExtEvalF64] = {"f64", 8, "f8"},
    [infinirtExtEvalI8] = {"i8", 1, "i1"},
    [infinirtExtEvalI16] = {"i16", 2, "i2"},
    [infinirtExtEvalI32] = {"i32", 4, "i4"},
    [infinirtExtEvalI64] = {"i64", 8, "i8"},
    [infinirtExtEvalU8] = {"u8", 1, "u1"},
    [infinirtExtEvalU16] = {"u16", 2, "u2"},
    [infinirtExtEvalU32] = {"u32", 4, "u4"},
    [infinirtExtEvalU64] = {"u64", 8, "u8"},
};

const char *infinirtExtEvalDtypeName(infinirtExtEvalDtype t) {
  if ((unsigned)t >= infinirtExtEvalDtypeCount)
    return "unknown";
  return dtypes[t].name;
}

size_t infinirtExtEvalDtypeSize(infinirtExtEvalDtype t) {
  if ((unsigned)t >= infinirtExtEvalDtypeCount)
    return 0;
  return dtypes[t].size;
}

infinirtError_t infinirtExtEvalDtypeParse(const char *name,
                                          infinirtExtEvalDtype *t) {
  if (!name || !t)
    return ev_fail(infinirtErrorInvalidValue,
                   "infinirtExtEvalDtypeParse: NULL argument");
  for (int i = 0; i < infinirtExtEvalDtypeCount; i++)
    if (strcmp(name, dtypes[i].name) == 0) {
      *t = (infinirtExtEvalDtype)i;
      return infinirtSuccess;
    }
  return ev_fail(infinirtErrorInvalidValue,
                 "unknown dtype '%s' (f32 f64 i8 i16 i32 i64 u8 u16 u32 u64)",
                 name);
}

int ev_is_float(infinirtExtEvalDtype t) {
  return t == infinirtExtEvalF32 || t == infinirtExtEvalF64;
}

double ev_get(infinirtExtEvalDtype t, const void *base, size_t i) {
  switch (t) {
  case infinirtExtEvalF32:
    return ((const float *)base)[i];
  case infinirtExtEvalF64:
    return ((const double *)base)[i];
  case infinirtExtEvalI8:
    return ((const int8_t *)base)[i];
  case infinirtExtEvalI16:
    return ((const int16_t *)base)[i];
  case infinirtExtEvalI32:
    return ((const int32_t *)base)[i];
  case infinirtExtEvalI64:
    return (double)((const int64_t *)base)[i];
  case infinirtExtEvalU8:
    return ((const uint8_t *)base)[i];
  case infinirtExtEvalU16:
    return ((const uint16_t *)base)[i];
  case infinirtExtEvalU32:
    return ((const uint32_t *)base)[i];
  case infinirtExtEvalU64:
    return (double)((const uint64_t *)base)[i];
  default:
    return 0;
  }
}

void ev_set(infinirtExtEvalDtype t, void *base, size_t i, double v) {
  switch (t) {
  case infinirtExtEvalF32:
    ((float *)base)[i] = (float)v;
    break;
  case infinirtExtEvalF64:
    ((double *)base)[i] = v;
    break;
  case infinirtExtEvalI8:
    ((int8_t *)base)[i] = (int8_t)v;
    break;
  case infinirtExtEvalI16:
    ((int16_t *)base)[i] = (int16_t)v;
    break;
  case infinirtExtEvalI32:
    ((int32_t *)base)[i] = (int32_t)v;
    break;
  case infinirtExtEvalI64:
    ((int64_t *)base)[i] = (int64_t)v;
    break;
  case infinirtExtEvalU8:
    ((uint8_t *)base)[i] = (uint8_t)v;
    break;
  case infinirtExtEvalU16:
    ((uint16_t *)base)[i] = (uint16_t)v;
    break;
  case infinirtExtEvalU32:
    ((uint32_t *)base)[i] = (uint32_t)v;
    break;
  case infinirtExtEvalU64:
    ((uint64_t *)base)[i] = (uint64_t)v;
    break;
  default:
    break;
  }
}

/* .npy: magic "\x93NUMPY", version major/minor, header length (2 bytes in
 * version 1, 4 in 2 and 3, little endian), then a Python dict literal
 * {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }. */
infinirtError_t ev_load_npy(const char *path, infinirtExtEvalDtype *dtype,
                            int *ndim, int64_t *shape, void **data,
                            size_t *count) {
  FILE *f = fopen(path, "rb");
  char *hdr = NULL;
  infinirtError_t err = infinirtErrorInvalidValue;
  if (!f)
    return ev_fail(infinirtErrorFileNotFound, "cannot open .npy file '%s': %s",
                   path, strerror(errno));
  unsigned char pre[12];
  if (fread(pre, 1, 10, f) != 10 || memcmp(pre, "\x93NUMPY", 6) != 0) {
    ev_fail(err, "'%s' is not an .npy file (no \\x93NUMPY magic)", path);
    goto out;
  }
  size_t hlen;
  if (pre[6] == 1) {
    hlen = pre[8] | (size_t)pre[9] << 8;
  } else if (pre[6] == 2 || pre[6] == 3) {
    if (fread(pre + 10, 1, 2, f) != 2) {
      ev_fail(err, "'%s': truncated .npy header", path);
      goto out;
    }
    hlen = pre[8] | (size_t)pre[9] << 8 | (size_t)pre[10] << 16 |
           (size_t)pre[11] << 24;
  } else {
    ev_fail(err, "'%s': unsupported .npy version %d", path, pre[6]);
    goto out;
  }
  hdr = malloc(hlen + 1);
  if (!hdr) {
    err = ev_fail(infinirtErrorMemoryAllocation, "'%s': out of memory", path);
    goto out;
  }
  if (fread(hdr, 1, hlen, f) != hlen) {
    ev_fail(err, "'%s': truncated .npy header", path);
    goto out;
  }
  hdr[hlen] = 0;
  const char *d = strstr(hdr, "'descr'");
  const char *fo = strstr(hdr, "'fortran_order'");
  const char *sh = strstr(hdr, "'shape'");
  if (!d || !fo || !sh) {
    ev_fail(err, "'%s': .npy header lacks descr, fortran_order or shape", path);
    goto out;
  }
  d = strchr(d + 7, '\'');
  if (!d) {
    ev_fail(err, "'%s': malformed descr", path);
    goto out;
  }
  d++;
  char order = d[0];
  if (order == '>' && !(d[2] == '1')) {
    ev_fail(err, "'%s': big-endian data is not supported", path);
    goto out;
  }
  int found = -1;
  for (int i = 0; i < infinirtExtEvalDtypeCount; i++) {
    size_t l = strlen(dtypes[i].npy);
    if (strncmp(d + 1, dtypes[i].npy, l) == 0 && d[1 + l] == '\'')
      found = i;
  }
  if (found < 0 ||
      (order != '<' && order != '|' && order != '=' && order != '>')) {
    const char *e = strchr(d, '\'');
    ev_fail(err, "'%s': unsupported dtype '%.*s'", path, e ? (int)(e - d) : 8,
            d);
    goto out;
  }
  fo = strchr(fo + 15, ':');
  if (fo) {
    fo++;
    while (*fo == ' ')
      fo++;
  }
  if (!fo || strncmp(fo, "False", 5) != 0) {
    ev_fail(err, "'%s': Fortran-order .npy files are not supported", path);
    goto out;
  }
  sh = strchr(sh, '(');
  if (!sh) {
    ev_fail(err, "'%s': malformed shape", path);
    goto out;
  }
  sh++;
  int nd = 0;
  size_t n = 1;
  for (;;) {
    while (*sh == ' ' || *sh == ',')
      sh++;
    if (*sh == ')')
      break;
    char *end;
    long long v = strtoll(sh, &end, 10);
    if (end == sh || v < 0 || nd >= INFINIRT_EXT_EVAL_MAX_DIMS) {
      ev_fail(err, "'%s': malformed or too long shape", path);
      goto out;
    }
    shape[nd++] = v;
    if (__builtin_mul_overflow(n, (size_t)v, &n)) {
      ev_fail(err, "'%s': the shape's element count overflows", path);
      goto out;
    }
    sh = end;
  }
  size_t es = dtypes[found].size, bytes;
  if (__builtin_mul_overflow(n, es, &bytes)) {
    ev_fail(err, "'%s': the data's size overflows", path);
    goto out;
  }
  void *buf = malloc(bytes > 0 ? bytes : 1);
  if (!buf) {
    err = ev_fail(infinirtErrorMemoryAllocation, "'%s': out of memory", path);
    goto out;
  }
  if (fread(buf, es, n, f) != n) {
    free(buf);
    ev_fail(err, "'%s': file holds fewer than the %zu elements of its shape",
            path, n);
    goto out;
  }
  *dtype = (infinirtExtEvalDtype)found;
  *ndim = nd;
  *data = buf;
  *count = n;
  err = infinirtSuccess;
out:
  free(hdr);
  fclose(f);
  return err;
}
