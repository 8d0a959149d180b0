/* eval_crosscheck - issue 13 item 9: time the example kernels' saxpy with
 * an event loop written directly against cudart (no infinirt), with the
 * protocol of infinirt-bench's hot mode (docs/eval.md, Timing rules), so the
 * two can be compared on the same GPU.
 *
 *   eval_crosscheck FATBIN [--kernel saxpy] [--sizes 2^20,2^22,...]
 *       [--number N[,N2,...]] [--repeat R] [--warmup W] [--min-repeat-ms X]
 *       [--block B] [--device D] [--json FILE]
 *
 * FATBIN is <build>/examples/kernels/infinirt_example_kernels/
 * infinirt_example_kernels.fatbin, the image infinirt-bench --lib loads.
 * --number takes one value for all sizes or one per size (in --sizes order),
 * so the script can pass the numbers infinirt-bench chose. The kernel is
 *   saxpy(float a, const float *x, float *y, unsigned long long n)
 * launched as infinirt-bench's example: grid n/256, block 256, a = 2,
 * x uniform in [-1, 1), y zeros; one untimed run per size checks y = a x. */
#include <cuda_runtime.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <algorithm>
#include <string>
#include <vector>

#define CK(call)                                                               \
  do {                                                                         \
    cudaError_t e_ = (call);                                                   \
    if (e_ != cudaSuccess) {                                                   \
      fprintf(stderr, "eval_crosscheck: %s failed: %s (%s:%d)\n", #call,       \
              cudaGetErrorString(e_), __FILE__, __LINE__);                     \
      exit(1);                                                                 \
    }                                                                          \
  } while (0)

static void usage(const char *why) {
  if (why)
    fprintf(stderr, "eval_crosscheck: %s\n", why);
  fprintf(stderr,
          "usage: eval_crosscheck FATBIN [--kernel NAME] [--sizes LIST]\n"
          "         [--number N[,N...]] [--repeat R] [--warmup W]\n"
          "         [--min-repeat-ms X] [--block B] [--device D] "
          "[--json FILE]\n"
          "  LIST: comma-separated sizes, each an integer or B^E "
          "(default 2^20,2^22,2^24,2^26)\n");
  exit(why ? 2 : 0);
}

/* An integer or B^E (the --axis values the lead types). */
static uint64_t parse_size(const char *s) {
  char *end;
  unsigned long long b = strtoull(s, &end, 10);
  if (end == s)
    usage("a size is an integer or B^E");
  if (*end == '^') {
    const char *e = end + 1;
    unsigned long long x = strtoull(e, &end, 10);
    if (end == e || x > 63)
      usage("bad exponent in a size");
    unsigned long long v = 1;
    for (unsigned long long i = 0; i < x; i++)
      v *= b;
    b = v;
  }
  if (*end || b == 0)
    usage("a size is a positive integer or B^E");
  return b;
}

static std::vector<uint64_t> parse_list(const char *s, int sizes) {
  std::vector<uint64_t> v;
  std::string all(s);
  size_t p = 0;
  while (p <= all.size()) {
    size_t q = all.find(',', p);
    if (q == std::string::npos)
      q = all.size();
    std::string item = all.substr(p, q - p);
    if (sizes) {
      v.push_back(parse_size(item.c_str()));
    } else {
      char *end;
      long x = strtol(item.c_str(), &end, 10);
      if (end == item.c_str() || *end || x < 1 || x > (1L << 30))
        usage("--number wants integers in 1..2^30");
      v.push_back((uint64_t)x);
    }
    p = q + 1;
  }
  return v;
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

struct Run {
  cudaKernel_t kernel;
  cudaStream_t stream;
  cudaEvent_t ev0, ev1;
  dim3 grid, block;
  void *args[4];
};

static void launch(const Run &r) {
  // A cudaKernel_t is accepted wherever cudaLaunchKernel takes a function.
  CK(cudaLaunchKernel((const void *)r.kernel, r.grid, r.block, (void **)r.args,
                      0, r.stream));
}

/* One sample: |number| launches between two events; device ms of all. */
static double sample(const Run &r, long number, double *wall_ms) {
  double t0 = now_ms();
  CK(cudaEventRecord(r.ev0, r.stream));
  for (long i = 0; i < number; i++)
    launch(r);
  CK(cudaEventRecord(r.ev1, r.stream));
  CK(cudaEventSynchronize(r.ev1));
  *wall_ms = now_ms() - t0;
  float ms = 0;
  CK(cudaEventElapsedTime(&ms, r.ev0, r.ev1));
  return ms;
}

struct Stats {
  double mean, median, min, max, sd, wall_mean;
};

/* Sample stddev (n - 1) and the median of an even count as the mean of the
 * middle two, as src/eval/eval_report.c computes them. */
static Stats stats(std::vector<double> v, const std::vector<double> &wall) {
  Stats s = {0, 0, 0, 0, 0, 0};
  size_t n = v.size();
  for (double x : v)
    s.mean += x;
  s.mean /= (double)n;
  for (double x : v)
    s.sd += (x - s.mean) * (x - s.mean);
  s.sd = n > 1 ? sqrt(s.sd / (double)(n - 1)) : 0;
  for (double x : wall)
    s.wall_mean += x;
  s.wall_mean /= (double)n;
  std::sort(v.begin(), v.end());
  s.min = v[0];
  s.max = v[n - 1];
  s.median = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  return s;
}

int main(int argc, char **argv) {
  const char *fatbin = NULL, *kname = "saxpy", *json = NULL;
  std::vector<uint64_t> sizes = {1ull << 20, 1ull << 22, 1ull << 24,
                                 1ull << 26};
  std::vector<uint64_t> numbers = {1};
  int repeat = 10, warmup = 1, blk = 256, dev = 0;
  double min_repeat_ms = 0;
  for (int i = 1; i < argc; i++) {
    const char *o = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(o, "--help") == 0 || strcmp(o, "-h") == 0)
      usage(NULL);
    if (o[0] != '-') {
      if (fatbin)
        usage("one FATBIN only");
      fatbin = o;
      continue;
    }
    if (!v)
      usage("an option wants a value");
    i++;
    if (strcmp(o, "--kernel") == 0)
      kname = v;
    else if (strcmp(o, "--sizes") == 0)
      sizes = parse_list(v, 1);
    else if (strcmp(o, "--number") == 0)
      numbers = parse_list(v, 0);
    else if (strcmp(o, "--repeat") == 0)
      repeat = atoi(v);
    else if (strcmp(o, "--warmup") == 0)
      warmup = atoi(v);
    else if (strcmp(o, "--min-repeat-ms") == 0)
      min_repeat_ms = atof(v);
    else if (strcmp(o, "--block") == 0)
      blk = atoi(v);
    else if (strcmp(o, "--device") == 0)
      dev = atoi(v);
    else if (strcmp(o, "--json") == 0)
      json = v;
    else
      usage("unknown option");
  }
  if (!fatbin)
    usage("FATBIN is required");
  if (repeat < 1 || warmup < 0 || blk < 1 || min_repeat_ms < 0)
    usage("--repeat >= 1, --warmup >= 0, --block >= 1, --min-repeat-ms >= 0");
  if (numbers.size() != 1 && numbers.size() != sizes.size())
    usage("--number: one value, or one per size");

  CK(cudaSetDevice(dev));
  cudaDeviceProp prop;
  CK(cudaGetDeviceProperties(&prop, dev));
  // CUDA 13 dropped the clock fields of cudaDeviceProp: the attributes
  // are what infinirt's peaks() reads too (through the driver).
  int memclk = 0, bus = 0;
  CK(cudaDeviceGetAttribute(&memclk, cudaDevAttrMemoryClockRate, dev));
  CK(cudaDeviceGetAttribute(&bus, cudaDevAttrGlobalMemoryBusWidth, dev));
  int rt = 0, drv = 0;
  CK(cudaRuntimeGetVersion(&rt));
  CK(cudaDriverGetVersion(&drv));

  cudaLibrary_t lib;
  CK(cudaLibraryLoadFromFile(&lib, fatbin, NULL, NULL, 0, NULL, NULL, 0));
  Run r;
  CK(cudaLibraryGetKernel(&r.kernel, lib, kname));
  // infinirt's eval times on a non-blocking stream of its own.
  CK(cudaStreamCreateWithFlags(&r.stream, cudaStreamNonBlocking));
  CK(cudaEventCreate(&r.ev0));
  CK(cudaEventCreate(&r.ev1));

  printf("# eval_crosscheck: %s from %s on %s (sm_%d%d), cudart %d, driver "
         "%d\n\n",
         kname, fatbin, prop.name, prop.major, prop.minor, rt, drv);
  printf("| n | grid | block | samples | number | median us | mean us | min "
         "us | max us | stddev us | noise | wall us | GB/s |\n"
         "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:"
         "|\n");
  FILE *jf = NULL;
  if (json) {
    jf = fopen(json, "w");
    if (!jf) {
      perror(json);
      return 1;
    }
    fprintf(jf,
            "{\"tool\": \"eval_crosscheck\", \"kernel\": \"%s\", "
            "\"device\": \"%s\", \"memory_clock_khz\": %d, "
            "\"bus_width_bits\": %d, \"results\": [",
            kname, prop.name, memclk, bus);
  }

  for (size_t si = 0; si < sizes.size(); si++) {
    unsigned long long n = sizes[si];
    float a = 2.0f;
    float *x, *y;
    CK(cudaMalloc((void **)&x, n * sizeof(float)));
    CK(cudaMalloc((void **)&y, n * sizeof(float)));
    std::vector<float> hx(n), hy(n);
    uint64_t s = 1; // any fixed seed: values do not change saxpy's time
    for (unsigned long long i = 0; i < n; i++) {
      s = s * 6364136223846793005ull + 1442695040888963407ull;
      hx[i] = (float)((s >> 40) * (1.0 / (1ull << 24))) * 2.0f - 1.0f;
    }
    CK(cudaMemcpy(x, hx.data(), n * sizeof(float), cudaMemcpyHostToDevice));
    CK(cudaMemset(y, 0, n * sizeof(float)));
    r.args[0] = &a;
    r.args[1] = &x;
    r.args[2] = &y;
    r.args[3] = &n;
    r.block = dim3((unsigned)blk);
    // infinirt-bench's --grid n/256 (floor), at least one block.
    unsigned long long g = n / (unsigned long long)blk;
    r.grid = dim3((unsigned)(g ? g : 1));

    // Check once: y = a x + 0 (exact in float: a is 2).
    launch(r);
    CK(cudaStreamSynchronize(r.stream));
    CK(cudaMemcpy(hy.data(), y, n * sizeof(float), cudaMemcpyDeviceToHost));
    for (unsigned long long i = 0; i < n; i++)
      if (hy[i] != a * hx[i]) {
        fprintf(stderr, "eval_crosscheck: n=%llu: y[%llu] = %g, want %g\n", n,
                i, hy[i], a * hx[i]);
        return 3;
      }
    CK(cudaMemset(y, 0, n * sizeof(float)));

    for (int i = 0; i < warmup; i++)
      launch(r);
    CK(cudaStreamSynchronize(r.stream));
    long number = (long)(numbers.size() == 1 ? numbers[0] : numbers[si]);
    double wall;
    if (min_repeat_ms > 0) {
      // docs/eval.md: grow to max(ceil(1.6 number), ceil(number x
      // min_repeat_ms / elapsed)), at most 1000x a step, until one sample
      // lasts min_repeat_ms.
      for (int step = 0; step < 64; step++) {
        double ms = sample(r, number, &wall);
        if (ms >= min_repeat_ms || number >= (1L << 30))
          break;
        double grow = ceil(number * 1.6);
        double need = ms > 0 ? ceil(number * min_repeat_ms / ms) : grow * 8;
        double next = std::max(grow, need);
        next = std::min(next, number * 1000.0);
        number = next > (double)(1L << 30) ? (1L << 30) : (long)next;
      }
    }
    std::vector<double> per_run, per_wall;
    for (int k = 0; k < repeat; k++) {
      double ms = sample(r, number, &wall);
      per_run.push_back(ms / (double)number);
      per_wall.push_back(wall / (double)number);
    }
    Stats st = stats(per_run, per_wall);
    double gbs = 12.0 * (double)n / (st.mean * 1e-3) / 1e9;
    printf("| %llu | %u | %u | %d | %ld | %.3f | %.3f | %.3f | %.3f | %.3f | "
           "%.2f%% | %.3f | %.1f |\n",
           n, r.grid.x, r.block.x, repeat, number, st.median * 1e3,
           st.mean * 1e3, st.min * 1e3, st.max * 1e3, st.sd * 1e3,
           st.mean > 0 ? 100 * st.sd / st.mean : 0, st.wall_mean * 1e3, gbs);
    fflush(stdout);
    if (jf) {
      fprintf(jf,
              "%s\n  {\"n\": %llu, \"number\": %ld, \"samples\": %d, "
              "\"median_ms\": %.9g, \"mean_ms\": %.9g, \"min_ms\": %.9g, "
              "\"max_ms\": %.9g, \"stddev_ms\": %.9g, \"wall_mean_ms\": "
              "%.9g, \"samples_ms\": [",
              si ? "," : "", n, number, repeat, st.median, st.mean, st.min,
              st.max, st.sd, st.wall_mean);
      for (size_t k = 0; k < per_run.size(); k++)
        fprintf(jf, "%s%.9g", k ? ", " : "", per_run[k]);
      fprintf(jf, "]}");
    }
    CK(cudaFree(x));
    CK(cudaFree(y));
  }
  if (jf) {
    fprintf(jf, "\n]}\n");
    fclose(jf);
  }
  double peak = 2.0 * memclk * 1e3 * (bus / 8.0) / 1e9;
  printf("\nTimes are per run (sample / number), from cudaEventElapsedTime; "
         "noise = stddev / mean. GB/s counts 12 n bytes.\n"
         "cudaDevAttrMemoryClockRate %d kHz, cudaDevAttrGlobalMemoryBusWidth "
         "%d bit: 2 x clock x bus / 8 = %.1f GB/s (src/eval's peak formula).\n",
         memclk, bus, peak);
  CK(cudaEventDestroy(r.ev0));
  CK(cudaEventDestroy(r.ev1));
  CK(cudaStreamDestroy(r.stream));
  CK(cudaLibraryUnload(lib));
  return 0;
}
