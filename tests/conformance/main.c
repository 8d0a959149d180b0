/* main.c - the conformance suite's program: every backend, one table of the
 * tests each backend is expected to skip. */
#include "harness.h"

static const conf_expected_skip skips[] = {
#define EXPECTED_SKIP(backend, group, name, reason)                            \
  {#backend, #group, #name, reason},
#include "expected_skips.def"
#undef EXPECTED_SKIP
};

int main(int argc, char **argv) {
  conf_config cfg = {NULL, skips, sizeof skips / sizeof skips[0]};
  return conf_main(argc, argv, &cfg);
}
