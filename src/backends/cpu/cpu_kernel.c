/* cpu_kernel.c - placeholder until kernel libraries land (phase 2). */
#include "cpu_internal.h"

void infinirt_cpu_exec_launch(const cpu_launch *l, unsigned char *args) {
  (void)l;
  (void)args;
}
void infinirt_cpu_library_release(cpu_library *lib) {
  (void)lib;
}

#define NOT_YET                                                                \
  infinirt_detail(infinirtErrorNotSupported,                                   \
                  "cpu kernel libraries are not implemented yet")

infinirtError_t infinirt_cpu_LibraryLoadData(
    infinirtLibrary_t *library, const void *code,
    enum infinirtJitOption *jitOptions, void **jitOptionsValues,
    unsigned int numJitOptions, enum infinirtLibraryOption *libraryOptions,
    void **libraryOptionValues, unsigned int numLibraryOptions) {
  (void)library, (void)code, (void)jitOptions, (void)jitOptionsValues;
  (void)numJitOptions, (void)libraryOptions, (void)libraryOptionValues;
  (void)numLibraryOptions;
  return NOT_YET;
}
infinirtError_t infinirt_cpu_LibraryLoadFromFile(
    infinirtLibrary_t *library, const char *fileName,
    enum infinirtJitOption *jitOptions, void **jitOptionsValues,
    unsigned int numJitOptions, enum infinirtLibraryOption *libraryOptions,
    void **libraryOptionValues, unsigned int numLibraryOptions) {
  (void)library, (void)fileName, (void)jitOptions, (void)jitOptionsValues;
  (void)numJitOptions, (void)libraryOptions, (void)libraryOptionValues;
  (void)numLibraryOptions;
  return NOT_YET;
}
infinirtError_t infinirt_cpu_LibraryUnload(infinirtLibrary_t library) {
  (void)library;
  return NOT_YET;
}
infinirtError_t infinirt_cpu_LibraryGetKernel(infinirtKernel_t *pKernel,
                                              infinirtLibrary_t library,
                                              const char *name) {
  (void)pKernel, (void)library, (void)name;
  return NOT_YET;
}
infinirtError_t infinirt_cpu_LaunchKernel(const void *func,
                                          infinirtDim3 gridDim,
                                          infinirtDim3 blockDim, void **args,
                                          size_t sharedMem,
                                          infinirtStream_t stream) {
  (void)func, (void)gridDim, (void)blockDim, (void)args, (void)sharedMem;
  (void)stream;
  return NOT_YET;
}
