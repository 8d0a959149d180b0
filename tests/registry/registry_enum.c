/* registry_enum.c - the device type enum, the type names and the backend
 * status all follow the registry (infinirt_backends.def): one enumerator per
 * line in line order, the line's name, a status for every type. The values
 * the README and the ABI promise stay put. A backend compiled in
 * (INFINIRT_TEST_ENABLED, from CMake: "cpu,nvidia,null") never reports "not
 * compiled in"; the null backend, when built, reports its own reason. */
#include <string.h>

#include "unit.h"

_Static_assert(infinirtDeviceTypeCpu == 0, "CPU stays 0");
_Static_assert(infinirtDeviceTypeNvidia == 1, "NVIDIA stays 1");

static int enabled(const char *name) {
  const char *list = INFINIRT_TEST_ENABLED;
  size_t n = strlen(name);
  for (const char *p = list; (p = strstr(p, name)) != NULL; p += n)
    if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
      return 1;
  return 0;
}

int main(void) {
  int lines = 0;
#define INFINIRT_BACKEND(suffix, name, build, description)                     \
  do {                                                                         \
    UNIT_CHECK((int)infinirtDeviceType##suffix == lines);                      \
    UNIT_CHECK(                                                                \
        strcmp(infinirtExtGetDeviceTypeName(infinirtDeviceType##suffix),       \
               #name) == 0);                                                   \
    UNIT_CHECK(description[0] != '\0');                                        \
    lines++;                                                                   \
  } while (0);
#include <infinirt_backends.def>
#undef INFINIRT_BACKEND
  UNIT_CHECK(lines == infinirtDeviceTypeCount);
  UNIT_CHECK(strcmp(infinirtExtGetDeviceTypeName(infinirtDeviceTypeCount),
                    "unknown") == 0);

  for (int t = 0; t < infinirtDeviceTypeCount; t++) {
    const char *name = infinirtExtGetDeviceTypeName((infinirtDeviceType)t);
    int n = -1;
    const char *reason = NULL;
    UNIT_CHECK_ERR(infinirtSuccess, infinirtExtGetBackendStatus(
                                        (infinirtDeviceType)t, &n, &reason));
    printf("%s: %d device(s)%s%s\n", name, n, reason ? ", " : "",
           reason ? reason : "");
    UNIT_CHECK(n >= 0 && (n > 0) == (reason == NULL));
    int not_built = reason && strstr(reason, "not compiled") != NULL;
    UNIT_CHECK(not_built == !enabled(name));
    if (t == infinirtDeviceTypeNull && enabled(name))
      UNIT_CHECK(reason && strcmp(reason, "the null backend has no devices "
                                          "(it exists to test the backend "
                                          "registry)") == 0);
  }
  return unit_result();
}
