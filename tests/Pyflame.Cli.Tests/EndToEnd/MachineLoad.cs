using System.Diagnostics;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// Keeps every core busy while it lives (one shell spinning per core, at normal priority), so a test sees a
/// loaded machine whatever else runs: CI's machines are busy, and trace mode must not depend on that.
/// </summary>
internal sealed class MachineLoad : IDisposable
{
    private readonly List<Process> _spinners = [];

    private MachineLoad(int count)
    {
        for (int i = 0; i < count; i++)
        {
            ProcessStartInfo info = new("/bin/sh") { UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("while :; do :; done");
            _spinners.Add(Process.Start(info) ?? throw new InvalidOperationException("could not start a spinner"));
        }
    }

    public static MachineLoad OnEveryCore() => new(Environment.ProcessorCount);

    /// <summary>True while every spinner still runs (a test checks its load was really there).</summary>
    public bool IsRunning => _spinners.All(p => !p.HasExited);

    public void Dispose()
    {
        foreach (Process spinner in _spinners)
        {
            if (!spinner.HasExited)
            {
                spinner.Kill();
                spinner.WaitForExit(5000);
            }

            spinner.Dispose();
        }
    }
}
