/* env.h - the one reader of environment variables. Every variable the
 * library reads goes through these helpers, so that spellings are the same
 * everywhere and a rejected value is never ignored silently: it prints one
 * line on stderr,
 *   infinirt: warning: NAME="value" is not <what>; using <fallback>
 * and the helper returns the fallback. An unset or empty variable is the
 * default, without a warning. Each variable is listed in the README and in
 * infinirt-info --help. Thread-safe (getenv only; no caching). */
#ifndef INFINIRT_CORE_ENV_H_
#define INFINIRT_CORE_ENV_H_

#include <stdbool.h>

/* The variable's value, or NULL when it is unset or empty. For paths and
 * other free text, which are not parsed. */
const char *infinirt_env_string(const char *name);

/* A boolean: 1/true/on/yes or 0/false/off/no, in any case. Anything else
 * warns and gives |def|. */
bool infinirt_env_bool(const char *name, bool def);

/* A decimal integer in [min, max] (an optional sign, digits, nothing else).
 * Anything else, or a value out of range, warns and gives |def|. */
long infinirt_env_int(const char *name, long min, long max, long def);

/* One of |count| choices: a name of |names| in any case, or its index in
 * decimal. Returns the index; anything else warns and gives |def|, which
 * may be -1 ("no choice") when |def_text| describes what the caller does
 * then. |def_text| NULL names names[def] as the fallback. */
int infinirt_env_choice(const char *name, const char *const *names, int count,
                        int def, const char *def_text);

#endif /* INFINIRT_CORE_ENV_H_ */
