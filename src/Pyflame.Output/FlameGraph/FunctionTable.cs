using Pyflame.Core.Aggregation;
using Pyflame.Core.Model;

namespace Pyflame.Output.FlameGraph;

/// <summary>Self and total samples per function (name + file, all lines together) from a <see cref="Profile"/>.</summary>
internal static class FunctionTable
{
    public static List<FunctionStats> Build(Profile profile)
    {
        var self = new Dictionary<(string Name, string File), long>();
        var total = new Dictionary<(string Name, string File), long>();
        Add(self, total, (FrameText.Idle, ""), profile.IdleCount);
        Add(self, total, (FrameText.Failed, ""), profile.FailedCount);
        var seen = new HashSet<(string, string)>();
        foreach (ProfileThread thread in profile.Threads)
        {
            foreach (StackCount stack in thread.Stacks)
            {
                seen.Clear();
                foreach (FrameInfo frame in stack.Frames)
                {
                    if (seen.Add((frame.Function, frame.File)))
                    {
                        total[(frame.Function, frame.File)] = total.GetValueOrDefault((frame.Function, frame.File)) + stack.Count;
                    }
                }

                if (stack.IsIdle)
                {
                    total[(FrameText.Idle, "")] = total.GetValueOrDefault((FrameText.Idle, "")) + stack.Count;
                }

                (string, string) leaf = stack.Frames.Count > 0
                    ? (stack.Frames[^1].Function, stack.Frames[^1].File)
                    : (FrameText.Idle, "");
                if (stack.Frames.Count > 0 || stack.IsIdle)
                {
                    self[leaf] = self.GetValueOrDefault(leaf) + stack.Count;
                }
            }
        }

        List<FunctionStats> rows = [.. total.Select(t => new FunctionStats(t.Key.Name, t.Key.File, self.GetValueOrDefault(t.Key), t.Value))];
        rows.Sort(static (a, b) => a.Self != b.Self ? b.Self.CompareTo(a.Self)
            : a.Total != b.Total ? b.Total.CompareTo(a.Total)
            : string.CompareOrdinal(a.Name, b.Name));
        return rows;
    }

    private static void Add(Dictionary<(string, string), long> self, Dictionary<(string, string), long> total, (string, string) key, long count)
    {
        if (count > 0)
        {
            self[key] = self.GetValueOrDefault(key) + count;
            total[key] = total.GetValueOrDefault(key) + count;
        }
    }
}
