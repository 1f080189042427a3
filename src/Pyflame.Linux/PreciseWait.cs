using Pyflame.Linux.Interop;

namespace Pyflame.Linux;

/// <summary>
/// Sleeps for sub-millisecond spans with clock_nanosleep. Managed waits round to whole milliseconds, so
/// at 1 kHz they either oversleep a tick or return at once and spin.
/// </summary>
public static class PreciseWait
{
    public static unsafe void Wait(TimeSpan duration, CancellationToken cancellation)
    {
        if (duration <= TimeSpan.Zero || cancellation.IsCancellationRequested)
        {
            return;
        }

        long nanoseconds = duration.Ticks * 100;
        Time.Timespec request = new() { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
        _ = Time.ClockNanosleep(Time.CLOCK_MONOTONIC, 0, &request, null);
    }
}
