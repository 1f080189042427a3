namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// What threads.py's three threads look like, told apart by their innermost frame: the main thread
/// spins in main_spin, "worker-1" spins in spin_worker, "worker-2" sleeps in sleep_worker. Worker
/// stacks start in the interpreter's own threading.py (whose lines differ per version), so for them
/// the exact check is: innermost frame exact, every outer frame a function of threading.py.
/// </summary>
internal sealed record ThreadsTarget(TargetScript Script)
{
    public const string MainName = "MainThread";
    public const string SpinnerName = "worker-1";
    public const string SleeperName = "worker-2";

    public string MainLeaf => Script.Frame("main_spin", "main_hot");

    public string SpinnerLeaf => Script.Frame("spin_worker", "worker_spin_hot");

    public string SleeperLeaf => Script.Frame("sleep_worker", "worker_sleep_call");

    public IReadOnlyList<string> MainStack => [Script.Frame(ExpectedStacks.Module, "module_call"), MainLeaf];

    /// <summary>Which thread a stack (outermost first, no root or idle marker) belongs to, or null if it matches none exactly.</summary>
    public string? Identify(IReadOnlyList<string> frames)
    {
        if (frames.SequenceEqual(MainStack, StringComparer.Ordinal))
        {
            return MainName;
        }

        if (frames.Count < 2 || !frames.Take(frames.Count - 1).All(IsThreadingFrame))
        {
            return null;
        }

        return frames[^1] == SpinnerLeaf ? SpinnerName : frames[^1] == SleeperLeaf ? SleeperName : null;
    }

    /// <summary>A frame of the interpreter's threading.py (bootstrap and run), e.g. <c>/…/lib/python3.11/threading.py:run:982</c>.</summary>
    private static bool IsThreadingFrame(string frame)
    {
        string[] parts = frame.Split(':');
        return parts.Length == 3 && parts[0].EndsWith("/threading.py", StringComparison.Ordinal) && parts[0].StartsWith('/')
            && parts[1] is "_bootstrap" or "_bootstrap_inner" or "__bootstrap" or "__bootstrap_inner" or "run"
            && int.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int line) && line > 0;
    }
}
