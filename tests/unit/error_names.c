/* error_names.c - GetErrorName/GetErrorString for every code infinirt.h
 * lists (from a table written out in error_table.h, nothing parsed at run
 * time), distinct names, CUDA's numbers, and unknown values. */
#include <string.h>

#include "unit.h"

typedef struct entry {
  infinirtError_t code;
  int value;
  const char *name;
} entry;

static const entry table[] = {
#define ERR(name, value) {infinirt##name, value, "infinirt" #name},
#include "error_table.h"
#undef ERR
};
#define N (sizeof table / sizeof table[0])

int main(void) {
  static const char unknown[] = "unrecognized error code";
  for (size_t i = 0; i < N; i++) {
    const entry *e = &table[i];
    UNIT_CHECK((int)e->code == e->value);
    const char *name = infinirtGetErrorName(e->code);
    const char *str = infinirtGetErrorString(e->code);
    if (!UNIT_CHECK(name != NULL) || !UNIT_CHECK(str != NULL))
      continue;
    if (strcmp(name, e->name) != 0) {
      printf("GetErrorName(%d) = \"%s\", want \"%s\"\n", e->value, name,
             e->name);
      UNIT_CHECK(!"name matches the enumerator");
    }
    if (!*str || strcmp(str, unknown) == 0) {
      printf("GetErrorString(%s) = \"%s\"\n", e->name, str);
      UNIT_CHECK(!"string describes the code");
    }
    for (size_t j = 0; j < i; j++)
      if (table[j].value == e->value ||
          strcmp(infinirtGetErrorName(table[j].code), name) == 0) {
        printf("%s and %s collide\n", e->name, table[j].name);
        UNIT_CHECK(!"distinct codes and names");
      }
  }
  const int bad[] = {-1, 14, 600 + 1, 9999, 10001, 0x7fffffff};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    UNIT_CHECK(strcmp(infinirtGetErrorName((infinirtError_t)bad[i]), unknown) ==
               0);
    UNIT_CHECK(
        strcmp(infinirtGetErrorString((infinirtError_t)bad[i]), unknown) == 0);
  }
  /* Names are pure functions: no last error, no detail. */
  UNIT_CHECK(infinirtPeekAtLastError() == infinirtSuccess);
  UNIT_CHECK(strcmp(infinirtExtGetLastErrorDetail(), "") == 0);
  printf("%zu codes checked\n", N);
  return unit_result();
}
