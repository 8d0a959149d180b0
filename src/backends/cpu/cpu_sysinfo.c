/* cpu_sysinfo.c - facts about the host that the CPU devices report. */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu_internal.h"

cpu_sysinfo infinirt_cpu_sys;

/* The value after "key<spaces>:" in a "key : value" file, or false. */
static bool field(const char *path, const char *key, char *out, size_t cap) {
  FILE *f = fopen(path, "re");
  if (!f)
    return false;
  char line[512];
  size_t klen = strlen(key);
  bool found = false;
  while (!found && fgets(line, sizeof line, f)) {
    if (strncmp(line, key, klen) != 0)
      continue;
    char *p = line + klen;
    while (*p == ' ' || *p == '\t')
      p++;
    if (*p != ':')
      continue;
    p++;
    while (*p == ' ' || *p == '\t')
      p++;
    p[strcspn(p, "\n")] = '\0';
    snprintf(out, cap, "%s", p);
    found = true;
  }
  fclose(f);
  return found;
}

static long read_long(const char *path) {
  FILE *f = fopen(path, "re");
  long v = -1;
  if (f) {
    if (fscanf(f, "%ld", &v) != 1)
      v = -1;
    fclose(f);
  }
  return v;
}

bool infinirt_cpu_meminfo(size_t *avail, size_t *total) {
  char v[64];
  if (!field("/proc/meminfo", "MemTotal", v, sizeof v))
    return false;
  *total = (size_t)strtoull(v, NULL, 10) * 1024;
  if (field("/proc/meminfo", "MemAvailable", v, sizeof v) ||
      field("/proc/meminfo", "MemFree", v, sizeof v))
    *avail = (size_t)strtoull(v, NULL, 10) * 1024;
  else
    *avail = *total;
  return true;
}

static int l2_size(void) {
#ifdef _SC_LEVEL2_CACHE_SIZE
  long v = sysconf(_SC_LEVEL2_CACHE_SIZE);
  if (v > 0)
    return (int)v;
#endif
  for (int i = 0; i < 8; i++) {
    char path[96], buf[32];
    snprintf(path, sizeof path,
             "/sys/devices/system/cpu/cpu0/cache/index%d/level", i);
    if (read_long(path) != 2)
      continue;
    snprintf(path, sizeof path,
             "/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
    FILE *f = fopen(path, "re");
    if (!f)
      continue;
    long kb = 0;
    char unit = 'K';
    if (fgets(buf, sizeof buf, f) && sscanf(buf, "%ld%c", &kb, &unit) >= 1) {
      fclose(f);
      return (int)(unit == 'M' ? kb << 20 : kb << 10);
    }
    fclose(f);
  }
  return 0;
}

static int clock_khz(void) {
  long khz = read_long("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq");
  if (khz > 0)
    return (int)khz;
  char v[64];
  if (field("/proc/cpuinfo", "cpu MHz", v, sizeof v))
    return (int)(strtod(v, NULL) * 1000.0);
  return 0;
}

void infinirt_cpu_sysinfo_init(void) {
  cpu_sysinfo *s = &infinirt_cpu_sys;
  if (!field("/proc/cpuinfo", "model name", s->name, sizeof s->name) &&
      !field("/proc/cpuinfo", "Model", s->name, sizeof s->name) &&
      !field("/proc/cpuinfo", "Hardware", s->name, sizeof s->name))
    snprintf(s->name, sizeof s->name, "Host CPU");
  cpu_set_t set;
  s->cores = 0;
  if (sched_getaffinity(0, sizeof set, &set) == 0)
    s->cores = (unsigned)CPU_COUNT(&set);
  if (s->cores == 0) {
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    s->cores = c > 0 ? (unsigned)c : 1;
  }
  size_t avail;
  if (!infinirt_cpu_meminfo(&avail, &s->mem_total)) {
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    s->mem_total = pages > 0 && page > 0 ? (size_t)pages * (size_t)page : 0;
  }
  s->l2_bytes = l2_size();
  s->clock_khz = clock_khz();
  s->page_size = sysconf(_SC_PAGESIZE);
}
