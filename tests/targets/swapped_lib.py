# End-to-end target for a process that hides what it mapped: before READY it moves its own libpython away and puts
# a symbolic link in its place, pointing at PYFLAME_E2E_SWAP_TO (an absolute path that, inside its mount namespace,
# names nothing, while the host has a FIFO or another file there). A profiler must neither follow that link out of
# the target's root nor block on what it finds; the stack is busy.py's.
import os
import sys

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


sys.stdout.write("READY\n")
sys.stdout.flush()
outer()  # LINE:module_call
