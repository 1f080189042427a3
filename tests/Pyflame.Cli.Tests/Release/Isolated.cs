using Pyflame.Cli.Tests.EndToEnd;

namespace Pyflame.Cli.Tests.Release;

/// <summary>
/// Runs a released executable as on a machine without .NET: an empty environment but PATH (so no DOTNET_*
/// variable), and, in a private mount namespace, an empty tmpfs over every place a .NET installation lives,
/// so even a program that looked for one at its default path would find nothing.
/// </summary>
internal static class Isolated
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private const string HideDotnet =
        "for d in /usr/share/dotnet /usr/lib/dotnet /root/.dotnet; do "
        + "if [ -d \"$d\" ]; then mount -t tmpfs no-dotnet \"$d\" || exit 99; fi; done; "
        + "exec /usr/bin/env -i PATH=\"$0\" \"$@\"";

    /// <summary>Runs <paramref name="executable"/> with <paramref name="path"/> as the whole environment.</summary>
    public static ChildProcessResult Run(string executable, IEnumerable<string> arguments, string? stdin = null, string path = "/nonexistent") =>
        ChildProcess.Run("/usr/bin/unshare", ["--mount", "/bin/sh", "-c", HideDotnet, path, executable, .. arguments], Timeout, stdin, null);
}
