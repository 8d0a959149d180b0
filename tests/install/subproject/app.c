/* The parent project's program: runs its own kernel through InfiniRT on the
 * CPU, linked with the library built as a subproject. */
#include <stdio.h>

#include <app_kernels_embedded.h>
#include <infinirt.h>

#define TRY(call)                                                              \
  do {                                                                         \
    infinirtError_t e_ = (call);                                               \
    if (e_ != infinirtSuccess) {                                               \
      printf("FAIL: %s: %s\n", #call, infinirtGetErrorName(e_));               \
      return 1;                                                                \
    }                                                                          \
  } while (0)

int main(void) {
  enum { N = 1000 };
  static float x[N], y[N];
  float *dx = NULL, *dy = NULL, a = 3.0f;
  unsigned int n = N;
  infinirtLibrary_t lib;
  infinirtKernel_t k;
  const void *image = app_kernels_image(infinirtDeviceTypeCpu, NULL);
  if (!image) {
    printf("FAIL: %s\n", app_kernels_image_missing(infinirtDeviceTypeCpu));
    return 1;
  }
  for (int i = 0; i < N; i++)
    x[i] = (float)i;
  TRY(infinirtExtSetDeviceType(infinirtDeviceTypeCpu));
  TRY(infinirtLibraryLoadData(&lib, image, NULL, NULL, 0, NULL, NULL, 0));
  TRY(infinirtLibraryGetKernel(&k, lib, "scale"));
  TRY(infinirtMalloc((void **)&dx, sizeof x));
  TRY(infinirtMalloc((void **)&dy, sizeof y));
  TRY(infinirtMemcpy(dx, x, sizeof x, infinirtMemcpyHostToDevice));
  void *args[] = {&dy, &dx, &a, &n};
  infinirtDim3 block = {128, 1, 1}, grid = {(N + 127) / 128, 1, 1};
  TRY(infinirtLaunchKernel(k, grid, block, args, 0, NULL));
  TRY(infinirtMemcpy(y, dy, sizeof y, infinirtMemcpyDeviceToHost));
  for (int i = 0; i < N; i++) {
    if (y[i] != a * x[i]) {
      printf("FAIL: y[%d] = %g, expected %g\n", i, (double)y[i],
             (double)(a * x[i]));
      return 1;
    }
  }
  TRY(infinirtFree(dx));
  TRY(infinirtFree(dy));
  TRY(infinirtLibraryUnload(lib));
  printf("ok: the subproject's library ran the parent's kernel\n");
  return 0;
}
