/* cpu_coop.c - the threads of cooperative launches. Every block of a
 * cooperative grid runs on an OS thread of its own, all at the same time,
 * so a block may wait for another: the scheduler's workers cannot promise
 * that (a parallel job takes only the workers that are idle). Helper
 * threads are started at launch time, as many as the largest cooperative
 * grid so far needs, and park between launches. A run takes all the
 * helpers it needs at once, or waits until it can: runs never hold some
 * helpers while waiting for more, so they cannot starve each other. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cpu_internal.h"

/* As the workers': static shared memory and private slots live there. */
#define HELPER_STACK (1u << 20)

typedef struct coop_run {
  void (*fn)(void *arg, size_t block);
  void *arg;
  size_t left; /* helpers still running (lock) */
} coop_run;

typedef struct helper {
  pthread_cond_t wake;
  coop_run *run; /* the assignment, or NULL while idle (lock) */
  size_t block;
  struct helper *next_idle;
} helper;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER; /* idle or done */
static helper *idle;
static uint64_t helpers, idle_count;

static void *helper_main(void *arg) {
  helper *h = arg;
  pthread_mutex_lock(&lock);
  for (;;) {
    while (!h->run)
      pthread_cond_wait(&h->wake, &lock);
    coop_run *r = h->run;
    pthread_mutex_unlock(&lock);
    r->fn(r->arg, h->block);
    pthread_mutex_lock(&lock);
    h->run = NULL;
    h->next_idle = idle;
    idle = h;
    idle_count++;
    r->left--;
    pthread_cond_broadcast(&changed);
  }
  return NULL;
}

infinirtError_t infinirt_cpu_coop_reserve(uint64_t blocks) {
  infinirtError_t err = infinirtSuccess;
  pthread_mutex_lock(&lock);
  while (helpers + 1 < blocks && err == infinirtSuccess) {
    helper *h = calloc(1, sizeof *h);
    pthread_attr_t attr;
    pthread_t t;
    int e = ENOMEM;
    if (h) {
      pthread_cond_init(&h->wake, NULL);
      pthread_attr_init(&attr);
      pthread_attr_setstacksize(&attr, HELPER_STACK);
      pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
      e = pthread_create(&t, &attr, helper_main, h);
      pthread_attr_destroy(&attr);
    }
    if (e == 0) {
      h->next_idle = idle;
      idle = h;
      idle_count++;
      helpers++;
      pthread_cond_broadcast(&changed);
    } else {
      if (h)
        pthread_cond_destroy(&h->wake);
      free(h);
      err = infinirt_detail(infinirtErrorLaunchOutOfResources,
                            "cannot start thread %llu of %llu a cooperative "
                            "launch needs: %s",
                            (unsigned long long)helpers + 2,
                            (unsigned long long)blocks, strerror(e));
    }
  }
  pthread_mutex_unlock(&lock);
  return err;
}

void infinirt_cpu_coop_run(uint64_t blocks,
                           void (*run_block)(void *arg, size_t block),
                           void *arg) {
  coop_run r = {run_block, arg, (size_t)blocks - 1};
  pthread_mutex_lock(&lock);
  /* reserve() made enough helpers; they may be busy with another run. */
  while (idle_count < blocks - 1)
    pthread_cond_wait(&changed, &lock);
  for (uint64_t b = 1; b < blocks; b++) {
    helper *h = idle;
    idle = h->next_idle;
    idle_count--;
    h->run = &r;
    h->block = (size_t)b;
    pthread_cond_signal(&h->wake);
  }
  pthread_mutex_unlock(&lock);
  run_block(arg, 0);
  pthread_mutex_lock(&lock);
  while (r.left)
    pthread_cond_wait(&changed, &lock);
  pthread_mutex_unlock(&lock);
}
