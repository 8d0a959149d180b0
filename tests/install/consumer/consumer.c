/* An outside C program using the installed InfiniRT (find_package or
 * pkg-config), built with -std=c11 -pedantic: the headers need no GNU C. */
#include "consumer_checks.h"

int main(void) {
  int failures = consumer_run_checks();
  printf("C consumer: %s\n", failures ? "FAILED" : "all checks passed");
  return failures ? 1 : 0;
}
