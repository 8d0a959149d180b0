/* env.c - environment variables: parsing and the warning for a value that
 * is rejected (see env.h). */
#include "env.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *infinirt_env_string(const char *name) {
  const char *v = getenv(name);
  return v && *v ? v : NULL;
}

/* One fprintf, so that the line is not interleaved with other threads'. */
static void warn(const char *name, const char *value, const char *what,
                 const char *used) {
  fprintf(stderr, "infinirt: warning: %s=\"%s\" is not %s; using %s\n", name,
          value, what, used);
}

bool infinirt_env_bool(const char *name, bool def) {
  static const char *const yes[] = {"1", "true", "on", "yes"};
  static const char *const no[] = {"0", "false", "off", "no"};
  const char *v = infinirt_env_string(name);
  if (!v)
    return def;
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
    if (strcasecmp(v, yes[i]) == 0)
      return true;
    if (strcasecmp(v, no[i]) == 0)
      return false;
  }
  warn(name, v, "a boolean (1/true/on/yes or 0/false/off/no)",
       def ? "1 (on)" : "0 (off)");
  return def;
}

long infinirt_env_int(const char *name, long min, long max, long def) {
  const char *v = infinirt_env_string(name);
  if (!v)
    return def;
  /* strtol alone would accept leading spaces, "0x10" never (base 10), and
   * saturate on overflow; ERANGE and the first character catch the rest. */
  char *end;
  errno = 0;
  long n = strtol(v, &end, 10);
  bool digits_first =
      (v[0] >= '0' && v[0] <= '9') ||
      ((v[0] == '+' || v[0] == '-') && v[1] >= '0' && v[1] <= '9');
  if (digits_first && *end == '\0' && errno == 0 && n >= min && n <= max)
    return n;
  char what[96], used[32];
  snprintf(what, sizeof what, "an integer in %ld..%ld", min, max);
  snprintf(used, sizeof used, "%ld", def);
  warn(name, v, what, used);
  return def;
}

int infinirt_env_choice(const char *name, const char *const *names, int count,
                        int def, const char *def_text) {
  const char *v = infinirt_env_string(name);
  if (!v)
    return def;
  for (int i = 0; i < count; i++)
    if (strcasecmp(v, names[i]) == 0)
      return i;
  char *end;
  errno = 0;
  long n = strtol(v, &end, 10);
  if (v[0] >= '0' && v[0] <= '9' && *end == '\0' && errno == 0 && n < count)
    return (int)n;
  /* "one of a, b, c (any case) or 0..2" */
  char what[256];
  size_t len = (size_t)snprintf(what, sizeof what, "one of ");
  for (int i = 0; i < count && len < sizeof what; i++)
    len += (size_t)snprintf(what + len, sizeof what - len, "%s%s",
                            i ? ", " : "", names[i]);
  if (len < sizeof what)
    snprintf(what + len, sizeof what - len, " (any case) or 0..%d", count - 1);
  warn(name, v, what, def_text ? def_text : def >= 0 ? names[def] : "none");
  return def;
}
