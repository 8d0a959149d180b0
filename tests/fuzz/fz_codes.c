/* fz_codes.c - every result is a code the header documents for the
 * function and one the model predicted; else abort() naming both. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "fz.h"

static const infinirtError_t code_of[C_COUNT] = {
    [C_S] = infinirtSuccess,
    [C_IV] = infinirtErrorInvalidValue,
    [C_MA] = infinirtErrorMemoryAllocation,
    [C_ID] = infinirtErrorInvalidDevice,
    [C_ND] = infinirtErrorNoDevice,
    [C_IMD] = infinirtErrorInvalidMemcpyDirection,
    [C_IPV] = infinirtErrorInvalidPitchValue,
    [C_IRH] = infinirtErrorInvalidResourceHandle,
    [C_NR] = infinirtErrorNotReady,
    [C_HAR] = infinirtErrorHostMemoryAlreadyRegistered,
    [C_HNR] = infinirtErrorHostMemoryNotRegistered,
    [C_NS] = infinirtErrorNotSupported,
};

static const struct {
  const char *name;
  fz_cset allowed;
} table[FN_COUNT] = {
#define F(name, codes) [FN_##name] = {"infinirt" #name, codes},
#include "fz_codes.def"
#undef F
};

/* Known issues: results the model rejects that are tolerated until the
 * library is fixed. Each entry is a finding in tests/fuzz/README.md. Empty:
 * nothing is tolerated. */
static const struct {
  fz_fn fn;
  fz_cset expected; /* when the model expected exactly this */
  infinirtError_t got;
} known_issues[] = {
    {FN_COUNT, 0, infinirtSuccess}, /* placeholder, matches nothing */
};

const char *fz_fn_name(fz_fn fn) {
  return table[fn].name;
}

static int index_of(infinirtError_t err) {
  for (int i = 0; i < C_COUNT; i++)
    if (code_of[i] == err)
      return i;
  return -1;
}

static void describe(fz_cset s, char *buf, size_t n) {
  size_t used = 0;
  buf[0] = '\0';
  for (int i = 0; i < C_COUNT; i++)
    if (s & (1u << i))
      used +=
          (size_t)snprintf(buf + used, used < n ? n - used : 0, "%s%s",
                           used ? "|" : "", infinirtGetErrorName(code_of[i]));
}

void fz_fail(fz_exec *e, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  fprintf(stderr, "api_fuzz: FAILED at step %d (%s, executor %d%s): %s\n",
          e->step, e->op ? e->op : "-", e->id, e->parallel ? ", parallel" : "",
          msg);
  fprintf(stderr, "api_fuzz: last error detail: %s\n",
          infinirtExtGetLastErrorDetail());
  abort();
}

/* FZ_TRACE=1: every checked call on stderr, to read a reproducer. */
static int tracing(void) {
  static int on = -1;
  if (on < 0)
    on = getenv("FZ_TRACE") != NULL;
  return on;
}

void fz_check(fz_exec *e, fz_fn fn, infinirtError_t got, fz_cset expected) {
  char want[256];
  if (e->pt_pending)
    atomic_fetch_add(&fz.pt_epoch, 1);
  if (tracing()) {
    describe(expected, want, sizeof want);
    fprintf(stderr, "fz[%d] step %d %s: %s -> %s (expected %s)\n", e->id,
            e->step, e->op ? e->op : "-", table[fn].name,
            infinirtGetErrorName(got), want);
  }
  if (expected & ~table[fn].allowed) {
    describe(expected & ~table[fn].allowed, want, sizeof want);
    fz_fail(e, "model bug: %s cannot return %s", table[fn].name, want);
  }
  int i = index_of(got);
  if (i < 0 || !(table[fn].allowed & (1u << i))) {
    describe(table[fn].allowed, want, sizeof want);
    fz_fail(e, "%s returned %s (%d), not a code its header documents (%s)",
            table[fn].name, infinirtGetErrorName(got), (int)got, want);
  }
  if (!(expected & (1u << i))) {
    bool known = false;
    for (size_t k = 0; k < sizeof known_issues / sizeof known_issues[0]; k++)
      known |= known_issues[k].fn == fn &&
               known_issues[k].expected == expected &&
               known_issues[k].got == got;
    if (!known) {
      describe(expected, want, sizeof want);
      fz_fail(e, "%s: expected %s, got %s", table[fn].name, want,
              infinirtGetErrorName(got));
    }
  }
  if (got != infinirtSuccess && got != infinirtErrorNotReady)
    e->last = got;
}

void fz_check_last(fz_exec *e, fz_fn fn, infinirtError_t got) {
  if (got != e->last)
    fz_fail(e, "%s: expected %s, got %s", table[fn].name,
            infinirtGetErrorName(e->last), infinirtGetErrorName(got));
  if (fn == FN_GetLastError)
    e->last = infinirtSuccess;
}
