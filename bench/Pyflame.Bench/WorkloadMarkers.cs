namespace Pyflame.Bench;

/// <summary>The line numbers of workload.py tagged <c># BENCH:name</c>, so the expected answers follow the file.</summary>
public sealed class WorkloadMarkers
{
    private readonly Dictionary<string, HashSet<int>> _lines = [];

    public WorkloadMarkers(string scriptPath)
    {
        int number = 0;
        foreach (string line in File.ReadLines(scriptPath))
        {
            number++;
            int at = line.IndexOf("# BENCH:", StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            string name = line[(at + "# BENCH:".Length)..].Trim();
            if (!_lines.TryGetValue(name, out HashSet<int>? set))
            {
                _lines[name] = set = [];
            }

            set.Add(number);
        }
    }

    public bool IsMarked(string name, int line) => _lines.TryGetValue(name, out HashSet<int>? set) && set.Contains(line);
}
