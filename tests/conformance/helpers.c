/* helpers.c - host functions and data patterns shared by the groups. */
#include <string.h>
#include <time.h>

#include "harness.h"

/* Long enough never to fire on a correct backend, even under TSan on a
 * loaded 2-core machine; short enough that a wrong one fails, not hangs. */
#define GATE_TIMEOUT_MS 10000

void conf_sleep_ms(int ms) {
  struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0) {
  }
}

void conf_gate_init(conf_gate *g) {
  atomic_init(&g->entered, 0);
  atomic_init(&g->open, 0);
  atomic_init(&g->timed_out, 0);
}

void conf_gate_fn(void *gate) {
  conf_gate *g = gate;
  atomic_store(&g->entered, 1);
  for (int waited = 0; !atomic_load(&g->open); waited++) {
    if (waited >= GATE_TIMEOUT_MS * 10) {
      atomic_store(&g->timed_out, 1);
      return;
    }
    struct timespec ts = {0, 100000};
    nanosleep(&ts, NULL);
  }
}

void conf_gate_open(conf_gate *g) {
  atomic_store(&g->open, 1);
}

bool conf_gate_wait_entered(conf_gate *g) {
  for (int waited = 0; !atomic_load(&g->entered); waited++) {
    if (waited >= GATE_TIMEOUT_MS * 10)
      return false;
    struct timespec ts = {0, 100000};
    nanosleep(&ts, NULL);
  }
  return true;
}

void conf_log_init(conf_log *l) {
  atomic_init(&l->n, 0);
  for (int i = 0; i < CONF_LOG_CAP; i++)
    atomic_init(&l->v[i], -1);
}

void conf_log_fn(void *entry) {
  conf_log_entry *e = entry;
  int i = atomic_fetch_add(&e->log->n, 1);
  if (i < CONF_LOG_CAP)
    atomic_store(&e->log->v[i], e->value);
}

void conf_sleep_fn(void *ms) {
  conf_sleep_ms((int)(intptr_t)ms);
}

void conf_count_fn(void *counter) {
  atomic_fetch_add((atomic_int *)counter, 1);
}

static unsigned char pattern_byte(size_t i, unsigned seed) {
  uint32_t x = (uint32_t)i * 2654435761u + seed * 40503u + 0x9e37u;
  return (unsigned char)(x >> 13);
}

void conf_fill(void *p, size_t n, unsigned seed) {
  unsigned char *b = p;
  for (size_t i = 0; i < n; i++)
    b[i] = pattern_byte(i, seed);
}

bool conf_check_fill(const void *p, size_t n, unsigned seed) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++)
    if (b[i] != pattern_byte(i, seed))
      return false;
  return true;
}

size_t conf_first_not(const void *p, size_t n, unsigned char v) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++)
    if (b[i] != v)
      return i;
  return n;
}
