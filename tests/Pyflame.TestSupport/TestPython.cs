using Pyflame.Core.Python;

namespace Pyflame.TestSupport;

/// <summary>
/// One interpreter of tests/pythons.list. <see cref="Program"/> is a path inside <see cref="Root"/>: "/" for this
/// machine, else a Debian root (<see cref="DebianRoots"/>) that the program runs in through chroot, so the target
/// sees that root as "/" like a container's process does, and Pyflame must read its files through /proc/PID/root.
/// </summary>
public sealed record TestPython(string Name, PythonVersion Version, TestPythonKind Kind, string RootName, string Program, string? Headers)
{
    /// <summary>The root's path on this machine ("/" or e.g. /var/cache/pyflame/debian-sid); null if it is not built.</summary>
    public string? Root => RootName == "/" ? "/" : DebianRoots.PathOf(RootName);

    public bool InChroot => RootName != "/";

    /// <summary>Where <see cref="Program"/> is seen from this machine.</summary>
    public string HostProgram => InChroot ? Path.Join(Root ?? $"<{RootName} not built>", Program) : Program;

    public bool IsPresent => Root is not null && File.Exists(HostProgram);

    /// <summary>The <c>--abi</c> argument naming this version: 27, 36, 312...</summary>
    public string Abi => $"{Version.Major}{Version.Minor}";

    /// <summary>
    /// argv that runs <paramref name="program"/> (a path inside the root) with <paramref name="arguments"/>: as is on
    /// this machine, or <c>chroot ROOT program ...</c>. Paths in the arguments must be valid inside the root
    /// (<see cref="Stage"/> makes a host file so).
    /// </summary>
    public IReadOnlyList<string> CommandFor(string program, params IEnumerable<string> arguments) =>
        InChroot ? ["/usr/sbin/chroot", Root!, program, .. arguments] : [program, .. arguments];

    /// <summary>argv running this interpreter's <see cref="Program"/>.</summary>
    public IReadOnlyList<string> Command(params IEnumerable<string> arguments) => CommandFor(Program, arguments);

    /// <summary>
    /// Makes the host file <paramref name="hostPath"/> visible at the same absolute path inside the root (a copy,
    /// written atomically), so the script's co_filename and the tests' expected file names stay the host path.
    /// Returns the path to pass to the interpreter.
    /// </summary>
    public string Stage(string hostPath) => InChroot ? DebianRoots.Stage(Root!, hostPath) : hostPath;

    public override string ToString() => Name;
}
