/*
 * nv_graph.h - the NVIDIA backend's graph handles: registered wrappers of
 * the driver's graphs, nodes and executable graphs (nv_graph.c,
 * nv_graph_inspect.c, nv_graph_exec.c, nv_capture.c), and the conversions
 * of node parameters to the driver's (nv_graph_params.c).
 *
 * Every driver graph we hand out has one wrapper (a map from CUgraph finds
 * it, so that a capture's graph is the same handle from GetCaptureInfo to
 * EndCapture); every driver node we hand out has one wrapper in its graph's
 * map, made when we add the node or lazily for nodes the driver made
 * (captures, clones). A graph owns its node wrappers; a child graph node
 * owns the wrapper of its graph. Thread safety: the graph map has its own
 * lock, each graph a lock for its node map and its nodes' fields; the order
 * is a graph's lock, then the map's lock.
 */
#ifndef INFINIRT_NVIDIA_NV_GRAPH_H_
#define INFINIRT_NVIDIA_NV_GRAPH_H_

#include "nv.h"
#include "nv_ptrmap.h"

typedef struct infinirt_nv_node infinirt_nv_node;

typedef struct infinirt_nv_graph {
  infinirt_handle h; /* first: the core reads it */
  CUgraph cu;
  pthread_mutex_t lock;        /* guards |nodes| and the nodes' fields */
  infinirt_nv_ptrmap nodes;    /* CUgraphNode -> infinirt_nv_node */
  infinirt_node_blocks blocks; /* where the node wrappers live */
  infinirt_nv_node *owner; /* a child graph's node (it owns |cu|), or NULL */
  /* Made for a capture's graph before EndCapture returned it: dropped if
   * the capture of |capture_id| fails (the driver destroys the graph). */
  bool of_capture;
  unsigned long long capture_id;
} infinirt_nv_graph;

struct infinirt_nv_node {
  infinirt_handle h;
  CUgraphNode cu;
  infinirt_nv_graph *graph;
  /* A kernel node's kernel as given, NULL until given (the driver is asked
   * then). */
  infinirt_nv_kernel *kernel;
  infinirt_nv_graph *child; /* a child graph node's graph, once asked for */
  /* A memcpy node's parameters as given, read back as they were. */
  bool has_copy;
  struct infinirtMemcpy3DParms copy;
};

typedef struct infinirt_nv_exec {
  infinirt_handle h;
  CUgraphExec cu;
  infinirt_nv_link link; /* in its device's list: DeviceReset ends it */
} infinirt_nv_exec;

/* NotSupported from an entry whose driver function is missing. */
#define NV_NEED(field)                                                         \
  do {                                                                         \
    if (!infinirt_nv_sym.field)                                                \
      return infinirt_nv_missing(#field);                                      \
  } while (0)

/* The wrapper of |cu|, made (and registered, on device |dev|, owned by
 * |owner| if a child graph) if it has none; |*made| (if not NULL) says
 * whether it was. */
infinirtError_t infinirt_nv_graph_wrap(CUgraph cu, int dev,
                                       infinirt_nv_node *owner,
                                       infinirt_nv_graph **out, bool *made);
/* Unregisters and frees |g|, its node wrappers and theirs (not the driver's
 * graph). */
void infinirt_nv_graph_free(infinirt_nv_graph *g);
/* Frees the wrappers made for the graph of the capture |id| (it failed). */
void infinirt_nv_graph_drop_capture(unsigned long long id);
/* The wrapper of node |cu| of |g|, made if it has none. */
infinirtError_t infinirt_nv_node_wrap(infinirt_nv_graph *g, CUgraphNode cu,
                                      infinirt_nv_node **out);
/* Our wrappers of the driver's nodes |cu[0..n)| of |g| into |out| (NULL
 * stays NULL); |out| is written only if all succeed. */
infinirtError_t infinirt_nv_nodes_wrap(infinirt_nv_graph *g,
                                       const CUgraphNode *cu, size_t n,
                                       infinirtGraphNode_t *out);

/* A dependency array in the driver's terms. */
typedef struct infinirt_nv_deps {
  CUgraphNode *p;
  CUgraphNode small[16];
} infinirt_nv_deps;

/* The driver nodes of |nodes[0..n)|, each of |g| (else InvalidValue; NULL
 * |g|: any graph's). */
infinirtError_t infinirt_nv_deps_get(infinirt_nv_deps *d,
                                     const infinirt_nv_graph *g,
                                     const infinirtGraphNode_t *nodes, size_t n,
                                     const char *what);
void infinirt_nv_deps_free(infinirt_nv_deps *d);

/* ---- parameters (nv_graph_params.c) ------------------------------------ */

/* The context and device of the calling thread, which runs the nodes the
 * call makes (as cudart's current context does). */
infinirtError_t infinirt_nv_graph_ctx(int *dev, CUcontext *ctx);

/* A kernel node's parameters, checked as LaunchKernel checks them. */
infinirtError_t infinirt_nv_kernel_params(void *func, infinirtDim3 grid,
                                          infinirtDim3 block,
                                          unsigned int shared, void **args,
                                          int dev, CUcontext ctx,
                                          CUDA_KERNEL_NODE_PARAMS_v2 *c);
/* The kernel handle of a driver kernel node's parameters (or the driver's
 * handle, if it is no kernel of ours). */
void *infinirt_nv_kernel_of_params(const CUDA_KERNEL_NODE_PARAMS_v2 *c);
void infinirt_nv_copy_params(const struct infinirtMemcpy3DParms *p,
                             CUDA_MEMCPY3D *c);
/* A 1D copy as the 3D copy of one row. */
struct infinirtMemcpy3DParms infinirt_nv_copy_1d(void *dst, const void *src,
                                                 size_t count,
                                                 enum infinirtMemcpyKind kind);
void infinirt_nv_copy_of_driver(const CUDA_MEMCPY3D *c,
                                struct infinirtMemcpy3DParms *p);
infinirtError_t infinirt_nv_host_params(infinirtHostFn_t fn, void *data,
                                        CUDA_HOST_NODE_PARAMS *c);
/* |*descs| is the driver's copy of the access descriptors, freed by the
 * caller after the call. */
infinirtError_t
infinirt_nv_alloc_params(const struct infinirtMemAllocNodeParams *p,
                         CUDA_MEM_ALLOC_NODE_PARAMS *c,
                         CUmemAccessDesc **descs);
void infinirt_nv_alloc_of_driver(const CUDA_MEM_ALLOC_NODE_PARAMS *c,
                                 struct infinirtMemAllocNodeParams *p);
/* The generic parameters; |*descs| as for infinirt_nv_alloc_params. */
infinirtError_t
infinirt_nv_generic_params(const struct infinirtGraphNodeParams *p, int dev,
                           CUcontext ctx, CUgraphNodeParams *c,
                           CUmemAccessDesc **descs);
/* What a node remembers of parameters the driver took. */
void infinirt_nv_node_remember(infinirt_nv_node *n,
                               const struct infinirtGraphNodeParams *p);

#endif /* INFINIRT_NVIDIA_NV_GRAPH_H_ */
