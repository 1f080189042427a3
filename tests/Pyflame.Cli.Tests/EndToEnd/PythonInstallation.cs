namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>One way of running a CPython on this machine, identified in test names by <see cref="Name"/>.</summary>
/// <param name="Name">Theory data key, e.g. "pyenv-3.12", "debian-3.11", "embedded-3.11".</param>
/// <param name="Path">The python executable, or for <see cref="InterpreterKind.EmbedHost"/> the python3.X-config script.</param>
internal sealed record PythonInstallation(string Name, int Major, int Minor, InterpreterKind Kind, string Path)
{
    /// <summary>The <c>--abi</c> argument naming this version: 27, 36, 312...</summary>
    public string Abi => $"{Major}{Minor}";

    public bool IsPython2 => Major == 2;

    /// <summary>Whether everything needed to run targets with it exists here (gcc too for the embed host).</summary>
    public bool IsPresent => File.Exists(Path) && (Kind != InterpreterKind.EmbedHost || EmbedHost.CompilerPath() is not null);

    /// <summary>The program to start for a target script (builds the embed host on first use).</summary>
    public string LauncherPath() => Kind == InterpreterKind.EmbedHost ? EmbedHost.Build(Path) : Path;

    public override string ToString() => Name;
}
