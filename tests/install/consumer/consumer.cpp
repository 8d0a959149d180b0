// An outside C++ program using the installed InfiniRT through find_package,
// built with -std=c++11 -pedantic: the headers are valid C++ and declare the
// API extern "C" (a missing extern "C" would fail to link, the names being
// mangled).
#include "consumer_checks.h"

#include <string>
#include <vector>

namespace {
// C++ code calling the C API through a typed wrapper.
struct DeviceBuffer {
  void *ptr = nullptr;
  explicit DeviceBuffer(size_t n) {
    if (infinirtMalloc(&ptr, n) != infinirtSuccess)
      ptr = nullptr;
  }
  ~DeviceBuffer() {
    infinirtFree(ptr);
  }
  DeviceBuffer(const DeviceBuffer &) = delete;
  DeviceBuffer &operator=(const DeviceBuffer &) = delete;
};
} // namespace

int main() {
  consumer_run_checks();

  std::vector<float> host(256, 1.5f), back(256, 0.0f);
  {
    DeviceBuffer buf(host.size() * sizeof(float));
    bool ok = buf.ptr != nullptr &&
              infinirtMemcpy(buf.ptr, host.data(), host.size() * sizeof(float),
                             infinirtMemcpyHostToDevice) == infinirtSuccess &&
              infinirtMemcpy(back.data(), buf.ptr, back.size() * sizeof(float),
                             infinirtMemcpyDeviceToHost) == infinirtSuccess &&
              back == host;
    consumer_check(ok, "C++ RAII buffer round trip");
  }
  std::string name = infinirtGetErrorName(infinirtSuccess);
  consumer_check(name == "infinirtSuccess", "error name as std::string");

  int failures = consumer_failures;
  printf("C++ consumer: %s\n", failures ? "FAILED" : "all checks passed");
  return failures ? 1 : 0;
}
