# End-to-end target: a recursion deeper than the 4096 frames pyflame walks (WalkLimits.MaxDepth), spinning at
# the bottom. Every sample fails the same way paused or not; the summary must say so. Python 3.11+ (calls between
# Python functions use no C stack there, so 5000 levels are safe).
import sys

sys.setrecursionlimit(20000)


def down(n):
    if n == 0:
        sys.stdout.write("READY\n")
        sys.stdout.flush()
        while True: pass
    down(n - 1)


down(5000)
