# End-to-end target for trace mode's start: a program whose own work is about 50 ms of CPU time, over
# before a profiler that attaches after it started could find it. Valid on Python 2.7 and 3.x, run as a
# script or by the embed host (so it is configured through the environment, not argv):
#   PYFLAME_E2E_CPU   seconds of CPU time busy() burns (default 0.05)
# CPU time, not wall time: on a loaded machine the program then does the same work however long it waits.
import os
import time

cpu_clock = getattr(time, "process_time", None) or time.clock


def busy(seconds):
    end = cpu_clock() + seconds
    while cpu_clock() < end: pass  # LINE:busy_hot


busy(float(os.environ.get("PYFLAME_E2E_CPU", "0.05")))  # LINE:module_call
