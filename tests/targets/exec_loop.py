# End-to-end target: a process that keeps replacing itself (exec) with a new Python, so pyflame attaching to it
# sees the program change under it. READY is printed once; the pid stays the same for the whole life.
import os
import sys

if len(sys.argv) == 1:
    sys.stdout.write("READY\n")
    sys.stdout.flush()
os.execv(sys.executable, [sys.executable, os.path.abspath(__file__), "again"])
