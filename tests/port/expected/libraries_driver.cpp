// libraries_driver.cpp - host code that leans on more than the runtime: a
// cuBLAS product, the driver API's context, a captured graph and CUDA's
// vector types.
#include <cublas_v2.h>
#include <cuda.h>
#include <infinirt_runtime.h>

#include <cstdio>

int main() {
  const int n = 64;
  float *a = nullptr, *b = nullptr, *c = nullptr;
  infinirtMalloc(&a, n * n * sizeof(float));
  infinirtMalloc(&b, n * n * sizeof(float));
  infinirtMalloc(&c, n * n * sizeof(float));

  cublasHandle_t handle;
  cublasCreate(&handle);
  const float one = 1.0f, zero = 0.0f;
  cublasSgemm(handle, CUBLAS_OP_N, CUBLAS_OP_N, n, n, n, &one, a, n, b, n,
              &zero, c, n);
  cublasDestroy(handle);

  // The context the runtime made, through the driver API.
  CUcontext ctx = nullptr;
  if (cuCtxGetCurrent(&ctx) != INFINIRT_SUCCESS)
    std::printf("no current context\n");

#if INFINIRTRT_VERSION >= 12000
  // Replay the copies as a graph.
  infinirtStream_t s;
  infinirtStreamCreate(&s);
  infinirtGraph_t graph;
  infinirtGraphExec_t exec;
  infinirtStreamBeginCapture(s, infinirtStreamCaptureModeGlobal);
  infinirtMemcpyAsync(b, a, n * n * sizeof(float), infinirtMemcpyDeviceToDevice, s);
  infinirtStreamEndCapture(s, &graph);
  infinirtGraphInstantiate(&exec, graph, 0);
  infinirtGraphLaunch(exec, s);
  infinirtStreamSynchronize(s);
  infinirtGraphExecDestroy(exec);
  infinirtGraphDestroy(graph);
  infinirtStreamDestroy(s);
#endif

  float2 scale = make_float2(2.0f, 0.5f);
  std::printf("scale %g %g\n", scale.x, scale.y);
  infinirtFree(a);
  infinirtFree(b);
  infinirtFree(c);
  return 0;
}
