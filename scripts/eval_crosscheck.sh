#!/usr/bin/env bash
# eval_crosscheck.sh - issue 13 item 9: the example saxpy timed by
# infinirt-bench and by bench/nvidia/eval_crosscheck (cudart only, the same
# fatbin, the same hot-mode protocol), side by side.
#
#   scripts/eval_crosscheck.sh BUILD_DIR OUT_DIR
#
# Writes to OUT_DIR:
#   bench.md          infinirt-bench, markdown (hot, --min-repeat-ms)
#   bench_a.json      infinirt-bench, JSON: the run the cross-check matches
#   bench_b.json      a second JSON run, for compare and run-to-run noise
#   compare.md        infinirt-bench compare bench_a.json bench_b.json
#   cold.md           infinirt-bench --cold
#   cudart.md/.json   eval_crosscheck with bench_a.json's number per size
#   crosscheck.md     the side-by-side table (also printed)
# The last line printed is a one-line summary.
#
# Environment: DEVICE (nvidia:0; cpu:0 runs every infinirt-bench step and
# skips cudart, to try the parsing without a GPU), AXIS (2^20:2^26:x4),
# MIN_REPEAT_MS (20), REPEAT (30), WARMUP (5), COLD_REPEAT (30).
set -u
if [ $# -ne 2 ]; then
  echo "usage: $0 BUILD_DIR OUT_DIR" >&2
  exit 2
fi
B=$1
O=$2
DEVICE=${DEVICE:-nvidia:0}
AXIS=${AXIS:-2^20:2^26:x4}
MIN_REPEAT_MS=${MIN_REPEAT_MS:-20}
REPEAT=${REPEAT:-30}
WARMUP=${WARMUP:-5}
COLD_REPEAT=${COLD_REPEAT:-30}
mkdir -p "$O"

BENCH=$B/tools/infinirt-bench/infinirt-bench
XC=$B/bench/nvidia/eval_crosscheck
KDIR=$B/examples/kernels/infinirt_example_kernels
[ -x "$BENCH" ] || {
  echo "eval_crosscheck.sh: no $BENCH (build with INFINIRT_BUILD_EVAL)" >&2
  exit 1
}
cpu=0
case $DEVICE in cpu*) cpu=1 ;; esac
ordinal=0
case $DEVICE in *:*) ordinal=${DEVICE##*:} ;; esac
# A failed step must not leave an older run's file to be read as this one's.
for f in bench.md bench_a.json bench_b.json compare.md cold.md cudart.md \
  cudart.json crosscheck.md; do
  rm -f "$O/$f"
done

# The command line of docs/eval.md's example; %s picks the device's image.
saxpy=(--device "$DEVICE" --lib "$KDIR/infinirt_example_kernels.%s"
  --kernel saxpy --grid n/256 --block 256 --arg f32:2.0
  --arg 'tensor:f32:[n]:random(1)' --arg 'tensor:f32:[n]:zeros' --arg u64:n
  --axis "n=$AXIS" --bytes '12*n' --flops '2*n' --warmup "$WARMUP"
  --no-progress)
hot=(--min-repeat-ms "$MIN_REPEAT_MS" --repeat "$REPEAT")

fails=0
step() { # step NAME OUTFILE CMD...: stdout to OUTFILE, stderr kept on failure
  local name=$1 out=$2
  shift 2
  "$@" >"$out" 2>"$O/$name.err"
  local rc=$?
  if [ "$rc" = 0 ]; then
    rm -f "$O/$name.err"
  else
    echo "eval_crosscheck.sh: $name failed (rc $rc):" >&2
    tail -n 5 "$O/$name.err" >&2
    fails=$((fails + 1))
  fi
}

step bench "$O/bench.md" "$BENCH" "${saxpy[@]}" "${hot[@]}"
step bench_a "$O/bench_a.json" "$BENCH" "${saxpy[@]}" "${hot[@]}" \
  --format json
step bench_b "$O/bench_b.json" "$BENCH" "${saxpy[@]}" "${hot[@]}" \
  --format json
step compare "$O/compare.md" "$BENCH" compare "$O/bench_a.json" \
  "$O/bench_b.json"
step cold "$O/cold.md" "$BENCH" "${saxpy[@]}" --cold --repeat "$COLD_REPEAT"

# The sizes and the number infinirt-bench chose for each, from run A.
plan=$(python3 - "$O/bench_a.json" <<'EOF'
import json, sys
rs = json.load(open(sys.argv[1]))["results"]
print(",".join(r["params"]["n"] for r in rs))
print(",".join(str(r["config"]["number"]) for r in rs))
EOF
) || {
  echo "eval_crosscheck.sh: cannot read $O/bench_a.json" >&2
  echo "eval-crosscheck: FAILED (no infinirt-bench JSON)"
  exit 1
}
sizes=$(echo "$plan" | sed -n 1p)
numbers=$(echo "$plan" | sed -n 2p)

if [ "$cpu" = 0 ]; then
  if [ -x "$XC" ]; then
    # Same warm-up, repeat and number as run A; no growth of its own.
    step cudart "$O/cudart.md" "$XC" "$KDIR/infinirt_example_kernels.fatbin" \
      --sizes "$sizes" --number "$numbers" --repeat "$REPEAT" \
      --warmup "$WARMUP" --device "$ordinal" --json "$O/cudart.json"
  else
    echo "eval_crosscheck.sh: no $XC (built only where CUDA is found)" >&2
    fails=$((fails + 1))
  fi
fi

for f in bench.md compare.md cold.md cudart.md; do
  [ -s "$O/$f" ] && { echo "### $f"; cat "$O/$f"; echo; }
done

python3 - "$O" "$cpu" <<'EOF' | tee "$O/crosscheck.md"
import json, math, os, sys
out, cpu = sys.argv[1], sys.argv[2] == "1"
def load(name):
    p = os.path.join(out, name)
    return json.load(open(p)) if os.path.exists(p) else None
a, b = load("bench_a.json"), load("bench_b.json")
x = None if cpu else load("cudart.json")
rows_b = {r["params"]["n"]: r for r in (b or {"results": []})["results"]}
rows_x = {str(r["n"]): r for r in (x or {"results": []})["results"]}
dev = a["results"][0]["device"]["name"] if a["results"] else "?"
print(f"## saxpy on {dev}: infinirt-bench against a cudart event loop\n")
print("| n | number | infinirt-bench median us (sd) | run B median us "
      "| cudart median us (sd) | cudart / infinirt | within noise |")
print("|---:|---:|---:|---:|---:|---:|---|")
ok = total = 0
for r in a["results"]:
    n = r["params"]["n"]
    s = r["stats"]
    med, sd = s["median_ms"] * 1e3, s["stddev_ms"] * 1e3
    rb = rows_b.get(n)
    bmed = f"{rb['stats']['median_ms'] * 1e3:.3f}" if rb else "-"
    rx = rows_x.get(n)
    if rx is None:
        cx = "skipped" if cpu else "missing"
        ratio = verdict = "-"
    else:
        xm, xs = rx["median_ms"] * 1e3, rx["stddev_ms"] * 1e3
        cx = f"{xm:.3f} ({xs:.3f})"
        ratio = f"{xm / med:.4f}" if med > 0 else "-"
        # Noise: 2 combined stddevs of the per-run times, or 2 % of the
        # median, whichever is larger (per-run stddevs of samples of many
        # runs are tiny, so 2 % keeps clock drift from failing it).
        tol = max(2 * math.hypot(sd, xs), 0.02 * med)
        good = abs(xm - med) <= tol
        verdict = (f"yes (diff {abs(xm - med):.3f} <= {tol:.3f})" if good
                   else f"NO (diff {abs(xm - med):.3f} > {tol:.3f})")
        total += 1
        ok += good
    print(f"| {n} | {r['config']['number']} | {med:.3f} ({sd:.3f}) | {bmed} "
          f"| {cx} | {ratio} | {verdict} |")
print()
tp = a["results"][0]["throughput"] if a["results"] else {}
print(f"Peak formula: {tp.get('bw_formula', '?')}")
if x:
    print(f"cudart attributes: memory clock {x['memory_clock_khz']} kHz, "
          f"bus {x['bus_width_bits']} bit")
print()
if cpu:
    print(f"eval-crosscheck: {len(a['results'])} sizes timed by infinirt-bench "
          f"on {dev}; cudart skipped (DEVICE=cpu)")
else:
    print(f"eval-crosscheck: {ok}/{total} sizes within noise "
          f"(of {len(a['results'])})")
EOF
[ "${PIPESTATUS[0]}" = 0 ] || fails=$((fails + 1))
[ "$fails" = 0 ] || echo "eval-crosscheck: $fails step(s) FAILED (see $O/*.err)"
exit $((fails > 0))
