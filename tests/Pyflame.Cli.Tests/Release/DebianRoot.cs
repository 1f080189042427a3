using Pyflame.Cli.Tests.EndToEnd;

namespace Pyflame.Cli.Tests.Release;

/// <summary>
/// A clean Debian 12 root (debootstrap minbase + python3, no .NET: tools/debian-root/ensure bookworm, built once
/// per machine) copied for this test run, with the release .deb installed into it (<c>dpkg -i</c>) and the
/// target scripts copied to <see cref="TargetsInside"/>. Commands run in it through chroot with its own /proc
/// mounted in a private mount namespace (gone when the command ends) and an environment of PATH alone.
/// </summary>
internal sealed class DebianRoot
{
    public const string TargetsInside = "/opt/pyflame-targets";

    private static readonly TimeSpan EnsureTimeout = TimeSpan.FromMinutes(20);

    private static readonly Lazy<DebianRoot> Installed = new(() => Fresh("dpkg", "-i"));

    private DebianRoot(string path) => Path = path;

    public static DebianRoot Instance => Installed.Value;

    public string Path { get; }

    /// <summary>What installing the release .deb printed and returned.</summary>
    public ChildProcessResult Install { get; private set; } = null!;

    /// <summary>Where the release .deb was copied inside the root.</summary>
    public static string DebInside => "/tmp/" + System.IO.Path.GetFileName(ReleaseArtefacts.Instance.Deb);

    private const string InRoot =
        "mount -t proc proc \"$0/proc\" || exit 99; "
        + "exec /usr/sbin/chroot \"$0\" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \"$@\"";

    /// <summary>Runs a command inside the root (arguments may start with NAME=VALUE environment entries).</summary>
    public ChildProcessResult Run(params string[] command) =>
        ChildProcess.Run("/usr/bin/unshare", ["--mount", "/bin/sh", "-c", InRoot, Path, .. command], Isolated.Timeout, null, null);

    /// <summary>The host path of a path inside the root.</summary>
    public string Host(string inside) => System.IO.Path.Combine(Path, inside.TrimStart('/'));

    /// <summary>A new copy of the clean root with the release .deb installed by <paramref name="installer"/> + the .deb's path.</summary>
    public static DebianRoot Fresh(params string[] installer)
    {
        ChildProcessResult ensure = ChildProcess.Run(System.IO.Path.Combine(RepoPaths.Root, "tools", "debian-root", "ensure"), ["bookworm"], EnsureTimeout);
        Assert.True(ensure.ExitCode == 0, $"tools/debian-root/ensure bookworm failed\n{ensure.Describe()}");
        string clean = ensure.StdoutText.Trim().Split('\n')[^1];

        string root = System.IO.Path.Combine(Scratch.Directory("debian"), "root");
        ChildProcessResult copy = ChildProcess.Run("cp", ["-a", "--reflink=auto", clean, root], EnsureTimeout);
        Assert.True(copy.ExitCode == 0, copy.Describe());
        var debianRoot = new DebianRoot(root);
        File.Copy(ReleaseArtefacts.Instance.Deb, debianRoot.Host(DebInside));
        Directory.CreateDirectory(debianRoot.Host(TargetsInside));
        foreach (string script in new[] { "busy.py", "brief.py" })
        {
            File.Copy(RepoPaths.Target(script), debianRoot.Host($"{TargetsInside}/{script}"));
        }

        debianRoot.Install = debianRoot.Run([.. installer, DebInside]);
        return debianRoot;
    }
}
