using Pyflame.Cli.Live;
using static Pyflame.Cli.Tests.Live.LiveSamples;

namespace Pyflame.Cli.Tests.Live;

public sealed class LiveTableTests
{
    private static IReadOnlyList<LiveRow> Build(LiveViewState state) => LiveTable.Build(Recorded().Snapshot().Profile, state);

    [Fact]
    public void By_line_counts_own_at_the_innermost_frame_and_total_once_per_stack()
    {
        IReadOnlyList<LiveRow> rows = Build(LiveViewState.Initial);

        Assert.Equal(new LiveRow(Crunch, 6, 6), rows[0]);
        Assert.Equal(new LiveRow(ParseA, 3, 3), rows[1]);
        Assert.Equal(new LiveRow(ParseB, 2, 2), rows[2]);
        Assert.Contains(new LiveRow(Serve, 0, 5), rows);
        Assert.Contains(new LiveRow(Module, 0, 5), rows);
        Assert.DoesNotContain(rows, r => r.Frame == Wait);
    }

    [Fact]
    public void By_function_merges_the_lines_of_a_function()
    {
        IReadOnlyList<LiveRow> rows = Build(LiveViewState.Initial with { ByLine = false });

        Assert.Equal(new LiveRow(Crunch with { Line = 0 }, 6, 6), rows[0]);
        Assert.Equal(new LiveRow(ParseA with { Line = 0 }, 5, 5), rows[1]);
        Assert.DoesNotContain(rows, r => r.Frame.Line != 0);
    }

    [Fact]
    public void Showing_idle_counts_where_idle_threads_wait()
    {
        IReadOnlyList<LiveRow> rows = Build(LiveViewState.Initial with { ShowIdle = true });

        Assert.Equal(new LiveRow(Wait, 9, 9), rows[0]);
        Assert.Contains(new LiveRow(Serve, 0, 10), rows);
    }

    [Fact]
    public void A_thread_filter_keeps_only_that_thread()
    {
        IReadOnlyList<LiveRow> rows = Build(LiveViewState.Initial with { ThreadId = MainTid });

        Assert.Equal([ParseA, ParseB, Module, Serve], rows.Select(r => r.Frame)); // ties: by name
    }

    [Fact]
    public void Sorts_by_total_function_and_file()
    {
        Assert.Equal(Crunch, Build(LiveViewState.Initial with { Sort = LiveSort.Total })[0].Frame);
        Assert.Equal(Module, Build(LiveViewState.Initial with { Sort = LiveSort.Total })[1].Frame); // 5 total, ties broken by own then name
        Assert.Equal(["<module>", "crunch", "parse", "parse", "serve"], Build(LiveViewState.Initial with { Sort = LiveSort.Function }).Select(r => r.Frame.Function));
        Assert.Equal(["/srv/app.py", "/srv/app.py", "/srv/crunch.py", "/srv/parse.py", "/srv/parse.py"], Build(LiveViewState.Initial with { Sort = LiveSort.File }).Select(r => r.Frame.File));
    }

    [Fact]
    public void A_recursive_function_counts_once_in_its_total()
    {
        LiveRecorder recorder = new(1, null, TimeSpan.FromMilliseconds(10));
        recorder.OnSample(Tick(Thread(MainTid, gil: true, idle: false, ParseA, ParseA, ParseA, Module)));

        IReadOnlyList<LiveRow> rows = LiveTable.Build(recorder.Snapshot().Profile, LiveViewState.Initial);

        Assert.Equal(new LiveRow(ParseA, 1, 1), rows[0]);
    }
}
