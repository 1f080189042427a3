/* The floor under every sampler's CPU per sample: a thread that sleeps to the next 1 ms deadline and wakes,
 * doing nothing else. bench/run builds it; the bench runs it under rusage-run and divides its CPU by the
 * wake-ups.   timer-floor WAKEUPS [INTERVAL_US]   */
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
    long wakeups = argc > 1 ? atol(argv[1]) : 2000;
    long interval_ns = (argc > 2 ? atol(argv[2]) : 1000) * 1000L;
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    for (long i = 0; i < wakeups; i++) {
        next.tv_nsec += interval_ns;
        while (next.tv_nsec >= 1000000000L) {
            next.tv_nsec -= 1000000000L;
            next.tv_sec++;
        }
        clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
    }
    return 0;
}
