using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// --subprocesses on family.py's families (a pre-fork server, a multiprocessing pool, children that come and go) and on
/// a shell script that starts two Python versions: every Python process is sampled under its own
/// <c>(process PID COMMAND)</c> root with its exact stack, and none is left stopped.
/// </summary>
[Collection(EndToEndCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SubprocessesTests
{
    private const string Seconds = "1.5";

    [Theory]
    [MemberData(nameof(PythonInstallations.Present), MemberType = typeof(PythonInstallations))]
    public void Prefork_workers_are_sampled_under_their_own_roots_with_and_without_threads(string interpreter)
    {
        using FamilyTarget family = FamilyTarget.Start(PythonInstallations.Get(interpreter), "prefork");
        IReadOnlyList<int> workers = FamilyTarget.ChildrenOf(family.Pid);
        Assert.True(workers.Count == 2, $"family.py prefork must have 2 workers, has {workers.Count}");
        string command = FamilyTarget.CommandLine(family.Pid);

        ChildProcessResult gil = PyflameRunner.Run("--subprocesses", "-s", Seconds, "-p", family.Process.PidText);
        FamilyProfile profile = new(ProfileAssert.Succeeded(gil));
        AssertNoFrameOutsideRoots(profile, gil);
        HashSet<string> functions = [];
        foreach (int worker in workers)
        {
            string root = $"(process {worker} {command})";
            FoldedStack? dominant = profile.Under(root).OrderByDescending(s => s.Count).FirstOrDefault();
            string function = dominant?.Frames[^1].Split(':')[1] ?? "(none)";
            Assert.True(function is "worker_alpha" or "worker_beta", $"worker {worker} must spin in worker_alpha or worker_beta, not {function}\n{gil.Describe()}");
            AssertDominated(profile, root, family.PreforkWorker(function), gil);
            functions.Add(function);
        }

        Assert.True(functions.Count == 2, $"the two workers must run different functions\n{gil.Describe()}");
        // The parent sleeps in master_wait without the GIL: its samples are (idle), under its own root, not the run's.
        Assert.True(profile.CountOf($"(process {family.Pid} {command})", [FoldedProfile.IdleLabel]) > 0,
            $"the idle parent's samples must be (idle) under its root\n{gil.Describe()}");
        Assert.True(profile.Profile.IdleCount is null && profile.Profile.FailedCount is null,
            $"no (idle) or (failed) outside a process root\n{gil.Describe()}");

        ChildProcessResult threads = PyflameRunner.Run("--subprocesses", "--threads", "-s", Seconds, "-p", family.Process.PidText);
        FamilyProfile perThread = new(ProfileAssert.Succeeded(threads));
        AssertNoFrameOutsideRoots(perThread, threads);
        foreach (int worker in workers)
        {
            string root = $"(process {worker} {command})";
            List<FoldedStack> stacks = [.. perThread.Under(root)];
            Assert.True(stacks.Count > 0 && stacks.All(s => IsThreadRoot(s.Frames[0], worker)), $"worker {worker}'s stacks must sit under its main thread's root\n{threads.Describe()}");
            long spinning = stacks.Where(s => s.Frames.Skip(1).SequenceEqual(family.PreforkWorker("worker_alpha")) || s.Frames.Skip(1).SequenceEqual(family.PreforkWorker("worker_beta"))).Sum(s => s.Count);
            Assert.True(spinning >= ProfileAssert.DominantShare * stacks.Sum(s => s.Count), $"worker {worker} must spin in its function\n{threads.Describe()}");
        }

        string parentRoot = $"(process {family.Pid} {command})";
        long waiting = perThread.Under(parentRoot)
            .Where(s => s.Frames[0].StartsWith("(thread ", StringComparison.Ordinal) && s.Frames.Skip(1).SequenceEqual([FoldedProfile.IdleLabel, .. family.PreforkParent()]))
            .Sum(s => s.Count);
        // Its thread's id is the PID's except in the embed host, which runs Python on a thread of its own.
        Assert.True(waiting > 0, $"the parent's idle main thread must show, waiting in master_wait\n{threads.Describe()}");
        AssertRunning(family.Process, workers);
    }

    public static TheoryData<string, string> PoolStartMethods()
    {
        TheoryData<string, string> data = [];
        foreach (string name in PythonInstallations.PresentNames())
        {
            PythonInstallation python = PythonInstallations.Get(name);
            data.Add(name, "fork");
            // spawn starts sys.executable afresh: 3.4+, and not the embed host, whose sys.executable is no interpreter.
            if (!python.IsPython2 && python.Kind == InterpreterKind.Executable)
            {
                data.Add(name, "spawn");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PoolStartMethods))]
    public void Multiprocessing_pool_workers_are_sampled_in_their_task(string interpreter, string method)
    {
        using FamilyTarget family = FamilyTarget.Start(PythonInstallations.Get(interpreter), "pool-" + method);
        ChildProcessResult result = PyflameRunner.Run("--subprocesses", "-s", Seconds, "-p", family.Process.PidText);
        FamilyProfile profile = new(ProfileAssert.Succeeded(result));
        AssertNoFrameOutsideRoots(profile, result);
        string task = family.Script.Frame("pool_task", "pool_task");
        List<string> workers = [.. profile.Roots.Where(root => FamilyProfile.PidOf(root) != family.Pid
            && profile.Under(root).OrderByDescending(s => s.Count).First().Frames[^1] == task)];
        Assert.True(workers.Count == 2, $"two pool workers must be sampled, each mostly in {task}\n{result.Describe()}");
        foreach (string root in workers)
        {
            int pid = FamilyProfile.PidOf(root);
            Assert.Equal($"(process {pid} {FamilyTarget.CommandLine(pid)})", root);
        }

        AssertRunning(family.Process, [.. workers.Select(FamilyProfile.PidOf)]);
    }

    [Theory]
    [MemberData(nameof(PythonInstallations.Present), MemberType = typeof(PythonInstallations))]
    public void A_child_that_exits_mid_run_and_one_started_after_sampling_began_are_both_sampled(string interpreter)
    {
        using FamilyTarget family = FamilyTarget.Start(PythonInstallations.Get(interpreter), "late");
        string command = FamilyTarget.CommandLine(family.Pid);
        using RunningPyflame pyflame = RunningPyflame.Start(null, "--subprocesses", "-s", "3", "-p", family.Process.PidText);
        // Released only once pyflame pauses the parent and its first child (seen from here, whatever root they run in),
        // so the first child exits and the second is born while pyflame samples.
        pyflame.WaitUntil(
            () => Tracee.TracerPid(family.Pid) > 0 && FamilyTarget.ChildrenOf(family.Pid) is [int first] && Tracee.TracerPid(first) > 0,
            "pyflame pausing the parent and its first child", PyflameRunner.DefaultTimeout);
        family.Release();
        ChildProcessResult result = pyflame.WaitForExit(PyflameRunner.DefaultTimeout);
        FamilyProfile profile = new(ProfileAssert.Succeeded(result));
        AssertNoFrameOutsideRoots(profile, result);
        string early = SingleRootWith(profile, family.LateChild(early: true), result);
        string late = SingleRootWith(profile, family.LateChild(early: false), result);
        int earlyPid = FamilyProfile.PidOf(early), latePid = FamilyProfile.PidOf(late);
        Assert.Equal($"(process {earlyPid} {command})", early);
        Assert.Equal($"(process {latePid} {command})", late);
        AssertDominated(profile, late, family.LateChild(early: false), result);
        Assert.True(ProcStat.TryRead(earlyPid) is null or { IsGone: true }, $"the early child {earlyPid} must have exited during the run");
        Assert.Contains(latePid, FamilyTarget.ChildrenOf(family.Pid));
        Assert.DoesNotContain("could not sample", result.Stderr, StringComparison.Ordinal);
        AssertRunning(family.Process, [latePid]);
    }

    public static TheoryData<string, string> VersionPairs()
    {
        TheoryData<string, string> data = [];
        List<PythonInstallation> present = [.. PythonInstallations.PresentNames().Select(PythonInstallations.Get)];
        for (int i = 0; i < present.Count; i++)
        {
            PythonInstallation other = Enumerable.Range(1, present.Count).Select(step => present[(i + step) % present.Count])
                .First(p => (p.Major, p.Minor) != (present[i].Major, present[i].Minor) || p == present[i]);
            data.Add(present[i].Name, other.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(VersionPairs))]
    public void A_shell_script_starting_two_python_versions_is_traced_until_it_ends(string interpreter, string other)
    {
        PythonInstallation first = PythonInstallations.Get(interpreter), second = PythonInstallations.Get(other);
        TargetScript script = TargetScript.Load(FamilyTarget.ScriptName);
        IReadOnlyList<string> one = Launch(first, script), two = Launch(second, script);
        string wrapper = Path.Combine(Path.GetTempPath(), $"pyflame-e2e-family-{Guid.NewGuid():N}.sh");
        // Both spin 2 s (family.py reads PYFLAME_FAMILY first; the embed host takes no arguments): under load, a
        // background Python that lives under a second can end before its sampler's first sample (seizing it and,
        // in this JIT-compiled test build, compiling both sample takers) and leave no trace in the profile.
        File.WriteAllText(wrapper, $"#!/bin/sh\nexport PYFLAME_FAMILY=2\n{Quote(one)} &\n{Quote(two)}\necho not python | cat > /dev/null\nwait\nexit 7\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            ChildProcessResult result = PyflameRunner.Run("--subprocesses", "-t", wrapper);
            Assert.True(result.ExitCode == 7, $"pyflame must exit with the script's status 7\n{result.Describe()}");
            ProfileAssert.NoStackTrace(result);
            FamilyProfile profile = new(ProfileAssert.Parse(result.Stdout, result));
            AssertNoFrameOutsideRoots(profile, result);
            IReadOnlyList<string> stack = [script.Frame(ExpectedStacks.Module, "module_call"), script.Frame("run", "run_spin"), script.Frame("shell_spin", "shell_spin")];
            List<string> roots = [.. profile.Roots];
            Assert.True(roots.Count == 2, $"exactly the two Pythons must be sampled (sh and cat skipped)\n{result.Describe()}");
            string[] commands = [.. roots.Select(root => root[(root.IndexOf(' ', "(process ".Length) + 1)..^1]).Order()];
            Assert.Equal(new[] { Unchrooted(one), Unchrooted(two) }.Order(), commands);
            foreach (string root in roots)
            {
                long inScript = profile.Under(root).Where(s => s.Frames[0].StartsWith(script.Path + ":", StringComparison.Ordinal)).Sum(s => s.Count);
                long matching = profile.CountOf(root, stack);
                Assert.True(matching > 0 && matching >= ProfileAssert.DominantShare * inScript, $"{root} must spin in shell_spin: {matching} of {inScript}\n{result.Describe()}");
            }
        }
        finally
        {
            File.Delete(wrapper);
        }
    }

    /// <summary>
    /// -p names a shell that runs Python (a wrapper script, a supervisor): the shell itself is not Python, so its
    /// Python descendants are what is sampled and dumped, and only they have roots.
    /// </summary>
    [Theory]
    [MemberData(nameof(PythonInstallations.Representative), MemberType = typeof(PythonInstallations))]
    public async Task A_shell_attached_by_pid_has_its_python_descendants_sampled_and_dumped(string interpreter)
    {
        PythonInstallation python = PythonInstallations.Get(interpreter);
        TargetScript script = TargetScript.Load(FamilyTarget.ScriptName);
        var startInfo = new ProcessStartInfo("/usr/bin/setsid") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in (string[])["/bin/sh", "-c", $"{Quote(python.Launch(script.Path))}; exit 0"])
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["PYFLAME_FAMILY"] = "prefork";
        using Process shell = Process.Start(startInfo)!;
        try
        {
            string? ready = await shell.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(ready == "READY", $"the wrapped family.py printed {ready} instead of READY");
            int parent = Assert.Single(FamilyTarget.ChildrenOf(shell.Id));
            IReadOnlyList<int> workers = FamilyTarget.ChildrenOf(parent);
            string pid = shell.Id.ToString(CultureInfo.InvariantCulture);

            ChildProcessResult result = PyflameRunner.Run("--subprocesses", "-s", Seconds, "-p", pid);
            FamilyProfile profile = new(ProfileAssert.Succeeded(result));
            AssertNoFrameOutsideRoots(profile, result);
            Assert.Equal([parent, .. workers.Order()], profile.Roots.Select(FamilyProfile.PidOf).Order());

            ChildProcessResult dump = PyflameRunner.Run("-d", "--subprocesses", "-p", pid);
            Assert.True(dump.ExitCode == 0, dump.Describe());
            int[] dumped = [.. dump.StdoutText.Split('\n').Where(line => line.StartsWith("Process ", StringComparison.Ordinal))
                .Select(line => int.Parse(line["Process ".Length..line.IndexOf(',')], CultureInfo.InvariantCulture))];
            Assert.Equal([parent, .. workers.Order()], dumped);

            ChildProcessResult alone = PyflameRunner.Run("-s", Seconds, "-p", pid);
            Assert.True(alone.ExitCode != 0 && alone.Stderr.Contains("does not look like a Python process", StringComparison.Ordinal),
                $"without --subprocesses a shell is refused as before\n{alone.Describe()}");
        }
        finally
        {
            NativeSignals.KillGroup(shell.Id);
            shell.WaitForExit(5000);
        }
    }

    [Theory]
    [MemberData(nameof(PythonInstallations.Present), MemberType = typeof(PythonInstallations))]
    public void Dump_shows_every_python_process_of_the_family(string interpreter)
    {
        using FamilyTarget family = FamilyTarget.Start(PythonInstallations.Get(interpreter), "prefork");
        IReadOnlyList<int> workers = FamilyTarget.ChildrenOf(family.Pid);
        ChildProcessResult text = PyflameRunner.Run("-d", "--subprocesses", "-p", family.Process.PidText);
        Assert.True(text.ExitCode == 0, text.Describe());
        string[] processes = [.. text.StdoutText.Split('\n').Where(line => line.StartsWith("Process ", StringComparison.Ordinal))];
        Assert.Equal([family.Pid, .. workers.Order()], processes.Select(line => int.Parse(line["Process ".Length..line.IndexOf(',')], CultureInfo.InvariantCulture)).ToArray());
        foreach ((string function, string marker) in new[] { ("worker_alpha", "alpha"), ("worker_beta", "beta"), ("master_wait", "master_wait") })
        {
            Assert.Contains($"    {function} ({family.Script.Path}:{family.Script.Line(marker)})\n", text.StdoutText, StringComparison.Ordinal);
        }

        ChildProcessResult json = PyflameRunner.Run("-d", "--json", "--subprocesses", "-p", family.Process.PidText);
        Assert.True(json.ExitCode == 0, json.Describe());
        using JsonDocument document = JsonDocument.Parse(json.Stdout);
        Assert.Equal([family.Pid, .. workers.Order()], document.RootElement.EnumerateArray().Select(p => p.GetProperty("pid").GetInt32()).ToArray());
        AssertRunning(family.Process, workers);
    }

    /// <summary>The formats with a time axis keep processes apart too: speedscope names a profile per thread and process, -T roots each line.</summary>
    [Theory]
    [MemberData(nameof(PythonInstallations.Representative), MemberType = typeof(PythonInstallations))]
    public void Speedscope_and_timestamped_output_keep_the_processes_apart(string interpreter)
    {
        using FamilyTarget family = FamilyTarget.Start(PythonInstallations.Get(interpreter), "prefork");
        IReadOnlyList<int> workers = FamilyTarget.ChildrenOf(family.Pid);
        string command = FamilyTarget.CommandLine(family.Pid);

        ChildProcessResult speedscope = PyflameRunner.Run("--subprocesses", "--threads", "--format", "speedscope", "-s", "1", "-p", family.Process.PidText);
        Assert.True(speedscope.ExitCode == 0, speedscope.Describe());
        using JsonDocument document = JsonDocument.Parse(speedscope.Stdout);
        string[] names = [.. document.RootElement.GetProperty("profiles").EnumerateArray().Select(p => p.GetProperty("name").GetString()!)];
        foreach (int worker in workers)
        {
            Assert.Contains(names, name => name.EndsWith($" in {command} (pid {worker})", StringComparison.Ordinal));
        }

        ChildProcessResult timestamped = PyflameRunner.Run("--subprocesses", "-T", "-s", "1", "-p", family.Process.PidText);
        Assert.True(timestamped.ExitCode == 0, timestamped.Describe());
        _ = FlameChartOutput.Parse(timestamped.StdoutText); // well-formed records
        string[] stackLines = [.. timestamped.StdoutText.Split('\n').Where(line => line.Contains(';', StringComparison.Ordinal))];
        foreach (int worker in workers)
        {
            Assert.Contains(stackLines, line => line.StartsWith($"(process {worker} {command});", StringComparison.Ordinal));
        }

        AssertRunning(family.Process, workers);
    }

    private static string SingleRootWith(FamilyProfile profile, IReadOnlyList<string> stack, ChildProcessResult result)
    {
        List<string> roots = [.. profile.Roots.Where(root => profile.CountOf(root, stack) > 0)];
        Assert.True(roots.Count == 1, $"exactly one process must have the stack {string.Join(';', stack)}, {roots.Count} do\n{result.Describe()}");
        return roots[0];
    }

    private static void AssertDominated(FamilyProfile profile, string root, IReadOnlyList<string> stack, ChildProcessResult result)
    {
        long all = profile.CountUnder(root), matching = profile.CountOf(root, stack);
        Assert.True(matching > 0 && matching >= ProfileAssert.DominantShare * all,
            $"{root}: {matching} of its {all} samples have {string.Join(';', stack)}\n{result.Describe()}");
    }

    /// <summary>Stacks are rooted at their process (the run's own (idle) and (failed) lines are checked where it matters).</summary>
    private static void AssertNoFrameOutsideRoots(FamilyProfile profile, ChildProcessResult result) =>
        Assert.True(profile.Unrooted.Count == 0, $"every stack must be under a (process ...) root\n{result.Describe()}");

    private static bool IsThreadRoot(string frame, int tid) =>
        frame == $"(thread {tid})" || frame.StartsWith($"(thread {tid} ", StringComparison.Ordinal);

    private static void AssertRunning(TargetProcess parent, IEnumerable<int> children)
    {
        parent.AssertAliveAndNotStopped();
        foreach (int child in children)
        {
            ProcStat? stat = ProcStat.TryRead(child);
            Assert.True(stat is { IsStopped: false, IsGone: false }, $"child {child} must run on after profiling, state {stat?.State.ToString() ?? "gone"}");
        }
    }

    /// <summary>family.py (how long it spins comes from PYFLAME_FAMILY, set by the wrapper); the embed host takes no arguments.</summary>
    private static IReadOnlyList<string> Launch(PythonInstallation python, TargetScript script) => python.Launch(script.Path);

    /// <summary>The command line the process itself has: a chroot'ed interpreter's, without the chroot in front.</summary>
    private static string Unchrooted(IReadOnlyList<string> launch) =>
        string.Join(' ', launch[0] == "/usr/sbin/chroot" ? launch.Skip(2) : launch);

    private static string Quote(IReadOnlyList<string> arguments) => string.Join(' ', arguments.Select(a => $"'{a}'"));
}
