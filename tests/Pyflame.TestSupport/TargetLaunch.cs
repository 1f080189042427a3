namespace Pyflame.TestSupport;

/// <summary>What <see cref="PythonTargetProcess"/> starts and how.</summary>
/// <param name="Command">argv, e.g. from <see cref="TestPython.Command"/> or <see cref="TestPython.CommandFor"/> (<c>chroot ROOT ...</c> included).</param>
/// <param name="Description">Names the target in failure messages, e.g. "pyenv-3.12 target /repo/tests/targets/busy.py".</param>
public sealed record TargetLaunch(IReadOnlyList<string> Command, string Description)
{
    /// <summary>The whole stdout line by which the target says it is up; null to return as soon as it started.</summary>
    public string? ReadyMarker { get; init; } = "READY";

    /// <summary>Generous: interpreters start slowly on a loaded 2-core machine, and only a broken target waits it out.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many of the target's threads burn CPU in its steady state right after it printed the marker, the printing
    /// thread among them; 0 when none does. Ready then also waits until that many threads have each been found on a
    /// CPU at three more clock ticks: a thread preempted inside the print's flush (seen under load) would otherwise be
    /// sampled there, not in the loop the test expects. Counted over all threads, since an embedding host runs Python
    /// on a thread of its own.
    /// </summary>
    public int ThreadsSpinningAfterReady { get; init; }

    /// <summary>
    /// Every thread of the target sleeps for good right after it printed the marker. Ready then also waits until each
    /// is in state S: on a loaded machine the printing thread can stay runnable, waiting for a CPU, for a while, and a
    /// dump taken then calls it running.
    /// </summary>
    public bool ThreadsSleepAfterReady { get; init; }

    /// <summary>Variables set for the target on top of the ones it inherits.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Drops the inherited PYTHON* variables, so a developer's PYTHONPATH or PYTHONHOME cannot change the target.</summary>
    public bool WithoutInheritedPythonVariables { get; init; }

    /// <summary>
    /// Starts the target as a grandchild (through a shell that exits at once) instead of a child. Needed when this
    /// process ptraces the target: .NET's SIGCHLD handling calls waitpid on its own children and would steal the
    /// ptrace stop reports. Such a target's exit is only seen in /proc, and it has no exit code for us.
    /// </summary>
    public bool NotOurChild { get; init; }
}
