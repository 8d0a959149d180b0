/* env_probe.c - prints what the library made of each environment variable
 * it reads, one "key=value" line each, for env_vars.sh (which sets good and
 * bad values and checks the warnings on stderr). Linked statically to read
 * the values the CPU backend and the tracer keep. */
#include <stdint.h>

#include "unit.h"

extern int infinirt_trace_enabled;
extern uint64_t infinirt_cpu_spin_ns;

int main(void) {
  infinirtDeviceType t = infinirtDeviceTypeCount;
  infinirtExtGetDeviceType(&t);
  int cpus = 0;
  infinirtExtGetBackendStatus(infinirtDeviceTypeCpu, &cpus, NULL);
  printf("INFINIRT_TRACE=%d\n", infinirt_trace_enabled ? 1 : 0);
  printf("INFINIRT_DEVICE_TYPE=%s\n", infinirtExtGetDeviceTypeName(t));
  printf("INFINIRT_CPU_DEVICE_COUNT=%d\n", cpus);
  printf("INFINIRT_CPU_SPIN_US=%llu\n",
         (unsigned long long)(infinirt_cpu_spin_ns / 1000));
  int n = 0;
  const char *reason = NULL;
  infinirtExtGetBackendStatus(infinirtDeviceTypeNvidia, &n, &reason);
  printf("nvidia=%d %s\n", n, reason ? reason : "");
  return 0;
}
