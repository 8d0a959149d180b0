#!/bin/sh
# Builds and runs every test: a plain build, then ASan+UBSan and TSan builds
# of the library and the suite. GPU tests skip with the reason printed where
# there is no GPU. Exit status 0 only if every build's ctest passed.
#
#   scripts/test.sh            all three builds
#   BUILDS="plain" scripts/test.sh   a subset (plain, asan, tsan)
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
JOBS=${JOBS:-$(nproc)}
BUILDS=${BUILDS:-"plain asan tsan"}
summary=""
status=0
for b in $BUILDS; do
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
    -DINFINIRT_BACKEND_NULL=ON \
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
