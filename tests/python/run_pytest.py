"""Runs pytest on one test file; exit 77 (ctest's skip) with the reason
where pytest or NumPy cannot be imported."""
import sys

try:
    import numpy  # noqa: F401
    import pytest
except ImportError as e:
    print("SKIP: %s (apt install python3-pytest python3-numpy)" % e)
    sys.exit(77)

# -p no:cacheprovider: the source tree stays clean.
sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", sys.argv[1]]))
