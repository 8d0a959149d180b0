/* infinirt_graph.h - stream capture and graphs: CUDA's graph API, renamed
 * (included by infinirt.h; not meant to be included alone).
 *
 * A graph is a set of nodes (kernel launches, copies, sets, host
 * functions, event records and waits, child graphs, memory allocations and
 * frees, empty nodes) and the dependencies between them. It is built
 * explicitly (infinirtGraphAdd*Node) or by capturing streams
 * (infinirtStreamBeginCapture ... infinirtStreamEndCapture), instantiated
 * once into an executable graph and launched into a stream as often as
 * wanted. Graphs, nodes and executable graphs belong to the device type
 * that was current when the graph was created (a captured graph: the
 * stream's); a handle of another type is refused as a handle that is not
 * live would be.
 *
 * Node arguments: every dependency array names nodes of the graph the call
 * is about; a node of another graph, a destroyed node or a garbage pointer
 * is InvalidValue (CUDA's code for a node outside the graph). A count with
 * a NULL array (count > 0) is InvalidValue. */
#ifndef INFINIRT_GRAPH_H_
#define INFINIRT_GRAPH_H_

#ifdef __cplusplus
extern "C" {
#endif

/* ---- types ------------------------------------------------------------ */

typedef struct infinirtGraph_st *infinirtGraph_t;
typedef struct infinirtGraphNode_st *infinirtGraphNode_t;
typedef struct infinirtGraphExec_st *infinirtGraphExec_t;

enum infinirtStreamCaptureStatus {
  infinirtStreamCaptureStatusNone = 0,
  infinirtStreamCaptureStatusActive = 1,
  /* Part of a capture that an error invalidated; EndCapture ends it. */
  infinirtStreamCaptureStatusInvalidated = 2
};

/* How a capture restricts the calls that could wait for captured work (see
 * infinirtThreadExchangeStreamCaptureMode). */
enum infinirtStreamCaptureMode {
  infinirtStreamCaptureModeGlobal = 0,
  infinirtStreamCaptureModeThreadLocal = 1,
  infinirtStreamCaptureModeRelaxed = 2
};

enum infinirtStreamUpdateCaptureDependenciesFlags {
  infinirtStreamAddCaptureDependencies = 0x0,
  infinirtStreamSetCaptureDependencies = 0x1
};

enum infinirtGraphNodeType {
  infinirtGraphNodeTypeKernel = 0x00,
  infinirtGraphNodeTypeMemcpy = 0x01,
  infinirtGraphNodeTypeMemset = 0x02,
  infinirtGraphNodeTypeHost = 0x03,
  infinirtGraphNodeTypeGraph = 0x04,
  infinirtGraphNodeTypeEmpty = 0x05,
  infinirtGraphNodeTypeWaitEvent = 0x06,
  infinirtGraphNodeTypeEventRecord = 0x07,
  infinirtGraphNodeTypeExtSemaphoreSignal = 0x08, /* not offered */
  infinirtGraphNodeTypeExtSemaphoreWait = 0x09,   /* not offered */
  infinirtGraphNodeTypeMemAlloc = 0x0a,
  infinirtGraphNodeTypeMemFree = 0x0b,
  infinirtGraphNodeTypeConditional = 0x0d, /* not offered */
  infinirtGraphNodeTypeCount
};

/* A kernel node: |func| is an infinirtKernel_t, as in infinirtLaunchKernel;
 * |kernelParams| points at each argument (|extra| must be NULL). The node
 * copies the argument values when it is created or set. */
struct infinirtKernelNodeParams {
  void *func;
  infinirtDim3 gridDim;
  infinirtDim3 blockDim;
  unsigned int sharedMemBytes;
  void **kernelParams;
  void **extra;
};
struct infinirtKernelNodeParamsV2 {
  void *func;
  infinirtDim3 gridDim;
  infinirtDim3 blockDim;
  unsigned int sharedMemBytes;
  void **kernelParams;
  void **extra;
};

/* A memset node: |height| rows of |width| elements of |elementSize| (1, 2
 * or 4) bytes, rows |pitch| bytes apart, each element set to |value|. */
struct infinirtMemsetParams {
  void *dst;
  size_t pitch;
  unsigned int value;
  unsigned int elementSize;
  size_t width;
  size_t height;
};
struct infinirtMemsetParamsV2 {
  void *dst;
  size_t pitch;
  unsigned int value;
  unsigned int elementSize;
  size_t width;
  size_t height;
};

struct infinirtHostNodeParams {
  infinirtHostFn_t fn;
  void *userData;
};
struct infinirtHostNodeParamsV2 {
  infinirtHostFn_t fn;
  void *userData;
};

/* A memcpy node of infinirtGraphAddNode: |flags| and |reserved| zero. */
struct infinirtMemcpyNodeParams {
  int flags;
  int reserved[3];
  struct infinirtMemcpy3DParms copyParams;
};

enum infinirtGraphChildGraphNodeOwnership {
  infinirtGraphChildGraphOwnershipClone = 0,
  infinirtGraphChildGraphOwnershipMove = 1 /* not offered */
};
struct infinirtChildGraphNodeParams {
  infinirtGraph_t graph;
  enum infinirtGraphChildGraphNodeOwnership ownership;
};
struct infinirtEventRecordNodeParams {
  infinirtEvent_t event;
};
struct infinirtEventWaitNodeParams {
  infinirtEvent_t event;
};

/* A memory allocation node: |bytesize| bytes of device memory where
 * |poolProps| says (a device location, allocation type Pinned, no handle
 * types), given in |dptr|, an address fixed for the graph's lifetime. */
struct infinirtMemAllocNodeParams {
  struct infinirtMemPoolProps poolProps;
  const struct infinirtMemAccessDesc *accessDescs;
  size_t accessDescCount;
  size_t bytesize;
  void *dptr; /* out */
};
struct infinirtMemAllocNodeParamsV2 {
  struct infinirtMemPoolProps poolProps;
  const struct infinirtMemAccessDesc *accessDescs;
  size_t accessDescCount;
  size_t bytesize;
  void *dptr; /* out */
};
struct infinirtMemFreeNodeParams {
  void *dptr;
};

/* The parameters of any node, for infinirtGraphAddNode and the generic
 * SetParams calls: |type| selects the member; reserved fields are zero. */
struct infinirtGraphNodeParams {
  enum infinirtGraphNodeType type;
  int reserved0[3];
  union {
    long long reserved1[29];
    struct infinirtKernelNodeParamsV2 kernel;
    struct infinirtMemcpyNodeParams memcpy;
    struct infinirtMemsetParamsV2 memset;
    struct infinirtHostNodeParamsV2 host;
    struct infinirtChildGraphNodeParams graph;
    struct infinirtEventWaitNodeParams eventWait;
    struct infinirtEventRecordNodeParams eventRecord;
    struct infinirtMemAllocNodeParamsV2 alloc;
    struct infinirtMemFreeNodeParams free;
  };
  long long reserved2;
};

typedef enum infinirtGraphDependencyType_enum {
  infinirtGraphDependencyTypeDefault = 0,
  infinirtGraphDependencyTypeProgrammatic = 1 /* not offered */
} infinirtGraphDependencyType;

/* The data of an edge. Only default edges (all zero) are offered: a NULL
 * edge-data array means all default, and so does an all-zero entry. */
typedef struct infinirtGraphEdgeData_st {
  unsigned char from_port;
  unsigned char to_port;
  unsigned char type;
  unsigned char reserved[5];
} infinirtGraphEdgeData;

#define infinirtGraphKernelNodePortDefault 0
#define infinirtGraphKernelNodePortProgrammatic 1
#define infinirtGraphKernelNodePortLaunchCompletion 2

enum infinirtGraphExecUpdateResult {
  infinirtGraphExecUpdateSuccess = 0x0,
  infinirtGraphExecUpdateError = 0x1,
  infinirtGraphExecUpdateErrorTopologyChanged = 0x2,
  infinirtGraphExecUpdateErrorNodeTypeChanged = 0x3,
  infinirtGraphExecUpdateErrorFunctionChanged = 0x4,
  infinirtGraphExecUpdateErrorParametersChanged = 0x5,
  infinirtGraphExecUpdateErrorNotSupported = 0x6,
  infinirtGraphExecUpdateErrorUnsupportedFunctionChange = 0x7,
  infinirtGraphExecUpdateErrorAttributesChanged = 0x8
};

typedef enum infinirtGraphInstantiateResult {
  infinirtGraphInstantiateSuccess = 0,
  infinirtGraphInstantiateError = 1,
  infinirtGraphInstantiateInvalidStructure = 2,
  infinirtGraphInstantiateNodeOperationNotSupported = 3,
  infinirtGraphInstantiateMultipleDevicesNotSupported = 4,
  infinirtGraphInstantiateConditionalHandleUnused = 5
} infinirtGraphInstantiateResult;

typedef struct infinirtGraphInstantiateParams_st {
  unsigned long long flags;
  infinirtStream_t uploadStream;
  infinirtGraphNode_t errNode_out;
  infinirtGraphInstantiateResult result_out;
} infinirtGraphInstantiateParams;

typedef struct infinirtGraphExecUpdateResultInfo_st {
  enum infinirtGraphExecUpdateResult result;
  infinirtGraphNode_t errorNode;
  infinirtGraphNode_t errorFromNode;
} infinirtGraphExecUpdateResultInfo;

enum infinirtGraphInstantiateFlags {
  /* Launching frees what the previous launch allocated and did not free. */
  infinirtGraphInstantiateFlagAutoFreeOnLaunch = 1,
  /* Upload to infinirtGraphInstantiateParams.uploadStream. */
  infinirtGraphInstantiateFlagUpload = 2,
  infinirtGraphInstantiateFlagDeviceLaunch = 4, /* not offered */
  /* Kernel nodes run at their own priority, not the stream's. */
  infinirtGraphInstantiateFlagUseNodePriority = 8
};

enum infinirtGraphDebugDotFlags {
  infinirtGraphDebugDotFlagsVerbose = 1 << 0,
  infinirtGraphDebugDotFlagsKernelNodeParams = 1 << 2,
  infinirtGraphDebugDotFlagsMemcpyNodeParams = 1 << 3,
  infinirtGraphDebugDotFlagsMemsetNodeParams = 1 << 4,
  infinirtGraphDebugDotFlagsHostNodeParams = 1 << 5,
  infinirtGraphDebugDotFlagsEventNodeParams = 1 << 6,
  infinirtGraphDebugDotFlagsExtSemasSignalNodeParams = 1 << 7,
  infinirtGraphDebugDotFlagsExtSemasWaitNodeParams = 1 << 8,
  infinirtGraphDebugDotFlagsKernelNodeAttributes = 1 << 9,
  infinirtGraphDebugDotFlagsHandles = 1 << 10,
  infinirtGraphDebugDotFlagsConditionalNodeParams = 1 << 15
};

enum infinirtGraphMemAttributeType {
  infinirtGraphMemAttrUsedMemCurrent = 0x0,
  infinirtGraphMemAttrUsedMemHigh = 0x1,
  infinirtGraphMemAttrReservedMemCurrent = 0x2,
  infinirtGraphMemAttrReservedMemHigh = 0x3
};

/* ---- capture ---------------------------------------------------------- */

/* Starts capturing |stream|: the work enqueued on it from now on is
 * recorded into a new graph instead of run, and so is the work of every
 * stream that joins the capture by waiting on an event recorded in it. In
 * |mode| Global the calls that could wait for captured work
 * ("potentially unsafe" calls: Malloc, MallocHost, Free, FreeHost,
 * synchronizing or querying a stream or an event) are refused, with
 * StreamCaptureUnsupported, in every thread whose own mode is Global while
 * the capture lasts; ThreadLocal refuses them in the capturing thread only;
 * Relaxed refuses none. Synchronizing or querying the capturing stream,
 * and DeviceSynchronize, are refused in every mode. Each refusal
 * invalidates the capture.
 * Errors: InvalidValue for an unknown mode; StreamCaptureUnsupported for
 * the legacy default stream (NULL); IllegalState if |stream| is capturing
 * already; InvalidResourceHandle for a stream that is not live. */
INFINIRT_API infinirtError_t infinirtStreamBeginCapture(
    infinirtStream_t stream, enum infinirtStreamCaptureMode mode);

/* As infinirtStreamBeginCapture, recording into the existing |graph|; the
 * first captured node depends on |dependencies| (nodes of |graph|, with
 * |dependencyData| NULL or default edges). EndCapture then returns
 * |graph|. Errors: those of infinirtStreamBeginCapture; InvalidValue for a
 * node not of |graph|; InvalidResourceHandle for a graph not live or of
 * another type than the stream. */
INFINIRT_API infinirtError_t infinirtStreamBeginCaptureToGraph(
    infinirtStream_t stream, infinirtGraph_t graph,
    const infinirtGraphNode_t *dependencies,
    const infinirtGraphEdgeData *dependencyData, size_t numDependencies,
    enum infinirtStreamCaptureMode mode);

/* Ends the capture that began on |stream| and returns its graph in
 * |*pGraph| (the caller destroys it); every stream of the capture stops
 * capturing. With |pGraph| NULL the capture ends and its graph is
 * destroyed. Errors (what they do to the capture is the H200's):
 * IllegalState if |stream| is not capturing; StreamCaptureUnmatched if the
 * capture did not begin on |stream| (it is invalidated);
 * StreamCaptureWrongThread in modes Global and ThreadLocal from another
 * thread than the one that began it (it ends, *pGraph = NULL);
 * StreamCaptureUnjoined if another stream of the capture has work the
 * origin stream has not joined (it ends, *pGraph = NULL);
 * StreamCaptureInvalidated if an error invalidated the capture (it ends,
 * *pGraph = NULL). */
INFINIRT_API infinirtError_t infinirtStreamEndCapture(infinirtStream_t stream,
                                                      infinirtGraph_t *pGraph);

/* Whether |stream| is capturing. Errors: InvalidValue if |pCaptureStatus| is
 * NULL; StreamCaptureImplicit for the legacy stream while a blocking stream
 * of its device is capturing (the capture goes on). */
INFINIRT_API infinirtError_t infinirtStreamIsCapturing(
    infinirtStream_t stream, enum infinirtStreamCaptureStatus *pCaptureStatus);

/* The capture state of |stream|: its status, and while it captures, the
 * capture's unique id, its graph (which may be added to, from this thread,
 * between captured calls) and the nodes the next captured node will depend
 * on (|*dependencies_out| and |*edgeData_out|, all default edges, stay
 * valid until the next call on the stream). Every out-parameter but
 * |captureStatus_out| may be NULL. Errors: as infinirtStreamIsCapturing. */
INFINIRT_API infinirtError_t infinirtStreamGetCaptureInfo(
    infinirtStream_t stream,
    enum infinirtStreamCaptureStatus *captureStatus_out,
    unsigned long long *id_out, infinirtGraph_t *graph_out,
    const infinirtGraphNode_t **dependencies_out,
    const infinirtGraphEdgeData **edgeData_out, size_t *numDependencies_out);

/* Replaces (infinirtStreamSetCaptureDependencies) or extends
 * (infinirtStreamAddCaptureDependencies) the nodes the next node captured
 * on |stream| will depend on. Errors: InvalidValue for other flags, a node
 * not of the capture's graph, or non-default edge data;
 * IllegalState if |stream| is not capturing. */
INFINIRT_API infinirtError_t infinirtStreamUpdateCaptureDependencies(
    infinirtStream_t stream, infinirtGraphNode_t *dependencies,
    const infinirtGraphEdgeData *dependencyData, size_t numDependencies,
    unsigned int flags);

/* Sets the calling thread's capture mode to |*mode| and returns the old
 * one in |*mode| (a thread starts in Global). The thread's mode decides
 * which captures restrict its calls: Global, every Global capture of any
 * thread and its own non-Relaxed ones; ThreadLocal, its own non-Relaxed
 * ones; Relaxed, none. Errors: InvalidValue if |mode| is NULL or names no
 * mode. */
INFINIRT_API infinirtError_t
infinirtThreadExchangeStreamCaptureMode(enum infinirtStreamCaptureMode *mode);

/* ---- building graphs -------------------------------------------------- */

/* Creates an empty graph on the current device type (|flags| must be 0).
 * Errors: InvalidValue for a NULL |pGraph| or flags; MemoryAllocation. */
INFINIRT_API infinirtError_t infinirtGraphCreate(infinirtGraph_t *pGraph,
                                                 unsigned int flags);

/* Destroys |graph| and its nodes. Executable graphs made from it are not
 * affected. Errors: InvalidResourceHandle for a graph that is not live. */
INFINIRT_API infinirtError_t infinirtGraphDestroy(infinirtGraph_t graph);

/* The Add*Node calls create a node in |graph| that depends on the
 * |numDependencies| nodes of |pDependencies| and return it in
 * |*pGraphNode|. Errors common to all: InvalidValue for a NULL |pGraphNode|,
 * a dependency not of |graph| or listed twice, a NULL array with a count;
 * InvalidResourceHandle for a graph that is not live; MemoryAllocation. */

/* A kernel launch. Errors: InvalidResourceHandle for a |func| that is no
 * kernel of the graph's type; InvalidConfiguration, InvalidValue as
 * infinirtLaunchKernel for the launch shape; InvalidValue for |extra|. */
INFINIRT_API infinirtError_t infinirtGraphAddKernelNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    const struct infinirtKernelNodeParams *pNodeParams);

/* A copy described as for infinirtMemcpy3D (no arrays). Errors: as
 * infinirtMemcpy3D's argument rules. */
INFINIRT_API infinirtError_t infinirtGraphAddMemcpyNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    const struct infinirtMemcpy3DParms *pCopyParams);

/* A copy of |count| bytes, as infinirtMemcpy. A zero count is InvalidValue
 * (a node must do something). Errors: as infinirtMemcpy's argument rules. */
INFINIRT_API infinirtError_t infinirtGraphAddMemcpyNode1D(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies, void *dst,
    const void *src, size_t count, enum infinirtMemcpyKind kind);

/* A set of a 2D region of 1-, 2- or 4-byte elements. Errors: InvalidValue
 * for a NULL destination, another element size, a zero width or height, a
 * pitch below the row's bytes (more than one row). */
INFINIRT_API infinirtError_t infinirtGraphAddMemsetNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    const struct infinirtMemsetParams *pMemsetParams);

/* A host function call (it must not call this API). Errors: InvalidValue
 * for a NULL function. */
INFINIRT_API infinirtError_t infinirtGraphAddHostNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    const struct infinirtHostNodeParams *pNodeParams);

/* A node that runs a copy of |childGraph| (taken now: later changes to
 * |childGraph| do not reach it). Errors: InvalidValue if |childGraph| is
 * |graph|; NotSupported if it has memory nodes; InvalidResourceHandle for a
 * child not live or of another type. */
INFINIRT_API infinirtError_t infinirtGraphAddChildGraphNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    infinirtGraph_t childGraph);

/* A node that does nothing: a join or fork point. */
INFINIRT_API infinirtError_t infinirtGraphAddEmptyNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies);

/* A node that records |event| (as infinirtEventRecord) / that waits for
 * |event|'s latest record at the time the node runs (as
 * infinirtStreamWaitEvent). Errors: InvalidResourceHandle for an event
 * that is not live or of another type. */
INFINIRT_API infinirtError_t infinirtGraphAddEventRecordNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    infinirtEvent_t event);
INFINIRT_API infinirtError_t infinirtGraphAddEventWaitNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    infinirtEvent_t event);

/* A memory allocation: fills |nodeParams->dptr| with the address, fixed for
 * the graph's lifetime; each launch allocates it, and a free node, a
 * FreeAsync or Free outside the graph frees it (else the next launch fails,
 * unless the exec was instantiated with AutoFreeOnLaunch). Errors:
 * InvalidValue for a zero size, handle types, a location that is not a
 * device of the graph's type, an allocation type other than Pinned, bad
 * access descriptors. */
INFINIRT_API infinirtError_t infinirtGraphAddMemAllocNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    struct infinirtMemAllocNodeParams *nodeParams);

/* A free of |dptr|, an address a memory node of this graph allocated (or
 * a graph allocation made by another graph or a captured MallocAsync).
 * Errors: InvalidValue for another address, or one this graph frees
 * already. */
INFINIRT_API infinirtError_t infinirtGraphAddMemFreeNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies, size_t numDependencies,
    void *dptr);

/* Any node, from its generic parameters; |dependencyData| may be NULL (all
 * default edges). The output fields of |nodeParams| (alloc.dptr) are
 * written. Errors: those of the typed Add call for |nodeParams->type|;
 * InvalidValue for non-zero reserved fields or edge data; NotSupported for
 * a type that is not offered (external semaphores, conditional nodes) and
 * a non-default edge type. */
INFINIRT_API infinirtError_t infinirtGraphAddNode(
    infinirtGraphNode_t *pGraphNode, infinirtGraph_t graph,
    const infinirtGraphNode_t *pDependencies,
    const infinirtGraphEdgeData *dependencyData, size_t numDependencies,
    struct infinirtGraphNodeParams *nodeParams);

/* Adds (Remove: removes) the edges from[i] -> to[i]. An edge may close a
 * cycle: GraphInstantiate refuses the graph then (as CUDA does). Errors:
 * InvalidValue for a node not of |graph|, a self edge, an edge that exists
 * already (Remove: that does not exist), NULL arrays with a count,
 * non-default edge data. Nothing changes on error. */
INFINIRT_API infinirtError_t infinirtGraphAddDependencies(
    infinirtGraph_t graph, const infinirtGraphNode_t *from,
    const infinirtGraphNode_t *to, const infinirtGraphEdgeData *edgeData,
    size_t numDependencies);
INFINIRT_API infinirtError_t infinirtGraphRemoveDependencies(
    infinirtGraph_t graph, const infinirtGraphNode_t *from,
    const infinirtGraphNode_t *to, const infinirtGraphEdgeData *edgeData,
    size_t numDependencies);

/* Removes |node| and its edges from its graph. Errors: InvalidValue for a
 * node that is not live. */
INFINIRT_API infinirtError_t infinirtGraphDestroyNode(infinirtGraphNode_t node);

/* Copies |originalGraph|, nodes, edges and parameters. Errors: InvalidValue
 * for a NULL |pGraphClone|; InvalidResourceHandle for a graph not live;
 * MemoryAllocation. */
INFINIRT_API infinirtError_t infinirtGraphClone(infinirtGraph_t *pGraphClone,
                                                infinirtGraph_t originalGraph);

/* The node of |clonedGraph| that was cloned from |originalNode|. Errors:
 * InvalidValue if there is none. */
INFINIRT_API infinirtError_t infinirtGraphNodeFindInClone(
    infinirtGraphNode_t *pNode, infinirtGraphNode_t originalNode,
    infinirtGraph_t clonedGraph);

/* ---- inspecting graphs ------------------------------------------------ */

/* The list calls: with a NULL array they store the count in |*num...|;
 * else they fill up to |*num...| entries (in creation order) and store how
 * many they filled (the rest of a longer array is set to NULL). Errors:
 * InvalidValue for a NULL count pointer (GetNodes: also an array with a
 * count of 0). */
INFINIRT_API infinirtError_t infinirtGraphGetNodes(infinirtGraph_t graph,
                                                   infinirtGraphNode_t *nodes,
                                                   size_t *numNodes);
INFINIRT_API infinirtError_t infinirtGraphGetRootNodes(
    infinirtGraph_t graph, infinirtGraphNode_t *pRootNodes,
    size_t *pNumRootNodes);
/* Edges from[i] -> to[i]; |edgeData| (may be NULL) gets default data. With
 * both arrays NULL, the count. Errors: InvalidValue if only one of |from|
 * and |to| is NULL, or |edgeData| is given without them. */
INFINIRT_API infinirtError_t infinirtGraphGetEdges(
    infinirtGraph_t graph, infinirtGraphNode_t *from, infinirtGraphNode_t *to,
    infinirtGraphEdgeData *edgeData, size_t *numEdges);
INFINIRT_API infinirtError_t infinirtGraphNodeGetDependencies(
    infinirtGraphNode_t node, infinirtGraphNode_t *pDependencies,
    infinirtGraphEdgeData *edgeData, size_t *pNumDependencies);
INFINIRT_API infinirtError_t infinirtGraphNodeGetDependentNodes(
    infinirtGraphNode_t node, infinirtGraphNode_t *pDependentNodes,
    infinirtGraphEdgeData *edgeData, size_t *pNumDependentNodes);

/* Errors: InvalidValue for a NULL |pType|. */
INFINIRT_API infinirtError_t infinirtGraphNodeGetType(
    infinirtGraphNode_t node, enum infinirtGraphNodeType *pType);

/* The typed GetParams/SetParams calls read or replace a node's parameters
 * (SetParams checks them as the Add call does). A node of another type is
 * InvalidValue. A kernel node's |kernelParams| read back point at the
 * node's own copy of the argument values, valid while the node lives. */
INFINIRT_API infinirtError_t infinirtGraphKernelNodeGetParams(
    infinirtGraphNode_t node, struct infinirtKernelNodeParams *pNodeParams);
INFINIRT_API infinirtError_t infinirtGraphKernelNodeSetParams(
    infinirtGraphNode_t node,
    const struct infinirtKernelNodeParams *pNodeParams);
INFINIRT_API infinirtError_t infinirtGraphMemcpyNodeGetParams(
    infinirtGraphNode_t node, struct infinirtMemcpy3DParms *pNodeParams);
INFINIRT_API infinirtError_t infinirtGraphMemcpyNodeSetParams(
    infinirtGraphNode_t node, const struct infinirtMemcpy3DParms *pNodeParams);
INFINIRT_API infinirtError_t infinirtGraphMemcpyNodeSetParams1D(
    infinirtGraphNode_t node, void *dst, const void *src, size_t count,
    enum infinirtMemcpyKind kind);
INFINIRT_API infinirtError_t infinirtGraphMemsetNodeGetParams(
    infinirtGraphNode_t node, struct infinirtMemsetParams *pNodeParams);
INFINIRT_API infinirtError_t infinirtGraphMemsetNodeSetParams(
    infinirtGraphNode_t node, const struct infinirtMemsetParams *pNodeParams);
INFINIRT_API infinirtError_t infinirtGraphHostNodeGetParams(
    infinirtGraphNode_t node, struct infinirtHostNodeParams *pNodeParams);
INFINIRT_API infinirtError_t infinirtGraphHostNodeSetParams(
    infinirtGraphNode_t node, const struct infinirtHostNodeParams *pNodeParams);
/* The child graph node's own graph (owned by the node: do not destroy it;
 * nodes may be added to it before the parent is instantiated). */
INFINIRT_API infinirtError_t infinirtGraphChildGraphNodeGetGraph(
    infinirtGraphNode_t node, infinirtGraph_t *pGraph);
INFINIRT_API infinirtError_t infinirtGraphEventRecordNodeGetEvent(
    infinirtGraphNode_t node, infinirtEvent_t *event_out);
INFINIRT_API infinirtError_t infinirtGraphEventRecordNodeSetEvent(
    infinirtGraphNode_t node, infinirtEvent_t event);
INFINIRT_API infinirtError_t infinirtGraphEventWaitNodeGetEvent(
    infinirtGraphNode_t node, infinirtEvent_t *event_out);
INFINIRT_API infinirtError_t infinirtGraphEventWaitNodeSetEvent(
    infinirtGraphNode_t node, infinirtEvent_t event);
INFINIRT_API infinirtError_t infinirtGraphMemAllocNodeGetParams(
    infinirtGraphNode_t node, struct infinirtMemAllocNodeParams *params_out);
/* |dptr_out| is a `void **` as CUDA declares it `void *`. */
INFINIRT_API infinirtError_t
infinirtGraphMemFreeNodeGetParams(infinirtGraphNode_t node, void *dptr_out);
/* Replaces a node's parameters from generic ones of its own type (kernel,
 * memcpy, memset, host, event record and wait, child graph). Errors:
 * InvalidValue for another type, a memory node, reserved fields. */
INFINIRT_API infinirtError_t infinirtGraphNodeSetParams(
    infinirtGraphNode_t node, struct infinirtGraphNodeParams *nodeParams);

/* Writes |graph| to |path| in Graphviz DOT form, one vertex per node
 * labelled with its type (and with its parameters under |flags|'s
 * *Params bits or Verbose, its handle under Handles; other bits are
 * ignored). Errors: InvalidValue for a NULL path; OperatingSystem if the
 * file cannot be written. */
INFINIRT_API infinirtError_t infinirtGraphDebugDotPrint(infinirtGraph_t graph,
                                                        const char *path,
                                                        unsigned int flags);

/* ---- executable graphs ------------------------------------------------ */

/* Makes an executable graph of |graph|: a snapshot that later changes to
 * |graph| do not touch, launched with infinirtGraphLaunch. |flags|:
 * infinirtGraphInstantiateFlag AutoFreeOnLaunch, UseNodePriority (Upload
 * only through infinirtGraphInstantiateWithParams). Errors: InvalidValue
 * for a NULL |pGraphExec|, unknown flags, or a cycle; NotSupported for a
 * graph with memory nodes that has an executable graph already;
 * MemoryAllocation. */
INFINIRT_API infinirtError_t
infinirtGraphInstantiate(infinirtGraphExec_t *pGraphExec, infinirtGraph_t graph,
                         unsigned long long flags);
INFINIRT_API infinirtError_t infinirtGraphInstantiateWithFlags(
    infinirtGraphExec_t *pGraphExec, infinirtGraph_t graph,
    unsigned long long flags);
/* As infinirtGraphInstantiateWithFlags, with the flags, the upload stream
 * and, on failure, the reason and the failing node in |instantiateParams|. */
INFINIRT_API infinirtError_t infinirtGraphInstantiateWithParams(
    infinirtGraphExec_t *pGraphExec, infinirtGraph_t graph,
    infinirtGraphInstantiateParams *instantiateParams);
/* The flags |graphExec| was instantiated with. */
INFINIRT_API infinirtError_t infinirtGraphExecGetFlags(
    infinirtGraphExec_t graphExec, unsigned long long *flags);

/* Prepares |graphExec| for launching on |stream| (in stream order); the
 * CPU has nothing to prepare. Errors: InvalidResourceHandle for handles
 * not live or of different types. */
INFINIRT_API infinirtError_t infinirtGraphUpload(infinirtGraphExec_t graphExec,
                                                 infinirtStream_t stream);

/* Runs |graphExec| on |stream|: it starts after the work enqueued on
 * |stream| before and, as one unit, the work enqueued later waits for all
 * of it. Launches of one executable graph run one at a time, in the order
 * they were made, whatever their streams. Errors: InvalidResourceHandle
 * for handles not live or of different types; InvalidValue if a memory
 * node's allocation of the previous launch was not freed (without
 * AutoFreeOnLaunch); MemoryAllocation; StreamCaptureUnsupported into a
 * capturing stream (the capture is invalidated, as on the H200). */
INFINIRT_API infinirtError_t infinirtGraphLaunch(infinirtGraphExec_t graphExec,
                                                 infinirtStream_t stream);

/* Destroys |graphExec|; launches already made complete first (the call
 * does not wait for them). */
INFINIRT_API infinirtError_t
infinirtGraphExecDestroy(infinirtGraphExec_t graphExec);

/* The Exec*SetParams calls change, for the launches made afterwards, the
 * parameters of the node of |hGraphExec| instantiated from |node| (a node
 * of the graph it was made from). The node keeps its type; a kernel node
 * keeps its device. Errors: InvalidValue for a node that is not of that
 * graph, of another type, or parameters the Add call would refuse. */
INFINIRT_API infinirtError_t infinirtGraphExecKernelNodeSetParams(
    infinirtGraphExec_t hGraphExec, infinirtGraphNode_t node,
    const struct infinirtKernelNodeParams *pNodeParams);
INFINIRT_API infinirtError_t infinirtGraphExecMemcpyNodeSetParams(
    infinirtGraphExec_t hGraphExec, infinirtGraphNode_t node,
    const struct infinirtMemcpy3DParms *pNodeParams);
INFINIRT_API infinirtError_t infinirtGraphExecMemcpyNodeSetParams1D(
    infinirtGraphExec_t hGraphExec, infinirtGraphNode_t node, void *dst,
    const void *src, size_t count, enum infinirtMemcpyKind kind);
INFINIRT_API infinirtError_t infinirtGraphExecMemsetNodeSetParams(
    infinirtGraphExec_t hGraphExec, infinirtGraphNode_t node,
    const struct infinirtMemsetParams *pNodeParams);
INFINIRT_API infinirtError_t infinirtGraphExecHostNodeSetParams(
    infinirtGraphExec_t hGraphExec, infinirtGraphNode_t node,
    const struct infinirtHostNodeParams *pNodeParams);
/* The child graph must have the topology of the one instantiated. */
INFINIRT_API infinirtError_t infinirtGraphExecChildGraphNodeSetParams(
    infinirtGraphExec_t hGraphExec, infinirtGraphNode_t node,
    infinirtGraph_t childGraph);
INFINIRT_API infinirtError_t infinirtGraphExecEventRecordNodeSetEvent(
    infinirtGraphExec_t hGraphExec, infinirtGraphNode_t hNode,
    infinirtEvent_t event);
INFINIRT_API infinirtError_t infinirtGraphExecEventWaitNodeSetEvent(
    infinirtGraphExec_t hGraphExec, infinirtGraphNode_t hNode,
    infinirtEvent_t event);
INFINIRT_API infinirtError_t infinirtGraphExecNodeSetParams(
    infinirtGraphExec_t graphExec, infinirtGraphNode_t node,
    struct infinirtGraphNodeParams *nodeParams);

/* Disables (|isEnabled| 0: the node does nothing when launched, its
 * dependencies still hold) or enables a kernel, memcpy or memset node of
 * |hGraphExec|. Errors: InvalidValue for another node type or a node not
 * of the exec's graph. */
INFINIRT_API infinirtError_t
infinirtGraphNodeSetEnabled(infinirtGraphExec_t hGraphExec,
                            infinirtGraphNode_t hNode, unsigned int isEnabled);
INFINIRT_API infinirtError_t
infinirtGraphNodeGetEnabled(infinirtGraphExec_t hGraphExec,
                            infinirtGraphNode_t hNode, unsigned int *isEnabled);

/* Gives |hGraphExec| the parameters of |hGraph|, a graph of the same
 * topology (the same nodes, pairwise of the same type, in the same order of
 * creation, with the same edges), without instantiating again. On failure
 * nothing changes and |resultInfo| (not NULL) says why and where:
 * TopologyChanged, NodeTypeChanged, FunctionChanged (a kernel node's
 * device), ParametersChanged (a memory node's, an event node's kind),
 * NotSupported. |resultInfo| may be NULL. Errors: GraphExecUpdateFailure
 * with the result set. */
INFINIRT_API infinirtError_t
infinirtGraphExecUpdate(infinirtGraphExec_t hGraphExec, infinirtGraph_t hGraph,
                        infinirtGraphExecUpdateResultInfo *resultInfo);

/* ---- graph memory ----------------------------------------------------- */

/* Releases the memory a device keeps for graph allocations that no graph
 * is using. Errors: InvalidDevice. */
INFINIRT_API infinirtError_t infinirtDeviceGraphMemTrim(int device);
/* Graph memory of |device|: |value| is a uint64_t *. The high marks can be
 * set only to 0 (resetting them); the current ones are read-only.
 * Errors: InvalidDevice; InvalidValue for an unknown attribute, a NULL
 * |value|, a set of a current value or a non-zero mark. */
INFINIRT_API infinirtError_t infinirtDeviceGetGraphMemAttribute(
    int device, enum infinirtGraphMemAttributeType attr, void *value);
INFINIRT_API infinirtError_t infinirtDeviceSetGraphMemAttribute(
    int device, enum infinirtGraphMemAttributeType attr, void *value);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* INFINIRT_GRAPH_H_ */
