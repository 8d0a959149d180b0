/* unit.h - minimal checks for the core unit tests: each failure prints
 * file:line and is counted; main returns unit_result(). */
#ifndef UNIT_H_
#define UNIT_H_

#include <stdatomic.h>
#include <stdio.h>

#include "infinirt.h"

static atomic_int unit_failures;

#define UNIT_CHECK(cond) unit_check(__FILE__, __LINE__, #cond, (cond) != 0)

static inline int unit_check(const char *file, int line, const char *text,
                             int ok) {
  if (ok)
    return 1;
  printf("%s:%d: FAILED: %s\n", file, line, text);
  atomic_fetch_add(&unit_failures, 1);
  return 0;
}

#define UNIT_CHECK_ERR(want, call)                                             \
  unit_check_err(__FILE__, __LINE__, #call, (want), (call))

static inline int unit_check_err(const char *file, int line, const char *call,
                                 infinirtError_t want, infinirtError_t got) {
  if (got == want)
    return 1;
  printf("%s:%d: %s\n  expected %s, got %s\n  detail: %s\n", file, line, call,
         infinirtGetErrorName(want), infinirtGetErrorName(got),
         infinirtExtGetLastErrorDetail());
  atomic_fetch_add(&unit_failures, 1);
  return 0;
}

static inline int unit_result(void) {
  int n = atomic_load(&unit_failures);
  printf("%s: %d failure(s)\n", n ? "FAIL" : "PASS", n);
  return n ? 1 : 0;
}

#endif /* UNIT_H_ */
