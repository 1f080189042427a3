# End-to-end target: 2000 Python threads waiting on one event, and the main thread waiting too.
# Valid on Python 2.7 and 3.x. Reading every thread's stack takes long enough that a fast rate cannot be met.
import sys
import threading

stop = threading.Event()
threads = [threading.Thread(target=stop.wait, name="waiter-%d" % i) for i in range(2000)]
for thread in threads:
    thread.daemon = True
    thread.start()
sys.stdout.write("READY\n")
sys.stdout.flush()
stop.wait()  # LINE:main_wait
