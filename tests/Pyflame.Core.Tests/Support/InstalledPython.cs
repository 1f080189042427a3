using Pyflame.Core.Python;
using Pyflame.TestSupport;

namespace Pyflame.Core.Tests.Support;

/// <summary>One real CPython interpreter of tests/pythons.list, used as ground truth by integration tests.</summary>
public sealed record InstalledPython(TestPython Python)
{
    public string Label => Python.Name;

    public PythonVersion Version => Python.Version;

    public bool IsPresent => Python.IsPresent;

    public override string ToString() => Label;
}
