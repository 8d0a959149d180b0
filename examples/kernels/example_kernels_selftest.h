/* example_kernels_selftest.h - the name infinirt-info includes; the API is
 * infinirt_example_kernels.h (selftest returns 0 pass, 1 fail, 77 skip). */
#include "infinirt_example_kernels.h"
