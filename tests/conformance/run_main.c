/* run_main.c - main of a test program built on the harness other than the
 * conformance suite (per-backend tests, kernel tests): no expected skips (a
 * test that cannot run skips itself, with its reason). CONF_PROGRAM_BACKEND,
 * where defined, is the one backend the program runs. */
#include "harness.h"

#ifndef CONF_PROGRAM_BACKEND
#define CONF_PROGRAM_BACKEND NULL
#endif

int main(int argc, char **argv) {
  conf_config cfg = {CONF_PROGRAM_BACKEND, NULL, 0};
  return conf_main(argc, argv, &cfg);
}
