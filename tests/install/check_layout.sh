#!/bin/sh
# install.layout: the install tree has what docs/using.md promises.
#   check_layout.sh PREFIX LIBDIR INCLUDEDIR BINDIR SRC_INCLUDE VERSION HAVE_TOOL
#                   BUILD_DIR
set -u
prefix=$1 libdir=$prefix/$2 incdir=$prefix/$3 bindir=$prefix/$4
src_include=$5 version=$6 have_tool=$7 build_dir=$8
src_dir=${src_include%/*}
major=${version%%.*}
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }
for tool in objdump nm; do
  command -v $tool >/dev/null 2>&1 ||
    { echo "SKIP: $tool not found (Debian package binutils)"; exit 77; }
done

# Every public header and the backend registry, unchanged.
for h in "$src_include"/*.h "$src_include"/*.def; do
  name=${h##*/}
  if cmp -s "$h" "$incdir/$name"; then ok "include/$name"; else
    fail "include/$name missing or different from the source"; fi
done

# Shared library: real file with the full version, soname link, dev link.
# The soname carries MAJOR.MINOR before 1.0 (0.x minors may break the ABI).
minor=$(echo "$version" | cut -d. -f2)
[ "$major" = 0 ] && major="0.$minor"
real=libinfinirt.so.$version
[ -f "$libdir/$real" ] && [ ! -L "$libdir/$real" ] && ok "$real" ||
  fail "$real is not a regular file"
[ "$(readlink "$libdir/libinfinirt.so.$major")" = "$real" ] &&
  ok "libinfinirt.so.$major -> $real" ||
  fail "libinfinirt.so.$major does not link to $real"
[ "$(readlink "$libdir/libinfinirt.so")" = "libinfinirt.so.$major" ] &&
  ok "libinfinirt.so -> libinfinirt.so.$major" ||
  fail "libinfinirt.so does not link to libinfinirt.so.$major"
soname=$(objdump -p "$libdir/$real" 2>/dev/null | awk '$1 == "SONAME" { print $2 }')
[ "$soname" = "libinfinirt.so.$major" ] && ok "SONAME $soname" ||
  fail "SONAME is '$soname', expected libinfinirt.so.$major"

# Static library with the API in it.
nm "$libdir/libinfinirt.a" 2>/dev/null | grep -q ' T infinirtMalloc$' &&
  ok "libinfinirt.a" || fail "libinfinirt.a missing or without infinirtMalloc"

# Package files.
for f in cmake/infinirt/infinirtConfig.cmake \
  cmake/infinirt/infinirtConfigVersion.cmake \
  cmake/infinirt/infinirtKernels.cmake \
  cmake/infinirt/infinirtTargets.cmake pkgconfig/infinirt.pc; do
  [ -f "$libdir/$f" ] && ok "$f" || fail "$f missing"
done
# Relocatable: no absolute path of the source, the build or the prefix
# (which lies inside the build directory).
if grep -rlF -e "$build_dir" -e "$src_dir" "$libdir/cmake/infinirt" \
  "$libdir/pkgconfig" >/dev/null 2>&1; then
  fail "package files contain absolute paths:"
  grep -rnF -e "$build_dir" -e "$src_dir" "$libdir/cmake/infinirt" \
    "$libdir/pkgconfig"
else
  ok "package files use relative paths"
fi

# The tool runs from the install tree and finds the installed library.
if [ "$have_tool" = 1 ]; then
  tool=$bindir/infinirt-info
  if [ -x "$tool" ]; then
    first=$(env -u LD_LIBRARY_PATH "$tool" --list 2>&1 | head -n 1)
    case $first in
      "InfiniRT $version "*) ok "bin/infinirt-info runs: $first" ;;
      *) fail "bin/infinirt-info --list printed: $first" ;;
    esac
  else
    fail "bin/infinirt-info missing"
  fi
  # infinirt-port finds the installed headers relative to itself: it knows
  # infinirtMalloc and not cudaNoSuchFunction.
  port=$bindir/infinirt-port
  if [ -x "$port" ]; then
    tmp=$(mktemp -d) || exit 1
    printf 'int f(void) { void *p; return cudaMalloc(&p, 1); }\n' >"$tmp/ok.c"
    printf 'int f(void) { return cudaNoSuchFunction(); }\n' >"$tmp/bad.c"
    env -u INFINIRT_PORT_INCLUDE_DIR "$port" --check "$tmp/ok.c" >/dev/null 2>&1
    rc_ok=$?
    env -u INFINIRT_PORT_INCLUDE_DIR "$port" --check "$tmp/bad.c" >/dev/null 2>&1
    rc_bad=$?
    rm -rf "$tmp"
    [ $rc_ok -eq 1 ] && [ $rc_bad -eq 3 ] &&
      ok "bin/infinirt-port reads the installed headers" ||
      fail "bin/infinirt-port --check gave $rc_ok and $rc_bad, expected 1 and 3"
  else
    fail "bin/infinirt-port missing"
  fi
fi

[ $fails -eq 0 ] && echo "layout: all checks passed" && exit 0
echo "layout: $fails check(s) failed"
exit 1
