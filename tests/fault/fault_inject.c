/* fault_inject.c - a link-time interposer: this program's definitions of the
 * allocation and thread functions take the place of libc's for every module
 * of the process. The real ones are glibc's __libc_* entry points (and the
 * raw system call for mmap), which need no dlsym before the first malloc. */
#include "fault_inject.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t n);
void *__libc_memalign(size_t align, size_t n);

static atomic_bool armed;
static atomic_bool hit;
static atomic_long calls;
static long fail_at;

void fault_arm(long n) {
  fail_at = n;
  atomic_store(&calls, 0);
  atomic_store(&hit, false);
  atomic_store(&armed, true);
}

bool fault_disarm(void) {
  atomic_store(&armed, false);
  return atomic_load(&hit);
}

/* Whether this call is the one to fail. */
static bool inject(void) {
  if (!atomic_load_explicit(&armed, memory_order_relaxed))
    return false;
  if (atomic_fetch_add(&calls, 1) + 1 != fail_at)
    return false;
  atomic_store(&hit, true);
  return true;
}

void *malloc(size_t n) {
  if (inject()) {
    errno = ENOMEM;
    return NULL;
  }
  return __libc_malloc(n);
}

void *calloc(size_t n, size_t size) {
  if (inject()) {
    errno = ENOMEM;
    return NULL;
  }
  return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n) {
  if (inject()) {
    errno = ENOMEM;
    return NULL;
  }
  return __libc_realloc(p, n);
}

int posix_memalign(void **out, size_t align, size_t n) {
  if (align < sizeof(void *) || (align & (align - 1)))
    return EINVAL;
  if (inject())
    return ENOMEM;
  void *p = __libc_memalign(align, n);
  if (!p)
    return ENOMEM;
  *out = p;
  return 0;
}

void *aligned_alloc(size_t align, size_t n) {
  if (inject()) {
    errno = ENOMEM;
    return NULL;
  }
  return __libc_memalign(align, n);
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (inject()) {
    errno = ENOMEM;
    return MAP_FAILED;
  }
  return (void *)syscall(SYS_mmap, addr, len, prot, flags, fd, off);
}

typedef int (*create_fn)(pthread_t *, const pthread_attr_t *, void *(*)(void *),
                         void *);

int pthread_create(pthread_t *t, const pthread_attr_t *attr,
                   void *(*fn)(void *), void *arg) {
  static _Atomic(create_fn) real;
  create_fn f = atomic_load(&real);
  if (!f) {
    f = (create_fn)dlsym(RTLD_NEXT, "pthread_create");
    atomic_store(&real, f);
  }
  if (inject())
    return EAGAIN;
  return f(t, attr, fn, arg);
}
