/* device_type_env.c - the process default device type.
 *
 *   unit-device-type-env cpu       INFINIRT_DEVICE_TYPE=cpu must give cpu
 *   unit-device-type-env default   (bogus or empty variable) must give the
 *                                  first accelerator type with devices,
 *                                  else cpu
 *
 * A new thread starts on the process default even after another thread
 * changed its own type. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static infinirtDeviceType expected;

static void *fresh_thread(void *p) {
  infinirtDeviceType *seen = p;
  UNIT_CHECK_ERR(infinirtSuccess, infinirtExtGetDeviceType(seen));
  int dev = -1;
  UNIT_CHECK_ERR(infinirtSuccess, infinirtGetDevice(&dev));
  UNIT_CHECK(dev == 0);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    printf("usage: %s cpu|default\n", argv[0]);
    return 2;
  }
  const char *env = getenv("INFINIRT_DEVICE_TYPE");
  printf("INFINIRT_DEVICE_TYPE=%s\n", env ? env : "(unset)");
  if (strcmp(argv[1], "cpu") == 0) {
    expected = infinirtDeviceTypeCpu;
  } else {
    expected = infinirtDeviceTypeCpu;
    for (int t = 0; t < infinirtDeviceTypeCount; t++) {
      int n = 0;
      if (t != infinirtDeviceTypeCpu &&
          infinirtExtGetBackendStatus((infinirtDeviceType)t, &n, NULL) ==
              infinirtSuccess &&
          n > 0) {
        expected = (infinirtDeviceType)t;
        break;
      }
    }
  }
  infinirtDeviceType t = infinirtDeviceTypeCount;
  UNIT_CHECK_ERR(infinirtSuccess, infinirtExtGetDeviceType(&t));
  printf("current type %s, expected %s\n", infinirtExtGetDeviceTypeName(t),
         infinirtExtGetDeviceTypeName(expected));
  UNIT_CHECK(t == expected);
  int n = 0;
  UNIT_CHECK_ERR(infinirtSuccess, infinirtGetDeviceCount(&n));
  UNIT_CHECK(n >= 1);

  /* Change this thread's type; a new thread still gets the default. */
  int other = -1;
  for (int k = 0; k < infinirtDeviceTypeCount; k++) {
    int c = 0;
    if (k != (int)expected &&
        infinirtExtGetBackendStatus((infinirtDeviceType)k, &c, NULL) ==
            infinirtSuccess &&
        c > 0)
      other = k;
  }
  if (other >= 0)
    UNIT_CHECK_ERR(infinirtSuccess,
                   infinirtExtSetDeviceType((infinirtDeviceType)other));
  infinirtDeviceType seen = infinirtDeviceTypeCount;
  pthread_t th;
  if (UNIT_CHECK(pthread_create(&th, NULL, fresh_thread, &seen) == 0))
    pthread_join(th, NULL);
  UNIT_CHECK(seen == expected);
  return unit_result();
}
