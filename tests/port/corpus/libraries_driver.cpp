// libraries_driver.cpp - host code that leans on more than the runtime: a
// cuBLAS product, the driver API's context, a captured graph and CUDA's
// vector types.
#include <cublas_v2.h>
#include <cuda.h>
#include <cuda_runtime.h>

#include <cstdio>

int main() {
  const int n = 64;
  float *a = nullptr, *b = nullptr, *c = nullptr;
  cudaMalloc(&a, n * n * sizeof(float));
  cudaMalloc(&b, n * n * sizeof(float));
  cudaMalloc(&c, n * n * sizeof(float));

  cublasHandle_t handle;
  cublasCreate(&handle);
  const float one = 1.0f, zero = 0.0f;
  cublasSgemm(handle, CUBLAS_OP_N, CUBLAS_OP_N, n, n, n, &one, a, n, b, n,
              &zero, c, n);
  cublasDestroy(handle);

  // The context the runtime made, through the driver API.
  CUcontext ctx = nullptr;
  if (cuCtxGetCurrent(&ctx) != CUDA_SUCCESS)
    std::printf("no current context\n");

#if CUDA_VERSION >= 12000
  // Replay the copies as a graph.
  cudaStream_t s;
  cudaStreamCreate(&s);
  cudaGraph_t graph;
  cudaGraphExec_t exec;
  cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal);
  cudaMemcpyAsync(b, a, n * n * sizeof(float), cudaMemcpyDeviceToDevice, s);
  cudaStreamEndCapture(s, &graph);
  cudaGraphInstantiate(&exec, graph, 0);
  cudaGraphLaunch(exec, s);
  cudaStreamSynchronize(s);
  cudaGraphExecDestroy(exec);
  cudaGraphDestroy(graph);
  cudaStreamDestroy(s);
#endif

  float2 scale = make_float2(2.0f, 0.5f);
  std::printf("scale %g %g\n", scale.x, scale.y);
  cudaFree(a);
  cudaFree(b);
  cudaFree(c);
  return 0;
}
