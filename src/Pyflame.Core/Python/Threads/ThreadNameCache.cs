using Pyflame.Core.Python.Walking;

namespace Pyflame.Core.Python.Threads;

/// <summary>
/// Thread names for the samples, read from the target only when a thread shows up without one, and then
/// at most once per <see cref="RefreshInterval"/> (names cost dozens of reads; samples come every few ms).
/// Names are kept per (pthread id, kernel TID): glibc reuses a dead thread's pthread_t (its cached stack)
/// for the next thread almost at once, while TIDs are not reused that quickly, so a new thread on an old
/// pthread_t is not shown under its predecessor's name. Threads that are gone are dropped at each refresh.
/// </summary>
public sealed class ThreadNameCache
{
    public static TimeSpan RefreshInterval { get; } = TimeSpan.FromMilliseconds(500);

    private readonly IThreadNameSource _source;
    private readonly TimeProvider _time;
    private readonly Dictionary<ulong, string> _read = [];
    private readonly HashSet<ulong> _interpreters = [];
    private Dictionary<(ulong PthreadId, int NativeThreadId), string> _names = [];
    private Dictionary<(ulong PthreadId, int NativeThreadId), string> _next = [];
    private long? _lastRefresh;

    public ThreadNameCache(IThreadNameSource source, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(time);
        _source = source;
        _time = time;
    }

    /// <summary>How many times names were read from the target (for tests and diagnostics).</summary>
    public int Refreshes { get; private set; }

    /// <summary>Reads names again when one of <paramref name="threads"/> has none and the last read is old enough.</summary>
    public void Update(IReadOnlyList<ThreadRecord> threads)
    {
        ArgumentNullException.ThrowIfNull(threads);
        if (!AnyUnnamed(threads) || !IsRefreshDue())
        {
            return;
        }

        _lastRefresh = _time.GetTimestamp();
        Refreshes++;
        _read.Clear();
        _interpreters.Clear();
        foreach (ThreadRecord thread in threads)
        {
            if (_interpreters.Add(thread.Interpreter))
            {
                _ = _source.TryReadNames(thread.Interpreter, _read);
            }
        }

        _next.Clear();
        foreach (ThreadRecord thread in threads)
        {
            // A name that could not be read this time (a torn read in non-blocking mode) keeps its last value.
            if (_read.TryGetValue(thread.PthreadId, out string? name) || _names.TryGetValue(Key(thread), out name))
            {
                _next[Key(thread)] = name;
            }
        }

        (_names, _next) = (_next, _names);
    }

    /// <summary>The thread's threading name, or null when it has none (yet).</summary>
    public string? NameOf(in ThreadRecord thread) => _names.GetValueOrDefault(Key(thread));

    private static (ulong, int) Key(in ThreadRecord thread) => (thread.PthreadId, thread.NativeThreadId);

    private bool AnyUnnamed(IReadOnlyList<ThreadRecord> threads)
    {
        foreach (ThreadRecord thread in threads)
        {
            if (!_names.ContainsKey(Key(thread)))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsRefreshDue() =>
        _lastRefresh is not { } last || _time.GetElapsedTime(last) >= RefreshInterval;
}
