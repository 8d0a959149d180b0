/* Every thread of every block writes its global linear index and what it
 * sees of the launch geometry into its own KT_DIMS_WORDS slots. */
#include <infinirt_kernel.h>

#include "kt_types.h"

INFINIRT_KERNEL(kt_dims_index, (unsigned int *, out)) {
  const unsigned int block =
      (blockIdx.z * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x;
  const unsigned int per_block = blockDim.x * blockDim.y * blockDim.z;
  INFINIRT_THREADS {
    unsigned int t =
        (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
    unsigned int gid = block * per_block + t;
    unsigned int *o = out + (size_t)gid * KT_DIMS_WORDS;
    o[0] = gid;
    o[1] = threadIdx.x;
    o[2] = threadIdx.y;
    o[3] = threadIdx.z;
    o[4] = blockIdx.x;
    o[5] = blockIdx.y;
    o[6] = blockIdx.z;
    o[7] = blockDim.x;
    o[8] = blockDim.y;
    o[9] = blockDim.z;
    o[10] = gridDim.x;
    o[11] = gridDim.y;
    o[12] = gridDim.z;
  }
}
