"""Runs pytest on one test file for ctest. Exit 77 (ctest's skip) with the
reason where pytest or NumPy cannot be imported, or where every test of the
file skipped (GPU tests without a GPU)."""
import os
import sys

try:
    import numpy  # noqa: F401
    import pytest
except ImportError as e:
    print("SKIP: %s (apt install python3-pytest python3-numpy)" % e)
    sys.exit(77)


class Outcomes:
    """Counts the tests that ran and the skip reasons."""

    def __init__(self):
        self.ran, self.skips = 0, []

    def pytest_runtest_logreport(self, report):
        if report.when == "call":
            self.ran += 1
        elif report.skipped:
            self.skips.append(str(report.longrepr[-1]) if isinstance(
                report.longrepr, tuple) else str(report.longrepr))


outcomes = Outcomes()
name = os.path.splitext(os.path.basename(sys.argv[1]))[0]
# -p no:cacheprovider: the source tree stays clean; a temporary folder of
# its own per file, as ctest runs the files in parallel; -rs: skip reasons.
rc = pytest.main(["-q", "-rs", "-p", "no:cacheprovider", "--basetemp",
                  os.path.join(os.getcwd(), "tmp-" + name), sys.argv[1]],
                 plugins=[outcomes])
if rc == 0 and outcomes.ran == 0 and outcomes.skips:
    print("SKIP: every test skipped: %s" % outcomes.skips[0])
    sys.exit(77)
sys.exit(rc)
