/*
 * vector_add.c - corpus/vector_add.cu finished by hand after infinirt-port
 * (expected/vector_add.cu): the two things it reported are done as
 * docs/porting.md says. The kernel moved to vector_add_kernel.c, built by
 * infinirt_add_kernel_library(); the launch vectorAdd<<<blocks, threads>>>
 * became infinirtLaunchKernel with the kernel from the loaded library. The
 * rest is the tool's output unchanged.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <infinirt_runtime.h>
#include <port_vector_add_embedded.h>

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

  /* The kernel library for the current device type. */
  infinirtDeviceType type;
  die_on(infinirtExtGetDeviceType(&type), "infinirtExtGetDeviceType");
  const void *image = port_vector_add_image(type, NULL);
  if (!image) {
    fprintf(stderr, "%s\n", port_vector_add_image_missing(type));
    return EXIT_FAILURE;
  }
  infinirtLibrary_t library;
  infinirtKernel_t vectorAdd;
  die_on(infinirtLibraryLoadData(&library, image, NULL, NULL, 0, NULL, NULL, 0),
         "infinirtLibraryLoadData");
  die_on(infinirtLibraryGetKernel(&vectorAdd, library, "vectorAdd"),
         "infinirtLibraryGetKernel");

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
  /* Was: vectorAdd<<<blocks, threads>>>(d_A, d_B, d_C, n); */
  void *args[] = {&d_A, &d_B, &d_C, (void *)&n};
  infinirtDim3 grid = {(unsigned)blocks, 1, 1},
               block = {(unsigned)threads, 1, 1};
  die_on(infinirtLaunchKernel(vectorAdd, grid, block, args, 0, 0),
         "vectorAdd launch");
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
  die_on(infinirtLibraryUnload(library), "infinirtLibraryUnload");
  free(h_A);
  free(h_B);
  free(h_C);
  printf("Test PASSED\n");
  return 0;
}
