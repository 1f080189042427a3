# End-to-end profiling target for --threads: the main thread spins, "worker-1"
# spins too, "worker-2" sleeps. Valid on Python 2.7 and 3.x.
# READY is printed only after both workers are running.
import sys
import threading
import time

started = []


def spin_worker():
    started.append("worker-1")
    n = 0
    while True: n += 1  # LINE:worker_spin_hot


def sleep_worker():
    started.append("worker-2")
    while True:
        time.sleep(3600)  # LINE:worker_sleep_call


def main_spin():
    n = 0
    while True: n += 1  # LINE:main_hot


for name, body in (("worker-1", spin_worker), ("worker-2", sleep_worker)):
    t = threading.Thread(target=body, name=name)
    t.daemon = True
    t.start()
while len(started) < 2:
    time.sleep(0.01)
# SPINS-AFTER-READY: 2 (tests wait until both spinners ran for a while, so the main thread has left this print)
sys.stdout.write("READY\n")
sys.stdout.flush()
main_spin()  # LINE:module_call
