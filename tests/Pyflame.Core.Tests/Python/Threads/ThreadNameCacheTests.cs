using Pyflame.Core.Python.Threads;
using Pyflame.Core.Python.Walking;

namespace Pyflame.Core.Tests.Python.Threads;

public sealed class ThreadNameCacheTests
{
    private readonly ManualTime _time = new();
    private readonly ScriptedNames _source = new();

    [Fact]
    public void Reads_names_on_first_use_and_not_again_while_every_thread_has_one()
    {
        _source.Names[0x100] = "MainThread";
        _source.Names[0x200] = "worker";
        var cache = new ThreadNameCache(_source, _time);
        ThreadRecord[] threads = [Thread(0x100, 10), Thread(0x200, 11)];

        cache.Update(threads);
        _time.Advance(TimeSpan.FromSeconds(5));
        cache.Update(threads);

        Assert.Equal(1, cache.Refreshes);
        Assert.Equal("MainThread", cache.NameOf(threads[0]));
        Assert.Equal("worker", cache.NameOf(threads[1]));
    }

    [Fact]
    public void An_unnamed_thread_triggers_reads_at_most_every_half_second()
    {
        var cache = new ThreadNameCache(_source, _time);
        ThreadRecord[] threads = [Thread(0x100, 10)];

        cache.Update(threads);
        _time.Advance(TimeSpan.FromMilliseconds(499));
        cache.Update(threads);
        Assert.Equal(1, cache.Refreshes);
        Assert.Null(cache.NameOf(threads[0]));

        _source.Names[0x100] = "late";
        _time.Advance(TimeSpan.FromMilliseconds(1));
        cache.Update(threads);

        Assert.Equal(2, cache.Refreshes);
        Assert.Equal("late", cache.NameOf(threads[0]));
    }

    [Fact]
    public void A_reused_pthread_id_with_a_new_tid_is_not_given_the_old_name()
    {
        _source.Names[0x100] = "old";
        var cache = new ThreadNameCache(_source, _time);
        cache.Update([Thread(0x100, 10)]);

        _source.Names.Clear();
        ThreadRecord successor = Thread(0x100, 12);
        _time.Advance(TimeSpan.FromSeconds(1));
        cache.Update([successor]);

        Assert.Equal(2, cache.Refreshes);
        Assert.Null(cache.NameOf(successor));
        Assert.Null(cache.NameOf(Thread(0x100, 10))); // gone threads are dropped at a refresh
    }

    [Fact]
    public void A_failed_read_keeps_known_names_and_each_interpreter_is_asked_once()
    {
        _source.Names[0x100] = "MainThread";
        var cache = new ThreadNameCache(_source, _time);
        cache.Update([Thread(0x100, 10)]);

        _source.Fail = true;
        _time.Advance(TimeSpan.FromSeconds(1));
        ThreadRecord[] threads = [Thread(0x100, 10), Thread(0x200, 11), Thread(0x300, 12, interpreter: 2)];
        cache.Update(threads);

        Assert.Equal("MainThread", cache.NameOf(threads[0]));
        Assert.Null(cache.NameOf(threads[1]));
        Assert.Equal([1UL, 1UL, 2UL], _source.Interpreters);
    }

    private static ThreadRecord Thread(ulong pthreadId, int tid, ulong interpreter = 1) =>
        new(ThreadState: 0x9000 + pthreadId, interpreter, pthreadId, tid, TopFrame: 0);

    private sealed class ScriptedNames : IThreadNameSource
    {
        public Dictionary<ulong, string> Names { get; } = [];

        public List<ulong> Interpreters { get; } = [];

        public bool Fail { get; set; }

        public bool TryReadNames(ulong interpreter, Dictionary<ulong, string> namesByPthreadId)
        {
            Interpreters.Add(interpreter);
            if (Fail)
            {
                return false;
            }

            foreach ((ulong id, string name) in Names)
            {
                namesByPthreadId[id] = name;
            }

            return true;
        }
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
