using System.Diagnostics;
using Pyflame.Core.Memory.Snapshots;
using Pyflame.Core.Model;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Python.Walking;
using Pyflame.Core.Sampling;
using Pyflame.Linux;

namespace Pyflame.MicroBench;

/// <summary>
/// Records the fixtures once from real processes: starts bench/workloads/workload.py (tree, deep),
/// stops it with SIGSTOP so memory holds still, walks the GIL holder's stack through a
/// <see cref="RecordingMemoryReader"/> around <see cref="LinuxProcessMemory"/>, and saves the pages.
/// </summary>
public static class FixtureRecorder
{
    public static int Record(string python, string workloadScript, string outputDirectory)
    {
        foreach ((string mode, int expectedDepth) in new[] { ("tree", 11), ("deep", 202) })
        {
            using Process workload = Start(python, workloadScript, mode);
            try
            {
                Signal("STOP", workload.Id);
                using LinuxTargetProcess target = LinuxTargetProcess.Open(workload.Id);
                PythonRuntime runtime = InterpreterLocator.Locate(target, forcedVersion: null);
                RecordingMemoryReader recording = new(target.Memory);
                NonBlockingSampleTaker taker = new(new StackWalker(recording, runtime), activity: null);
                Sample sample = taker.Take(0, allThreads: false);
                int depth = sample.Threads.Count == 1 ? sample.Threads[0].Frames.Count : 0;
                if (depth != expectedDepth)
                {
                    Console.Error.WriteLine($"record: {mode}: expected a {expectedDepth}-frame stack, got {sample.Outcome} with {depth} frames");
                    return 1;
                }

                string path = Path.Combine(outputDirectory, $"{mode}-{runtime.Version.Major}{runtime.Version.Minor}.pfmem.gz");
                new MemoryFixture(runtime.Version, runtime.InterpreterHeadPointer, runtime.RuntimeAddress, runtime.ThreadStateCurrentPointer,
                    runtime.CodeTypeAddress, runtime.PthreadTidOffset, recording.Pages).Save(path);
                Console.WriteLine($"record: {path}: {depth} frames, {recording.Pages.Count} pages, {new FileInfo(path).Length} bytes");
            }
            finally
            {
                workload.Kill();
                workload.WaitForExit();
            }
        }

        return 0;
    }

    private static Process Start(string python, string script, string mode)
    {
        ProcessStartInfo info = new(python, ["-u", script, mode]) { RedirectStandardOutput = true };
        Process process = Process.Start(info) ?? throw new InvalidOperationException("cannot start " + python);
        while (process.StandardOutput.ReadLine() is { } line && line != "READY")
        {
        }

        Thread.Sleep(300); // into the steady loop
        return process;
    }

    private static void Signal(string signal, int pid)
    {
        using Process kill = Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Thread.Sleep(50);
    }
}
