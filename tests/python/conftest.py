"""Shared fixtures of the Python package's tests.

The package under test is the one first on sys.path: the build tree's
<build>/python (ctest sets PYTHONPATH) or an installed one.
"""
import os

import pytest

import infinirt.runtime as _rt

SOURCE_DIR = os.environ.get(
    "INFINIRT_PY_SOURCE_DIR",
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
        __file__)))))


@pytest.fixture
def rt():
    """The low layer, infinirt.runtime."""
    return _rt


def ok(result):
    """The outputs of a low-layer call that must succeed: result is
    (err, *outputs); returns the single output, the tuple of them, or
    None."""
    err = result[0]
    assert err == _rt.infinirtError_t.infinirtSuccess, (
        "%r: %s" % (err, _rt.infinirtExtGetLastErrorDetail()[1]))
    outs = result[1:]
    if not outs:
        return None
    return outs[0] if len(outs) == 1 else outs


@pytest.fixture
def stream():
    """A new stream, destroyed after the test."""
    s = ok(_rt.infinirtStreamCreate())
    yield s
    _rt.infinirtStreamDestroy(s)
