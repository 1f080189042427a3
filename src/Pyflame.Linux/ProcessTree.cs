using System.Globalization;

namespace Pyflame.Linux;

/// <summary>Children and descendants of a process, from /proc/PID/task/TID/children.</summary>
public static class ProcessTree
{
    private const int MaxProcesses = 4096;

    public static IReadOnlyList<int> Children(int pid)
    {
        List<int> children = [];
        try
        {
            foreach (string task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                string text = File.ReadAllText(Path.Combine(task, "children"));
                foreach (string item in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out int child))
                    {
                        children.Add(child);
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The process (or a thread) exited while we looked: it has no children any more.
        }

        return children;
    }

    /// <summary>Breadth-first, excluding <paramref name="pid"/> itself, so the nearest process comes first.</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        List<int> found = [];
        Queue<int> pending = new([pid]);
        while (pending.Count > 0 && found.Count < MaxProcesses)
        {
            foreach (int child in Children(pending.Dequeue()))
            {
                if (!found.Contains(child))
                {
                    found.Add(child);
                    pending.Enqueue(child);
                }
            }
        }

        return found;
    }
}
