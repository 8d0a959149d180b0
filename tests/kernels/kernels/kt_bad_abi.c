/* Hand-written CPU kernel infos that break infinirt_cpu_kernel.h: the
 * backend must refuse each with InvalidKernelImage. CPU only. */
#ifndef __CUDACC__
#include <infinirt_cpu_kernel.h>

static void kt_nothing(const infinirtCpuBlockContext *ctx, void *const *args) {
  (void)ctx;
  (void)args;
}

static const uint32_t kt_sizes[34] = {4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
                                      4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
                                      4, 4, 4, 4, 4, 4, 4, 4, 4, 4};
static const uint32_t kt_zero_size[1] = {0};
static const uint32_t kt_huge_size[1] = {257};

#define KT_EXPORT __attribute__((visibility("default")))

KT_EXPORT const infinirtCpuKernelInfo infinirt_cpu_kernel__kt_wrong_abi = {
    INFINIRT_CPU_KERNEL_ABI_VERSION + 1, 1, kt_sizes, kt_nothing};
KT_EXPORT const infinirtCpuKernelInfo infinirt_cpu_kernel__kt_too_many_args = {
    INFINIRT_CPU_KERNEL_ABI_VERSION, INFINIRT_CPU_KERNEL_MAX_ARGS + 1, kt_sizes,
    kt_nothing};
KT_EXPORT const infinirtCpuKernelInfo infinirt_cpu_kernel__kt_zero_size_arg = {
    INFINIRT_CPU_KERNEL_ABI_VERSION, 1, kt_zero_size, kt_nothing};
KT_EXPORT const infinirtCpuKernelInfo infinirt_cpu_kernel__kt_huge_arg = {
    INFINIRT_CPU_KERNEL_ABI_VERSION, 1, kt_huge_size, kt_nothing};
KT_EXPORT const infinirtCpuKernelInfo infinirt_cpu_kernel__kt_no_entry = {
    INFINIRT_CPU_KERNEL_ABI_VERSION, 0, kt_sizes, 0};
/* A valid one, so the library itself loads. */
KT_EXPORT const infinirtCpuKernelInfo infinirt_cpu_kernel__kt_valid = {
    INFINIRT_CPU_KERNEL_ABI_VERSION, 0, kt_sizes, kt_nothing};
#endif /* __CUDACC__ */
