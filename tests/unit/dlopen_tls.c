/* dlopen_tls.c - the shared library loads with dlopen into a program that
 * does not link it, as Python loads an extension's libraries. A library
 * whose code reads thread-locals through the initial-exec model must fit
 * its whole thread-local block in glibc's static-TLS surplus, of which a
 * dlopen'ed library may count on 512 bytes (rtld.optional_static_tls);
 * more makes dlopen fail in a process that has used some already
 * ("cannot allocate memory in static TLS block"), Debian's python3 among
 * them. So: dlopen succeeds, a call works, and the block is <= 512 bytes.
 * The library path is the first argument. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdio.h>
#include <string.h>

#define TLS_BUDGET 512

typedef int (*count_fn)(int *);

typedef struct found {
  const char *name;
  size_t tls_bytes;
  int hits;
} found;

static int visit(struct dl_phdr_info *info, size_t size, void *arg) {
  (void)size;
  found *f = arg;
  if (!info->dlpi_name || !strstr(info->dlpi_name, f->name))
    return 0;
  f->hits++;
  for (int i = 0; i < info->dlpi_phnum; i++)
    if (info->dlpi_phdr[i].p_type == PT_TLS)
      f->tls_bytes = info->dlpi_phdr[i].p_memsz;
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s LIBRARY\n", argv[0]);
    return 2;
  }
  void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    fprintf(stderr, "FAIL: dlopen: %s\n", dlerror());
    return 1;
  }
  count_fn count = (count_fn)dlsym(lib, "infinirtGetDeviceCount");
  int n = -1;
  if (!count || count(&n) != 0 || n < 1) {
    fprintf(stderr, "FAIL: infinirtGetDeviceCount through dlsym: %d\n", n);
    return 1;
  }
  const char *base = strrchr(argv[1], '/');
  found f = {base ? base + 1 : argv[1], 0, 0};
  dl_iterate_phdr(visit, &f);
  if (f.hits != 1) {
    fprintf(stderr, "FAIL: %s found %d times among the loaded objects\n",
            f.name, f.hits);
    return 1;
  }
  if (f.tls_bytes > TLS_BUDGET) {
    fprintf(stderr,
            "FAIL: thread-local block of %zu bytes, over the %d a dlopen'ed "
            "library can count on\n",
            f.tls_bytes, TLS_BUDGET);
    return 1;
  }
  printf("dlopen(%s): ok, %d device(s), thread-local block %zu bytes (<= %d)\n",
         argv[1], n, f.tls_bytes, TLS_BUDGET);
  return 0;
}
