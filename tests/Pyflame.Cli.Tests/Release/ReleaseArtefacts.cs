using Pyflame.Cli.Tests.EndToEnd;

namespace Pyflame.Cli.Tests.Release;

/// <summary>
/// The artefacts of <c>tools/release/build</c>, built once per test run into a temporary dist folder (the native
/// executable is the one <c>./pyflame</c> builds, so only a changed source costs an AOT compile).
/// </summary>
internal sealed class ReleaseArtefacts
{
    /// <summary>Generous: a first native build on a busy 2-core machine takes minutes.</summary>
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(25);

    private static readonly Lazy<ReleaseArtefacts> Built = new(Build);

    private ReleaseArtefacts(string dist, string version)
    {
        Dist = dist;
        Version = version;
    }

    public static ReleaseArtefacts Instance => Built.Value;

    public string Dist { get; }

    public string Version { get; }

    public string Tarball => Path.Combine(Dist, $"pyflame-{Version}-linux-x86_64.tar.gz");

    public string Deb => Path.Combine(Dist, $"pyflame_{Version}_amd64.deb");

    public string Wheel => Path.Combine(Dist, $"pyflame_profiler-{Version}-py3-none-manylinux_2_34_x86_64.whl");

    private static ReleaseArtefacts Build()
    {
        string dist = Scratch.Directory("dist");
        ChildProcessResult result = ChildProcess.Run(Path.Combine(RepoPaths.Root, "tools", "release", "build"), ["--dist", dist], BuildTimeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"tools/release/build failed\n{result.Describe()}");
        }

        string tarball = result.StdoutText.Split('\n')[0];
        string prefix = Path.Combine(dist, "pyflame-");
        if (!tarball.StartsWith(prefix, StringComparison.Ordinal) || !tarball.EndsWith("-linux-x86_64.tar.gz", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"tools/release/build did not print the tarball first\n{result.Describe()}");
        }

        return new ReleaseArtefacts(dist, tarball[prefix.Length..^"-linux-x86_64.tar.gz".Length]);
    }
}
