/* nv_graph_pending.c - the graph entries not yet written for this backend
 * (issue 10 in progress): each answers NotSupported. Removed entry by
 * entry as the real ones land. */
#include "nv.h"

static infinirtError_t pending(const char *name) {
  return infinirt_detail(infinirtErrorNotSupported,
                         "%s is not implemented on this backend yet", name);
}

infinirtError_t
infinirt_nv_StreamBeginCapture(infinirtStream_t stream,
                               enum infinirtStreamCaptureMode mode) {
  (void)stream;
  (void)mode;
  return pending("infinirtStreamBeginCapture");
}

infinirtError_t infinirt_nv_StreamBeginCaptureToGraph(
    infinirtStream_t stream, infinirtGraph_t graph,
    const infinirtGraphNode_t *dependencies,
    const infinirtGraphEdgeData *dependencyData, size_t numDependencies,
    enum infinirtStreamCaptureMode mode) {
  (void)stream;
  (void)graph;
  (void)dependencies;
  (void)dependencyData;
  (void)numDependencies;
  (void)mode;
  return pending("infinirtStreamBeginCaptureToGraph");
}

infinirtError_t infinirt_nv_StreamEndCapture(infinirtStream_t stream,
                                             infinirtGraph_t *pGraph) {
  (void)stream;
  (void)pGraph;
  return pending("infinirtStreamEndCapture");
}

infinirtError_t infinirt_nv_StreamIsCapturing(
    infinirtStream_t stream, enum infinirtStreamCaptureStatus *pCaptureStatus) {
  (void)stream;
  (void)pCaptureStatus;
  return pending("infinirtStreamIsCapturing");
}

infinirtError_t infinirt_nv_StreamGetCaptureInfo(
    infinirtStream_t stream,
    enum infinirtStreamCaptureStatus *captureStatus_out,
    unsigned long long *id_out, infinirtGraph_t *graph_out,
    const infinirtGraphNode_t **dependencies_out,
    const infinirtGraphEdgeData **edgeData_out, size_t *numDependencies_out) {
  (void)stream;
  (void)captureStatus_out;
  (void)id_out;
  (void)graph_out;
  (void)dependencies_out;
  (void)edgeData_out;
  (void)numDependencies_out;
  return pending("infinirtStreamGetCaptureInfo");
}

infinirtError_t infinirt_nv_StreamUpdateCaptureDependencies(
    infinirtStream_t stream, infinirtGraphNode_t *dependencies,
    const infinirtGraphEdgeData *dependencyData, size_t numDependencies,
    unsigned int flags) {
  (void)stream;
  (void)dependencies;
  (void)dependencyData;
  (void)numDependencies;
  (void)flags;
  return pending("infinirtStreamUpdateCaptureDependencies");
}

infinirtError_t infinirt_nv_GraphCreate(infinirtGraph_t *pGraph,
                                        unsigned int flags) {
  (void)pGraph;
  (void)flags;
  return pending("infinirtGraphCreate");
}

infinirtError_t infinirt_nv_GraphDestroy(infinirtGraph_t graph) {
  (void)graph;
  return pending("infinirtGraphDestroy");
}

infinirtError_t infinirt_nv_GraphAddKernelNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    const struct infinirtKernelNodeParams *pNodeParams) {
  (void)pGraphNode;
  (void)graph;
  (void)pDependencies;
  (void)numDependencies;
  (void)pNodeParams;
  return pending("infinirtGraphAddKernelNode");
}

infinirtError_t infinirt_nv_GraphAddMemcpyNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    const struct infinirtMemcpy3DParms *pCopyParams) {
  (void)pGraphNode;
  (void)graph;
  (void)pDependencies;
  (void)numDependencies;
  (void)pCopyParams;
  return pending("infinirtGraphAddMemcpyNode");
}

infinirtError_t infinirt_nv_GraphAddMemcpyNode1D(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies, void *dst,
    const void *src, size_t count, enum infinirtMemcpyKind kind) {
  (void)pGraphNode;
  (void)graph;
  (void)pDependencies;
  (void)numDependencies;
  (void)dst;
  (void)src;
  (void)count;
  (void)kind;
  return pending("infinirtGraphAddMemcpyNode1D");
}

infinirtError_t infinirt_nv_GraphAddMemsetNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    const struct infinirtMemsetParams *pMemsetParams) {
  (void)pGraphNode;
  (void)graph;
  (void)pDependencies;
  (void)numDependencies;
  (void)pMemsetParams;
  return pending("infinirtGraphAddMemsetNode");
}

infinirtError_t infinirt_nv_GraphAddHostNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    const struct infinirtHostNodeParams *pNodeParams) {
  (void)pGraphNode;
  (void)graph;
  (void)pDependencies;
  (void)numDependencies;
  (void)pNodeParams;
  return pending("infinirtGraphAddHostNode");
}

infinirtError_t infinirt_nv_GraphAddChildGraphNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    infinirtGraph_t childGraph) {
  (void)pGraphNode;
  (void)graph;
  (void)pDependencies;
  (void)numDependencies;
  (void)childGraph;
  return pending("infinirtGraphAddChildGraphNode");
}

infinirtError_t infinirt_nv_GraphAddEmptyNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies) {
  (void)pGraphNode;
  (void)graph;
  (void)pDependencies;
  (void)numDependencies;
  return pending("infinirtGraphAddEmptyNode");
}

infinirtError_t infinirt_nv_GraphAddEventRecordNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    infinirtEvent_t event) {
  (void)pGraphNode;
  (void)graph;
  (void)pDependencies;
  (void)numDependencies;
  (void)event;
  return pending("infinirtGraphAddEventRecordNode");
}

infinirtError_t infinirt_nv_GraphAddEventWaitNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    infinirtEvent_t event) {
  (void)pGraphNode;
  (void)graph;
  (void)pDependencies;
  (void)numDependencies;
  (void)event;
  return pending("infinirtGraphAddEventWaitNode");
}

infinirtError_t infinirt_nv_GraphAddMemAllocNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    struct infinirtMemAllocNodeParams *nodeParams) {
  (void)pGraphNode;
  (void)graph;
  (void)pDependencies;
  (void)numDependencies;
  (void)nodeParams;
  return pending("infinirtGraphAddMemAllocNode");
}

infinirtError_t
infinirt_nv_GraphAddMemFreeNode(infinirtGraphNode_t *pGraphNode,
                                infinirtGraph_t graph,
                                const infinirtGraphNode_t *pDependencies,
                                size_t numDependencies, void *dptr) {
  (void)pGraphNode;
  (void)graph;
  (void)pDependencies;
  (void)numDependencies;
  (void)dptr;
  return pending("infinirtGraphAddMemFreeNode");
}

infinirtError_t
infinirt_nv_GraphAddNode(infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
                         const infinirtGraphNode_t *pDependencies,
                         const infinirtGraphEdgeData *dependencyData,
                         size_t numDependencies,
                         struct infinirtGraphNodeParams *nodeParams) {
  (void)pGraphNode;
  (void)graph;
  (void)pDependencies;
  (void)dependencyData;
  (void)numDependencies;
  (void)nodeParams;
  return pending("infinirtGraphAddNode");
}

infinirtError_t infinirt_nv_GraphAddDependencies(
    infinirtGraph_t graph, const infinirtGraphNode_t *from,
    const infinirtGraphNode_t *to, const infinirtGraphEdgeData *edgeData,
    size_t numDependencies) {
  (void)graph;
  (void)from;
  (void)to;
  (void)edgeData;
  (void)numDependencies;
  return pending("infinirtGraphAddDependencies");
}

infinirtError_t infinirt_nv_GraphRemoveDependencies(
    infinirtGraph_t graph, const infinirtGraphNode_t *from,
    const infinirtGraphNode_t *to, const infinirtGraphEdgeData *edgeData,
    size_t numDependencies) {
  (void)graph;
  (void)from;
  (void)to;
  (void)edgeData;
  (void)numDependencies;
  return pending("infinirtGraphRemoveDependencies");
}

infinirtError_t infinirt_nv_GraphDestroyNode(infinirtGraphNode_t node) {
  (void)node;
  return pending("infinirtGraphDestroyNode");
}

infinirtError_t infinirt_nv_GraphClone(infinirtGraph_t *pGraphClone,
                                       infinirtGraph_t originalGraph) {
  (void)pGraphClone;
  (void)originalGraph;
  return pending("infinirtGraphClone");
}

infinirtError_t
infinirt_nv_GraphNodeFindInClone(infinirtGraphNode_t *pNode,
                                 infinirtGraphNode_t originalNode,
                                 infinirtGraph_t clonedGraph) {
  (void)pNode;
  (void)originalNode;
  (void)clonedGraph;
  return pending("infinirtGraphNodeFindInClone");
}

infinirtError_t infinirt_nv_GraphGetNodes(infinirtGraph_t graph,
                                          infinirtGraphNode_t *nodes,
                                          size_t *numNodes) {
  (void)graph;
  (void)nodes;
  (void)numNodes;
  return pending("infinirtGraphGetNodes");
}

infinirtError_t infinirt_nv_GraphGetRootNodes(infinirtGraph_t graph,
                                              infinirtGraphNode_t *pRootNodes,
                                              size_t *pNumRootNodes) {
  (void)graph;
  (void)pRootNodes;
  (void)pNumRootNodes;
  return pending("infinirtGraphGetRootNodes");
}

infinirtError_t infinirt_nv_GraphGetEdges(infinirtGraph_t graph,
                                          infinirtGraphNode_t *from,
                                          infinirtGraphNode_t *to,
                                          infinirtGraphEdgeData *edgeData,
                                          size_t *numEdges) {
  (void)graph;
  (void)from;
  (void)to;
  (void)edgeData;
  (void)numEdges;
  return pending("infinirtGraphGetEdges");
}

infinirtError_t infinirt_nv_GraphNodeGetDependencies(
    infinirtGraphNode_t node, infinirtGraphNode_t *pDependencies,
    infinirtGraphEdgeData *edgeData, size_t *pNumDependencies) {
  (void)node;
  (void)pDependencies;
  (void)edgeData;
  (void)pNumDependencies;
  return pending("infinirtGraphNodeGetDependencies");
}

infinirtError_t infinirt_nv_GraphNodeGetDependentNodes(
    infinirtGraphNode_t node, infinirtGraphNode_t *pDependentNodes,
    infinirtGraphEdgeData *edgeData, size_t *pNumDependentNodes) {
  (void)node;
  (void)pDependentNodes;
  (void)edgeData;
  (void)pNumDependentNodes;
  return pending("infinirtGraphNodeGetDependentNodes");
}

infinirtError_t
infinirt_nv_GraphNodeGetType(infinirtGraphNode_t node,
                             enum infinirtGraphNodeType *pType) {
  (void)node;
  (void)pType;
  return pending("infinirtGraphNodeGetType");
}

infinirtError_t infinirt_nv_GraphKernelNodeGetParams(
    infinirtGraphNode_t node, struct infinirtKernelNodeParams *pNodeParams) {
  (void)node;
  (void)pNodeParams;
  return pending("infinirtGraphKernelNodeGetParams");
}

infinirtError_t infinirt_nv_GraphKernelNodeSetParams(
    infinirtGraphNode_t node,
    const struct infinirtKernelNodeParams *pNodeParams) {
  (void)node;
  (void)pNodeParams;
  return pending("infinirtGraphKernelNodeSetParams");
}

infinirtError_t infinirt_nv_GraphMemcpyNodeGetParams(
    infinirtGraphNode_t node, struct infinirtMemcpy3DParms *pNodeParams) {
  (void)node;
  (void)pNodeParams;
  return pending("infinirtGraphMemcpyNodeGetParams");
}

infinirtError_t infinirt_nv_GraphMemcpyNodeSetParams(
    infinirtGraphNode_t node, const struct infinirtMemcpy3DParms *pNodeParams) {
  (void)node;
  (void)pNodeParams;
  return pending("infinirtGraphMemcpyNodeSetParams");
}

infinirtError_t
infinirt_nv_GraphMemcpyNodeSetParams1D(infinirtGraphNode_t node, void *dst,
                                       const void *src, size_t count,
                                       enum infinirtMemcpyKind kind) {
  (void)node;
  (void)dst;
  (void)src;
  (void)count;
  (void)kind;
  return pending("infinirtGraphMemcpyNodeSetParams1D");
}

infinirtError_t
infinirt_nv_GraphMemsetNodeGetParams(infinirtGraphNode_t node,
                                     struct infinirtMemsetParams *pNodeParams) {
  (void)node;
  (void)pNodeParams;
  return pending("infinirtGraphMemsetNodeGetParams");
}

infinirtError_t infinirt_nv_GraphMemsetNodeSetParams(
    infinirtGraphNode_t node, const struct infinirtMemsetParams *pNodeParams) {
  (void)node;
  (void)pNodeParams;
  return pending("infinirtGraphMemsetNodeSetParams");
}

infinirtError_t
infinirt_nv_GraphHostNodeGetParams(infinirtGraphNode_t node,
                                   struct infinirtHostNodeParams *pNodeParams) {
  (void)node;
  (void)pNodeParams;
  return pending("infinirtGraphHostNodeGetParams");
}

infinirtError_t infinirt_nv_GraphHostNodeSetParams(
    infinirtGraphNode_t node,
    const struct infinirtHostNodeParams *pNodeParams) {
  (void)node;
  (void)pNodeParams;
  return pending("infinirtGraphHostNodeSetParams");
}

infinirtError_t
infinirt_nv_GraphChildGraphNodeGetGraph(infinirtGraphNode_t node,
                                        infinirtGraph_t *pGraph) {
  (void)node;
  (void)pGraph;
  return pending("infinirtGraphChildGraphNodeGetGraph");
}

infinirtError_t
infinirt_nv_GraphEventRecordNodeGetEvent(infinirtGraphNode_t node,
                                         infinirtEvent_t *event_out) {
  (void)node;
  (void)event_out;
  return pending("infinirtGraphEventRecordNodeGetEvent");
}

infinirtError_t
infinirt_nv_GraphEventRecordNodeSetEvent(infinirtGraphNode_t node,
                                         infinirtEvent_t event) {
  (void)node;
  (void)event;
  return pending("infinirtGraphEventRecordNodeSetEvent");
}

infinirtError_t
infinirt_nv_GraphEventWaitNodeGetEvent(infinirtGraphNode_t node,
                                       infinirtEvent_t *event_out) {
  (void)node;
  (void)event_out;
  return pending("infinirtGraphEventWaitNodeGetEvent");
}

infinirtError_t infinirt_nv_GraphEventWaitNodeSetEvent(infinirtGraphNode_t node,
                                                       infinirtEvent_t event) {
  (void)node;
  (void)event;
  return pending("infinirtGraphEventWaitNodeSetEvent");
}

infinirtError_t infinirt_nv_GraphMemAllocNodeGetParams(
    infinirtGraphNode_t node, struct infinirtMemAllocNodeParams *params_out) {
  (void)node;
  (void)params_out;
  return pending("infinirtGraphMemAllocNodeGetParams");
}

infinirtError_t infinirt_nv_GraphMemFreeNodeGetParams(infinirtGraphNode_t node,
                                                      void *dptr_out) {
  (void)node;
  (void)dptr_out;
  return pending("infinirtGraphMemFreeNodeGetParams");
}

infinirtError_t
infinirt_nv_GraphNodeSetParams(infinirtGraphNode_t node,
                               struct infinirtGraphNodeParams *nodeParams) {
  (void)node;
  (void)nodeParams;
  return pending("infinirtGraphNodeSetParams");
}

infinirtError_t infinirt_nv_GraphDebugDotPrint(infinirtGraph_t graph,
                                               const char *path,
                                               unsigned int flags) {
  (void)graph;
  (void)path;
  (void)flags;
  return pending("infinirtGraphDebugDotPrint");
}

infinirtError_t infinirt_nv_GraphInstantiate(infinirtGraphExec_t *pGraphExec,
                                             infinirtGraph_t graph,
                                             unsigned long long flags) {
  (void)pGraphExec;
  (void)graph;
  (void)flags;
  return pending("infinirtGraphInstantiate");
}

infinirtError_t
infinirt_nv_GraphInstantiateWithFlags(infinirtGraphExec_t *pGraphExec,
                                      infinirtGraph_t graph,
                                      unsigned long long flags) {
  (void)pGraphExec;
  (void)graph;
  (void)flags;
  return pending("infinirtGraphInstantiateWithFlags");
}

infinirtError_t infinirt_nv_GraphInstantiateWithParams(
    infinirtGraphExec_t *pGraphExec, infinirtGraph_t graph,
    infinirtGraphInstantiateParams *instantiateParams) {
  (void)pGraphExec;
  (void)graph;
  (void)instantiateParams;
  return pending("infinirtGraphInstantiateWithParams");
}

infinirtError_t infinirt_nv_GraphExecGetFlags(infinirtGraphExec_t graphExec,
                                              unsigned long long *flags) {
  (void)graphExec;
  (void)flags;
  return pending("infinirtGraphExecGetFlags");
}

infinirtError_t infinirt_nv_GraphUpload(infinirtGraphExec_t graphExec,
                                        infinirtStream_t stream) {
  (void)graphExec;
  (void)stream;
  return pending("infinirtGraphUpload");
}

infinirtError_t infinirt_nv_GraphLaunch(infinirtGraphExec_t graphExec,
                                        infinirtStream_t stream) {
  (void)graphExec;
  (void)stream;
  return pending("infinirtGraphLaunch");
}

infinirtError_t infinirt_nv_GraphExecDestroy(infinirtGraphExec_t graphExec) {
  (void)graphExec;
  return pending("infinirtGraphExecDestroy");
}

infinirtError_t infinirt_nv_GraphExecKernelNodeSetParams(
    infinirtGraphExec_t hGraphExec, infinirtGraphNode_t node,
    const struct infinirtKernelNodeParams *pNodeParams) {
  (void)hGraphExec;
  (void)node;
  (void)pNodeParams;
  return pending("infinirtGraphExecKernelNodeSetParams");
}

infinirtError_t infinirt_nv_GraphExecMemcpyNodeSetParams(
    infinirtGraphExec_t hGraphExec, infinirtGraphNode_t node,
    const struct infinirtMemcpy3DParms *pNodeParams) {
  (void)hGraphExec;
  (void)node;
  (void)pNodeParams;
  return pending("infinirtGraphExecMemcpyNodeSetParams");
}

infinirtError_t infinirt_nv_GraphExecMemcpyNodeSetParams1D(
    infinirtGraphExec_t hGraphExec, infinirtGraphNode_t node, void *dst,
    const void *src, size_t count, enum infinirtMemcpyKind kind) {
  (void)hGraphExec;
  (void)node;
  (void)dst;
  (void)src;
  (void)count;
  (void)kind;
  return pending("infinirtGraphExecMemcpyNodeSetParams1D");
}

infinirtError_t infinirt_nv_GraphExecMemsetNodeSetParams(
    infinirtGraphExec_t hGraphExec, infinirtGraphNode_t node,
    const struct infinirtMemsetParams *pNodeParams) {
  (void)hGraphExec;
  (void)node;
  (void)pNodeParams;
  return pending("infinirtGraphExecMemsetNodeSetParams");
}

infinirtError_t infinirt_nv_GraphExecHostNodeSetParams(
    infinirtGraphExec_t hGraphExec, infinirtGraphNode_t node,
    const struct infinirtHostNodeParams *pNodeParams) {
  (void)hGraphExec;
  (void)node;
  (void)pNodeParams;
  return pending("infinirtGraphExecHostNodeSetParams");
}

infinirtError_t
infinirt_nv_GraphExecChildGraphNodeSetParams(infinirtGraphExec_t hGraphExec,
                                             infinirtGraphNode_t node,
                                             infinirtGraph_t childGraph) {
  (void)hGraphExec;
  (void)node;
  (void)childGraph;
  return pending("infinirtGraphExecChildGraphNodeSetParams");
}

infinirtError_t
infinirt_nv_GraphExecEventRecordNodeSetEvent(infinirtGraphExec_t hGraphExec,
                                             infinirtGraphNode_t hNode,
                                             infinirtEvent_t event) {
  (void)hGraphExec;
  (void)hNode;
  (void)event;
  return pending("infinirtGraphExecEventRecordNodeSetEvent");
}

infinirtError_t
infinirt_nv_GraphExecEventWaitNodeSetEvent(infinirtGraphExec_t hGraphExec,
                                           infinirtGraphNode_t hNode,
                                           infinirtEvent_t event) {
  (void)hGraphExec;
  (void)hNode;
  (void)event;
  return pending("infinirtGraphExecEventWaitNodeSetEvent");
}

infinirtError_t
infinirt_nv_GraphExecNodeSetParams(infinirtGraphExec_t graphExec,
                                   infinirtGraphNode_t node,
                                   struct infinirtGraphNodeParams *nodeParams) {
  (void)graphExec;
  (void)node;
  (void)nodeParams;
  return pending("infinirtGraphExecNodeSetParams");
}

infinirtError_t infinirt_nv_GraphNodeSetEnabled(infinirtGraphExec_t hGraphExec,
                                                infinirtGraphNode_t hNode,
                                                unsigned int isEnabled) {
  (void)hGraphExec;
  (void)hNode;
  (void)isEnabled;
  return pending("infinirtGraphNodeSetEnabled");
}

infinirtError_t infinirt_nv_GraphNodeGetEnabled(infinirtGraphExec_t hGraphExec,
                                                infinirtGraphNode_t hNode,
                                                unsigned int *isEnabled) {
  (void)hGraphExec;
  (void)hNode;
  (void)isEnabled;
  return pending("infinirtGraphNodeGetEnabled");
}

infinirtError_t
infinirt_nv_GraphExecUpdate(infinirtGraphExec_t hGraphExec,
                            infinirtGraph_t hGraph,
                            infinirtGraphExecUpdateResultInfo *resultInfo) {
  (void)hGraphExec;
  (void)hGraph;
  (void)resultInfo;
  return pending("infinirtGraphExecUpdate");
}

infinirtError_t infinirt_nv_DeviceGraphMemTrim(int device) {
  (void)device;
  return pending("infinirtDeviceGraphMemTrim");
}

infinirtError_t infinirt_nv_DeviceGetGraphMemAttribute(
    int device, enum infinirtGraphMemAttributeType attr, void *value) {
  (void)device;
  (void)attr;
  (void)value;
  return pending("infinirtDeviceGetGraphMemAttribute");
}

infinirtError_t infinirt_nv_DeviceSetGraphMemAttribute(
    int device, enum infinirtGraphMemAttributeType attr, void *value) {
  (void)device;
  (void)attr;
  (void)value;
  return pending("infinirtDeviceSetGraphMemAttribute");
}
