#!/bin/sh
# eval.cli: infinirt-bench's command line on the CPU.
#   cli.sh BENCH EVAL_TEST EXAMPLE_CPU_SO TEST_KERNELS_SO TMPDIR SRCDIR
set -u
bench=$1 checker=$2 ex=$3 tk=$4 tmp=$5 src=$6
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

# --help documents every option main.c accepts.
"$bench" --help >"$tmp/help.txt" || fail "--help exited non-zero"
for o in $(grep -o 'strcmp(o, "--[a-z-]*")' "$src/../../tools/infinirt-bench/main.c" |
  sed 's/.*"\(--[a-z-]*\)".*/\1/' | sort -u); do
  grep -q -- "$o" "$tmp/help.txt" ||
    fail "--help does not document $o"
done
grep -q 'compare A.json B.json' "$tmp/help.txt" && ok "--help" ||
  fail "--help lacks compare"
"$bench" --version | grep -q 'JSON schema' && ok "--version" || fail "--version"

saxpy="--lib $ex --kernel saxpy --grid n/256 --block 256 --arg f32:2.0
  --arg tensor:f32:[n]:random(1) --arg tensor:f32:[n]:zeros:pinned --arg u64:n
  --bytes 12*n --flops 2*n --repeat 5 --no-progress"

# A sweep over two axes: 3 x 2 rows, markdown.
# shellcheck disable=SC2086
"$bench" $saxpy --axis n=2^12:2^16:x4 --axis block=64,128 --grid 'n/block' --block block \
  >"$tmp/sweep.md" 2>"$tmp/err.txt" || { cat "$tmp/err.txt"; fail "sweep"; }
rows=$(grep -c '^| saxpy |' "$tmp/sweep.md")
[ "$rows" = 6 ] && ok "markdown sweep: 6 rows" || { cat "$tmp/sweep.md"; fail "sweep: $rows rows"; }
grep -q '| 65536 | 128 | 512,1,1 | 128,1,1 |' "$tmp/sweep.md" &&
  ok "grid n/block from the axes" || fail "grid from the axes"

# JSON, read back and checked against the schema; CSV columns.
# shellcheck disable=SC2086
"$bench" $saxpy --axis n=4096,8192 --format json --output "$tmp/a.json" &&
  "$checker" checkjson "$tmp/a.json" && ok "JSON schema" || fail "JSON"
# shellcheck disable=SC2086
"$bench" $saxpy --axis n=4096,8192 --format csv >"$tmp/a.csv" || fail "CSV"
[ "$(wc -l <"$tmp/a.csv")" = 3 ] &&
  [ "$(head -1 "$tmp/a.csv" | tr ',' '\n' | wc -l)" = 24 ] &&
  ok "CSV: header + 2 rows, 24 columns" || fail "CSV shape"
if [ -x /usr/bin/python3 ]; then
  /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema_version"] == 1, d["schema_version"]
for r in d["results"]:
    assert len(r["samples_ms"]) == r["stats"]["samples"] == 5
    assert r["params"]["n"] in ("4096", "8192")
    assert r["throughput"]["bytes"] == 12 * int(r["params"]["n"])
print("python3 json: ok")' "$tmp/a.json" || fail "python3 json check"
fi

# Compare: a run against itself is SAME; a 16x longer spin is SLOWER (twice
# tried: a shared machine's preemptions can blur one pair of runs).
"$bench" compare "$tmp/a.json" "$tmp/a.json" >"$tmp/cmp.txt" &&
  [ "$(grep -c '| SAME |' "$tmp/cmp.txt")" = 2 ] && ok "compare A A: SAME" ||
  { cat "$tmp/cmp.txt"; fail "compare A A"; }
spin="--lib $tk --kernel eval_spin --repeat 10 --no-progress --format json"
compare_spin() {
  # shellcheck disable=SC2086
  "$bench" $spin --arg u64:100000 --output "$tmp/s1.json" &&
    "$bench" $spin --arg u64:1600000 --output "$tmp/s4.json" &&
    "$bench" compare "$tmp/s1.json" "$tmp/s4.json" >"$tmp/cmp2.txt" &&
    grep -q '| SLOWER |' "$tmp/cmp2.txt" &&
    "$bench" compare "$tmp/s4.json" "$tmp/s1.json" | grep -q '| FASTER |'
}
if compare_spin || compare_spin; then ok "compare: SLOWER / FASTER"; else
  cat "$tmp/cmp2.txt"; fail "compare spin"; fi
# --min-diff: a 16x difference is under 10000 %, so SAME.
"$bench" compare --min-diff 10000 "$tmp/s1.json" "$tmp/s4.json" >"$tmp/cmp3.txt" &&
  grep -q '| SAME |' "$tmp/cmp3.txt" && grep -q 'under 10000%' "$tmp/cmp3.txt" &&
  ok "compare --min-diff" || { cat "$tmp/cmp3.txt"; fail "compare --min-diff"; }
"$bench" compare --min-diff x "$tmp/s1.json" "$tmp/s4.json" >/dev/null 2>&1
[ $? = 2 ] && ok "compare --min-diff x: exit 2" || fail "compare --min-diff x"

# Stopping on stdrel, cold mode.
# shellcheck disable=SC2086
"$bench" --lib $tk --kernel eval_spin --arg u64:100000 --stdrel 0.5 \
  --min-samples 5 --no-progress --format json --output "$tmp/st.json" &&
  grep -q '"stop_reason": "stdrel' "$tmp/st.json" && ok "--stdrel" ||
  fail "--stdrel"
"$bench" --lib "$tk" --kernel eval_spin --arg u64:1000 --cold --repeat 3 \
  --no-progress --format json --output "$tmp/cold.json" &&
  grep -q '"cold": true' "$tmp/cold.json" && ok "--cold" || fail "--cold"

# Correctness: a wrong kernel fails with exit 3 and the worst element.
ck="--lib $tk --grid 8 --block 128 --arg tensor:f32:[1000]:random(2)
  --arg tensor:f32:[1000]:zeros:compare --arg i32:1000 --no-progress"
# shellcheck disable=SC2086
"$bench" $ck --kernel eval_scale2 --ref-kernel eval_scale2 >/dev/null &&
  ok "reference check passes" || fail "reference check"
# shellcheck disable=SC2086
"$bench" $ck --kernel eval_scale2_wrong --ref-kernel eval_scale2 \
  >/dev/null 2>"$tmp/err.txt"
rc=$?
[ $rc = 3 ] && grep -q 'argument 1 element 17: got' "$tmp/err.txt" &&
  ok "mismatch: $(cat "$tmp/err.txt")" || { cat "$tmp/err.txt"; fail "mismatch rc $rc"; }

# Bad input: clear messages, exit 1 (2 for usage).
"$bench" --lib "$ex" --kernel nope >/dev/null 2>"$tmp/err.txt"
[ $? = 1 ] && grep -q "no kernel 'nope'" "$tmp/err.txt" && ok "unknown kernel" ||
  { cat "$tmp/err.txt"; fail "unknown kernel"; }
"$bench" --lib "$ex" --kernel saxpy --arg f32:1 >/dev/null 2>"$tmp/err.txt"
[ $? = 1 ] && grep -q "takes 4 arguments, 1 given" "$tmp/err.txt" &&
  ok "argument count" || { cat "$tmp/err.txt"; fail "argument count"; }
"$bench" --lib "$ex" --kernel saxpy --arg 'tensor:f32:[4]:npy(/nonexistent.npy)' \
  >/dev/null 2>"$tmp/err.txt"
[ $? = 1 ] && grep -q "cannot open .npy file '/nonexistent.npy'" "$tmp/err.txt" &&
  ok "unreadable .npy" || { cat "$tmp/err.txt"; fail "unreadable npy"; }
"$bench" --lib "$ex" --kernel saxpy --grid m >/dev/null 2>"$tmp/err.txt"
[ $? = 2 ] && grep -q "unknown name 'm'" "$tmp/err.txt" && ok "unknown name" ||
  { cat "$tmp/err.txt"; fail "unknown name"; }
"$bench" --bogus >/dev/null 2>&1
[ $? = 2 ] && ok "unknown option: exit 2" || fail "unknown option"
for e in '2^63' '(-9223372036854775807-1)/-1' '9223372036854775807+1'; do
  "$bench" --lib "$ex" --kernel saxpy --grid "$e" >/dev/null 2>"$tmp/err.txt"
  [ $? = 2 ] && grep -q "integer overflow" "$tmp/err.txt" &&
    ok "overflow refused: $e" || { cat "$tmp/err.txt"; fail "overflow $e"; }
done
"$bench" --device nvidia:0 --lib "$ex" --kernel saxpy >/dev/null 2>"$tmp/err.txt"
rc=$?
[ $rc = 1 ] && ok "nvidia:0 without a GPU: $(cat "$tmp/err.txt")" ||
  [ $rc = 0 ] || fail "nvidia:0 rc $rc"

[ $fails = 0 ] && echo "eval.cli: pass" || echo "eval.cli: $fails failures"
[ $fails = 0 ]
