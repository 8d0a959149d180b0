/* env_parse.c - the core's environment helpers (src/core/env.h), driven
 * directly through the static library: every documented spelling is
 * accepted in any case, and every rejected value prints exactly one line
 * "infinirt: warning: NAME="value" is not <what>; using <fallback>" on
 * stderr and gives the fallback. An unset or empty variable is the default,
 * silently. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "env.h"
#include "unit.h"

#define VAR "INFINIRT_UNIT_ENV_TEST"

/* stderr goes to a temporary file from capture_begin to capture_end, which
 * returns what was written. */
static char captured[1024];
static int capture_fd = -1, saved_fd = -1;

static void capture_begin(void) {
  char path[] = "/tmp/infinirt-env-XXXXXX";
  fflush(stderr);
  capture_fd = mkstemp(path);
  unlink(path);
  saved_fd = dup(2);
  dup2(capture_fd, 2);
}

static const char *capture_end(void) {
  fflush(stderr);
  dup2(saved_fd, 2);
  close(saved_fd);
  ssize_t n = pread(capture_fd, captured, sizeof captured - 1, 0);
  close(capture_fd);
  captured[n > 0 ? n : 0] = '\0';
  return captured;
}

static int count_lines(const char *s) {
  int n = 0;
  for (; *s; s++)
    n += *s == '\n';
  return n;
}

/* No output at all for an accepted value. */
static void expect_silent(const char *value, const char *out) {
  if (!UNIT_CHECK(out[0] == '\0'))
    printf("  " VAR "=\"%s\" printed: %s", value, out);
}

/* Exactly one warning line, naming the value and the fallback. */
static void expect_warning(const char *value, const char *what,
                           const char *used, const char *out) {
  char want[512];
  snprintf(want, sizeof want,
           "infinirt: warning: " VAR "=\"%s\" is not %s; using %s\n", value,
           what, used);
  if (!UNIT_CHECK(count_lines(out) == 1 && strcmp(out, want) == 0))
    printf("  expected: %s  got:      %s", want, out);
}

static void check_bool(void) {
  static const char *const yes[] = {"1",  "true", "TRUE", "True",
                                    "on", "ON",   "yes",  "Yes"};
  static const char *const no[] = {"0",   "false", "FALSE", "off",
                                   "Off", "no",    "NO"};
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
    setenv(VAR, yes[i], 1);
    capture_begin();
    bool v = infinirt_env_bool(VAR, false);
    expect_silent(yes[i], capture_end());
    UNIT_CHECK(v == true);
  }
  for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
    setenv(VAR, no[i], 1);
    capture_begin();
    bool v = infinirt_env_bool(VAR, true);
    expect_silent(no[i], capture_end());
    UNIT_CHECK(v == false);
  }
  static const char *const bad[] = {"maybe", "2",   "-1",   " 1",
                                    "1 ",    "tru", "yess", "o"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    setenv(VAR, bad[i], 1);
    for (int def = 0; def < 2; def++) {
      capture_begin();
      bool v = infinirt_env_bool(VAR, def);
      expect_warning(bad[i], "a boolean (1/true/on/yes or 0/false/off/no)",
                     def ? "1 (on)" : "0 (off)", capture_end());
      UNIT_CHECK(v == (bool)def);
    }
  }
  for (int def = 0; def < 2; def++) {
    unsetenv(VAR);
    capture_begin();
    bool v = infinirt_env_bool(VAR, def);
    expect_silent("(unset)", capture_end());
    UNIT_CHECK(v == (bool)def);
    setenv(VAR, "", 1);
    capture_begin();
    v = infinirt_env_bool(VAR, def);
    expect_silent("", capture_end());
    UNIT_CHECK(v == (bool)def);
  }
}

static void check_int(void) {
  static const struct {
    const char *text;
    long value;
  } good[] = {{"1", 1}, {"64", 64}, {"+7", 7}, {"007", 7}, {"32", 32}};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    setenv(VAR, good[i].text, 1);
    capture_begin();
    long v = infinirt_env_int(VAR, 1, 64, 5);
    expect_silent(good[i].text, capture_end());
    UNIT_CHECK(v == good[i].value);
  }
  static const char *const bad[] = {
      "0",  "65", "abc", "-1", "1.5",  "4x",
      " 4", "4 ", "+",   "-",  "0x10", "99999999999999999999999"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    setenv(VAR, bad[i], 1);
    capture_begin();
    long v = infinirt_env_int(VAR, 1, 64, 5);
    expect_warning(bad[i], "an integer in 1..64", "5", capture_end());
    UNIT_CHECK(v == 5);
  }
  setenv(VAR, "-3", 1);
  capture_begin();
  UNIT_CHECK(infinirt_env_int(VAR, -5, 5, 0) == -3);
  expect_silent("-3", capture_end());
  unsetenv(VAR);
  UNIT_CHECK(infinirt_env_int(VAR, 1, 64, 9) == 9);
}

static void check_choice(void) {
  static const char *const names[] = {"cpu", "nvidia", "null"};
  static const struct {
    const char *text;
    int index;
  } good[] = {{"cpu", 0},  {"CPU", 0}, {"Nvidia", 1}, {"NVIDIA", 1},
              {"null", 2}, {"0", 0},   {"1", 1},      {"2", 2}};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    setenv(VAR, good[i].text, 1);
    capture_begin();
    int v = infinirt_env_choice(VAR, names, 3, -1, "the default");
    expect_silent(good[i].text, capture_end());
    UNIT_CHECK(v == good[i].index);
  }
  static const char *const bad[] = {"gpu",  "cuda", "3", "-1",
                                    "cpu ", "c",    "1x"};
  const char *what = "one of cpu, nvidia, null (any case) or 0..2";
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    setenv(VAR, bad[i], 1);
    capture_begin();
    int v = infinirt_env_choice(VAR, names, 3, -1, "the default");
    expect_warning(bad[i], what, "the default", capture_end());
    UNIT_CHECK(v == -1);
    capture_begin();
    v = infinirt_env_choice(VAR, names, 3, 1, NULL);
    expect_warning(bad[i], what, "nvidia", capture_end());
    UNIT_CHECK(v == 1);
  }
}

static void check_string(void) {
  unsetenv(VAR);
  UNIT_CHECK(infinirt_env_string(VAR) == NULL);
  setenv(VAR, "", 1);
  UNIT_CHECK(infinirt_env_string(VAR) == NULL);
  setenv(VAR, "/some where/lib.so", 1);
  const char *s = infinirt_env_string(VAR);
  UNIT_CHECK(s && strcmp(s, "/some where/lib.so") == 0);
}

int main(void) {
  check_bool();
  check_int();
  check_choice();
  check_string();
  unsetenv(VAR);
  return unit_result();
}
