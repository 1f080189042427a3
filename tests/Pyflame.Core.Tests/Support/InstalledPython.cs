using Pyflame.Core.Python;

namespace Pyflame.Core.Tests.Support;

/// <summary>One real CPython interpreter on this machine, used as ground truth by integration tests.</summary>
public sealed record InstalledPython(string Label, string Path, PythonVersion Version)
{
    public bool IsPresent => File.Exists(Path);

    public override string ToString() => Label;
}
