"""infinirt.runtime's generated types: IntEnums, ctypes Structures checked
against C's layout, handle classes, constants."""
import ctypes
import enum

import pytest

import infinirt.runtime as rt
from infinirt import _infinirt
from conftest import ok

E = rt.infinirtError_t


def test_enums_are_intenums_with_c_names():
    assert issubclass(rt.infinirtMemcpyKind, enum.IntEnum)
    assert rt.infinirtMemcpyKind.infinirtMemcpyHostToDevice == 1
    assert rt.infinirtMemcpyKind.infinirtMemcpyDefault == 4
    assert E.infinirtSuccess == 0
    assert E.infinirtErrorInvalidValue == 1
    assert rt.infinirtError is rt.infinirtError_t  # the tag's name too
    assert rt.infinirtDeviceType.infinirtDeviceTypeCpu == 0
    # An enumerator without a value follows the one before it.
    t = rt.infinirtGraphNodeType
    assert t.infinirtGraphNodeTypeCount == t.infinirtGraphNodeTypeConditional + 1


def test_enum_outputs_and_errors_are_enum_members():
    err, kind = rt.infinirtExtGetDeviceType()
    assert type(err) is E and err is E.infinirtSuccess
    assert type(kind) is rt.infinirtDeviceType
    assert type(rt.infinirtSetDevice(-1)[0]) is E
    rt.infinirtGetLastError()


def test_enum_arguments_take_intenum_or_int():
    assert rt.infinirtGetErrorName(E.infinirtErrorInvalidValue) == \
        rt.infinirtGetErrorName(1)
    assert rt.infinirtGetErrorName(1)[1] == "infinirtErrorInvalidValue"
    assert "invalid" in rt.infinirtGetErrorString(1)[1].lower()


def test_layouts_equal_c():
    layout = _infinirt._layout
    assert layout["infinirtDim3"] == 12
    assert layout["infinirtMemLocation"] == 8
    assert layout["infinirtPitchedPtr"] == 32
    assert layout["infinirtIpcEventHandle_t"] == 64
    assert layout["infinirtGraphEdgeData"] == 8
    assert layout["infinirtLaunchAttributeValue"] == 64
    for key, value in layout.items():
        cls_name, _, field = key.partition(".")
        cls = getattr(rt, cls_name)
        got = getattr(cls, field).offset if field else ctypes.sizeof(cls)
        assert got == value, key
    # Every named struct and union of the headers is in the table.
    classes = {c for c in vars(rt).values() if isinstance(c, type) and
               issubclass(c, (ctypes.Structure, ctypes.Union)) and
               "(anonymous)" not in c.__doc__}
    assert {getattr(rt, k) for k in layout if "." not in k} == classes
    assert len(classes) >= 38


def test_layout_mismatch_fails_the_check(monkeypatch):
    from infinirt import _runtime_gen
    bad = dict(_infinirt._layout)
    bad["infinirtDim3"] = 13
    monkeypatch.setattr(_infinirt, "_layout", bad)
    with pytest.raises(ImportError, match="infinirtDim3"):
        _runtime_gen._check_layouts()


def test_struct_output_is_a_new_instance():
    p1 = ok(rt.infinirtGetDeviceProperties(0))
    p2 = ok(rt.infinirtGetDeviceProperties(0))
    assert isinstance(p1, rt.infinirtDeviceProp) and p1 is not p2
    assert isinstance(p1.name, bytes) and p1.name
    assert p1.name.decode()  # UTF-8 text
    assert p1.totalGlobalMem > 0
    assert p1.maxThreadsPerBlock == ok(rt.infinirtDeviceGetAttribute(
        rt.infinirtDeviceAttr.infinirtDevAttrMaxThreadsPerBlock, 0))
    assert len(bytes(p1.uuid.bytes)) <= 16


def test_struct_fields_round_trip_through_c():
    s = ok(rt.infinirtStreamCreate())
    try:
        v = rt.infinirtStreamAttrValue()
        v.priority = -1
        ok(rt.infinirtStreamSetAttribute(
            s, rt.infinirtStreamAttributePriority, v))
        got = ok(rt.infinirtStreamGetAttribute(
            s, rt.infinirtStreamAttributePriority))
        assert isinstance(got, rt.infinirtLaunchAttributeValue)
        assert got.priority == ok(rt.infinirtStreamGetPriority(s))
    finally:
        ok(rt.infinirtStreamDestroy(s))
    pool = ok(rt.infinirtDeviceGetDefaultMemPool(0))
    attr = rt.infinirtMemPoolAttr.infinirtMemPoolAttrReleaseThreshold
    old = ok(rt.infinirtMemPoolGetAttribute(pool, attr))
    ok(rt.infinirtMemPoolSetAttribute(pool, attr, 123456))
    assert ok(rt.infinirtMemPoolGetAttribute(pool, attr)) == 123456
    ok(rt.infinirtMemPoolSetAttribute(pool, attr, old))


def test_nested_struct_and_anonymous_union():
    p = rt.infinirtGraphNodeParams()
    p.memset.width = 7
    assert p.memset.width == 7
    assert rt.infinirtGraphNodeParams.memset.offset == \
        _infinirt._layout["infinirtGraphNodeParams.memset"]
    d3 = rt.infinirtMemcpy3DParms()
    d3.srcPtr.pitch = 64
    d3.extent = rt.infinirtExtent(1, 2, 3)
    assert (d3.srcPtr.pitch, d3.extent.depth) == (64, 3)
    v = rt.infinirtLaunchAttributeValue()
    v.clusterDim.y = 5
    assert v.clusterDim.y == 5


def test_struct_copy_param_written_by_c():
    pitched = ok(rt.infinirtMalloc3D(rt.infinirtExtent(100, 3, 2)))
    assert pitched.pitch >= 100 and pitched.xsize == 100 and pitched.ysize == 3
    ok(rt.infinirtFree(pitched.ptr))


def test_handles_are_ints_named_as_the_c_type():
    s = ok(rt.infinirtStreamCreate())
    assert type(s) is rt.infinirtStream_t and isinstance(s, int) and s != 0
    assert repr(s) == "infinirtStream_t(0x%x)" % int(s)
    assert rt.infinirtStreamQuery(int(s)) == (E.infinirtSuccess,)
    ok(rt.infinirtStreamDestroy(s))
    e = ok(rt.infinirtEventCreate())
    assert type(e) is rt.infinirtEvent_t
    ok(rt.infinirtEventDestroy(e))
    g = ok(rt.infinirtGraphCreate(0))
    n = ok(rt.infinirtGraphAddEmptyNode(g, None, 0))
    assert type(g) is rt.infinirtGraph_t and type(n) is rt.infinirtGraphNode_t
    nodes, count = ok(rt.infinirtGraphGetNodes(g, 1))
    assert nodes == [n] and type(nodes[0]) is rt.infinirtGraphNode_t
    ok(rt.infinirtGraphDestroy(g))


def test_constants_of_the_headers():
    assert rt.infinirtStreamNonBlocking == 1
    assert rt.infinirtEventDisableTiming == 2
    assert rt.infinirtStreamLegacy == 1
    assert type(rt.infinirtStreamLegacy) is rt.infinirtStream_t
    assert rt.infinirtStreamPerThread == 2
    assert rt.infinirtCpuDeviceId == -1
    assert rt.INFINIRT_IPC_HANDLE_SIZE == 64
    assert rt.infinirtStreamAttributePriority is \
        rt.infinirtLaunchAttributeID.infinirtLaunchAttributePriority
    assert rt.infinirtStreamAttrID is rt.infinirtLaunchAttributeID
    assert rt.infinirtStreamQuery(rt.infinirtStreamLegacy) == \
        (E.infinirtSuccess,)
    assert rt.infinirtStreamQuery(rt.infinirtStreamPerThread) == \
        (E.infinirtSuccess,)


def test_callback_types_for_struct_fields():
    calls = []
    fn = rt.infinirtHostFn_t(lambda data: calls.append(data))
    p = rt.infinirtHostNodeParams()
    p.fn = fn
    p.userData = 42
    g = ok(rt.infinirtGraphCreate(0))
    ok(rt.infinirtGraphAddHostNode(g, None, 0, p))
    x = ok(rt.infinirtGraphInstantiate(g, 0))
    ok(rt.infinirtGraphLaunch(x, 0))
    ok(rt.infinirtGraphLaunch(x, 0))
    ok(rt.infinirtStreamSynchronize(0))
    assert calls == [42, 42]
    ok(rt.infinirtGraphExecDestroy(x))
    ok(rt.infinirtGraphDestroy(g))


def test_outputs_are_none_on_failure():
    assert rt.infinirtMalloc(1 << 62) == (E.infinirtErrorMemoryAllocation,
                                          None)
    assert rt.infinirtGetDeviceProperties(1 << 20) == \
        (E.infinirtErrorInvalidDevice, None)
    rt.infinirtGetLastError()


def test_two_devices(monkeypatch):
    """INFINIRT_CPU_DEVICE_COUNT is read at the runtime's start: checked in a
    child process."""
    import os
    import subprocess
    import sys
    code = ("import infinirt.runtime as rt\n"
            "print(rt.infinirtGetDeviceCount()[1],"
            " rt.infinirtDeviceCanAccessPeer(0, 1)[0] == 0)\n")
    env = dict(os.environ, INFINIRT_CPU_DEVICE_COUNT="2")
    out = subprocess.run([sys.executable, "-c", code], env=env,
                         capture_output=True, text=True, check=True).stdout
    assert out.split() == ["2", "True"]
