using Pyflame.TestSupport;

namespace Pyflame.Cli.Tests.EndToEnd;

/// <summary>One way of running a CPython on this machine (a row of tests/pythons.list), identified in test names by <see cref="Name"/>.</summary>
internal sealed record PythonInstallation(TestPython Python)
{
    /// <summary>Theory data key, e.g. "pyenv-3.12", "debian-3.14", "embedded-3.11".</summary>
    public string Name => Python.Name;

    public int Major => Python.Version.Major;

    public int Minor => Python.Version.Minor;

    public InterpreterKind Kind => Python.Kind == TestPythonKind.EmbedHost ? InterpreterKind.EmbedHost : InterpreterKind.Executable;

    /// <summary>The python executable, or for <see cref="InterpreterKind.EmbedHost"/> the python3.X-config script (inside <see cref="TestPython.Root"/>).</summary>
    public string Path => Python.Program;

    /// <summary>The <c>--abi</c> argument naming this version: 27, 36, 312...</summary>
    public string Abi => Python.Abi;

    public bool IsPython2 => Major == 2;

    /// <summary>True when targets run through chroot in a Debian root (a foreign root, like a container's).</summary>
    public bool InChroot => Python.InChroot;

    /// <summary>Whether everything needed to run targets with it exists here (gcc too for the embed host).</summary>
    public bool IsPresent => Python.IsPresent && (Kind != InterpreterKind.EmbedHost || EmbedHost.CompilerPath(Python) is not null);

    /// <summary>
    /// argv that runs <paramref name="script"/> (a host path; staged into the root when the interpreter lives in one)
    /// with <paramref name="arguments"/>: <c>python SCRIPT ...</c>, <c>chroot ROOT python SCRIPT ...</c>, or the embed host.
    /// </summary>
    public IReadOnlyList<string> Launch(string script, params IEnumerable<string> arguments) =>
        Python.CommandFor(Kind == InterpreterKind.EmbedHost ? EmbedHost.Build(Python) : Path, [Python.Stage(script), .. arguments]);

    /// <summary>argv that runs the interpreter itself with <paramref name="arguments"/> (not for the embed host).</summary>
    public IReadOnlyList<string> Command(params IEnumerable<string> arguments) => Python.Command(arguments);

    public override string ToString() => Name;
}
