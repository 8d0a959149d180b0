/*
 * vector_add.cu - C = A + B on the GPU, the first program of most CUDA
 * courses: allocate, copy in, launch, copy out, verify.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <infinirt_runtime.h>

/* One thread per element. */
__global__ void vectorAdd(const float *A, const float *B, float *C, int n) {
  int i = blockDim.x * blockIdx.x + threadIdx.x;
  if (i < n)
    C[i] = A[i] + B[i];
}

static void die_on(infinirtError_t err, const char *what) {
  if (err != infinirtSuccess) {
    fprintf(stderr, "%s failed: %s (%s)\n", what, infinirtGetErrorString(err),
            infinirtGetErrorName(err));
    exit(EXIT_FAILURE);
  }
}

int main(void) {
  const int n = 50000;
  size_t bytes = n * sizeof(float);
  printf("[vector addition of %d elements]\n", n);

  float *h_A = malloc(bytes), *h_B = malloc(bytes), *h_C = malloc(bytes);
  if (!h_A || !h_B || !h_C) {
    fprintf(stderr, "host allocation failed\n");
    return EXIT_FAILURE;
  }
  for (int i = 0; i < n; ++i) {
    h_A[i] = rand() / (float)RAND_MAX;
    h_B[i] = rand() / (float)RAND_MAX;
  }

  float *d_A = NULL, *d_B = NULL, *d_C = NULL;
  die_on(infinirtMalloc((void **)&d_A, bytes), "cudaMalloc A");
  die_on(infinirtMalloc((void **)&d_B, bytes), "cudaMalloc B");
  die_on(infinirtMalloc((void **)&d_C, bytes), "cudaMalloc C");
  die_on(infinirtMemcpy(d_A, h_A, bytes, infinirtMemcpyHostToDevice), "copy A");
  die_on(infinirtMemcpy(d_B, h_B, bytes, infinirtMemcpyHostToDevice), "copy B");

  int threads = 256;
  int blocks = (n + threads - 1) / threads;
  printf("CUDA kernel launch with %d blocks of %d threads\n", blocks, threads);
  vectorAdd<<<blocks, threads>>>(d_A, d_B, d_C, n);
  die_on(infinirtGetLastError(), "vectorAdd launch");

  die_on(infinirtMemcpy(h_C, d_C, bytes, infinirtMemcpyDeviceToHost), "copy C");
  for (int i = 0; i < n; ++i) {
    if (fabsf(h_A[i] + h_B[i] - h_C[i]) > 1e-5f) {
      fprintf(stderr, "result verification failed at element %d\n", i);
      return EXIT_FAILURE;
    }
  }
  die_on(infinirtFree(d_A), "cudaFree A");
  die_on(infinirtFree(d_B), "cudaFree B");
  die_on(infinirtFree(d_C), "cudaFree C");
  free(h_A);
  free(h_B);
  free(h_C);
  printf("Test PASSED\n");
  return 0;
}
