# End-to-end profiling target: a DEPTH-deep recursion that busy-loops at the bottom.
#
# Valid on Python 2.7 and 3.x. Stack while running (outermost first):
#   <module>:module_call ; recurse:recurse_call x DEPTH (n = DEPTH .. 1) ;
#   recurse:bottom_call (n = 0) ; bottom:bottom_hot
# i.e. DEPTH + 3 frames. Tests read DEPTH from its VALUE marker and the
# lines from the "# LINE:<name>" markers (TargetScript).
import sys

DEPTH = 160  # VALUE:depth


def bottom():
    n = 0
    while True: n += 1  # LINE:bottom_hot


def recurse(n):
    if n == 0:
        bottom()  # LINE:bottom_call
    recurse(n - 1)  # LINE:recurse_call


# SPINS-AFTER-READY: 1 (tests wait until it ran for a while, so the main thread has left this print)
sys.stdout.write("READY\n")
sys.stdout.flush()
recurse(DEPTH)  # LINE:module_call
