"""A target with a known split: heavy_work spins 3 ms for every 1 ms light_work spins (75% / 25%)."""
import sys
import time

def heavy_work():
    end = time.perf_counter() + 0.003
    while time.perf_counter() < end:
        pass

def light_work():
    end = time.perf_counter() + 0.001
    while time.perf_counter() < end:
        pass

def main(seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        heavy_work()
        light_work()

if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 2.0)
