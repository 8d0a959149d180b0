// per_thread_stream.cpp - worker threads with per-thread default streams in
// C++ (nvcc --default-stream per-thread): typed stream-ordered allocation on
// stream 0, synchronous copies, each thread on its own stream.
#define INFINIRT_API_PER_THREAD_DEFAULT_STREAM
#include <infinirt_runtime.h>

#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

static std::atomic<int> failures{0};

static void check(infinirtError_t e, const char *what) {
  if (e != infinirtSuccess) {
    std::fprintf(stderr, "%s: %s\n", what, infinirtGetErrorString(e));
    failures++;
  }
}

static void worker(int id) {
  const size_t n = 1 << 14;
  int *d = nullptr;
  check(infinirtMallocAsync(&d, n * sizeof(int), 0), "cudaMallocAsync");
  check(infinirtMemsetAsync(d, id, n * sizeof(int), 0), "cudaMemsetAsync");
  std::vector<int> h(n);
  check(infinirtMemcpy(h.data(), d, n * sizeof(int), infinirtMemcpyDeviceToHost),
        "cudaMemcpy");
  check(infinirtFreeAsync(d, 0), "cudaFreeAsync");
  check(infinirtStreamSynchronize(0), "cudaStreamSynchronize");
  const unsigned char b = static_cast<unsigned char>(id);
  const int want = b | b << 8 | b << 16 | b << 24;
  for (size_t i = 0; i < n; ++i)
    if (h[i] != want) {
      std::fprintf(stderr, "thread %d: element %zu is %d\n", id, i, h[i]);
      failures++;
      return;
    }
  unsigned int flags = 1;
  check(infinirtStreamGetFlags(0, &flags), "cudaStreamGetFlags");
  if (flags != infinirtStreamDefault)
    failures++;
}

int main() {
  std::vector<std::thread> threads;
  for (int i = 1; i <= 4; ++i)
    threads.emplace_back(worker, i);
  for (auto &t : threads)
    t.join();
  check(infinirtDeviceSynchronize(), "cudaDeviceSynchronize");
  std::printf("%s\n", failures ? "FAILED" : "Test PASSED");
  return failures ? 1 : 0;
}
