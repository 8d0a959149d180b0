/* graph_kernel.c - the empty kernel of bench_cpu_graph's kernel nodes. */
#include <infinirt_kernel.h>

INFINIRT_KERNEL(graph_empty) {}
