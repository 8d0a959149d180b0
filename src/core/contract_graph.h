/* contract_graph.h - CUDA's argument rules for stream capture and graphs,
 * run by the wrappers of api.def's graph section (see contract.h). */
#ifndef INFINIRT_CORE_CONTRACT_GRAPH_H_
#define INFINIRT_CORE_CONTRACT_GRAPH_H_

#include "backend.h"
#include "contract.h"

#define INFINIRT_CAPTURE_DEPS_FLAGS                                            \
  ((unsigned)infinirtStreamSetCaptureDependencies)
/* What GraphInstantiate and GraphInstantiateWithFlags accept; Upload and
 * DeviceLaunch only come through GraphInstantiateWithParams. */
#define INFINIRT_INSTANTIATE_FLAGS                                             \
  ((unsigned long long)(infinirtGraphInstantiateFlagAutoFreeOnLaunch |         \
                        infinirtGraphInstantiateFlagUseNodePriority))
#define INFINIRT_INSTANTIATE_PARAM_FLAGS                                       \
  (INFINIRT_INSTANTIATE_FLAGS |                                                \
   (unsigned long long)(infinirtGraphInstantiateFlagUpload |                   \
                        infinirtGraphInstantiateFlagDeviceLaunch))

infinirtError_t infinirt_check_capture_mode(int mode);
/* NULL edge data, or |n| default edges. */
infinirtError_t infinirt_check_edge_data(const infinirtGraphEdgeData *e,
                                         size_t n);
/* GetEdges and the dependency lists: |from| and |to| both NULL (a count) or
 * both given; |edge| only with them. */
infinirtError_t infinirt_check_edge_arrays(const void *from, const void *to,
                                           const void *edge);
/* Kernel node parameters: given, no |extra|, no empty dimension (the
 * launch's own check; the upper limits are the backend's). Inline: every
 * kernel node Add runs it. */
infinirtError_t
infinirt_refuse_kernel_node(const struct infinirtKernelNodeParams *p);
static inline infinirtError_t
infinirt_check_kernel_node(const struct infinirtKernelNodeParams *p) {
  if (__builtin_expect(!p || p->extra, 0))
    return infinirt_refuse_kernel_node(p);
  return infinirt_check_launch_dims(p->gridDim, p->blockDim);
}
infinirtError_t
infinirt_check_memset_node(const struct infinirtMemsetParams *p);
infinirtError_t
infinirt_check_host_node(const struct infinirtHostNodeParams *p);
infinirtError_t
infinirt_check_alloc_node(const struct infinirtMemAllocNodeParams *p);
infinirtError_t infinirt_check_copy_node(void *dst, const void *src,
                                         size_t count,
                                         enum infinirtMemcpyKind kind);
infinirtError_t
infinirt_check_copy_3d_node(const struct infinirtMemcpy3DParms *p);
infinirtError_t
infinirt_check_node_params(const struct infinirtGraphNodeParams *p);
infinirtError_t infinirt_check_instantiate_flags(unsigned long long flags,
                                                 unsigned long long known);
infinirtError_t
infinirt_check_instantiate_params(const infinirtGraphInstantiateParams *p);
infinirtError_t infinirt_check_graph_mem_attr(int attr);
infinirtError_t infinirt_check_graph_mem_attr_set(int attr, const void *value);

#endif /* INFINIRT_CORE_CONTRACT_GRAPH_H_ */
