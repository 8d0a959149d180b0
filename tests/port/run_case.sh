#!/bin/sh
# port.<case>: infinirt-port on one program of corpus/. The ported text and
# the report must equal expected/NAME and expected/NAME.report; porting the
# result again must change nothing and report the same; --check must say
# so. In mode "run" (nothing is left to port) the result is compiled
# against include/ (C: -std=c11 -Wall -Wextra -Werror; C++: -std=c++17
# -pedantic-errors -Wall -Wextra -Werror), linked and run on the CPU.
#   run_case.sh TOOL CORPUS EXPECTED WORK NAME report|run CC CXX INCLUDE LIB
#               [FLAGS]
# FLAGS: extra compiler flags, one argument (the sanitizer of the build).
# To accept a change of the tool or of InfiniRT's names (a function added,
# so one error fewer), regenerate the expected files:
#   cd tests/port/corpus && infinirt-port NAME >../expected/NAME \
#     2>../expected/NAME.report
set -u
tool=$1 corpus=$2 expected=$3 work=$4 name=$5 mode=$6 cc=$7 cxx=$8 inc=$9
lib=${10} flags=${11:-}
status=0
fail() { echo "FAIL: $*"; status=1; }
rm -rf "$work"
mkdir -p "$work/1" "$work/2"

(cd "$corpus" && "$tool" "$name") >"$work/1/$name" 2>"$work/1/$name.report"
rc=$?
[ $rc -eq 0 ] || fail "infinirt-port $name exited with $rc"
cat "$work/1/$name.report"
diff -u "$expected/$name" "$work/1/$name" ||
  fail "the ported text differs from expected/$name"
diff -u "$expected/$name.report" "$work/1/$name.report" ||
  fail "the report differs from expected/$name.report (if InfiniRT gained" \
    "a name the program uses, regenerate it: see this script's header)"

# Idempotent: the result ported again is the same, and so is the report.
cp "$work/1/$name" "$work/2/$name"
(cd "$work/2" && "$tool" "$name") >"$work/2/$name.out" 2>"$work/2/$name.report"
cmp -s "$work/1/$name" "$work/2/$name.out" ||
  fail "porting the ported text again changed it"
cmp -s "$work/1/$name.report" "$work/2/$name.report" ||
  fail "porting the ported text again reported something else"

# --check: 1 (would change) + 2 (cannot port everything) on the original;
# only the 2 on the result.
unportable=0
grep -q ': \(error\|warning\): ' "$work/1/$name.report" && unportable=2
(cd "$corpus" && "$tool" --check "$name") >/dev/null 2>&1
rc=$?
[ $rc -eq $((1 + unportable)) ] ||
  fail "--check on the original exited with $rc, expected $((1 + unportable))"
(cd "$work/2" && "$tool" --check "$name") >/dev/null 2>&1
rc=$?
[ $rc -eq $unportable ] ||
  fail "--check on the ported text exited with $rc, expected $unportable"

if [ "$mode" = run ]; then
  [ $unportable -eq 0 ] || fail "a program to run has something left to port"
  case $name in
    *.c) set -- "$cc" -std=c11 -Wall -Wextra -Werror ;;
    *.cpp)
      case $cxx in
        "" | none | *NOTFOUND)
          echo "SKIP: no C++ compiler to build the ported $name"
          [ $status -eq 0 ] && exit 77
          exit $status ;;
      esac
      set -- "$cxx" -std=c++17 -pedantic-errors -Wall -Wextra -Werror ;;
    *) fail "$name: not a .c or .cpp file"; exit 1 ;;
  esac
  # shellcheck disable=SC2086 # FLAGS is a list
  if "$@" $flags -I"$inc" -o "$work/prog" "$work/1/$name" "$lib" \
    -Wl,-rpath,"${lib%/*}" -pthread; then
    echo "--- running the ported $name on the CPU"
    INFINIRT_DEVICE_TYPE=cpu "$work/prog" || fail "the ported $name failed"
  else
    fail "the ported $name does not compile"
  fi
fi
[ $status -eq 0 ] && echo "ok: $name"
exit $status
