"""A target with a known split: heavy_work does 3 times the work of light_work (75% / 25% of the time).

The split is counted in loop iterations, not wall-clock time, so pauses (a profiler stopping the
process, a busy machine) stretch both functions alike.
"""
import sys
import time


UNIT = 20000


def heavy_work():
    total = 0
    for i in range(3 * UNIT):
        total += i
    return total


def light_work():
    total = 0
    for i in range(UNIT):
        total += i
    return total


def main(seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        heavy_work()
        light_work()


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 2.0)
