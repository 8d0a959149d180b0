// typed_malloc.cpp - C++ host code as CUDA programs write it: typed
// cudaMalloc and cudaMallocHost, dim3 grid(4), device properties, pitched
// copies, and code gated on the runtime version. No kernel: the "work" is
// copies and sets, checked on the host.
#include <cuda_runtime.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

// The samples' error check: the call's text, file and line on failure.
#define checkCudaErrors(expr)                                                  \
  do {                                                                         \
    cudaError_t err_ = (expr);                                                 \
    if (err_ != cudaSuccess) {                                                 \
      std::fprintf(stderr, "CUDA error at %s:%d: %s returned %s\n", __FILE__,  \
                   __LINE__, #expr, cudaGetErrorName(err_));                   \
      std::exit(EXIT_FAILURE);                                                 \
    }                                                                          \
  } while (0)

// Reports a failure left by an earlier asynchronous call.
static void getLastCudaError(const char *msg) {
  cudaError_t err = cudaGetLastError();
  if (err != cudaSuccess) {
    std::fprintf(stderr, "%s: %s\n", msg, cudaGetErrorString(err));
    std::exit(EXIT_FAILURE);
  }
}

int main() {
  int count = 0, dev = 0;
  checkCudaErrors(cudaGetDeviceCount(&count));
  checkCudaErrors(cudaSetDevice(dev));
  cudaDeviceProp prop;
  checkCudaErrors(cudaGetDeviceProperties(&prop, dev));
  std::printf("device %d of %d: %s, compute capability %d.%d, %d SMs\n", dev,
              count, prop.name, prop.major, prop.minor,
              prop.multiProcessorCount);
  int runtime = 0, driver = 0;
  checkCudaErrors(cudaRuntimeGetVersion(&runtime));
  checkCudaErrors(cudaDriverGetVersion(&driver));
  if (driver < runtime) {
    std::fprintf(stderr,
                 "the CUDA driver (%d) is older than the runtime (%d)\n",
                 driver, runtime);
    return EXIT_FAILURE;
  }

  // A 4-block grid of 256 threads: one element per thread.
  dim3 grid(4);
  dim3 block(256, 1);
  const size_t n = grid.x * grid.y * block.x * block.y;
  const size_t bytes = n * sizeof(float);

  float *d_data = nullptr, *d_copy = nullptr;
  double *h_pinned = nullptr;
  checkCudaErrors(cudaMalloc(&d_data, bytes));
  checkCudaErrors(cudaMalloc(&d_copy, bytes));
  checkCudaErrors(cudaMallocHost(&h_pinned, n * sizeof(double)));

  std::vector<float> h_in(n), h_out(n);
  for (size_t i = 0; i < n; ++i)
    h_in[i] = static_cast<float>(i) * 0.5f;
  checkCudaErrors(cudaMemset(d_copy, 0, bytes));
  checkCudaErrors(
      cudaMemcpy(d_data, h_in.data(), bytes, cudaMemcpyHostToDevice));
  checkCudaErrors(cudaMemcpy(d_copy, d_data, bytes, cudaMemcpyDeviceToDevice));
  checkCudaErrors(
      cudaMemcpy(h_out.data(), d_copy, bytes, cudaMemcpyDeviceToHost));
  if (std::memcmp(h_in.data(), h_out.data(), bytes) != 0) {
    std::fprintf(stderr, "round trip through the device changed the data\n");
    return EXIT_FAILURE;
  }

  // The upper-left 16 x 8 block of a 64-wide matrix into a packed one.
  const size_t width = 16 * sizeof(float), rows = 8;
  checkCudaErrors(cudaMemcpy2D(d_copy, width, d_data, 64 * sizeof(float), width,
                               rows, cudaMemcpyDeviceToDevice));
  checkCudaErrors(
      cudaMemcpy(h_out.data(), d_copy, width * rows, cudaMemcpyDefault));
  for (size_t r = 0; r < rows; ++r)
    for (size_t c = 0; c < 16; ++c)
      if (h_out[r * 16 + c] != h_in[r * 64 + c]) {
        std::fprintf(stderr, "cudaMemcpy2D: wrong element (%zu, %zu)\n", r, c);
        return EXIT_FAILURE;
      }

  cudaPointerAttributes attr;
  checkCudaErrors(cudaPointerGetAttributes(&attr, d_data));
  if (attr.type != cudaMemoryTypeDevice) {
    std::fprintf(stderr, "d_data is not device memory\n");
    return EXIT_FAILURE;
  }

#if CUDART_VERSION >= 11020
  // Stream-ordered allocation, from CUDA 11.2 on.
  cudaStream_t stream;
  int *d_tmp = nullptr;
  checkCudaErrors(cudaStreamCreate(&stream));
  checkCudaErrors(cudaMallocAsync(&d_tmp, n * sizeof(int), stream));
  checkCudaErrors(cudaMemsetAsync(d_tmp, 0x7f, n * sizeof(int), stream));
  std::vector<int> h_tmp(n);
  checkCudaErrors(cudaMemcpyAsync(h_tmp.data(), d_tmp, n * sizeof(int),
                                  cudaMemcpyDeviceToHost, stream));
  checkCudaErrors(cudaFreeAsync(d_tmp, stream));
  checkCudaErrors(cudaStreamSynchronize(stream));
  checkCudaErrors(cudaStreamDestroy(stream));
  if (h_tmp[n - 1] != 0x7f7f7f7f) {
    std::fprintf(stderr, "cudaMemsetAsync did not set the memory\n");
    return EXIT_FAILURE;
  }
#else
  std::printf("CUDA %d: no stream-ordered allocation\n", CUDART_VERSION);
#endif

  size_t free_mem = 0, total_mem = 0;
  checkCudaErrors(cudaMemGetInfo(&free_mem, &total_mem));
  if (free_mem > total_mem) {
    std::fprintf(stderr, "cudaMemGetInfo: more free than total\n");
    return EXIT_FAILURE;
  }
  getLastCudaError("after the copies");
  checkCudaErrors(cudaDeviceSynchronize());
  checkCudaErrors(cudaFreeHost(h_pinned));
  checkCudaErrors(cudaFree(d_copy));
  checkCudaErrors(cudaFree(d_data));
  std::printf("Test PASSED\n");
  return EXIT_SUCCESS;
}
