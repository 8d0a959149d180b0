#!/bin/sh
# Builds and runs every test: a plain build, then ASan+UBSan and TSan builds
# of the library and the suite, then 60 s of the API fuzzer (scripts/fuzz.sh).
# GPU tests skip with the reason printed where there is no GPU. Exit status 0
# only if every build's ctest passed and the fuzzer found nothing.
#
#   scripts/test.sh            all of them
#   BUILDS="plain" scripts/test.sh   a subset (plain, asan, tsan, fuzz)
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
JOBS=${JOBS:-$(nproc)}
BUILDS=${BUILDS:-"plain asan tsan fuzz"}
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
  case $b in
    plain) san="" ;;
    asan) san=address ;;
    tsan) san=thread ;;
    *) echo "unknown build $b"; exit 2 ;;
  esac
  dir=build/test-$b
  mkdir -p build
  echo "=== $b build ($dir) ==="
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DINFINIRT_SANITIZE="$san" \
    -DINFINIRT_BUILD_BENCH=OFF >"$dir.configure.log" 2>&1 ||
    { cat "$dir.configure.log"; exit 1; }
  cmake --build "$dir" -j "$JOBS"
  # Install tests check the plain build's packaging; sanitizer builds run the
  # suite itself.
  exclude=""
  [ "$b" = plain ] || exclude="-LE install"
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
$b: $result - $line"
done
echo "=== summary ===$summary"
exit $status
