// texture_filter.cu - a 3-tap horizontal box filter that reads its image
// through a texture object bound to a CUDA array.
#include <infinirt_runtime.h>

#include <cstdio>
#include <vector>

__global__ void boxFilter(infinirtTextureObject_t tex, float *out, int w, int h) {
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

  infinirtChannelFormatDesc desc = infinirtCreateChannelDesc<float>();
  infinirtArray_t array = nullptr;
  infinirtMallocArray(&array, &desc, w, h);
  infinirtMemcpy2DToArray(array, 0, 0, image.data(), w * sizeof(float),
                      w * sizeof(float), h, infinirtMemcpyHostToDevice);

  infinirtResourceDesc res = {};
  res.resType = infinirtResourceTypeArray;
  res.res.array.array = array;
  infinirtTextureDesc td = {};
  td.addressMode[0] = infinirtAddressModeClamp;
  td.addressMode[1] = infinirtAddressModeClamp;
  td.filterMode = infinirtFilterModePoint;
  td.readMode = infinirtReadModeElementType;
  infinirtTextureObject_t tex = 0;
  infinirtCreateTextureObject(&tex, &res, &td, nullptr);

  float *d_out = nullptr;
  infinirtMalloc(&d_out, w * h * sizeof(float));
  infinirtDim3 block(16, 16), grid((w + 15) / 16, (h + 15) / 16);
  boxFilter<<<grid, block>>>(tex, d_out, w, h);
  infinirtMemcpy(result.data(), d_out, w * h * sizeof(float),
             infinirtMemcpyDeviceToHost);

  infinirtDestroyTextureObject(tex);
  infinirtFreeArray(array);
  infinirtFree(d_out);
  std::printf("result[0] = %g\n", result[0]);
  return 0;
}
