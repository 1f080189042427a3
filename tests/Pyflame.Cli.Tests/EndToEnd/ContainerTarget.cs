using System.Diagnostics;
using System.Globalization;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>
/// A target script run "in a container": its own PID and mount namespaces (unshare), where a tmpfs is
/// mounted on an empty host directory and the interpreter (bind-mounted) and the script (copied) live
/// under it. The interpreter's and script's paths therefore exist only inside; the host sees an empty
/// directory, so pyflame must read them through /proc/PID/root. LD_LIBRARY_PATH makes the dynamic
/// loader take libpython from inside too. <see cref="Pid"/> is the interpreter's HOST pid.
/// </summary>
internal sealed class ContainerTarget : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _unshare;
    private readonly string _hostDirectory;

    private ContainerTarget(Process unshare, string hostDirectory, int pid, TargetScript script)
    {
        _unshare = unshare;
        _hostDirectory = hostDirectory;
        Pid = pid;
        Script = script;
    }

    public int Pid { get; }

    public string PidText => Pid.ToString(CultureInfo.InvariantCulture);

    /// <summary>The script with its in-container path (what co_filename holds).</summary>
    public TargetScript Script { get; }

    /// <param name="prelude">Shell commands run inside before the interpreter starts ($1 is the tmpfs, $2 the interpreter's home).</param>
    /// <param name="environment">Extra variables for the interpreter.</param>
    public static ContainerTarget Start(
        PythonInstallation python, string scriptFileName, string prelude = "true", IReadOnlyDictionary<string, string>? environment = null)
    {
        if (python.InChroot)
        {
            return StartInRoot(python, scriptFileName, environment);
        }

        string root = Path.Combine(Path.GetTempPath(), $"pyflame-e2e-ctr-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        string home = Path.GetDirectoryName(Path.GetDirectoryName(python.Path))!;
        string inside = $"{root}/app/{scriptFileName}";
        var startInfo = new ProcessStartInfo("/usr/bin/unshare")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])["--pid", "--mount", "--fork", "--mount-proc", "/bin/sh", "-c",
                     "mount -t tmpfs pyflame-e2e \"$1\" && mkdir \"$1/py\" \"$1/app\" \"$1/lib\" && mount --bind \"$2\" \"$1/py\" && cp \"$3\" \"$1/app/\" "
                     + $"&& {prelude} && LD_LIBRARY_PATH=\"$1/lib:$1/py/lib\" exec \"$1/py/bin/$4\" \"$1/app/$5\"",
                     "sh", root, home, RepoPaths.Target(scriptFileName), Path.GetFileName(python.Path), scriptFileName])
        {
            startInfo.ArgumentList.Add(argument);
        }

        return Launch(startInfo, root, inside, scriptFileName, environment);
    }

    /// <summary>
    /// A Debian root's interpreter, as a container runtime starts one: new PID and mount namespaces, chroot into the
    /// root, the script on a tmpfs mounted (inside the namespace only) on an empty directory of the root.
    /// </summary>
    private static ContainerTarget StartInRoot(PythonInstallation python, string scriptFileName, IReadOnlyDictionary<string, string>? environment)
    {
        string rootFs = python.Python.Root!;
        string app = $"/tmp/pyflame-e2e-ctr-{Guid.NewGuid():N}";
        string hostDirectory = Path.Join(rootFs, app);
        Directory.CreateDirectory(hostDirectory);
        string inside = $"{app}/{scriptFileName}";
        var startInfo = new ProcessStartInfo("/usr/bin/unshare")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])["--pid", "--mount", "--fork", "--mount-proc", "/bin/sh", "-c",
                     "mount -t tmpfs pyflame-e2e \"$1$2\" && cp \"$3\" \"$1$2/\" && exec /usr/sbin/chroot \"$1\" \"$4\" \"$2/$5\"",
                     "sh", rootFs, app, RepoPaths.Target(scriptFileName), python.Path, scriptFileName])
        {
            startInfo.ArgumentList.Add(argument);
        }

        return Launch(startInfo, hostDirectory, inside, scriptFileName, environment);
    }

    private static ContainerTarget Launch(ProcessStartInfo startInfo, string root, string inside, string scriptFileName, IReadOnlyDictionary<string, string>? environment)
    {
        startInfo.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        startInfo.Environment["LC_ALL"] = "C.UTF-8";
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        Process unshare = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start unshare");
        unshare.StandardInput.Close();
        Task<string> stderr = unshare.StandardError.ReadToEndAsync();
        Task<string?> ready = unshare.StandardOutput.ReadLineAsync();
        if (!ready.Wait(ReadyTimeout) || ready.Result != "READY")
        {
            Kill(unshare);
            Directory.Delete(root);
            throw new InvalidOperationException($"container target did not print READY (got '{(ready.IsCompleted ? ready.Result : "nothing")}'); "
                + $"stderr: {(stderr.IsCompleted ? stderr.Result : "")}");
        }

        // unshare --fork: unshare -> sh (pid 1 inside) which exec'd python, so python is unshare's only child.
        int pid = int.Parse(File.ReadAllText($"/proc/{unshare.Id}/task/{unshare.Id}/children").Trim(), CultureInfo.InvariantCulture);
        TargetScript script = TargetScript.Parse(inside, File.ReadAllLines(RepoPaths.Target(scriptFileName)));
        return new ContainerTarget(unshare, root, pid, script);
    }

    public void AssertAliveAndNotStopped() => Tracee.AssertReleased(Pid, "profiling the container target");

    public void Dispose()
    {
        // Killing the namespace's init (the interpreter) kills everything in the namespace.
        NativeSignals.Send(Pid, NativeSignals.SigKill);
        Kill(_unshare);
        _unshare.Dispose();
        Directory.Delete(_hostDirectory);
    }

    private static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit(5000);
    }
}
