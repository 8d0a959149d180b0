/* eval_report.c - statistics, results, the three output formats and the
 * comparison of two sets of samples. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval_internal.h"

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void mean_sd(const double *x, int n, double *mean, double *sd) {
  double m = 0, s = 0;
  for (int i = 0; i < n; i++)
    m += x[i];
  m = n ? m / n : 0;
  for (int i = 0; i < n; i++)
    s += (x[i] - m) * (x[i] - m);
  *mean = m;
  *sd = n > 1 ? sqrt(s / (n - 1)) : 0;
}

void ev_stats(infinirtExtEvalResult_t r) {
  infinirtExtEvalStats *s = &r->st;
  s->samples = r->n;
  if (!r->n)
    return;
  mean_sd(r->ms, r->n, &s->mean_ms, &s->stddev_ms);
  s->stdrel = s->mean_ms > 0 ? s->stddev_ms / s->mean_ms : 0;
  double wsd;
  mean_sd(r->wall, r->n, &s->wall_mean_ms, &wsd);
  double *sorted = malloc(sizeof(double) * (size_t)r->n);
  if (!sorted)
    return;
  memcpy(sorted, r->ms, sizeof(double) * (size_t)r->n);
  qsort(sorted, (size_t)r->n, sizeof(double), cmp_double);
  s->min_ms = sorted[0];
  s->max_ms = sorted[r->n - 1];
  s->median_ms = r->n % 2 ? sorted[r->n / 2]
                          : 0.5 * (sorted[r->n / 2 - 1] + sorted[r->n / 2]);
  free(sorted);
}

infinirtError_t infinirtExtEvalResultGetStats(infinirtExtEvalResult_t r,
                                              infinirtExtEvalStats *st) {
  if (!r || !st)
    return ev_fail(infinirtErrorInvalidValue,
                   "infinirtExtEvalResultGetStats: NULL argument");
  *st = r->st;
  return infinirtSuccess;
}

infinirtError_t infinirtExtEvalResultGetSamples(infinirtExtEvalResult_t r,
                                                double *ms, double *wall_ms,
                                                int cap, int *count) {
  if (!r || !count)
    return ev_fail(infinirtErrorInvalidValue,
                   "infinirtExtEvalResultGetSamples: NULL argument");
  *count = r->n;
  for (int i = 0; i < r->n && i < cap; i++) {
    if (ms)
      ms[i] = r->ms[i];
    if (wall_ms)
      wall_ms[i] = r->wall[i];
  }
  return infinirtSuccess;
}

infinirtError_t infinirtExtEvalResultGetNumberSteps(infinirtExtEvalResult_t r,
                                                    int *steps, int cap,
                                                    int *count) {
  if (!r || !count)
    return ev_fail(infinirtErrorInvalidValue,
                   "infinirtExtEvalResultGetNumberSteps: NULL argument");
  *count = r->nsteps;
  for (int i = 0; i < r->nsteps && i < cap && steps; i++)
    steps[i] = r->steps[i];
  return infinirtSuccess;
}

infinirtError_t infinirtExtEvalResultSetParam(infinirtExtEvalResult_t r,
                                              const char *name,
                                              const char *value) {
  if (!r || !name || !value)
    return ev_fail(infinirtErrorInvalidValue,
                   "infinirtExtEvalResultSetParam: NULL argument");
  for (int i = 0; i < r->nparams; i++)
    if (strcmp(r->pname[i], name) == 0) {
      char *v = strdup(value);
      if (!v)
        return ev_fail(infinirtErrorMemoryAllocation, "out of memory");
      free(r->pval[i]);
      r->pval[i] = v;
      return infinirtSuccess;
    }
  if (r->nparams == EV_MAX_PARAMS)
    return ev_fail(infinirtErrorInvalidValue, "more than %d parameters",
                   EV_MAX_PARAMS);
  char *n = strdup(name), *v = strdup(value);
  if (!n || !v) {
    free(n);
    free(v);
    return ev_fail(infinirtErrorMemoryAllocation, "out of memory");
  }
  r->pname[r->nparams] = n;
  r->pval[r->nparams] = v;
  r->nparams++;
  return infinirtSuccess;
}

infinirtError_t infinirtExtEvalResultDestroy(infinirtExtEvalResult_t r) {
  if (!r)
    return infinirtSuccess;
  for (int i = 0; i < r->nparams; i++) {
    free(r->pname[i]);
    free(r->pval[i]);
  }
  free(r->ms);
  free(r->wall);
  free(r);
  return infinirtSuccess;
}

/* ---- output ---------------------------------------------------------- */

static void json_str(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      fprintf(f, "\\%c", c);
    else if (c < 0x20)
      fprintf(f, "\\u%04x", c);
    else
      fputc(c, f);
  }
  fputc('"', f);
}

/* A number JSON can hold (NaN and infinities become null). */
static void json_num(FILE *f, double v) {
  if (isfinite(v))
    fprintf(f, "%.9g", v);
  else
    fputs("null", f);
}

static const char *stop_name(infinirtExtEvalStop s) {
  return s == infinirtExtEvalStopStdrel ? "stdrel" : "fixed";
}

static void write_json(FILE *f, const infinirtExtEvalResult_t *rs, int n) {
  fprintf(f, "{\n  \"schema_version\": %d,\n  \"tool\": \"infinirt-eval\",\n",
          INFINIRT_EXT_EVAL_SCHEMA_VERSION);
  fprintf(f, "  \"results\": [");
  for (int k = 0; k < n; k++) {
    const infinirtExtEvalResult_t r = rs[k];
    const infinirtExtEvalStats *s = &r->st;
    fprintf(f, "%s\n    {\n      \"kernel\": ", k ? "," : "");
    json_str(f, r->kernel);
    fprintf(f, ",\n      \"device\": {\"type\": ");
    json_str(f, r->device_type);
    fprintf(f, ", \"ordinal\": %d, \"name\": ", r->ordinal);
    json_str(f, r->device);
    fprintf(f, "},\n      \"params\": {");
    for (int i = 0; i < r->nparams; i++) {
      fprintf(f, "%s", i ? ", " : "");
      json_str(f, r->pname[i]);
      fprintf(f, ": ");
      json_str(f, r->pval[i]);
    }
    fprintf(f,
            "},\n      \"launch\": {\"grid\": [%u, %u, %u], \"block\": [%u, "
            "%u, %u], \"shared_mem\": %zu},\n",
            r->grid[0], r->grid[1], r->grid[2], r->block[0], r->block[1],
            r->block[2], r->shared_mem);
    fprintf(f,
            "      \"config\": {\"warmup\": %d, \"number\": %d, \"repeat\": "
            "%d, \"min_repeat_ms\": ",
            r->cfg.warmup, s->number, r->cfg.repeat);
    json_num(f, r->cfg.min_repeat_ms);
    fprintf(f,
            ", \"cold\": %s, \"flush_bytes\": %.0f, \"stop\": \"%s\", "
            "\"target_stdrel\": ",
            r->cfg.cold ? "true" : "false", r->flush_bytes,
            stop_name(r->cfg.stop));
    json_num(f, r->cfg.target_stdrel);
    fprintf(f, ", \"min_samples\": %d, \"max_samples\": %d, \"max_time_s\": ",
            r->cfg.min_samples, r->cfg.max_samples);
    json_num(f, r->cfg.max_time_s);
    fprintf(f, "},\n      \"number_steps\": [");
    for (int i = 0; i < r->nsteps; i++)
      fprintf(f, "%s%d", i ? ", " : "", r->steps[i]);
    fprintf(f, "],\n      \"stop_reason\": ");
    json_str(f, r->stop_reason);
    fprintf(f, ",\n      \"check\": ");
    json_str(f, r->check);
    fprintf(f, ",\n      \"stats\": {");
    const struct {
      const char *k;
      double v;
    } fields[] = {
        {"mean_ms", s->mean_ms},
        {"median_ms", s->median_ms},
        {"min_ms", s->min_ms},
        {"max_ms", s->max_ms},
        {"stddev_ms", s->stddev_ms},
        {"stdrel", s->stdrel},
        {"wall_mean_ms", s->wall_mean_ms},
        {"total_s", s->total_s},
    };
    fprintf(f, "\"samples\": %d", s->samples);
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
      fprintf(f, ", \"%s\": ", fields[i].k);
      json_num(f, fields[i].v);
    }
    fprintf(f, "},\n      \"throughput\": {\"flops\": ");
    json_num(f, s->flops);
    fprintf(f, ", \"bytes\": ");
    json_num(f, s->bytes);
    fprintf(f, ", \"gflops\": ");
    json_num(f, s->gflops);
    fprintf(f, ", \"gbytes_per_s\": ");
    json_num(f, s->gbytes_per_s);
    fprintf(f, ", \"peak_gbytes_per_s\": ");
    if (s->peak_gbytes_per_s > 0)
      json_num(f, s->peak_gbytes_per_s);
    else
      fputs("null", f);
    fprintf(f, ", \"peak_gflops\": ");
    if (s->peak_gflops > 0)
      json_num(f, s->peak_gflops);
    else
      fputs("null", f);
    fprintf(f, ", \"pct_peak_bw\": ");
    if (s->peak_gbytes_per_s > 0 && s->bytes > 0)
      json_num(f, s->pct_peak_bw);
    else
      fputs("null", f);
    fprintf(f, ", \"pct_peak_flops\": ");
    if (s->peak_gflops > 0 && s->flops > 0)
      json_num(f, s->pct_peak_flops);
    else
      fputs("null", f);
    fprintf(f, ",\n        \"bw_formula\": ");
    json_str(f, r->bw_formula);
    fprintf(f, ",\n        \"flops_formula\": ");
    json_str(f, r->flops_formula);
    fprintf(f, "},\n      \"samples_ms\": [");
    for (int i = 0; i < r->n; i++) {
      fprintf(f, "%s", i ? ", " : "");
      json_num(f, r->ms[i]);
    }
    fprintf(f, "],\n      \"samples_wall_ms\": [");
    for (int i = 0; i < r->n; i++) {
      fprintf(f, "%s", i ? ", " : "");
      json_num(f, r->wall[i]);
    }
    fprintf(f, "]\n    }");
  }
  fprintf(f, "\n  ]\n}\n");
}

static void fmt_pct(char *b, size_t n, double pct, double peak, double work) {
  if (peak > 0 && work > 0)
    snprintf(b, n, "%.1f%%", pct);
  else if (work > 0)
    snprintf(b, n, "unknown");
  else
    snprintf(b, n, "-");
}

static void write_markdown(FILE *f, const infinirtExtEvalResult_t *rs, int n) {
  if (n == 0) {
    fprintf(f, "(no results)\n");
    return;
  }
  const infinirtExtEvalResult_t r0 = rs[0];
  fprintf(f, "## %s on %s:%d (%s)\n\n", r0->kernel, r0->device_type,
          r0->ordinal, r0->device);
  fprintf(f, "| kernel |");
  for (int i = 0; i < r0->nparams; i++)
    fprintf(f, " %s |", r0->pname[i]);
  fprintf(f, " grid | block | samples | number | mean ms | median ms | min ms "
             "| max ms | noise | wall ms | GB/s | %% peak BW | GFLOP/s | %% "
             "peak FP32 |\n|---|");
  for (int i = 0; i < r0->nparams; i++)
    fprintf(f, "---|");
  fprintf(f, "---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
             "---:|\n");
  for (int k = 0; k < n; k++) {
    const infinirtExtEvalResult_t r = rs[k];
    const infinirtExtEvalStats *s = &r->st;
    fprintf(f, "| %s |", r->kernel);
    for (int i = 0; i < r0->nparams; i++)
      fprintf(f, " %s |", i < r->nparams ? r->pval[i] : "");
    char bw[32], fl[32], pb[32], pf[32];
    if (s->bytes > 0)
      snprintf(bw, sizeof bw, "%.2f", s->gbytes_per_s);
    else
      snprintf(bw, sizeof bw, "-");
    if (s->flops > 0)
      snprintf(fl, sizeof fl, "%.2f", s->gflops);
    else
      snprintf(fl, sizeof fl, "-");
    fmt_pct(pb, sizeof pb, s->pct_peak_bw, s->peak_gbytes_per_s, s->bytes);
    fmt_pct(pf, sizeof pf, s->pct_peak_flops, s->peak_gflops, s->flops);
    fprintf(f,
            " %u,%u,%u | %u,%u,%u | %d | %d | %.4g | %.4g | %.4g | %.4g | "
            "%.2f%% | %.4g | %s | %s | %s | %s |\n",
            r->grid[0], r->grid[1], r->grid[2], r->block[0], r->block[1],
            r->block[2], s->samples, s->number, s->mean_ms, s->median_ms,
            s->min_ms, s->max_ms, 100 * s->stdrel, s->wall_mean_ms, bw, pb, fl,
            pf);
  }
  fprintf(f, "\nTimes are per run, from device events; noise = stddev / "
             "mean; wall = host clock.\n");
  fprintf(f, "%s mode, %s; check: %s.\n",
          r0->cfg.cold ? "cold (cache flushed before each run)" : "hot",
          r0->stop_reason, r0->check);
  fprintf(f, "- %s\n- %s\n", r0->bw_formula, r0->flops_formula);
}

/* Writes |s| for inside a quoted CSV field: quotes doubled (RFC 4180). */
static void csv_text(FILE *f, const char *s) {
  for (; *s; s++) {
    if (*s == '"')
      fputc('"', f);
    fputc(*s, f);
  }
}

static void write_csv(FILE *f, const infinirtExtEvalResult_t *rs, int n) {
  fprintf(f, "kernel,device,params,grid,block,shared_mem,cold,samples,number,"
             "mean_ms,median_ms,min_ms,max_ms,stddev_ms,stdrel,wall_mean_ms,"
             "flops,bytes,gflops,gbytes_per_s,peak_gflops,peak_gbytes_per_s,"
             "pct_peak_flops,pct_peak_bw\n");
  for (int k = 0; k < n; k++) {
    const infinirtExtEvalResult_t r = rs[k];
    const infinirtExtEvalStats *s = &r->st;
    fputc('"', f);
    csv_text(f, r->kernel);
    fprintf(f, "\",%s:%d,\"", r->device_type, r->ordinal);
    for (int i = 0; i < r->nparams; i++) {
      fputs(i ? " " : "", f);
      csv_text(f, r->pname[i]);
      fputc('=', f);
      csv_text(f, r->pval[i]);
    }
    fprintf(f,
            "\",%ux%ux%u,%ux%ux%u,%zu,%d,%d,%d,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,"
            "%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g,%.9g\n",
            r->grid[0], r->grid[1], r->grid[2], r->block[0], r->block[1],
            r->block[2], r->shared_mem, s->cold, s->samples, s->number,
            s->mean_ms, s->median_ms, s->min_ms, s->max_ms, s->stddev_ms,
            s->stdrel, s->wall_mean_ms, s->flops, s->bytes, s->gflops,
            s->gbytes_per_s, s->peak_gflops, s->peak_gbytes_per_s,
            s->pct_peak_flops, s->pct_peak_bw);
  }
}

infinirtError_t infinirtExtEvalWrite(const infinirtExtEvalResult_t *results,
                                     int count, infinirtExtEvalFormat format,
                                     const char *path) {
  if ((!results && count) || count < 0)
    return ev_fail(infinirtErrorInvalidValue,
                   "infinirtExtEvalWrite: no results");
  for (int i = 0; i < count; i++)
    if (!results[i])
      return ev_fail(infinirtErrorInvalidValue,
                     "infinirtExtEvalWrite: result %d is NULL", i);
  if ((unsigned)format > infinirtExtEvalFormatCsv)
    return ev_fail(infinirtErrorInvalidValue,
                   "infinirtExtEvalWrite: bad format %d", format);
  int to_stdout = !path || strcmp(path, "-") == 0;
  FILE *f = to_stdout ? stdout : fopen(path, "w");
  if (!f)
    return ev_fail(infinirtErrorFileNotFound, "cannot write '%s'", path);
  if (format == infinirtExtEvalFormatJson)
    write_json(f, results, count);
  else if (format == infinirtExtEvalFormatCsv)
    write_csv(f, results, count);
  else
    write_markdown(f, results, count);
  if (to_stdout)
    fflush(f);
  else if (fclose(f) != 0)
    return ev_fail(infinirtErrorFileNotFound, "writing '%s' failed", path);
  return infinirtSuccess;
}

/* ---- comparison ------------------------------------------------------ */

infinirtError_t infinirtExtEvalCompare(const double *a, int na, const double *b,
                                       int nb, infinirtExtEvalVerdict *verdict,
                                       double *ratio, double *t) {
  if (!a || !b || !verdict || na < 1 || nb < 1)
    return ev_fail(infinirtErrorInvalidValue,
                   "infinirtExtEvalCompare: NULL argument or no samples");
  double ma, sa, mb, sb;
  mean_sd(a, na, &ma, &sa);
  mean_sd(b, nb, &mb, &sb);
  double r = ma > 0 ? mb / ma : 0;
  double se = sqrt(sa * sa / na + sb * sb / nb);
  double tt = se > 0 ? (mb - ma) / se : 0;
  infinirtExtEvalVerdict v = infinirtExtEvalSame;
  if (na >= 2 && nb >= 2 && se > 0) {
    if (tt < -3)
      v = infinirtExtEvalFaster;
    else if (tt > 3)
      v = infinirtExtEvalSlower;
  } else if (ma > 0 && fabs(r - 1) > 0.01) {
    v = r < 1 ? infinirtExtEvalFaster : infinirtExtEvalSlower;
  }
  *verdict = v;
  if (ratio)
    *ratio = r;
  if (t)
    *t = tt;
  return infinirtSuccess;
}

const char *infinirtExtEvalVerdictName(infinirtExtEvalVerdict v) {
  switch (v) {
  case infinirtExtEvalSame:
    return "SAME";
  case infinirtExtEvalFaster:
    return "FASTER";
  case infinirtExtEvalSlower:
    return "SLOWER";
  default:
    return "unknown";
  }
}
