#!/usr/bin/env python3
"""Cost of a small runtime call from Python, in ns per call.

Times the same three calls, each made the same way by every caller:
  EventRecord     record an event on a stream
  StreamQuery     query an idle stream
  MemcpyAsync4    a 4-byte host-to-device copy from pinned memory, async
through
  infinirt.runtime   the generated low layer (one C wrapper per function)
  infinirt           the Pythonic layer (Event.record, Stream.query, ...)
  ctypes             a ctypes call of the same libinfinirt C function
  cuda-python        cuda.bindings.runtime / cuda.cudart (NVIDIA, if importable)
  cupy               cupy.cuda.runtime (NVIDIA, if importable)
in one process, in interleaved rounds (every caller once per round, so drift
of the machine hits all alike); prints best and median ns per call and the
ratio to infinirt.runtime as a markdown table.

  PYTHONPATH=build/python python3 bench/python/bench_calls.py [--type cpu|nvidia]
      [--rounds 15] [--calls 20000] [--quick]
"""

import argparse
import ctypes
import os
import platform
import statistics
import sys
import time


def find_libinfinirt():
    """The libinfinirt the extension module loaded (from /proc/self/maps)."""
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1]
            if "libinfinirt.so" in os.path.basename(path):
                return path
    raise RuntimeError("libinfinirt is not loaded")


def infinirt_cases(kind):
    """{call: {caller: (setup-free function of no arguments)}} for infinirt."""
    import infinirt
    from infinirt import runtime as rt
    infinirt.set_type(kind)
    check = infinirt.check
    stream = infinirt.Stream(infinirt.STREAM_NON_BLOCKING)
    event = infinirt.Event(infinirt.EVENT_DISABLE_TIMING)
    dev = infinirt.Buffer(4)
    host = infinirt.Buffer(4, "pinned")
    keep = [stream, event, dev, host]
    s, e, d, h = int(stream.handle), int(event.handle), dev.ptr, host.ptr
    h2d = rt.infinirtMemcpyKind.infinirtMemcpyHostToDevice

    lib = ctypes.CDLL(find_libinfinirt())
    vp = ctypes.c_void_p
    c_record = lib.infinirtEventRecord
    c_record.argtypes, c_record.restype = [vp, vp], ctypes.c_int
    c_query = lib.infinirtStreamQuery
    c_query.argtypes, c_query.restype = [vp], ctypes.c_int
    c_copy = lib.infinirtMemcpyAsync
    c_copy.argtypes = [vp, vp, ctypes.c_size_t, ctypes.c_int, vp]
    c_copy.restype = ctypes.c_int
    s_handle, e_handle = stream.handle, event.handle
    rt_record, rt_query, rt_copy = (rt.infinirtEventRecord,
                                    rt.infinirtStreamQuery,
                                    rt.infinirtMemcpyAsync)

    cases = {
        "EventRecord": {
            "infinirt.runtime": lambda: rt_record(e_handle, s_handle),
            "infinirt": lambda: event.record(stream),
            "ctypes": lambda: c_record(e, s),
        },
        "StreamQuery": {
            "infinirt.runtime": lambda: rt_query(s_handle),
            "infinirt": stream.query,
            "ctypes": lambda: c_query(s),
        },
        "MemcpyAsync4": {
            "infinirt.runtime": lambda: rt_copy(d, h, 4, h2d, s_handle),
            "infinirt": lambda: dev.copy_from(host, stream=stream),
            "ctypes": lambda: c_copy(d, h, 4, 1, s),
        },
    }
    # Sanity: every caller succeeds once before timing.
    assert rt_record(e_handle, s_handle)[0] == 0 and c_record(e, s) == 0
    assert c_copy(d, h, 4, 1, s) == 0
    check(rt_copy(d, h, 4, h2d, s_handle))
    stream.synchronize()
    return cases, stream.synchronize, keep


def cuda_python_cases():
    """The same calls through cuda-python, or {} if it is not importable."""
    try:
        from cuda.bindings import runtime as cudart
        name = "cuda-python (cuda.bindings)"
    except ImportError:
        try:
            from cuda import cudart
            name = "cuda-python (cuda.cudart)"
        except ImportError:
            return {}, None, None
    err, stream = cudart.cudaStreamCreateWithFlags(1)
    if int(err) != 0:
        return {}, None, None
    _, event = cudart.cudaEventCreateWithFlags(2)
    _, dev = cudart.cudaMalloc(4)
    _, host = cudart.cudaMallocHost(4)
    h2d = cudart.cudaMemcpyKind.cudaMemcpyHostToDevice
    cases = {
        "EventRecord": {name: lambda: cudart.cudaEventRecord(event, stream)},
        "StreamQuery": {name: lambda: cudart.cudaStreamQuery(stream)},
        "MemcpyAsync4": {name: lambda: cudart.cudaMemcpyAsync(dev, host, 4,
                                                              h2d, stream)},
    }
    return cases, lambda: cudart.cudaStreamSynchronize(stream), \
        (stream, event, dev, host)


def cupy_cases():
    """The same calls through cupy.cuda.runtime, or {}."""
    try:
        from cupy.cuda import runtime as cr
        cr.getDeviceCount()
    except Exception:
        return {}, None, None
    stream = cr.streamCreateWithFlags(1)
    event = cr.eventCreateWithFlags(2)
    dev = cr.malloc(4)
    host = cr.hostAlloc(4, 0)     # pinned (cudaHostAlloc, default flags)
    name = "cupy.cuda.runtime"
    cases = {
        "EventRecord": {name: lambda: cr.eventRecord(event, stream)},
        "StreamQuery": {name: lambda: cr.streamQuery(stream)},
        "MemcpyAsync4": {name: lambda: cr.memcpyAsync(dev, host, 4, 1,
                                                      stream)},
    }
    return cases, lambda: cr.streamSynchronize(stream), \
        (stream, event, dev, host)


def time_calls(fn, calls):
    """ns per call of ``calls`` calls of fn."""
    t0 = time.perf_counter_ns()
    for _ in range(calls):
        fn()
    return (time.perf_counter_ns() - t0) / calls


def run(cases, syncs, rounds, calls):
    """{call: {caller: [ns per call of each round]}}, interleaved."""
    results = {c: {who: [] for who in callers} for c, callers in cases.items()}
    for fn_set in cases.values():              # warm up
        for fn in fn_set.values():
            time_calls(fn, max(calls // 10, 10))
    for sync in syncs:
        sync()
    for _ in range(rounds):
        for call, callers in cases.items():
            for who, fn in callers.items():
                results[call][who].append(time_calls(fn, calls))
                for sync in syncs:             # queued copies drain untimed
                    sync()
    return results


def table(results, device):
    """The markdown table of best and median ns per call and the ratios."""
    lines = [f"Small calls from Python on {device} (ns per call; ratio = "
             "median / infinirt.runtime's median)", "",
             "| call | caller | best ns | median ns | ratio |",
             "| --- | --- | ---: | ---: | ---: |"]
    for call, callers in results.items():
        base = statistics.median(callers["infinirt.runtime"])
        for who, times in callers.items():
            med = statistics.median(times)
            lines.append(f"| {call} | {who} | {min(times):.0f} | {med:.0f} | "
                         f"{med / base:.2f} |")
    return "\n".join(lines)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--type", default=None,
                   help="device type: cpu or nvidia (default: nvidia if it "
                        "has devices, else cpu)")
    p.add_argument("--rounds", type=int, default=15)
    p.add_argument("--calls", type=int, default=20000)
    p.add_argument("--quick", action="store_true",
                   help="2 rounds of 200 calls: checks that it runs")
    a = p.parse_args(argv)
    if a.quick:
        a.rounds, a.calls = 2, 200
    import infinirt
    kind = a.type or ("nvidia" if infinirt.Device.count("nvidia") else "cpu")
    cases, sync, keep = infinirt_cases(kind)
    syncs = [sync]
    peers = []
    if kind == "nvidia":
        for make in (cuda_python_cases, cupy_cases):
            try:
                extra, extra_sync, extra_keep = make()
            except Exception as e:      # a peer's API differs: say so, go on
                print(f"{make.__name__}: {type(e).__name__}: {e}",
                      file=sys.stderr)
                continue
            if extra:
                for call, callers in extra.items():
                    cases[call].update(callers)
                syncs.append(extra_sync)
                peers.append(extra_keep)
    device = f"{infinirt.Device(0).name} ({kind}), Python {platform.python_version()}"
    results = run(cases, syncs, a.rounds, a.calls)
    print(table(results, device))
    print(f"\n{a.rounds} rounds of {a.calls} calls; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
          f"{platform.machine()}, {os.cpu_count()} CPUs")
    del keep, peers
    return 0


if __name__ == "__main__":
    sys.exit(main())
