using Pyflame.Core.Binaries.Elf;
using Pyflame.Core.Python.Discovery;
using Pyflame.Core.Tests.Binaries.Elf;

namespace Pyflame.Core.Tests.Python.Discovery;

/// <summary>Which executables trace mode steps through their start-up, decided from the file alone.</summary>
public sealed class PythonExecutableTests
{
    [Theory]
    [InlineData(ElfTestFiles.Python312Executable)] // links libpython
    [InlineData(ElfTestFiles.DebianPython311)] // holds the runtime itself
    public void Pythons_may_host_a_runtime(string path)
    {
        using ElfFile elf = ElfTestFiles.Open(path);
        Assert.True(PythonExecutable.MayHostRuntime(elf));
    }

    [Theory]
    [InlineData("/bin/sh")]
    [InlineData("/usr/bin/env")]
    [InlineData("/bin/bash")]
    public void Shells_and_launchers_do_not(string path)
    {
        using ElfFile elf = ElfTestFiles.Open(File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path);
        Assert.False(PythonExecutable.MayHostRuntime(elf));
    }
}
