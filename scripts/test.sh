#!/bin/sh
# Builds and runs every test: plain builds with gcc and with clang, then
# ASan+UBSan and TSan builds of the library and the suite, then 60 s of the
# API fuzzer (scripts/fuzz.sh). GPU tests skip with the reason printed where
# there is no GPU. Exit status 0 only if every build's ctest passed and the
# fuzzer found nothing.
#
#   scripts/test.sh                        every build in the table below
#   BUILDS="plain clang" scripts/test.sh   a subset, by name (and "fuzz")
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
JOBS=${JOBS:-$(nproc)}
# The builds, each in build/test-<name>: name, C compiler, sanitizer ('-':
# none), whether bench/ is built. The sanitizer builds use gcc: its
# sanitizer runtimes come with it (clang's are another package,
# libclang-rt-14-dev), and one compiler's sanitizers already run the whole
# suite; the clang build is there for clang's own diagnostics. bench/ is
# built by the plain builds only (its CUDA programs take no sanitizer flags).
BUILD_TABLE="
plain gcc   -       ON
clang clang -       ON
asan  gcc   address OFF
tsan  gcc   thread  OFF
"
BUILDS=${BUILDS:-"$(echo "$BUILD_TABLE" | awk 'NF { print $1 }') fuzz"}
summary=""
status=0
for b in $BUILDS; do
  if [ "$b" = fuzz ]; then
    mkdir -p build
    echo "=== fuzz: scripts/fuzz.sh 60 (build/fuzz.run.log) ==="
    if ! sh scripts/deps.sh fuzz >build/fuzz.deps.log 2>&1 ||
      ! command -v clang >/dev/null; then
      echo "SKIP: fuzz: clang/libFuzzer cannot be installed (build/fuzz.deps.log)"
      summary="$summary
fuzz: skipped - clang/libFuzzer cannot be installed"
    elif sh scripts/fuzz.sh 60 >build/fuzz.run.log 2>&1; then
      summary="$summary
fuzz: passed - $(tail -n 1 build/fuzz.run.log)"
    else
      cat build/fuzz.run.log
      summary="$summary
fuzz: FAILED - $(tail -n 1 build/fuzz.run.log)"
      status=1
    fi
    continue
  fi
  row=$(echo "$BUILD_TABLE" | awk -v b="$b" '$1 == b')
  [ -n "$row" ] || { echo "unknown build $b"; exit 2; }
  cc=$(echo "$row" | awk '{ print $2 }')
  san=$(echo "$row" | awk '$3 != "-" { print $3 }')
  bench=$(echo "$row" | awk '{ print $4 }')
  dir=build/test-$b
  mkdir -p build
  start=$(date +%s)
  echo "=== $b build ($cc, $dir) ==="
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DINFINIRT_SANITIZE="$san" \
    -DCMAKE_C_COMPILER="$cc" -DINFINIRT_BACKEND_NULL=ON \
    -DINFINIRT_BUILD_BENCH="$bench" >"$dir.configure.log" 2>&1 ||
    { cat "$dir.configure.log"; exit 1; }
  cmake --build "$dir" -j "$JOBS"
  # Install tests check the plain builds' packaging; sanitizer builds run the
  # suite itself.
  exclude=""
  [ -z "$san" ] || exclude="-LE install"
  if ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
    ctest --test-dir "$dir" --output-on-failure -j "$JOBS" $exclude \
      >"$dir.ctest.log" 2>&1; then
    result=passed
  else
    result=FAILED
    status=1
  fi
  cat "$dir.ctest.log"
  # ctest shows no output for skipped tests: print each one's reason.
  awk '/^[0-9]+\/[0-9]+ Test: / { name = $3 }
       /^SKIP|^\[ SKIP \]/ && !seen[name]++ { print "  skipped " name ": " $0 }' \
    "$dir/Testing/Temporary/LastTest.log"
  line=$(grep -E 'tests passed|tests failed' "$dir.ctest.log" | tail -n 1)
  summary="$summary
$b ($cc, $dir): $result - $line - $(($(date +%s) - start)) s"
done
echo "=== summary ===$summary"
exit $status
