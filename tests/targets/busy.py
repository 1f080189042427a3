# End-to-end profiling target: a fixed, known call stack that burns CPU forever.
#
# Valid on Python 2.7 and 3.x. Started by absolute path, so co_filename is absolute.
# Stack while running (outermost first): <module> -> outer -> middle -> inner.
# The C# tests never hardcode line numbers: they read the "# LINE:<name>" markers
# below (TargetScript), so editing this file cannot make the tests drift.
#   module_call  line of the outer() call in <module>
#   outer_call   line of the middle() call in outer
#   middle_call  line of the inner() call in middle
#   inner_hot    the ONE line inner spins on (whole loop on one line, so every
#                bytecode of the loop maps to it on every CPython version)
import os
import sys

# RootConfinementTests: a process that hides what it mapped. Before READY it moves its own libpython away and puts a
# symbolic link in its place, pointing at PYFLAME_E2E_SWAP_TO (an absolute path that, inside its mount namespace,
# names nothing, while the host has a FIFO or another file there). The stack stays the one below.
if os.environ.get("PYFLAME_E2E_SWAP_TO"):
    library = [line.split()[-1] for line in open("/proc/self/maps") if "/libpython" in line][0]
    os.rename(library, library + ".moved")
    os.symlink(os.environ["PYFLAME_E2E_SWAP_TO"], library)


def inner():
    n = 0
    while True: n += 1  # LINE:inner_hot


def middle():
    inner()  # LINE:middle_call


def outer():
    middle()  # LINE:outer_call


# SPINS-AFTER-READY: 1 (tests wait until it ran for a while, so the main thread has left this print)
sys.stdout.write("READY\n")
sys.stdout.flush()
outer()  # LINE:module_call
