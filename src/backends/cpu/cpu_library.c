/* cpu_library.c - CPU kernel libraries: shared objects loaded from memory
 * (memfd, so no file anyone could guess or swap ever has a name), their
 * kernels and globals, and unloading that waits for launches still in
 * flight.
 *
 * A library is reference counted: one reference for the handle, one per
 * enqueued launch. Unload unregisters the library's kernel handles at once;
 * the code stays mapped until the last launch has run. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cpu_internal.h"
#include "env.h"

extern const infinirt_backend infinirt_cpu_backend;
infinirtError_t infinirt_cpu_elf_size(const void *code, size_t limit,
                                      size_t *out);

struct cpu_library {
  infinirt_handle h; /* first: the core reads it */
  void *dl;
  int fd; /* kept open while loaded: its /proc path names this copy */
  pthread_mutex_t lock; /* |kernels| */
  cpu_kernel *kernels;
  cpu_elf_objects objects; /* kernel infos and globals (read-only) */
};

static void library_free(cpu_library *lib) {
  dlclose(lib->dl);
  close(lib->fd);
  free(lib->objects.objects);
  for (cpu_kernel *k = lib->kernels, *next; k; k = next) {
    next = k->next;
    free(k);
  }
  pthread_mutex_destroy(&lib->lock);
  free(lib);
}

static bool write_all(int fd, const void *data, size_t size) {
  const char *p = data;
  while (size) {
    ssize_t n = write(fd, p, size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    p += n;
    size -= (size_t)n;
  }
  return true;
}

/* An anonymous file holding |size| bytes of |code|: a memfd, else a
 * temporary file unlinked before anything is written to it. */
static int anonymous_copy(const void *code, size_t size) {
  int fd = memfd_create("infinirt-cpu-kernels", MFD_CLOEXEC);
  if (fd < 0) {
    const char *dir = infinirt_env_string("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/infinirt-XXXXXX", dir ? dir : "/tmp");
    fd = mkostemp(path, O_CLOEXEC);
    if (fd < 0)
      return -1;
    unlink(path);
  }
  if (!write_all(fd, code, size)) {
    close(fd);
    return -1;
  }
  return fd;
}

/* The loader says why dlopen failed only in words; those of glibc's
 * allocation failures are these (the image was checked before). */
static bool dl_out_of_memory(const char *why) {
  return why && (strstr(why, "allocate") || strstr(why, "memory") ||
                 strstr(why, "cannot create shared object descriptor"));
}

static infinirtError_t load_image(const void *code, size_t size,
                                  infinirtLibrary_t *out) {
  cpu_library *lib = calloc(1, sizeof *lib);
  if (!lib)
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for a library");
  infinirtError_t err = infinirt_cpu_elf_objects(code, size, &lib->objects);
  if (err != infinirtSuccess) {
    free(lib);
    return err;
  }
  lib->fd = anonymous_copy(code, size);
  if (lib->fd < 0) {
    int e = errno;
    free(lib->objects.objects);
    free(lib);
    return infinirt_detail(infinirtErrorOperatingSystem,
                           "cannot stage a %zu-byte kernel image: %s", size,
                           strerror(e));
  }
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", lib->fd);
  lib->dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!lib->dl) {
    const char *why = dlerror();
    err =
        infinirt_detail(dl_out_of_memory(why) ? infinirtErrorMemoryAllocation
                                              : infinirtErrorInvalidKernelImage,
                        "dlopen: %s", why ? why : "unknown error");
    close(lib->fd);
    free(lib->objects.objects);
    free(lib);
    return err;
  }
  pthread_mutex_init(&lib->lock, NULL);
  lib->h.magic = INFINIRT_HANDLE_MAGIC;
  lib->h.kind = INFINIRT_HANDLE_LIBRARY;
  lib->h.backend = &infinirt_cpu_backend;
  lib->h.device = infinirt_current_device(infinirtDeviceTypeCpu);
  if (!infinirt_handle_register(&lib->h)) {
    library_free(lib);
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to register a library");
  }
  *out = (infinirtLibrary_t)lib;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_LibraryLoadData(
    infinirtLibrary_t *library, const void *code,
    enum infinirtJitOption *jitOptions, void **jitOptionsValues,
    unsigned int numJitOptions, enum infinirtLibraryOption *libraryOptions,
    void **libraryOptionValues, unsigned int numLibraryOptions) {
  /* Options were checked by the core; JIT options are hints for code
   * generators, of which the CPU backend has none. */
  (void)jitOptions, (void)jitOptionsValues, (void)numJitOptions;
  (void)libraryOptions, (void)libraryOptionValues, (void)numLibraryOptions;
  size_t size;
  infinirtError_t err = infinirt_cpu_elf_size(code, SIZE_MAX, &size);
  if (err == infinirtSuccess)
    err = load_image(code, size, library);
  return err;
}

infinirtError_t infinirt_cpu_LibraryLoadFromFile(
    infinirtLibrary_t *library, const char *fileName,
    enum infinirtJitOption *jitOptions, void **jitOptionsValues,
    unsigned int numJitOptions, enum infinirtLibraryOption *libraryOptions,
    void **libraryOptionValues, unsigned int numLibraryOptions) {
  (void)jitOptions, (void)jitOptionsValues, (void)numJitOptions;
  (void)libraryOptions, (void)libraryOptionValues, (void)numLibraryOptions;
  infinirtError_t err;
  /* Loaded through a private copy, like LoadData, so two loads of one file
   * are independent libraries. */
  const char *why = "";
  int fd = infinirt_open_regular(fileName, &why);
  struct stat st;
  if (fd >= 0 && fstat(fd, &st) != 0) {
    why = strerror(errno);
    close(fd);
    fd = -1;
  }
  if (fd < 0)
    return infinirt_detail(infinirtErrorFileNotFound, "cannot open %s: %s",
                           fileName, why);
  size_t fsize = (size_t)st.st_size, size;
  void *map = fsize ? mmap(NULL, fsize, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
  close(fd);
  if (fsize && map == MAP_FAILED)
    return infinirt_detail(errno == ENOMEM ? infinirtErrorMemoryAllocation
                                           : infinirtErrorFileNotFound,
                           "cannot read %s: %s", fileName, strerror(errno));
  err = infinirt_cpu_elf_size(map, fsize, &size);
  if (err == infinirtSuccess)
    err = load_image(map, size, library);
  if (fsize)
    munmap(map, fsize);
  return err;
}

infinirtError_t infinirt_cpu_LibraryUnload(infinirtLibrary_t library) {
  cpu_library *lib = (cpu_library *)library;
  pthread_mutex_lock(&lib->lock);
  for (cpu_kernel *k = lib->kernels; k; k = k->next)
    infinirt_handle_unregister(&k->h);
  pthread_mutex_unlock(&lib->lock);
  lib->h.magic = 0;
  /* Launches hold no reference (a shared counter written by two threads
   * per launch costs more than the launch): unloading waits instead for
   * the work already enqueued, on every cpu device. */
  for (int d = 0; d < infinirt_cpu_device_count; d++)
    infinirt_cpu_device_sync(&infinirt_cpu_devices[d]);
  library_free(lib);
  return infinirtSuccess;
}

/* A kernel info that breaks infinirt_cpu_kernel.h; NULL if it is fine. */
static const char *info_problem(const infinirtCpuKernelInfo *info) {
  if (info->abi_version != INFINIRT_CPU_KERNEL_ABI_VERSION)
    return "was built for another CPU kernel ABI version";
  if (info->num_args > INFINIRT_CPU_KERNEL_MAX_ARGS)
    return "takes more arguments than the ABI allows";
  if (info->num_args && !info->arg_sizes)
    return "has no argument sizes";
  for (uint32_t i = 0; i < info->num_args; i++)
    if (info->arg_sizes[i] == 0 || info->arg_sizes[i] > 256)
      return "has an argument size outside 1..256";
  if (!info->run_block)
    return "has no entry point";
  return NULL;
}

static cpu_kernel *new_kernel(cpu_library *lib, const char *name,
                              const infinirtCpuKernelInfo *info) {
  size_t len = strlen(name);
  cpu_kernel *k = calloc(1, sizeof *k + len + 1);
  if (!k)
    return NULL;
  memcpy(k->name, name, len + 1);
  k->lib = lib;
  k->info = info;
  uint32_t off = 0;
  for (uint32_t i = 0; i < info->num_args; i++) {
    k->arg_offset[i] = off;
    off = (off + info->arg_sizes[i] + 15u) & ~15u;
  }
  k->arg_bytes = off;
  k->extra_slots = (uint16_t)((off + CPU_SLOT_BYTES - 1) / CPU_SLOT_BYTES);
  infinirt_cpu_kernel_attr_init(k);
  k->h.magic = INFINIRT_HANDLE_MAGIC;
  k->h.kind = INFINIRT_HANDLE_KERNEL;
  k->h.backend = &infinirt_cpu_backend;
  k->h.device = lib->h.device;
  return k;
}

/* The kernel named |name| of |lib|: its handle, made on first use (the
 * library's lock held). */
static infinirtError_t kernel_of(cpu_library *lib, const char *name,
                                 cpu_kernel **out) {
  cpu_kernel *k = lib->kernels;
  while (k && strcmp(k->name, name) != 0)
    k = k->next;
  if (k) {
    *out = k;
    return infinirtSuccess;
  }
  char symbol[512];
  const infinirtCpuKernelInfo *info = NULL;
  const char *problem;
  if (*name &&
      snprintf(symbol, sizeof symbol, "%s%s", INFINIRT_CPU_KERNEL_SYMBOL_PREFIX,
               name) < (int)sizeof symbol)
    info = dlsym(lib->dl, symbol);
  if (!info)
    return infinirt_detail(infinirtErrorInvalidDeviceFunction,
                           "library %p has no kernel named \"%.200s\"",
                           (void *)lib, name);
  if ((problem = info_problem(info)) != NULL)
    return infinirt_detail(infinirtErrorInvalidKernelImage,
                           "kernel \"%.200s\" %s", name, problem);
  if (!(k = new_kernel(lib, name, info)))
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory for a kernel");
  if (!infinirt_handle_register(&k->h)) {
    free(k);
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to register a kernel");
  }
  k->next = lib->kernels;
  lib->kernels = k;
  *out = k;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_LibraryGetKernel(infinirtKernel_t *pKernel,
                                              infinirtLibrary_t library,
                                              const char *name) {
  cpu_library *lib = (cpu_library *)library;
  cpu_kernel *k = NULL;
  pthread_mutex_lock(&lib->lock);
  infinirtError_t err = kernel_of(lib, name, &k);
  pthread_mutex_unlock(&lib->lock);
  if (err == infinirtSuccess)
    *pKernel = (infinirtKernel_t)k;
  return err;
}

/* ---- enumeration and globals, from the image's exported objects -------- */

static infinirtError_t not_listed(const cpu_library *lib) {
  return infinirt_detail(infinirtErrorNotSupported,
                         "the image of library %p has no section headers, so "
                         "its symbols cannot be listed",
                         (const void *)lib);
}

/* The kernel name of an exported object, or NULL if it is none. */
static const char *kernel_name(const cpu_elf_object *o) {
  size_t n = sizeof INFINIRT_CPU_KERNEL_SYMBOL_PREFIX - 1;
  return strncmp(o->name, INFINIRT_CPU_KERNEL_SYMBOL_PREFIX, n) == 0
             ? o->name + n
             : NULL;
}

infinirtError_t infinirt_cpu_LibraryGetKernelCount(unsigned int *count,
                                                   infinirtLibrary_t library) {
  const cpu_library *lib = (const cpu_library *)library;
  if (!lib->objects.listed)
    return not_listed(lib);
  unsigned n = 0;
  for (size_t i = 0; i < lib->objects.count; i++)
    n += kernel_name(&lib->objects.objects[i]) != NULL;
  *count = n;
  return infinirtSuccess;
}

/* Two passes: the first makes every handle (and may fail), the second only
 * finds them, so a failing call writes nothing. */
infinirtError_t
infinirt_cpu_LibraryEnumerateKernels(infinirtKernel_t *kernels,
                                     unsigned int numKernels,
                                     infinirtLibrary_t library) {
  cpu_library *lib = (cpu_library *)library;
  if (!lib->objects.listed)
    return not_listed(lib);
  infinirtError_t err = infinirtSuccess;
  pthread_mutex_lock(&lib->lock);
  for (int pass = 0; pass < 2 && err == infinirtSuccess; pass++) {
    unsigned n = 0;
    for (size_t i = 0; i < lib->objects.count && n < numKernels; i++) {
      const char *name = kernel_name(&lib->objects.objects[i]);
      cpu_kernel *k;
      if (!name)
        continue;
      if ((err = kernel_of(lib, name, &k)) != infinirtSuccess)
        break;
      if (pass == 1)
        kernels[n] = (infinirtKernel_t)k;
      n++;
    }
  }
  pthread_mutex_unlock(&lib->lock);
  return err;
}

static infinirtError_t global(void **dptr, size_t *bytes, cpu_library *lib,
                              const char *name, bool managed) {
  if (!lib->objects.listed)
    return not_listed(lib);
  const cpu_elf_object *o = NULL;
  if (strncmp(name, INFINIRT_CPU_RESERVED_PREFIX,
              sizeof INFINIRT_CPU_RESERVED_PREFIX - 1) != 0)
    for (size_t i = 0; !o && i < lib->objects.count; i++)
      if (strcmp(lib->objects.objects[i].name, name) == 0)
        o = &lib->objects.objects[i];
  void *addr = o && (o->managed || !managed) ? dlsym(lib->dl, name) : NULL;
  if (!addr)
    return infinirt_detail(infinirtErrorSymbolNotFound,
                           "library %p has no %sglobal named \"%.200s\"",
                           (void *)lib, managed ? "managed " : "", name);
  if (!infinirt_symbol_add(&lib->h,
                           infinirt_current_device(infinirtDeviceTypeCpu), addr,
                           o->size))
    return infinirt_detail(infinirtErrorMemoryAllocation,
                           "no memory to record a symbol");
  if (dptr)
    *dptr = addr;
  if (bytes)
    *bytes = o->size;
  return infinirtSuccess;
}

infinirtError_t infinirt_cpu_LibraryGetGlobal(void **dptr, size_t *bytes,
                                              infinirtLibrary_t library,
                                              const char *name) {
  return global(dptr, bytes, (cpu_library *)library, name, false);
}

infinirtError_t infinirt_cpu_LibraryGetManaged(void **dptr, size_t *bytes,
                                               infinirtLibrary_t library,
                                               const char *name) {
  return global(dptr, bytes, (cpu_library *)library, name, true);
}
