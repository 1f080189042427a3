using System.Diagnostics;
using Pyflame.Linux.Interop;

namespace Pyflame.Linux;

/// <summary>
/// The pause between two non-blocking polls for tracee stops: a spin while a stop is microseconds away (a running
/// thread traps within microseconds of the interrupt, and noticing at once keeps the target's stop short), then
/// sleeps that double from 20 µs to 1 ms, so a stop delayed by the scheduler costs little CPU and is seen soon after.
/// </summary>
internal struct TraceePoll(long spinTicks)
{
    private const long FirstSleepNanoseconds = 20_000;
    private const long LongestSleepNanoseconds = 1_000_000;

    private readonly long _spinUntil = Stopwatch.GetTimestamp() + spinTicks;
    private long _sleepNanoseconds = FirstSleepNanoseconds;

    public unsafe void Pause()
    {
        if (Stopwatch.GetTimestamp() < _spinUntil)
        {
            Thread.SpinWait(20);
            return;
        }

        Time.Timespec request = new() { Seconds = 0, Nanoseconds = _sleepNanoseconds };
        _ = Time.ClockNanosleep(Time.CLOCK_MONOTONIC, 0, &request, null);
        _sleepNanoseconds = Math.Min(_sleepNanoseconds * 2, LongestSleepNanoseconds);
    }
}
