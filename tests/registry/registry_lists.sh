#!/bin/sh
# registry.lists: what must follow from each line of the backend registry
# (include/infinirt_backends.def) does:
#   - infinirt_ext.h's comment on the enum lists the line's enumerator and
#     value (the header a reader opens shows today's types);
#   - ctest has conformance.<group>.<name> and kernels.<group>.<name>;
#   - infinirt-info --list has "backend <name>:", with the reason in
#     parentheses when it has no devices;
#   - src/backends/<name>/ exists.
#   registry_lists.sh SRC_DIR BUILD_DIR INFINIRT_INFO|none
set -u
src=$1 build=$2 info=$3
registry=$src/include/infinirt_backends.def
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

entries=$(sed -n 's/^INFINIRT_BACKEND(\([A-Za-z0-9]*\), *\([a-z0-9_]*\),.*/\1 \2/p' \
  "$registry")
[ -n "$entries" ] || { fail "no entries read from $registry"; exit 1; }
tests=$(ctest --test-dir "$build" -N 2>/dev/null)
if [ "$info" != none ]; then
  listing=$(INFINIRT_DEVICE_TYPE=cpu "$info" --list 2>&1)
fi

i=0
echo "$entries" | {
  while read -r suffix name; do
    if grep -q "^ \*   infinirtDeviceType$suffix = $i  *[^ ]" \
      "$src/include/infinirt_ext.h"; then
      ok "infinirt_ext.h lists infinirtDeviceType$suffix = $i"
    else
      fail "infinirt_ext.h's enum comment lacks 'infinirtDeviceType$suffix = $i'"
    fi
    [ -f "$src/src/backends/$name/CMakeLists.txt" ] &&
      ok "src/backends/$name/" || fail "src/backends/$name/CMakeLists.txt missing"
    for t in conformance.errors.$name conformance.stress.$name \
      kernels.args.$name; do
      echo "$tests" | grep -q " $t\$" && ok "ctest $t" || fail "no ctest $t"
    done
    if [ "$info" != none ]; then
      line=$(echo "$listing" | grep "^backend $name: ")
      case $line in
        "backend $name: no devices ("*")" | "backend $name: "[1-9]*" device(s)"*)
          ok "infinirt-info: $line" ;;
        *) fail "infinirt-info --list: '$line' for $name" ;;
      esac
    fi
    i=$((i + 1))
  done
  total=$(grep -c '^ \*   infinirtDeviceType[A-Za-z0-9]* = [0-9]' \
    "$src/include/infinirt_ext.h")
  # The comment also lists infinirtDeviceTypeCount.
  [ "$total" = $((i + 1)) ] && ok "infinirt_ext.h lists $i types and the count" ||
    fail "infinirt_ext.h lists $total values, the registry has $i types"
  grep -q "^ \*   infinirtDeviceTypeCount = $i " "$src/include/infinirt_ext.h" &&
    ok "infinirtDeviceTypeCount = $i" ||
    fail "infinirt_ext.h does not say infinirtDeviceTypeCount = $i"
  [ $fails -eq 0 ] && echo "registry: all checks passed" && exit 0
  echo "registry: $fails check(s) failed"
  exit 1
}
