/*
 * streams_events.c - copies split over several streams, timed with events,
 * with a stream callback and a host function reporting each stream's end:
 * the host side of a typical overlap benchmark.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cuda_runtime_api.h>

#define NSTREAMS 4

#define CUDA_CHECK(call)                                                       \
  do {                                                                         \
    cudaError_t status_ = (call);                                              \
    if (status_ != cudaSuccess) {                                              \
      fprintf(stderr, "%s:%d: CUDA call '%s' failed: %s\n", __FILE__,          \
              __LINE__, #call, cudaGetErrorString(status_));                   \
      exit(EXIT_FAILURE);                                                      \
    }                                                                          \
  } while (0)

struct stream_report {
  int callbacks; /* cudaStreamAddCallback calls seen */
  int host_fns;  /* cudaLaunchHostFunc calls seen */
  cudaError_t status;
};

/* Runs on a runtime thread once the stream's earlier work is done. */
static void CUDART_CB stream_done(cudaStream_t stream, cudaError_t status,
                                  void *user) {
  struct stream_report *r = user;
  (void)stream;
  r->status = status;
  r->callbacks++;
}

static void CUDART_CB host_step(void *user) {
  struct stream_report *r = user;
  r->host_fns++;
}

int main(void) {
  const size_t n = 1 << 18, chunk = n / NSTREAMS;
  const size_t bytes = n * sizeof(float);
  cudaStream_t streams[NSTREAMS];
  struct stream_report reports[NSTREAMS];
  memset(reports, 0, sizeof reports);

  int least = 0, greatest = 0;
  CUDA_CHECK(cudaDeviceGetStreamPriorityRange(&least, &greatest));
  for (int i = 0; i < NSTREAMS; i++) {
    int priority = i == 0 ? greatest : least;
    CUDA_CHECK(
        cudaStreamCreateWithPriority(&streams[i], cudaStreamDefault, priority));
  }
  cudaStream_t side;
  CUDA_CHECK(cudaStreamCreateWithFlags(&side, cudaStreamNonBlocking));

  float *h_in = NULL, *h_out = NULL, *d_buf = NULL;
  CUDA_CHECK(cudaMallocHost((void **)&h_in, bytes));
  CUDA_CHECK(cudaHostAlloc((void **)&h_out, bytes, cudaHostAllocDefault));
  CUDA_CHECK(cudaMalloc((void **)&d_buf, bytes));
  for (size_t i = 0; i < n; i++)
    h_in[i] = (float)i;

  cudaEvent_t start, stop, side_ready;
  CUDA_CHECK(cudaEventCreate(&start));
  CUDA_CHECK(cudaEventCreateWithFlags(&stop, cudaEventBlockingSync));
  CUDA_CHECK(cudaEventCreateWithFlags(&side_ready, cudaEventDisableTiming));

  CUDA_CHECK(cudaEventRecord(start, 0));
  for (int i = 0; i < NSTREAMS; i++) {
    size_t off = i * chunk;
    CUDA_CHECK(cudaMemcpyAsync(d_buf + off, h_in + off, chunk * sizeof(float),
                               cudaMemcpyHostToDevice, streams[i]));
    CUDA_CHECK(cudaMemcpyAsync(h_out + off, d_buf + off, chunk * sizeof(float),
                               cudaMemcpyDeviceToHost, streams[i]));
    CUDA_CHECK(cudaStreamAddCallback(streams[i], stream_done, &reports[i], 0));
    CUDA_CHECK(cudaLaunchHostFunc(streams[i], host_step, &reports[i]));
  }
  /* The legacy stream waits for the blocking streams above. */
  CUDA_CHECK(cudaEventRecord(stop, 0));

  /* The non-blocking stream orders itself only through the event. */
  CUDA_CHECK(cudaEventRecord(side_ready, streams[0]));
  CUDA_CHECK(cudaStreamWaitEvent(side, side_ready, 0));
  CUDA_CHECK(cudaMemsetAsync(d_buf, 0, chunk * sizeof(float), side));

  CUDA_CHECK(cudaEventSynchronize(stop));
  float ms = 0.0f;
  CUDA_CHECK(cudaEventElapsedTime(&ms, start, stop));
  if (cudaEventQuery(stop) != cudaSuccess) {
    fprintf(stderr, "cudaEventQuery: stop has not completed\n");
    return EXIT_FAILURE;
  }
  CUDA_CHECK(cudaStreamSynchronize(side));

#if CUDART_VERSION >= 12000
  /* Stream identifiers came with CUDA 12.0. */
  unsigned long long id0 = 0, id1 = 0;
  CUDA_CHECK(cudaStreamGetId(streams[0], &id0));
  CUDA_CHECK(cudaStreamGetId(streams[1], &id1));
  if (id0 == id1) {
    fprintf(stderr, "two streams share the id %llu\n", id0);
    return EXIT_FAILURE;
  }
#endif
#if CUDART_VERSION >= 11010
  CUDA_CHECK(
      cudaEventRecordWithFlags(side_ready, side, cudaEventRecordDefault));
#else
  CUDA_CHECK(cudaEventRecord(side_ready, side));
#endif
  CUDA_CHECK(cudaDeviceSynchronize());

  for (size_t i = 0; i < n; i++) {
    if (h_out[i] != h_in[i]) {
      fprintf(stderr, "element %zu is %g, expected %g\n", i, (double)h_out[i],
              (double)h_in[i]);
      return EXIT_FAILURE;
    }
  }
  for (int i = 0; i < NSTREAMS; i++) {
    if (reports[i].callbacks != 1 || reports[i].host_fns != 1 ||
        reports[i].status != cudaSuccess) {
      fprintf(stderr, "stream %d: %d callbacks, %d host functions\n", i,
              reports[i].callbacks, reports[i].host_fns);
      return EXIT_FAILURE;
    }
    unsigned int flags = 1;
    CUDA_CHECK(cudaStreamGetFlags(streams[i], &flags));
    CUDA_CHECK(cudaStreamQuery(streams[i]));
    CUDA_CHECK(cudaStreamDestroy(streams[i]));
    if (flags != cudaStreamDefault) {
      fprintf(stderr, "stream %d has flags %u\n", i, flags);
      return EXIT_FAILURE;
    }
  }
  CUDA_CHECK(cudaStreamDestroy(side));
  CUDA_CHECK(cudaEventDestroy(start));
  CUDA_CHECK(cudaEventDestroy(stop));
  CUDA_CHECK(cudaEventDestroy(side_ready));
  CUDA_CHECK(cudaFree(d_buf));
  CUDA_CHECK(cudaFreeHost(h_out));
  CUDA_CHECK(cudaFreeHost(h_in));
  printf("%d streams, cudaEventElapsedTime %s\n", NSTREAMS,
         ms >= 0.0f ? "non-negative" : "NEGATIVE");
  return ms >= 0.0f ? EXIT_SUCCESS : EXIT_FAILURE;
}
