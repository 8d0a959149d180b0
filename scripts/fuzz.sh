#!/bin/sh
# Builds the API-sequence fuzzer (clang, ASan+UBSan, libFuzzer) in
# build/fuzz and runs it for SECONDS (default 60) on build/fuzz/corpus,
# seeded from tests/fuzz/corpus. Prints executions, coverage and any crash
# file; exit status 0 only if nothing was found.
#
#   scripts/fuzz.sh [SECONDS]
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}
sh scripts/deps.sh fuzz
dir=build/fuzz
mkdir -p "$dir/corpus" "$dir/crashes"
cmake -S . -B "$dir" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DINFINIRT_SANITIZE=address -DINFINIRT_BUILD_FUZZER=ON \
  -DINFINIRT_BUILD_TESTS=OFF -DINFINIRT_BUILD_TOOLS=OFF \
  -DINFINIRT_BUILD_BENCH=OFF -DINFINIRT_BUILD_EXAMPLES=OFF \
  >"$dir.configure.log" 2>&1 || { cat "$dir.configure.log"; exit 1; }
cmake --build "$dir" -j "${JOBS:-$(nproc)}" --target infinirt-api-fuzz
rm -f "$dir"/crashes/*
echo "=== fuzzing for $secs s ($dir/fuzz.log) ==="
rc=0
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  "$dir/tests/fuzz/infinirt-api-fuzz" -max_total_time="$secs" -max_len=1024 \
  -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 \
  -artifact_prefix="$dir/crashes/" "$dir/corpus" tests/fuzz/corpus \
  >"$dir/fuzz.log" 2>&1 || rc=$?
grep -E '^#[0-9]+.*(pulse|DONE)' "$dir/fuzz.log" | tail -n 3
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/fuzz.log")
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/fuzz.log")
cov=$(grep -oE 'cov: [0-9]+' "$dir/fuzz.log" | tail -n 1)
crashes=$(ls "$dir"/crashes 2>/dev/null | wc -l)
if [ "$rc" -ne 0 ] || [ "$crashes" -ne 0 ]; then
  grep -E 'FAILED|ERROR|SUMMARY' "$dir/fuzz.log" | head -n 20
  ls "$dir"/crashes/* 2>/dev/null
  echo "fuzz.sh: FOUND a failure after ${runs:-?} executions (exit $rc);" \
    "reproduce: FZ_TRACE=1 $dir/tests/fuzz/infinirt-api-fuzz CRASH_FILE"
  exit 1
fi
echo "fuzz.sh: ${runs:-?} executions in $secs s (${rate:-?}/s), ${cov:-cov: ?}, no failure"
