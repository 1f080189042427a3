using System.Runtime.InteropServices;

namespace Pyflame.Linux.Interop;

/// <summary>clock_nanosleep: the sampler's waits are often below a millisecond, which managed waits cannot express.</summary>
internal static unsafe partial class Time
{
    internal const int CLOCK_MONOTONIC = 1;

    [StructLayout(LayoutKind.Sequential)]
    internal struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport(Libraries.Libc, EntryPoint = "clock_nanosleep")]
    internal static partial int ClockNanosleep(int clock, int flags, Timespec* request, Timespec* remaining);
}
