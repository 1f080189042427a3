# End-to-end target: a live Python whose main thread has exited while a worker thread runs on.
# The main thread calls pthread_exit through ctypes (CDLL calls release the GIL, so the worker keeps running
# Python); the process lives on with a zombie thread-group leader. Python 3 only (the test picks 3.11).
#   worker_hot   the line the worker spins on
#   worker_call  the spin() call in worker
import ctypes
import sys
import threading


def spin():
    n = 0
    while True: n += 1  # LINE:worker_hot


def worker():
    spin()  # LINE:worker_call


threading.Thread(target=worker, daemon=True).start()
sys.stdout.write("READY\n")
sys.stdout.flush()
ctypes.CDLL(None).pthread_exit(None)
