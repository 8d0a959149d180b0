// texture_filter.cu - a 3-tap horizontal box filter that reads its image
// through a texture object bound to a CUDA array.
#include <cuda_runtime.h>

#include <cstdio>
#include <vector>

__global__ void boxFilter(cudaTextureObject_t tex, float *out, int w, int h) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x < w && y < h)
    out[y * w + x] = (tex2D<float>(tex, x - 1, y) + tex2D<float>(tex, x, y) +
                      tex2D<float>(tex, x + 1, y)) /
                     3.0f;
}

int main() {
  const int w = 64, h = 48;
  std::vector<float> image(w * h, 1.0f), result(w * h);

  cudaChannelFormatDesc desc = cudaCreateChannelDesc<float>();
  cudaArray_t array = nullptr;
  cudaMallocArray(&array, &desc, w, h);
  cudaMemcpy2DToArray(array, 0, 0, image.data(), w * sizeof(float),
                      w * sizeof(float), h, cudaMemcpyHostToDevice);

  cudaResourceDesc res = {};
  res.resType = cudaResourceTypeArray;
  res.res.array.array = array;
  cudaTextureDesc td = {};
  td.addressMode[0] = cudaAddressModeClamp;
  td.addressMode[1] = cudaAddressModeClamp;
  td.filterMode = cudaFilterModePoint;
  td.readMode = cudaReadModeElementType;
  cudaTextureObject_t tex = 0;
  cudaCreateTextureObject(&tex, &res, &td, nullptr);

  float *d_out = nullptr;
  cudaMalloc(&d_out, w * h * sizeof(float));
  dim3 block(16, 16), grid((w + 15) / 16, (h + 15) / 16);
  boxFilter<<<grid, block>>>(tex, d_out, w, h);
  cudaMemcpy(result.data(), d_out, w * h * sizeof(float),
             cudaMemcpyDeviceToHost);

  cudaDestroyTextureObject(tex);
  cudaFreeArray(array);
  cudaFree(d_out);
  std::printf("result[0] = %g\n", result[0]);
  return 0;
}
