"""A sampling profiler for moto, for finding where the emulator's time goes (bench/RESULTS.md, Scale).

Enabled by the launcher when SCALESIM_MOTO_PROFILE names a file: a daemon thread samples every thread's
stack every few milliseconds (sys._current_frames) and rewrites the file every 10 s with the
samples so far, as "folded" stacks (`frame;frame;frame count`, innermost last; flamegraph.pl and
speedscope read this). Idle threads (waiting in select/accept/lock acquire) are skipped, so the counts
are the CPU-ish time of busy threads. Costs a few percent of one core while on. With
SCALESIM_MOTO_PROFILE_TYPES=1 it also appends, every 30 s, the live object count of the 25 most common
Python types to `<file>.types` (for finding what accumulates; gc.get_objects is slow on a big heap).
"""

import collections
import os
import sys
import threading
import time

_IDLE = ("select", "poll", "accept", "wait", "acquire", "_wait_for_tstate_lock", "read", "readinto", "recv_into", "sleep")


def _folded(frame):
    parts = []
    while frame is not None:
        code = frame.f_code
        parts.append(f"{os.path.basename(code.co_filename)}:{code.co_name}")
        frame = frame.f_back
    return ";".join(reversed(parts))


def start(path, interval=0.005):
    counts = collections.Counter()
    me = threading.get_ident()
    lock = threading.Lock()

    def sample():
        while True:
            time.sleep(interval)
            for ident, frame in sys._current_frames().items():
                if ident == me or frame is None:
                    continue
                if frame.f_code.co_name in _IDLE:
                    continue
                with lock:
                    counts[_folded(frame)] += 1

    def dump():
        while True:
            time.sleep(10)
            with lock:
                lines = [f"{stack} {n}\n" for stack, n in counts.most_common()]
            tmp = path + ".tmp"
            with open(tmp, "w") as f:
                f.writelines(lines)
            os.replace(tmp, path)

    def types():
        import gc

        while True:
            time.sleep(30)
            counts_by_type = collections.Counter(type(o).__qualname__ for o in gc.get_objects())
            with open(path + ".types", "a") as f:
                f.write(f"--- {time.strftime('%H:%M:%S')} {sum(counts_by_type.values())} objects\n")
                for name, n in counts_by_type.most_common(25):
                    f.write(f"{n} {name}\n")

    threading.Thread(target=sample, daemon=True, name="scalesim-profiler").start()
    threading.Thread(target=dump, daemon=True, name="scalesim-profiler-dump").start()
    if os.environ.get("SCALESIM_MOTO_PROFILE_TYPES"):
        threading.Thread(target=types, daemon=True, name="scalesim-profiler-types").start()
