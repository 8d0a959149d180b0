#!/bin/sh
# install.exports: the shared library exports exactly the functions that the
# installed public headers declare with INFINIRT_API - nothing more (no
# internal symbol leaks), nothing less (no declared function missing); and
# every global symbol the static archive defines starts with "infinirt"
# (public names "infinirtX", internal ones "infinirt_"), so linking
# libinfinirt.a cannot collide with an application's own names.
#   check_exports.sh LIBINFINIRT.SO INCLUDEDIR [LIBINFINIRT.A]
set -u
lib=$1 incdir=$2 archive=${3:-}
command -v nm >/dev/null 2>&1 ||
  { echo "SKIP: nm not found (Debian package binutils)"; exit 77; }
[ -f "$lib" ] || { echo "FAIL: $lib not found"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# Declared: drop comments and preprocessor lines, join the text, split it at
# ';' so each declaration is one line, and take from those marked
# INFINIRT_API the identifier before the first '(' (a function) or, for a
# variable, the last identifier.
awk '
  {
    line = $0
    out = ""
    while (line != "") {
      if (incomment) {
        e = index(line, "*/")
        if (e == 0) { line = ""; break }
        line = substr(line, e + 2); incomment = 0
      } else {
        s = index(line, "/*")
        if (s == 0) { out = out line; line = ""; break }
        out = out substr(line, 1, s - 1) " "
        line = substr(line, s + 2); incomment = 1
      }
    }
    if (continued || out ~ /^[ \t]*#/) { continued = (out ~ /\\$/); next }
    sub(/\/\/.*/, "", out)
    printf "%s ", out
  }
  END { print "" }' "$incdir"/*.h | tr ';' '\n' | grep 'INFINIRT_API' |
  sed -e 's/\[[^]]*\]//g' |
  awk '{
    if (index($0, "(")) { s = substr($0, 1, index($0, "(") - 1) } else { s = $0 }
    gsub(/[^A-Za-z0-9_]/, " ", s)
    n = split(s, w, " ")
    if (n > 0) print w[n]
  }' | sort -u >"$tmp/declared"

# Exported: every defined dynamic symbol, whatever its kind.
nm -D --defined-only "$lib" | awk 'NF >= 3 { print $3 }' |
  sed 's/@.*//' | sort -u >"$tmp/exported"

ndecl=$(wc -l <"$tmp/declared")
nexp=$(wc -l <"$tmp/exported")
echo "declared with INFINIRT_API in $incdir: $ndecl; exported by ${lib##*/}: $nexp"
[ "$ndecl" -gt 0 ] || { echo "FAIL: found no INFINIRT_API declaration"; exit 1; }
status=0
extra=$(comm -13 "$tmp/declared" "$tmp/exported")
missing=$(comm -23 "$tmp/declared" "$tmp/exported")
if [ -n "$extra" ]; then
  echo "FAIL: exported but not declared in a public header:"
  echo "$extra" | sed 's/^/  /'
  status=1
fi
if [ -n "$missing" ]; then
  echo "FAIL: declared INFINIRT_API but not exported:"
  echo "$missing" | sed 's/^/  /'
  status=1
fi
[ $status -eq 0 ] && echo "exports: the exported set equals the declared set"

if [ -n "$archive" ]; then
  [ -f "$archive" ] || { echo "FAIL: $archive not found"; exit 1; }
  nm -g --defined-only "$archive" | awk 'NF == 3 { print $3 }' | sort -u \
    >"$tmp/archive"
  stray=$(grep -v '^infinirt' "$tmp/archive")
  echo "global symbols defined by ${archive##*/}: $(wc -l <"$tmp/archive")"
  if [ -n "$stray" ]; then
    echo "FAIL: global symbols of ${archive##*/} without the infinirt prefix:"
    echo "$stray" | sed 's/^/  /'
    status=1
  else
    echo "exports: every global symbol of ${archive##*/} carries the prefix"
  fi
fi
exit $status
