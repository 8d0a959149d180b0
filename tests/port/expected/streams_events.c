/*
 * streams_events.c - copies split over several streams, timed with events,
 * with a stream callback and a host function reporting each stream's end:
 * the host side of a typical overlap benchmark.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <infinirt_runtime_api.h>

#define NSTREAMS 4

#define INFINIRT_CHECK(call)                                                       \
  do {                                                                         \
    infinirtError_t status_ = (call);                                              \
    if (status_ != infinirtSuccess) {                                              \
      fprintf(stderr, "%s:%d: CUDA call '%s' failed: %s\n", __FILE__,          \
              __LINE__, #call, infinirtGetErrorString(status_));                   \
      exit(EXIT_FAILURE);                                                      \
    }                                                                          \
  } while (0)

struct stream_report {
  int callbacks; /* infinirtStreamAddCallback calls seen */
  int host_fns;  /* infinirtLaunchHostFunc calls seen */
  infinirtError_t status;
};

/* Runs on a runtime thread once the stream's earlier work is done. */
static void INFINIRTRT_CB stream_done(infinirtStream_t stream, infinirtError_t status,
                                  void *user) {
  struct stream_report *r = user;
  (void)stream;
  r->status = status;
  r->callbacks++;
}

static void INFINIRTRT_CB host_step(void *user) {
  struct stream_report *r = user;
  r->host_fns++;
}

int main(void) {
  const size_t n = 1 << 18, chunk = n / NSTREAMS;
  const size_t bytes = n * sizeof(float);
  infinirtStream_t streams[NSTREAMS];
  struct stream_report reports[NSTREAMS];
  memset(reports, 0, sizeof reports);

  int least = 0, greatest = 0;
  INFINIRT_CHECK(infinirtDeviceGetStreamPriorityRange(&least, &greatest));
  for (int i = 0; i < NSTREAMS; i++) {
    int priority = i == 0 ? greatest : least;
    INFINIRT_CHECK(
        infinirtStreamCreateWithPriority(&streams[i], infinirtStreamDefault, priority));
  }
  infinirtStream_t side;
  INFINIRT_CHECK(infinirtStreamCreateWithFlags(&side, infinirtStreamNonBlocking));

  float *h_in = NULL, *h_out = NULL, *d_buf = NULL;
  INFINIRT_CHECK(infinirtMallocHost((void **)&h_in, bytes));
  INFINIRT_CHECK(infinirtHostAlloc((void **)&h_out, bytes, infinirtHostAllocDefault));
  INFINIRT_CHECK(infinirtMalloc((void **)&d_buf, bytes));
  for (size_t i = 0; i < n; i++)
    h_in[i] = (float)i;

  infinirtEvent_t start, stop, side_ready;
  INFINIRT_CHECK(infinirtEventCreate(&start));
  INFINIRT_CHECK(infinirtEventCreateWithFlags(&stop, infinirtEventBlockingSync));
  INFINIRT_CHECK(infinirtEventCreateWithFlags(&side_ready, infinirtEventDisableTiming));

  INFINIRT_CHECK(infinirtEventRecord(start, 0));
  for (int i = 0; i < NSTREAMS; i++) {
    size_t off = i * chunk;
    INFINIRT_CHECK(infinirtMemcpyAsync(d_buf + off, h_in + off, chunk * sizeof(float),
                               infinirtMemcpyHostToDevice, streams[i]));
    INFINIRT_CHECK(infinirtMemcpyAsync(h_out + off, d_buf + off, chunk * sizeof(float),
                               infinirtMemcpyDeviceToHost, streams[i]));
    INFINIRT_CHECK(infinirtStreamAddCallback(streams[i], stream_done, &reports[i], 0));
    INFINIRT_CHECK(infinirtLaunchHostFunc(streams[i], host_step, &reports[i]));
  }
  /* The legacy stream waits for the blocking streams above. */
  INFINIRT_CHECK(infinirtEventRecord(stop, 0));

  /* The non-blocking stream orders itself only through the event. */
  INFINIRT_CHECK(infinirtEventRecord(side_ready, streams[0]));
  INFINIRT_CHECK(infinirtStreamWaitEvent(side, side_ready, 0));
  INFINIRT_CHECK(infinirtMemsetAsync(d_buf, 0, chunk * sizeof(float), side));

  INFINIRT_CHECK(infinirtEventSynchronize(stop));
  float ms = 0.0f;
  INFINIRT_CHECK(infinirtEventElapsedTime(&ms, start, stop));
  if (infinirtEventQuery(stop) != infinirtSuccess) {
    fprintf(stderr, "cudaEventQuery: stop has not completed\n");
    return EXIT_FAILURE;
  }
  INFINIRT_CHECK(infinirtStreamSynchronize(side));

#if INFINIRTRT_VERSION >= 12000
  /* Stream identifiers came with CUDA 12.0. */
  unsigned long long id0 = 0, id1 = 0;
  INFINIRT_CHECK(infinirtStreamGetId(streams[0], &id0));
  INFINIRT_CHECK(infinirtStreamGetId(streams[1], &id1));
  if (id0 == id1) {
    fprintf(stderr, "two streams share the id %llu\n", id0);
    return EXIT_FAILURE;
  }
#endif
#if INFINIRTRT_VERSION >= 11010
  INFINIRT_CHECK(
      infinirtEventRecordWithFlags(side_ready, side, infinirtEventRecordDefault));
#else
  INFINIRT_CHECK(infinirtEventRecord(side_ready, side));
#endif
  INFINIRT_CHECK(infinirtDeviceSynchronize());

  for (size_t i = 0; i < n; i++) {
    if (h_out[i] != h_in[i]) {
      fprintf(stderr, "element %zu is %g, expected %g\n", i, (double)h_out[i],
              (double)h_in[i]);
      return EXIT_FAILURE;
    }
  }
  for (int i = 0; i < NSTREAMS; i++) {
    if (reports[i].callbacks != 1 || reports[i].host_fns != 1 ||
        reports[i].status != infinirtSuccess) {
      fprintf(stderr, "stream %d: %d callbacks, %d host functions\n", i,
              reports[i].callbacks, reports[i].host_fns);
      return EXIT_FAILURE;
    }
    unsigned int flags = 1;
    INFINIRT_CHECK(infinirtStreamGetFlags(streams[i], &flags));
    INFINIRT_CHECK(infinirtStreamQuery(streams[i]));
    INFINIRT_CHECK(infinirtStreamDestroy(streams[i]));
    if (flags != infinirtStreamDefault) {
      fprintf(stderr, "stream %d has flags %u\n", i, flags);
      return EXIT_FAILURE;
    }
  }
  INFINIRT_CHECK(infinirtStreamDestroy(side));
  INFINIRT_CHECK(infinirtEventDestroy(start));
  INFINIRT_CHECK(infinirtEventDestroy(stop));
  INFINIRT_CHECK(infinirtEventDestroy(side_ready));
  INFINIRT_CHECK(infinirtFree(d_buf));
  INFINIRT_CHECK(infinirtFreeHost(h_out));
  INFINIRT_CHECK(infinirtFreeHost(h_in));
  printf("%d streams, cudaEventElapsedTime %s\n", NSTREAMS,
         ms >= 0.0f ? "non-negative" : "NEGATIVE");
  return ms >= 0.0f ? EXIT_SUCCESS : EXIT_FAILURE;
}
