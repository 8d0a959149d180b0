#!/bin/sh
# install.backends: the installed package files list the backends compiled
# in (null among them when INFINIRT_BACKEND_NULL=ON), and say TRUE or FALSE
# for every backend of the registry.
#   check_backends.sh PREFIX LIBDIR ENABLED ALL    (lists comma-separated)
set -u
prefix=$1 libdir=$prefix/$2 enabled=$3 all=$4
config=$libdir/cmake/infinirt/infinirtConfig.cmake
pc=$libdir/pkgconfig/infinirt.pc
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

want="set(infinirt_BACKENDS \"$(echo "$enabled" | tr , ';')\")"
grep -qxF "$want" "$config" && ok "$want" ||
  fail "infinirtConfig.cmake lacks '$want'"
want="backends=$(echo "$enabled" | tr , ' ')"
grep -qxF "$want" "$pc" && ok "infinirt.pc: $want" ||
  fail "infinirt.pc lacks '$want'"
for b in $(echo "$all" | tr , ' '); do
  B=$(echo "$b" | tr a-z A-Z)
  case ",$enabled," in *",$b,"*) v=TRUE ;; *) v=FALSE ;; esac
  grep -qxF "set(INFINIRT_HAVE_$B $v)" "$config" &&
    ok "INFINIRT_HAVE_$B $v" || fail "infinirtConfig.cmake lacks INFINIRT_HAVE_$B $v"
done

[ $fails -eq 0 ] && echo "backends: all checks passed" && exit 0
echo "backends: $fails check(s) failed"
exit 1
