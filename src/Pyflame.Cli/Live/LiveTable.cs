using Pyflame.Core.Aggregation;
using Pyflame.Core.Model;

namespace Pyflame.Cli.Live;

/// <summary>
/// Own and total samples per line (or per function) from a per-thread profile, for the threads and idle
/// state the view selects, sorted as asked. A recursive function counts once per sample in its total.
/// </summary>
internal static class LiveTable
{
    public static IReadOnlyList<LiveRow> Build(Profile profile, LiveViewState state)
    {
        Dictionary<FrameInfo, (long Own, long Total)> rows = [];
        HashSet<FrameInfo> seen = [];
        foreach (ProfileThread thread in profile.Threads)
        {
            if ((state.ThreadId is { } only && thread.NativeThreadId != only) || (state.ProcessId is { } pid && thread.Process?.Pid != pid))
            {
                continue;
            }

            foreach (StackCount stack in thread.Stacks)
            {
                if ((stack.IsIdle && !state.ShowIdle) || stack.Frames.Count == 0)
                {
                    continue;
                }

                seen.Clear();
                foreach (FrameInfo frame in stack.Frames)
                {
                    FrameInfo key = KeyOf(frame, state.ByLine);
                    if (seen.Add(key))
                    {
                        (long own, long total) = rows.GetValueOrDefault(key);
                        rows[key] = (own, total + stack.Count);
                    }
                }

                FrameInfo leaf = KeyOf(stack.Frames[^1], state.ByLine);
                (long leafOwn, long leafTotal) = rows[leaf];
                rows[leaf] = (leafOwn + stack.Count, leafTotal);
            }
        }

        List<LiveRow> list = [.. rows.Select(r => new LiveRow(r.Key, r.Value.Own, r.Value.Total))];
        list.Sort(ComparerFor(state.Sort));
        return list;
    }

    private static FrameInfo KeyOf(FrameInfo frame, bool byLine) => byLine || frame.Line == 0 ? frame : frame with { Line = 0 };

    private static Comparison<LiveRow> ComparerFor(LiveSort sort) => sort switch
    {
        LiveSort.Total => (a, b) => Chain(b.Total.CompareTo(a.Total), b.Own.CompareTo(a.Own), ByName(a, b)),
        LiveSort.Function => (a, b) => Chain(ByName(a, b), b.Own.CompareTo(a.Own), 0),
        LiveSort.File => (a, b) => Chain(ByFile(a, b), b.Own.CompareTo(a.Own), 0),
        _ => (a, b) => Chain(b.Own.CompareTo(a.Own), b.Total.CompareTo(a.Total), ByName(a, b)),
    };

    private static int ByName(LiveRow a, LiveRow b) =>
        Chain(string.CompareOrdinal(a.Frame.Function, b.Frame.Function), ByFile(a, b), 0);

    private static int ByFile(LiveRow a, LiveRow b) =>
        Chain(string.CompareOrdinal(a.Frame.File, b.Frame.File), a.Frame.Line.CompareTo(b.Frame.Line), string.CompareOrdinal(a.Frame.Function, b.Frame.Function));

    private static int Chain(int first, int second, int third) => first != 0 ? first : second != 0 ? second : third;
}
