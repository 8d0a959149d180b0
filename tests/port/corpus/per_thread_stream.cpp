// per_thread_stream.cpp - worker threads with per-thread default streams in
// C++ (nvcc --default-stream per-thread): typed stream-ordered allocation on
// stream 0, synchronous copies, each thread on its own stream.
#define CUDA_API_PER_THREAD_DEFAULT_STREAM
#include <cuda_runtime.h>

#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

static std::atomic<int> failures{0};

static void check(cudaError_t e, const char *what) {
  if (e != cudaSuccess) {
    std::fprintf(stderr, "%s: %s\n", what, cudaGetErrorString(e));
    failures++;
  }
}

static void worker(int id) {
  const size_t n = 1 << 14;
  int *d = nullptr;
  check(cudaMallocAsync(&d, n * sizeof(int), 0), "cudaMallocAsync");
  check(cudaMemsetAsync(d, id, n * sizeof(int), 0), "cudaMemsetAsync");
  std::vector<int> h(n);
  check(cudaMemcpy(h.data(), d, n * sizeof(int), cudaMemcpyDeviceToHost),
        "cudaMemcpy");
  check(cudaFreeAsync(d, 0), "cudaFreeAsync");
  check(cudaStreamSynchronize(0), "cudaStreamSynchronize");
  const unsigned char b = static_cast<unsigned char>(id);
  const int want = b | b << 8 | b << 16 | b << 24;
  for (size_t i = 0; i < n; ++i)
    if (h[i] != want) {
      std::fprintf(stderr, "thread %d: element %zu is %d\n", id, i, h[i]);
      failures++;
      return;
    }
  unsigned int flags = 1;
  check(cudaStreamGetFlags(0, &flags), "cudaStreamGetFlags");
  if (flags != cudaStreamDefault)
    failures++;
}

int main() {
  std::vector<std::thread> threads;
  for (int i = 1; i <= 4; ++i)
    threads.emplace_back(worker, i);
  for (auto &t : threads)
    t.join();
  check(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
  std::printf("%s\n", failures ? "FAILED" : "Test PASSED");
  return failures ? 1 : 0;
}
