# End-to-end profiling target: the only thread sleeps (GIL released) forever,
# so every sample should be "(idle)". Valid on Python 2.7 and 3.x.
#   sleep_call  the time.sleep line the main thread waits on
import sys
import time


def wait_forever():
    while True:
        time.sleep(3600)  # LINE:sleep_call


sys.stdout.write("READY\n")
sys.stdout.flush()
wait_forever()  # LINE:module_call
