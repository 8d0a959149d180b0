/*
 * pinned.c - the rows run with every thread on CPU 0. They run in a child
 * process of bench_cpu (the same binary, BENCH_PINNED_CHILD=1) that pins
 * itself to CPU 0 before any runtime starts, as `taskset -c 0` would, so each
 * runtime sizes itself for the one CPU it may use; after the set-up the child
 * pins every thread of the process again, in case a runtime bound its
 * workers elsewhere (StarPU binds its workers by default). The child prints
 * its series as lines the parent reads back.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "suite.h"

#define CHILD_ENV "BENCH_PINNED_CHILD"

int bench_pinned_child(void) {
  const char *v = getenv(CHILD_ENV);
  return v && *v;
}

static int pin(pid_t tid) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(0, &set);
  return sched_setaffinity(tid, sizeof set, &set);
}

void bench_pinned_pin_self(void) {
  if (pin(0))
    perror("bench_cpu: sched_setaffinity(CPU 0)");
}

void bench_pinned_pin_all(void) {
  DIR *d = opendir("/proc/self/task");
  if (!d)
    return;
  struct dirent *de;
  while ((de = readdir(d)))
    if (de->d_name[0] != '.')
      pin((pid_t)atoi(de->d_name));
  closedir(d);
}

static const char *const side_tag[SIDE_COUNT] = {"irt", "ocl", "spu"};

void bench_pinned_emit(const suite *s) {
  for (int i = 0; i < s->nrows; i++) {
    const row *r = &s->rows[i];
    if (!(r->flags & ROW_PINNED))
      continue;
    for (int sd = 0; sd < SIDE_COUNT; sd++) {
      const series *x = &r->s[sd];
      if (x->err[0]) {
        printf("E %s %s %s\n", r->id, side_tag[sd], x->err);
        continue;
      }
      printf("S %s %s %d", r->id, side_tag[sd], x->n);
      for (int k = 0; k < x->n; k++)
        printf(" %.17g", x->v[k]);
      printf("\n");
    }
  }
  fflush(stdout);
}

static series *find(suite *s, const char *id, const char *tag) {
  for (int i = 0; i < s->nrows; i++)
    if (!strcmp(s->rows[i].id, id))
      for (int sd = 0; sd < SIDE_COUNT; sd++)
        if (!strcmp(side_tag[sd], tag))
          return &s->rows[i].s[sd];
  return NULL;
}

static void parse(suite *s, char *line) {
  char kind, id[64], tag[8];
  int used = 0;
  if (sscanf(line, "%c %63s %7s %n", &kind, id, tag, &used) != 3)
    return;
  series *x = find(s, id, tag);
  if (!x)
    return;
  char *rest = line + used;
  if (kind == 'E') {
    rest[strcspn(rest, "\n")] = 0;
    snprintf(x->err, sizeof x->err, "%s", rest);
    return;
  }
  int n = (int)strtol(rest, &rest, 10);
  x->n = 0;
  for (int k = 0; k < n && k < MAX_REPS; k++)
    x->v[x->n++] = strtod(rest, &rest);
}

static void fail_all(suite *s, const char *why) {
  for (int i = 0; i < s->nrows; i++)
    if (s->rows[i].flags & ROW_PINNED)
      for (int sd = 0; sd < SIDE_COUNT; sd++)
        if (!s->rows[i].s[sd].err[0] && !s->rows[i].s[sd].n)
          snprintf(s->rows[i].s[sd].err, sizeof s->rows[i].s[sd].err, "%s",
                   why);
}

void bench_pinned_run_child(suite *s) {
  char exe[4096];
  ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (len <= 0) {
    fail_all(s, "pinned run: cannot find /proc/self/exe");
    return;
  }
  exe[len] = 0;
  snprintf(s->pinned_how, sizeof s->pinned_how,
           "a child bench_cpu pinned to CPU 0 with sched_setaffinity before "
           "any runtime starts (as `taskset -c 0`), every thread re-pinned "
           "after set-up");
  /* popen runs a shell: quote the path. */
  char cmd[4200];
  snprintf(cmd, sizeof cmd, "'%s'", exe);
  setenv(CHILD_ENV, "1", 1);
  FILE *f = popen(cmd, "r");
  unsetenv(CHILD_ENV);
  if (!f) {
    fail_all(s, "pinned run: popen failed");
    return;
  }
  char line[8192];
  while (fgets(line, sizeof line, f))
    parse(s, line);
  int st = pclose(f);
  if (st)
    fail_all(s, "pinned run: the child failed");
}
