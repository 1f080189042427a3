# -*- coding: utf-8 -*-
# End-to-end target for -d --locals: two frames with known arguments, locals, a cell and a free
# variable. READY is printed once the innermost frame has bound all of them. Valid on 2.7 and 3.x.
import sys
import threading  # so the main thread has a name (threading._active)
import time


class Marker(object):
    pass


def outer(count, scale=2.5, *rest, **options):
    shared = ["a", 1]

    def inner(flag):
        nothing = None
        small = -7
        big = 2 ** 100
        ratio = 0.1
        text = "it's\n"
        data = b"\x00ab"
        pair = (1,)
        table = {"k": [1, (2, 3)]}
        members = {5}
        deep = [[[[1]]]]
        obj = Marker()
        # SLEEPS-AFTER-READY (tests wait until the thread is asleep, so a dump does not catch it still printing)
        sys.stdout.write("READY\n")
        sys.stdout.flush()
        while True:
            # Sleeps for good: a thread woken every few ms is, on a loaded machine, often runnable and waiting for
            # a CPU when dumped, which shows as "running" where the test expects "idle".
            time.sleep(3600)  # LINE:inner_sleep
            shared.append

    return inner(True)  # LINE:outer_call


outer(3, 2.5, "x", mode="fast")  # LINE:module_call
