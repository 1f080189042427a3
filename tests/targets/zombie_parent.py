# End-to-end target: leaves a zombie child (forked, exited, never waited for) and prints READY once the child is
# one. The test finds the zombie in /proc/PID/task/PID/children.
import os
import sys
import time

child = os.fork()
if child == 0:
    os._exit(0)
while True:
    with open("/proc/%d/stat" % child) as stat:
        if stat.read().rsplit(")", 1)[1].split()[0] == "Z":
            break
    time.sleep(0.01)
sys.stdout.write("READY\n")
sys.stdout.flush()
time.sleep(3600)
