using Pyflame.Core.Binaries.Elf;

namespace Pyflame.Core.Python.Discovery;

/// <summary>
/// Decides right after exec, before the dynamic loader has mapped anything, whether an executable can become a
/// Python process: it defines the runtime itself (static builds such as Debian's python3.11) or names libpython
/// as a needed library (pyenv's shared builds, embedders). Trace mode steps only such processes through their
/// start-up; a program that loads libpython later with dlopen is not foreseen here.
/// </summary>
public static class PythonExecutable
{
    public static bool MayHostRuntime(ElfFile executable) =>
        PythonModuleFinder.DefinesRuntime(executable) || executable.ReadNeededLibraries().Any(PythonModuleFinder.IsLibPython);
}
