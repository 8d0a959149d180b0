#!/bin/sh
# Fails if a conformance test asks which backend it runs on: a behaviour
# only one backend has is tested in tests/backends/<backend>/, and what a
# backend may leave unsupported is a row of expected_skips.def. Only the
# runner (harness.c) knows the backend under test by identity.
#
#   check_no_backend_checks.sh DIR
set -u
dir=${1:?usage: check_no_backend_checks.sh DIR}
found=$(cd "$dir" && ls ./*.c ./*.h | grep -v '^\./harness\.c$' |
  xargs grep -nE \
    'conf_backend[[:space:]]*[!=]=|[!=]=[[:space:]]*(\([a-zA-Z_ ]*\))?[[:space:]]*conf_backend|infinirtDeviceType(Cpu|Nvidia)\b')
if [ -n "$found" ]; then
  echo "backend identity checks in the conformance suite:"
  echo "$found"
  exit 1
fi
echo "no backend identity checks outside harness.c"
