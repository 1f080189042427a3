"""Benchmark targets for bench/Pyflame.Bench (runs on CPython 2.7 and 3.6+).

    workload.py tree    [--windows SECONDS]   11-frame call tree (<module> main tree level1-6 dispatch hot_*), hot_a:hot_b work = 3:1
    workload.py deep                           200-deep recursion, busy at the bottom
    workload.py threads                        8 threads: 3 busy, 3 sleeping, 2 blocked on a lock

Prints "READY" once the interesting stack exists, then runs until killed. With --windows, the tree
prints "W <start> <end> <iterations>" per window (time.monotonic, i.e. CLOCK_MONOTONIC, which the
bench shares) so throughput with and without a profiler attached is compared inside ONE process.
The bench finds the expected line numbers from the "# BENCH:" markers, so edit freely.
"""
import sys
import threading
import time

UNIT = 100  # loop turns of hot_b per iteration; hot_a does 3 * UNIT


def hot_a(n):
    total = 0
    for i in range(3 * n):  # BENCH:hot_a
        total += i * i  # BENCH:hot_a
    return total


def hot_b(n):
    total = 0
    for i in range(n):  # BENCH:hot_b
        total += i * i  # BENCH:hot_b
    return total


def dispatch(n):
    return hot_a(n) + hot_b(n)


def level6(n):
    return dispatch(n)


def level5(n):
    return level6(n)


def level4(n):
    return level5(n)


def level3(n):
    return level4(n)


def level2(n):
    return level3(n)


def level1(n):
    return level2(n)


def calibrate():
    """The true hot_a share of hot_a+hot_b time, timed in-process: the reference for the 3:1 split.
    The median of 31 rounds, so a round disturbed by another process does not decide it."""
    clock = getattr(time, "perf_counter", time.time)
    shares = []
    for _ in range(31):
        spent_a = spent_b = 0.0
        for _ in range(40):
            t0 = clock()
            hot_a(UNIT)
            t1 = clock()
            hot_b(UNIT)
            t2 = clock()
            spent_a += t1 - t0
            spent_b += t2 - t1
        shares.append(spent_a / (spent_a + spent_b))
    shares.sort()
    sys.stdout.write("SPLIT %.4f\n" % shares[len(shares) // 2])


def tree(window):
    calibrate()
    ready()
    if window <= 0:
        while True:
            level1(UNIT)
    now = time.monotonic if hasattr(time, "monotonic") else time.time
    start = now()
    end = start + window
    count = 0
    while True:
        level1(UNIT)
        count += 1
        t = now()
        if t >= end:
            sys.stdout.write("W %.6f %.6f %d\n" % (start, t, count))
            sys.stdout.flush()
            start, end, count = t, t + window, 0


def deep(depth):
    if depth > 1:
        return deep(depth - 1)
    ready()
    total = 0
    # 3.12 puts the loop's backward jump on the 'while' line: it is part of the bottom loop too.
    while True:  # BENCH:deep_bottom
        total += 1  # BENCH:deep_bottom
        total %= 1000003  # BENCH:deep_bottom


def spin():
    while True:
        hot_b(UNIT)


def nap():
    while True:
        time.sleep(0.05)


def wait_for(lock):
    lock.acquire()


def threads():
    lock = threading.Lock()
    lock.acquire()  # held forever by the main thread
    workers = [threading.Thread(target=spin, name="busy-%d" % i) for i in range(3)]
    workers += [threading.Thread(target=nap, name="sleep-%d" % i) for i in range(3)]
    workers += [threading.Thread(target=wait_for, args=(lock,), name="blocked-%d" % i) for i in range(2)]
    for worker in workers:
        worker.daemon = True
        worker.start()
    ready()
    while True:
        time.sleep(1)


def ready():
    sys.stdout.write("READY\n")
    sys.stdout.flush()


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else "tree"
    window = float(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--windows" else 0.0
    if mode == "tree":
        tree(window)
    elif mode == "deep":
        sys.setrecursionlimit(1000)
        deep(200)
    elif mode == "threads":
        threads()
    else:
        sys.exit("unknown mode " + mode)


main()
