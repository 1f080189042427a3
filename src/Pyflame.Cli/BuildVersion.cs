using System.Reflection;

namespace Pyflame.Cli;

/// <summary>
/// The version (set once, as &lt;Version&gt; in Pyflame.Cli.csproj) and the commit the binary was built from: the
/// SDK appends "+COMMIT" to the informational version when it builds from a git checkout.
/// </summary>
internal static class BuildVersion
{
    private static readonly string Informational =
        typeof(BuildVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>"2.0.0".</summary>
    public static string Version => Informational.Split('+')[0];

    /// <summary>The commit's first 12 hex digits, or null when built outside a git checkout (from a source tarball).</summary>
    public static string? Commit => Informational.Split('+') is [_, var commit, ..] && commit.Length >= 12 ? commit[..12] : null;

    /// <summary>What --version prints: "pyflame 2.0.0 (commit 0123456789ab)", or "pyflame 2.0.0".</summary>
    public static string Line => Commit is null ? $"pyflame {Version}" : $"pyflame {Version} (commit {Commit})";
}
